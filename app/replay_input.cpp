#include "replay_input.hpp"

#include <cctype>
#include <fstream>

namespace asgiscope::app {

namespace {

enum class Format { har, trace_file, curl };

/// Tells the formats apart by their first bytes: JSON with "log" near the start is HAR, a JSON
/// object line that is not HAR is a trace file's header, anything else is cURL lines.
Format sniff(const std::string& head) {
    std::size_t i = 0;
    if (head.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // a byte-order mark
    while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
    if (i < head.size() && head[i] == '{') {
        const auto log = head.find("\"log\"", i);
        const auto newline = head.find('\n', i);
        if (log != std::string::npos && (newline == std::string::npos || log < newline ||
                                         head.find("\"entries\"") != std::string::npos))
            return Format::har;
        return Format::trace_file;
    }
    return Format::curl;
}

const char* name(Format f) {
    switch (f) {
        case Format::har:
            return "HAR";
        case Format::trace_file:
            return "trace file";
        case Format::curl:
            return "cURL";
    }
    return "?";
}

}  // namespace

ReadResult read_exchanges(const std::string& path) {
    ReadResult result;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.error = "cannot open '" + path + "'";
        return result;
    }
    std::string head(4096, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    const Format format = sniff(head);
    result.format = name(format);
    result.error =
        "'" + path + "' looks like a " + result.format +
        " file, which this build of asgiscope cannot read yet (the importers are not in it)";
    return result;
}

}  // namespace asgiscope::app
