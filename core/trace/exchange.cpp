#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/detail/text.hpp>

#include <cctype>
#include <cstdio>

#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web/status.hpp>

namespace asgiscope::trace {

namespace {

using detail::iequals;

std::string percent_encode_path(std::string_view path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(char(c)) != std::string_view::npos) {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

bool default_port(std::string_view scheme, std::uint16_t port) {
    return ((scheme == "http" || scheme == "ws") && port == 80) || ((scheme == "https" || scheme == "wss") && port == 443);
}

std::string rebuild_url(const asgi::Scope& scope) {
    std::string scheme = scope.scheme;
    if (scheme.empty()) scheme = scope.type == "websocket" ? "ws" : "http";
    std::string url = scheme + "://";
    if (auto host = asgi::find_header(scope.headers, "host"); host && !host->empty()) {
        url += *host;
    } else if (scope.server) {
        const bool v6 = scope.server->host.find(':') != std::string::npos;
        url += v6 ? "[" + scope.server->host + "]" : scope.server->host;
        if (!default_port(scheme, scope.server->port)) url += ":" + std::to_string(scope.server->port);
    } else {
        url += "localhost";
    }
    std::string path;
    if (!scope.raw_path.empty()) {
        path = scope.raw_path;
    } else {
        // path includes root_path (as the server fills it); a scope built by hand may not.
        std::string p = scope.path;
        if (!scope.root_path.empty() && p.compare(0, scope.root_path.size(), scope.root_path) != 0)
            p = scope.root_path + p;
        path = percent_encode_path(p);
    }
    if (path.empty() || path.front() != '/') path.insert(0, "/");
    url += path;
    if (!scope.query_string.empty()) url += "?" + scope.query_string;
    return url;
}

// Appends a body chunk; after the first cut chunk the kept bytes no longer follow each other,
// so later chunks only count towards the size.
void append_chunk(std::string& body, bool& cut, std::size_t& size, const MessageEvent& m) {
    size += m.full_size;
    if (!cut) body.append(m.body.view());
    if (m.truncated()) cut = true;
}

}  // namespace

std::optional<Exchange> exchange_from_trace(const Trace& trace) {
    if (trace.kind == TraceKind::lifespan || trace.spans.empty()) return std::nullopt;
    const Span& outer = trace.spans.front();
    const asgi::Scope& scope = trace.scope;
    Exchange x;
    x.kind = trace.kind;
    x.start = trace.start;
    x.trace_id = trace.id;
    x.origin = "trace " + std::to_string(trace.id);
    x.request.method = trace.kind == TraceKind::websocket ? "GET" : (scope.method.empty() ? "GET" : scope.method);
    x.request.url = rebuild_url(scope);
    x.request.http_version = scope.http_version.empty() ? "1.1" : scope.http_version;
    x.request.headers = scope.headers;

    std::string request_body;
    bool request_cut = false;
    std::size_t request_size = 0;
    std::string response_body;
    bool response_cut = false;
    std::optional<ResponseRecord> response;
    std::int64_t first_byte = -1;
    std::int64_t last_byte = -1;

    for (const MessageEvent& m : outer.messages) {
        const std::string_view type = m.type;
        if (m.direction == Direction::receive) {
            if (type == asgi::HttpRequest::type) {
                append_chunk(request_body, request_cut, request_size, m);
            } else if (type == asgi::WebSocketReceive::type) {
                WebSocketFrame f;
                f.from_client = true;
                f.time_ns = m.time_ns;
                f.text = m.text;
                f.data = m.body;
                f.size = m.full_size;
                x.frames.push_back(std::move(f));
            } else if (type == asgi::WebSocketDisconnect::type && !x.close_code) {
                x.close_code = m.code;
                x.close_reason = m.detail;
            }
            continue;
        }
        // Sent by the app.
        if (type == asgi::HttpResponseStart::type || type == asgi::WebSocketHttpResponseStart::type) {
            if (response) continue;  // a second start is a protocol error the server refused
            response.emplace();
            response->status = m.status;
            response->reason = std::string(web::status::reason_phrase(m.status));
            response->headers = m.headers();
            first_byte = m.time_ns;
            last_byte = m.time_ns;
        } else if (type == asgi::HttpResponseBody::type || type == asgi::WebSocketHttpResponseBody::type) {
            if (!response) continue;
            append_chunk(response_body, response_cut, response->body_size, m);
            last_byte = m.time_ns;
        } else if (type == asgi::WebSocketAccept::type) {
            if (response) continue;
            response.emplace();
            response->status = 101;
            response->reason = "Switching Protocols";
            response->headers = m.headers();
            if (!m.detail.empty() && !asgi::find_header(response->headers, "sec-websocket-protocol"))
                response->headers.emplace_back("sec-websocket-protocol", m.detail);
            first_byte = last_byte = m.time_ns;
        } else if (type == asgi::WebSocketSend::type) {
            WebSocketFrame f;
            f.from_client = false;
            f.time_ns = m.time_ns;
            f.text = m.text;
            f.data = m.body;
            f.size = m.full_size;
            x.frames.push_back(std::move(f));
            last_byte = m.time_ns;
        } else if (type == asgi::WebSocketClose::type) {
            if (!response) {
                // Closing before accepting: the server denies the handshake with 403.
                response.emplace();
                response->status = 403;
                response->reason = std::string(web::status::reason_phrase(403));
                first_byte = m.time_ns;
            } else if (!x.close_code) {
                x.close_code = m.code;
                x.close_reason = m.detail;
            }
            last_byte = m.time_ns;
        }
    }
    x.request.body = asgi::Bytes(std::move(request_body));
    x.request.body_truncated = request_cut;
    if (response) {
        response->body = asgi::Bytes(std::move(response_body));
        if (response->body_size < response->body.size()) response->body_size = response->body.size();
        x.response = std::move(response);
        x.timings.wait_ns = first_byte;
        x.timings.receive_ns = last_byte - first_byte;
    }
    x.timings.total_ns = trace.duration_ns;
    return x;
}

// ---- to_curl ---------------------------------------------------------------------------------

namespace {

// Whether the byte at s[i] starts a valid UTF-8 sequence; its length if so.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    return asgi::is_valid_utf8(s.substr(i, n)) ? n : 0;
}

// A bash word for `s`: '...' when that is enough, else $'...' with escapes.
std::string bash_quote(std::string_view s) {
    bool ansi = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F || c == '\'' || c == '!' || (c >= 0x80 && utf8_length(s, i) == 0)) ansi = true;
    }
    if (!ansi) return "'" + std::string(s) + "'";
    std::string out = "$'";
    char hex[8];
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_length(s, i);
            if (n) {
                out.append(s.substr(i, n));
                i += n;
                continue;
            }
        }
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7F || c >= 0x80 || c == '!') {
                std::snprintf(hex, sizeof hex, "\\x%02X", c);
                out += hex;
            } else {
                out += char(c);
            }
        }
        ++i;
    }
    out += "'";
    return out;
}

