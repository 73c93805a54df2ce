#include <asgiscope/trace/detail/replay_util.hpp>
#include <asgiscope/trace/detail/text.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asgiscope::trace::detail {

namespace {

using detail::lower;

std::string trim(std::string_view s) { return std::string(detail::trim_ows(s)); }

/// "host", "host:port", "[v6]:port" -> host and port (`fallback` when none).
bool split_authority(std::string_view authority, std::string& host, std::uint16_t& port,
                     std::uint16_t fallback) {
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return false;
        host = std::string(authority.substr(1, close - 1));
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return false;
            port_text = authority.substr(close + 2);
        }
    } else {
        const auto colon = authority.find(':');
        host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (host.empty()) return false;
    port = fallback;
    if (!port_text.empty()) {
        unsigned value = 0;
        const auto r =
            std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (r.ec != std::errc() || r.ptr != port_text.data() + port_text.size() || value == 0 ||
            value > 65535)
            return false;
        port = std::uint16_t(value);
    }
    return true;
}

}  // namespace

std::string Target::host_header() const {
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + std::to_string(port);
}

std::optional<Target> parse_target(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    if (url.size() <= scheme.size() || lower(url.substr(0, scheme.size())) != scheme)
        return std::nullopt;
    url.remove_prefix(scheme.size());
    const auto slash = url.find_first_of("/?#");
    Target t;
    if (!split_authority(url.substr(0, slash), t.host, t.port, 80)) return std::nullopt;
    if (slash != std::string_view::npos) {
        std::string_view rest = url.substr(slash);
        rest = rest.substr(0, rest.find_first_of("?#"));
        t.prefix = std::string(rest);
        while (!t.prefix.empty() && t.prefix.back() == '/') t.prefix.pop_back();
    }
    return t;
}

UrlParts split_url(std::string_view url) {
    UrlParts parts;
    if (const auto fragment = url.find('#'); fragment != std::string_view::npos)
        url = url.substr(0, fragment);
    const auto colon_slashes = url.find("://");
    if (colon_slashes != std::string_view::npos && url.find_first_of("/?") > colon_slashes) {
        parts.scheme = lower(url.substr(0, colon_slashes));
        url.remove_prefix(colon_slashes + 3);
        const auto slash = url.find_first_of("/?");
        const std::uint16_t fallback = parts.scheme == "https" || parts.scheme == "wss" ? 443 : 80;
        if (!split_authority(url.substr(0, slash), parts.host, parts.port, fallback))
            parts.host.clear();
        url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
    }
    const auto question = url.find('?');
    parts.raw_path = encode_for_request_line(url.substr(0, question));
    if (parts.raw_path.empty() || parts.raw_path.front() != '/') parts.raw_path.insert(0, "/");
    if (question != std::string_view::npos)
        parts.query = encode_for_request_line(url.substr(question + 1));
    return parts;
}

std::string encode_for_request_line(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
            c == '`' || c == '|') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string unsendable(const RequestRecord& request) {
    auto is_token = [](std::string_view s) {
        if (s.empty()) return false;
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if (c <= 0x20 || c >= 0x7f ||
                std::string_view("()<>@,;:\\\"/[]?={}").find(ch) != std::string_view::npos)
                return false;
        }
        return true;
    };
    if (!is_token(request.method))
        return "the recorded method '" + request.method + "' is not an HTTP method";
    for (const auto& [name, value] : request.headers) {
        if (!name.empty() && name.front() == ':') continue;  // HTTP/2 pseudo-headers are dropped
        if (!is_token(name))
            return "the recorded header name '" + name + "' is not valid in HTTP/1.1";
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
            return "the recorded header '" + name + "' has a line break or NUL in its value";
    }
    return {};
}

std::string percent_decode(std::string_view s) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else
            out += s[i];
    }
    return out;
}

bool dropped_request_header(std::string_view name, bool websocket) {
    static const std::string_view always[] = {"connection",
                                              "keep-alive",
                                              "proxy-connection",
                                              "proxy-authenticate",
                                              "proxy-authorization",
                                              "te",
                                              "trailer",
                                              "transfer-encoding",
                                              "upgrade",
                                              "host",
                                              "content-length",
                                              "expect"};
    static const std::string_view handshake[] = {"sec-websocket-key", "sec-websocket-version",
                                                 "sec-websocket-extensions",
                                                 "sec-websocket-accept"};
    if (!name.empty() && name.front() == ':') return true;
    if (std::find(std::begin(always), std::end(always), name) != std::end(always)) return true;
    return websocket &&
           std::find(std::begin(handshake), std::end(handshake), name) != std::end(handshake);
}

asgi::Headers headers_to_send(const RequestRecord& request, bool websocket) {
    asgi::Headers out;
    for (const auto& [name, value] : request.headers) {
        std::string key = lower(name);
        if (dropped_request_header(key, websocket)) continue;
        out.emplace_back(std::move(key), value);
    }
    return out;
}

std::vector<std::string> requested_subprotocols(const RequestRecord& request) {
    std::vector<std::string> out;
    for (const auto& [name, value] : request.headers) {
        if (lower(name) != "sec-websocket-protocol") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            std::string item = trim(rest.substr(0, comma));
            if (!item.empty()) out.push_back(std::move(item));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

boost::asio::awaitable<bool> wait_for(std::function<bool()> condition,
                                      std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) co_return false;
        timer.expires_after(std::chrono::milliseconds(2));
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) co_return condition();  // cancelled: the caller is being torn down
    }
    co_return true;
}

}  // namespace asgiscope::trace::detail
