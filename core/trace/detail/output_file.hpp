// Closing the output files of the trace writers (HAR, Chrome trace events) the same way.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace asgiscope::trace::detail {

/// Writes `tail`, flushes and closes `file` (set to null), and throws std::runtime_error naming
/// `path` when any of it failed.
inline void close_output_file(std::FILE*& file, const std::string& path, std::string_view tail) {
    bool ok = std::fwrite(tail.data(), 1, tail.size(), file) == tail.size();
    ok = std::fflush(file) == 0 && ok;
    ok = !std::ferror(file) && ok;
    const int error = errno;
    ok = std::fclose(std::exchange(file, nullptr)) == 0 && ok;
    if (!ok) throw std::runtime_error(path + ": cannot write: " + std::strerror(error));
}

}  // namespace asgiscope::trace::detail