std::string url_authority(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const auto start = scheme_end + 3;
    const auto end = url.find_first_of("/?#", start);
    return std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

}  // namespace

std::string to_curl(const RequestRecord& request) {
    std::string url = request.url;
    if (url.rfind("ws://", 0) == 0) url.replace(0, 2, "http");
    else if (url.rfind("wss://", 0) == 0) url.replace(0, 3, "https");
    std::string out = "curl " + bash_quote(url);
    auto arg = [&out](std::string_view option, std::string_view value) {
        out += " \\\n  ";
        out += option;
        out += ' ';
        out += bash_quote(value);
    };
    const bool has_body = !request.body.empty();
    const bool head = iequals(request.method, "HEAD") && !has_body;
    if (head) {
        out += " \\\n  -I";
    } else if (request.method != (has_body ? "POST" : "GET")) {
        arg("-X", request.method);
    }
    if (request.http_version == "1.0") out += " \\\n  --http1.0";
    const std::string authority = url_authority(request.url);
    for (const auto& [name, value] : request.headers) {
        if (name.empty() || name.front() == ':') continue;  // HTTP/2 pseudo-headers
        if (iequals(name, "content-length")) continue;      // curl computes it
        if (iequals(name, "host") && value == authority) continue;
        // curl drops "-H 'name:'"; "name;" sends the header with an empty value.
        arg("-H", value.empty() ? name + ";" : name + ": " + value);
    }
    if (has_body) {
        // curl adds "Content-Type: application/x-www-form-urlencoded" to --data unless told
        // not to: a request that had none keeps none.
        bool typed = false;
        for (const auto& h : request.headers) typed = typed || iequals(h.first, "content-type");
        if (!typed) arg("-H", "Content-Type:");
        arg("--data-raw", request.body.view());
    }
    return out;
}

}  // namespace asgiscope::trace
