// Fuzzes the importers of core/trace: HAR files (read_har_bytes), asgiscope trace files
// (read_trace_bytes) and cURL command lines (parse_curl_commands); byte 0 picks one. Bad
// input must be refused with the importer's documented error (HarFormatError,
// TraceFormatError, CurlParseError), never anything else. The trace file format is lossless,
// so a trace read from the input is written back and read again: both JSON forms must match.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <boost/json/serialize.hpp>

#include <asgiscope/trace/curl.hpp>
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/trace_json.hpp>

namespace trace = asgiscope::trace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            try {
                trace::HarReadOptions options;
                options.max_entry_bytes = 1 << 20;
                trace::read_har_bytes(text, [](trace::Exchange&& exchange) {
                    (void)boost::json::serialize(trace::har_entry(exchange));
                    return true;
                }, "<fuzz>", options);
            } catch (const trace::HarFormatError&) {
            }
            break;
        case 1:
            try {
                trace::TraceReadOptions options;
                options.max_line_bytes = 1 << 20;
                trace::read_trace_bytes(text, [](trace::Trace&& t) {
                    const std::string once = boost::json::serialize(trace::to_json(t));
                    const std::string twice = boost::json::serialize(trace::to_json(trace::parse_trace_json_line(once)));
                    if (once != twice) {
                        std::fprintf(stderr, "trace JSON not stable:\n%s\n%s\n", once.c_str(), twice.c_str());
                        std::abort();
                    }
                    return true;
                }, "<fuzz>", options);
            } catch (const trace::TraceFormatError&) {
            }
            break;
        case 2:
            try {
                (void)trace::parse_curl_commands(text, "<fuzz>");
            } catch (const trace::CurlParseError&) {
            }
            break;
    }
    return 0;
}
