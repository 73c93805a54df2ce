// The lossless trace file: JSON Lines, written as traces finish and read one trace at a time.
//
// FORMAT (documented field by field in docs/trace-formats.md)
//   line 1   {"format": "asgiscope-trace", "version": 1, "generator": "asgiscope"}
//   line 2+  one Trace object per line (see to_json(const Trace&)); blank lines are skipped.
// Readers reject any other "format", and a "version" other than 1 (a file from a newer
// asgiscope names the version it has). Every line, and so every trace, is at most
// `max_line_bytes` long (64 MiB by default): a longer one is an error, read no further than the
// cap. Strings that are not valid UTF-8 (bodies, names, close reasons cut mid-character) are
// written as {"base64": "..."}, as asgi/json.hpp does; everything else round-trips exactly,
// except the lifespan state values the scope's JSON form cannot carry (see asgi/json.hpp).
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

inline constexpr std::string_view trace_file_format = "asgiscope-trace";
inline constexpr int trace_file_version = 1;
inline constexpr std::size_t default_max_line_bytes = std::size_t(64) * 1024 * 1024;

/// A trace file (or one line of one) that cannot be read; what() is
/// "FILE:LINE: what is wrong (at key.path)".
class TraceFormatError : public std::runtime_error {
public:
    TraceFormatError(const std::string& what, std::string file, std::size_t line)
        : std::runtime_error(what), file_(std::move(file)), line_(line) {}
    const std::string& file() const { return file_; }
    std::size_t line() const { return line_; }  ///< 1-based; 0 when not about one line

private:
    std::string file_;
    std::size_t line_;
};

/// The JSON form of one trace (the object on one line of a trace file).
boost::json::value to_json(const Trace& trace);
/// The inverse of to_json(). Throws TraceFormatError (file "", line 0) naming the key.
Trace trace_from_json(const boost::json::value& json);

/// The header line's object.
boost::json::value trace_file_header();
/// Checks a header line's object; throws TraceFormatError (file "", line 0) if it is not one
/// of a version this reader knows.
void check_trace_file_header(const boost::json::value& json);

/// Parses one trace line (without its newline). Throws TraceFormatError (file "", line 0).
Trace parse_trace_json_line(std::string_view line);

/// Options of the readers.
struct TraceReadOptions {
    std::size_t max_line_bytes = default_max_line_bytes;
};

/// Reads a trace file, calling `on_trace` with each trace in file order; only one line is in
/// memory at a time. Returning false from `on_trace` stops the reading. Throws
/// TraceFormatError naming the file and line (an unreadable file: line 0). Returns the number
/// of traces read.
std::size_t read_trace_file(const std::string& path, const std::function<bool(Trace&&)>& on_trace,
                            TraceReadOptions options = {});

/// The same over bytes held in memory (what a fuzzer drives); `name` stands for the file.
std::size_t read_trace_bytes(std::string_view bytes, const std::function<bool(Trace&&)>& on_trace,
                             const std::string& name = "<memory>", TraceReadOptions options = {});

/// Writes a trace file: the header when opened, then one line per write(). Thread-safe (a hub
/// subscriber writes while another thread flushes or closes). Errors throw std::runtime_error
/// naming the file.
class TraceFileWriter {
public:
    /// Creates (or truncates) `path` and writes the header line.
    explicit TraceFileWriter(std::string path);
    ~TraceFileWriter();  ///< closes; errors at this point are swallowed (call close() to see them)
    TraceFileWriter(const TraceFileWriter&) = delete;
    TraceFileWriter& operator=(const TraceFileWriter&) = delete;

    const std::string& path() const { return path_; }
    void write(const Trace& trace);
    void flush();
    void close();
    bool is_open() const;
    std::size_t written() const;  ///< traces written so far

private:
    void fail_locked(const std::string& what);
    std::string path_;
    mutable std::mutex mutex_;
    std::FILE* file_ = nullptr;
    std::size_t written_ = 0;
};

}  // namespace asgiscope::trace
