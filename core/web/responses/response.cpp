#include <asgiscope/web/responses/response.hpp>

#include <charconv>
#include <stdexcept>
#include <tuple>

#include <asgiscope/web/responses/streaming_response.hpp>

#include "../detail/cookies.hpp"
#include "../detail/text.hpp"

namespace asgiscope::web {

using detail::iequals;

Response::Response(std::string content, int status_code_, asgi::Headers headers,
                   std::optional<std::string_view> media_type)
    : Response(asgi::Bytes(std::move(content)), status_code_, std::move(headers), media_type) {}

Response::Response(asgi::Bytes content, int status_code_, asgi::Headers headers,
                   std::optional<std::string_view> media_type)
    : status_code(status_code_), body(std::move(content)) {
    init_headers(std::move(headers), true, media_type);
}

Response::Response(std::shared_ptr<const ContentStream> stream, int status_code_, const asgi::Headers& headers,
                   std::optional<std::string_view> media_type)
    : status_code(status_code_), stream_(std::move(stream)) {
    init_headers(headers, false, media_type);
}

Response::Response(std::shared_ptr<const Sender> sender, int status_code_, const asgi::Headers& headers,
                   std::optional<std::string_view> media_type)
    : status_code(status_code_), sender_(std::move(sender)) {
    init_headers(headers, false, media_type);
}

namespace {

// Whether `s` contains "charset=" in any case (no lower-cased copy).
bool names_charset(std::string_view s) {
    constexpr std::string_view needle = "charset=";
    for (std::size_t i = s.find('='); i != std::string_view::npos; i = s.find('=', i + 1))
        if (i + 1 >= needle.size() && iequals(s.substr(i + 1 - needle.size(), needle.size()), needle)) return true;
    return false;
}

}  // namespace

void Response::init_headers(asgi::Headers headers, bool has_body, std::optional<std::string_view> media_type) {
    raw_headers = std::move(headers);
    bool has_length = false, has_type = false;
    if (raw_headers.empty()) {
        raw_headers.reserve(2);
    } else {
        raw_headers.reserve(raw_headers.size() + 2);
        for (auto& [k, v] : raw_headers) {
            detail::lower_in_place(k);
            has_length = has_length || k == "content-length";
            has_type = has_type || k == "content-type";
        }
    }
    if (has_body && !has_length && !(status_code < 200 || status_code == 204 || status_code == 304)) {
        char digits[24];
        const auto r = std::to_chars(digits, digits + sizeof digits, body.size());
        raw_headers.emplace_back(std::piecewise_construct, std::forward_as_tuple("content-length"),
                                 std::forward_as_tuple(digits, r.ptr));
    }
    if (media_type && !has_type) {
        const bool add_charset = media_type->starts_with("text/") && !names_charset(*media_type);
        std::string content_type;
        content_type.reserve(media_type->size() + (add_charset ? 10 + charset.size() : 0));
        content_type.append(media_type->data(), media_type->size());
        if (add_charset) {
            content_type += "; charset=";
            content_type += charset;
        }
        raw_headers.emplace_back("content-type", std::move(content_type));
    }
}

std::optional<std::string_view> Response::media_type() const {
    const auto value = asgi::find_header(raw_headers, "content-type");
    if (!value) return std::nullopt;
    return detail::trim(value->substr(0, value->find(';')));
}

void Response::set_cookie(std::string_view key, std::string_view value, const CookieOptions& o) {
    if (!detail::is_legal_cookie_key(key)) throw std::invalid_argument("Illegal key '" + std::string(key) + "'");
    // Python's Morsel writes its attributes sorted by name: Domain, expires, HttpOnly,
    // Max-Age, Partitioned, Path, SameSite, Secure; empty values are left out.
    std::string cookie = std::string(key) + "=" + detail::cookie_quote(value);
    if (o.domain && !o.domain->empty()) cookie += "; Domain=" + *o.domain;
    if (o.expires) {
        std::string date;
        if (const auto* t = std::get_if<std::chrono::system_clock::time_point>(&*o.expires))
            date = detail::http_date(*t);
        else if (const auto* s = std::get_if<std::string>(&*o.expires))
            date = *s;
        else
            date = detail::http_date(std::chrono::system_clock::now() +
                                     std::chrono::seconds(std::get<std::int64_t>(*o.expires)));
        if (!date.empty()) cookie += "; expires=" + date;
    }
    if (o.httponly) cookie += "; HttpOnly";
    if (o.max_age) cookie += "; Max-Age=" + std::to_string(*o.max_age);
    if (o.partitioned) cookie += "; Partitioned";
    if (o.path && !o.path->empty()) cookie += "; Path=" + *o.path;
    if (o.samesite) {
        if (!iequals(*o.samesite, "strict") && !iequals(*o.samesite, "lax") && !iequals(*o.samesite, "none"))
            throw std::invalid_argument("samesite must be either 'strict', 'lax' or 'none'");
        if (!o.samesite->empty()) cookie += "; SameSite=" + *o.samesite;
    }
    if (o.secure) cookie += "; Secure";
    raw_headers.emplace_back("set-cookie", std::move(cookie));
}

void Response::delete_cookie(std::string_view key, const DeleteCookieOptions& o) {
    CookieOptions options;
    options.max_age = 0;
    options.expires = std::int64_t(0);
    options.path = o.path;
    options.domain = o.domain;
    options.secure = o.secure;
    options.httponly = o.httponly;
    options.samesite = o.samesite;
    set_cookie(key, "", options);
}

boost::asio::awaitable<void> Response::operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    if (sender_) {
        co_await (*sender_)(*this, scope, std::move(receive), std::move(send));
    } else {
        co_await send(asgi::HttpResponseStart(status_code, raw_headers));
        if (stream_)
            co_await send_stream(std::move(send));
        else
            co_await send(asgi::HttpResponseBody(body));
    }
    if (background) co_await (*background)();
}

boost::asio::awaitable<void> Response::send_stream(asgi::Send send) const {
    co_await (*stream_)(StreamWriter(send));
    co_await send(asgi::HttpResponseBody(asgi::Bytes(), false));
}

}  // namespace asgiscope::web
