// Fuzzes the form parsers (web/formparsers.hpp). The first input line is the Content-Type
// header (a multipart boundary lives there), the rest is the body. Byte 0 picks the parser
// (urlencoded or multipart) and the size of the chunks the body is fed in, so boundaries and
// escapes land across chunk edges. Refusals must be MultiPartException, nothing else; a
// parsed form must not depend on how the body was chunked.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

#include <asgiscope/web/formparsers.hpp>

namespace web = asgiscope::web;

namespace {

const web::FormOptions kOptions = [] {
    web::FormOptions o;
    o.max_files = 8;
    o.max_fields = 16;
    o.max_part_size = 4096;
    o.spool_max_size = 256;  // small, so the fuzzer reaches the temporary-file path
    return o;
}();

std::string describe(const web::FormData& form) {
    std::string out;
    for (const auto& [key, value] : form.multi_items()) {
        out += key;
        if (const auto* text = std::get_if<std::string>(&value)) {
            out += "=" + *text + "\n";
        } else {
            const auto& file = std::get<std::shared_ptr<web::UploadFile>>(value);
            out += " file " + file->filename().value_or("-") + " " + std::to_string(file->size()) + "\n";
        }
    }
    return out;
}

template <class Parser>
std::string run(Parser& parser, std::string_view body, std::size_t chunk) {
    for (std::size_t pos = 0; pos < body.size(); pos += chunk) parser.feed(body.substr(pos, chunk));
    auto form = parser.finish();
    auto text = describe(form);
    form.close();
    return text;
}

/// The form, or "refused: <message>".
std::string parse(bool multipart, const asgiscope::asgi::Headers& headers, std::string_view body,
                  std::size_t chunk) {
    try {
        if (multipart) {
            web::MultiPartParser parser(web::Headers(headers), kOptions);
            return run(parser, body, chunk);
        }
        web::FormParser parser(kOptions);
        return run(parser, body, chunk);
    } catch (const web::MultiPartException& e) {
        return std::string("refused: ") + e.what();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool multipart = data[0] & 1;
    const std::size_t chunk = 1 + (data[0] >> 1) % 32;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto eol = input.find('\n');
    if (eol == std::string_view::npos) return 0;
    asgiscope::asgi::Headers headers;
    headers.emplace_back("content-type", std::string(input.substr(0, eol)));
    auto body = input.substr(eol + 1);
    auto whole = parse(multipart, headers, body, body.size() + 1);
    auto chunked = parse(multipart, headers, body, chunk);
    if (whole != chunked) {
        std::fprintf(stderr, "form depends on chunk size %zu:\nwhole:\n%s\nchunked:\n%s\n", chunk,
                     whole.c_str(), chunked.c_str());
        std::abort();
    }
    return 0;
}
