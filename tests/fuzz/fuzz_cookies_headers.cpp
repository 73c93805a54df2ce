// Fuzzes the small text parsers a request goes through: the Cookie header
// (detail::parse_cookie_header), cookie value quoting, option headers such as
// Content-Disposition and Content-Type (detail::parse_options_header), the query string
// (QueryParams) and URLs (URL). Byte 0 picks the parser. Property: a cookie value of Latin-1
// characters written as UTF-8 unquotes to itself after quoting (Python's http.cookies works on
// code points: other bytes are escaped one by one and come back as U+0080..U+00FF).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <asgiscope/detail/utf8.hpp>
#include <asgiscope/web/datastructures/query_params.hpp>
#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/detail/cookies.hpp>
#include <asgiscope/web/detail/options_header.hpp>

namespace web = asgiscope::web;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 5) {
        case 0: {
            auto pairs = web::detail::parse_cookie_header(text);
            for (const auto& [key, value] : pairs)
                if (key.size() + value.size() > text.size()) std::abort();
            break;
        }
        case 1: {
            auto quoted = web::detail::cookie_quote(text);
            bool latin1 = asgiscope::detail::utf8_replace(text) == text;
            for (unsigned char c : text) latin1 = latin1 && c < 0xC4;
            if (latin1 && web::detail::cookie_unquote(quoted) != text) {
                std::fprintf(stderr, "cookie_unquote(cookie_quote(x)) != x\n");
                std::abort();
            }
            break;
        }
        case 2: {
            auto header = web::detail::parse_options_header(text);
            (void)header.param("filename");
            (void)web::detail::decode_charset(text, header.param("charset") ? header.param("charset")->value : "utf-8");
            break;
        }
        case 3: {
            web::QueryParams params(text);
            (void)params.str();
            break;
        }
        case 4: {
            try {
                web::URL url{std::string(text)};
                (void)url.hostname();
                (void)url.username();
                (void)url.password();
                (void)url.port();
            } catch (const std::invalid_argument&) {
                // an unbalanced IPv6 bracket or a port that is not 0..65535: documented refusals
            }
            break;
        }
    }
    return 0;
}
