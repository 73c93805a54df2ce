#include "replay_input.hpp"

#include <cctype>
#include <exception>
#include <fstream>

#include <asgiscope/trace/curl.hpp>
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/trace_json.hpp>

namespace asgiscope::app {

namespace {

enum class Format { har, trace_file, curl };

/// Tells the formats apart by their first bytes: a JSON object whose first line mentions "log"
/// is HAR, another JSON object line is a trace file's header, anything else is cURL lines.
Format sniff(const std::string& head) {
    std::size_t i = 0;
    if (head.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // a byte-order mark
    while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
    if (i < head.size() && head[i] == '{') {
        if (head.find("\"asgiscope-trace\"", i) != std::string::npos) return Format::trace_file;
        return Format::har;
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
    in.close();
    const Format format = sniff(head);
    result.format = name(format);
    try {
        switch (format) {
            case Format::har:
                trace::read_har_file(path, [&](trace::Exchange&& e) {
                    result.exchanges.push_back(std::move(e));
                    return true;
                });
                break;
            case Format::trace_file: {
                std::size_t skipped = 0;
                trace::read_trace_file(path, [&](trace::Trace&& t) {
                    if (auto e = trace::exchange_from_trace(t)) {
                        if (e->origin.empty()) e->origin = "trace " + std::to_string(t.id);
                        result.exchanges.push_back(std::move(*e));
                    } else {
                        ++skipped;  // lifespan traces have nothing to replay
                    }
                    return true;
                });
                break;
            }
            case Format::curl:
                result.exchanges = trace::read_curl_file(path);
                break;
        }
    } catch (const std::exception& e) {
        result.exchanges.clear();
        const std::string what = e.what();
        result.error = "cannot read " + result.format + " file " +
                       (what.find(path) != std::string::npos ? what : "'" + path + "': " + what);
    }
    return result;
}

}  // namespace asgiscope::app
