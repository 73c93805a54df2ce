#include <asgiscope/trace/import.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <asgiscope/trace/curl.hpp>
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/trace_json.hpp>

namespace asgiscope::trace {

std::string_view to_string(ImportFormat format) {
    switch (format) {
    case ImportFormat::trace_json: return "trace JSON";
    case ImportFormat::har: return "HAR";
    case ImportFormat::curl: return "cURL commands";
    }
    return "unknown";
}

ImportFormat detect_import_format(std::string_view bytes, const std::string& name) {
    const auto start = bytes.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) throw std::runtime_error(name + ": empty file");
    const std::string_view rest = bytes.substr(start);
    if (rest.front() == '{') {
        const std::string_view first_line = rest.substr(0, rest.find('\n'));
        if (first_line.find("\"asgiscope-trace\"") != std::string_view::npos) return ImportFormat::trace_json;
        return ImportFormat::har;
    }
    if (rest.rfind("curl", 0) == 0 || rest.front() == '#') return ImportFormat::curl;
    throw std::runtime_error(name + ": not a trace file, a HAR or a file of curl commands");
}

std::size_t read_exchanges(const std::string& path, const std::function<bool(Exchange&&)>& on_exchange) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    std::string head(4096, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    in.close();
    std::size_t count = 0;
    switch (detect_import_format(head, path)) {
    case ImportFormat::trace_json:
        read_trace_file(path, [&](Trace&& t) {
            auto x = exchange_from_trace(t);
            if (!x) return true;
            ++count;
            return on_exchange(std::move(*x));
        });
        break;
    case ImportFormat::har:
        read_har_file(path, [&](Exchange&& x) {
            ++count;
            return on_exchange(std::move(x));
        });
        break;
    case ImportFormat::curl:
        for (Exchange& x : read_curl_file(path)) {
            ++count;
            if (!on_exchange(std::move(x))) break;
        }
        break;
    }
    return count;
}

}  // namespace asgiscope::trace
