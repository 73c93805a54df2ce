// HAR 1.2 export: one entry per Exchange, written as it comes.
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/detail/output_file.hpp>
#include <asgiscope/trace/detail/text.hpp>

#include <cctype>
#include <cerrno>
#include <cstring>

#include <boost/json/serialize.hpp>

#include <asgiscope/asgi/json.hpp>

namespace asgiscope::trace {

namespace json = boost::json;

namespace {

using detail::iequals;

std::string_view trim(std::string_view s) { return detail::trim_ows(s); }

// HAR strings must be text: bytes that are not UTF-8 have them replaced (bodies go base64 instead).
json::string text(std::string_view s) {
    if (asgi::is_valid_utf8(s)) return json::string(s);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += c < 0x80 ? char(c) : '?';
    }
    return json::string(out);
}

double ms(std::int64_t ns) { return ns < 0 ? -1.0 : double(ns) / 1e6; }

json::array name_values(const asgi::Headers& pairs) {
    json::array a;
    for (const auto& [n, v] : pairs) a.push_back(json::object{{"name", text(n)}, {"value", text(v)}});
    return a;
}

std::string http_version(std::string_view v) {
    if (v == "2" || v == "2.0") return "HTTP/2.0";
    if (v == "3" || v == "3.0") return "HTTP/3.0";
    return "HTTP/" + std::string(v.empty() ? "1.1" : v);
}

// Request cookies from Cookie headers: "a=1; b=2".
json::array request_cookies(const asgi::Headers& headers) {
    json::array out;
    for (const auto& [name, value] : headers) {
        if (!iequals(name, "cookie")) continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            std::string_view part = trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
            if (part.empty()) continue;
            const auto eq = part.find('=');
            json::object c;
            c["name"] = text(trim(part.substr(0, eq)));
            c["value"] = text(eq == std::string_view::npos ? std::string_view() : trim(part.substr(eq + 1)));
            out.push_back(std::move(c));
        }
    }
    return out;
}

// Response cookies from Set-Cookie headers, with their attributes.
json::array response_cookies(const asgi::Headers& headers) {
    json::array out;
    for (const auto& [name, value] : headers) {
        if (!iequals(name, "set-cookie")) continue;
        std::string_view rest = value;
        const auto semi = rest.find(';');
        std::string_view pair = trim(rest.substr(0, semi));
        const auto eq = pair.find('=');
        json::object c;
        c["name"] = text(trim(pair.substr(0, eq)));
        c["value"] = text(eq == std::string_view::npos ? std::string_view() : trim(pair.substr(eq + 1)));
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        while (!rest.empty()) {
            const auto next = rest.find(';');
            std::string_view attr = trim(rest.substr(0, next));
            rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
            const auto aeq = attr.find('=');
            const std::string_view key = trim(attr.substr(0, aeq));
            const std::string_view val = aeq == std::string_view::npos ? std::string_view() : trim(attr.substr(aeq + 1));
            if (iequals(key, "path")) c["path"] = text(val);
            else if (iequals(key, "domain")) c["domain"] = text(val);
            else if (iequals(key, "httponly")) c["httpOnly"] = true;
            else if (iequals(key, "secure")) c["secure"] = true;
            else if (iequals(key, "expires")) c["expires"] = text(val);
        }
        out.push_back(std::move(c));
    }
    return out;
}

// queryString from the URL, as written (not percent-decoded).
json::array query_string(std::string_view url) {
    json::array out;
    const auto q = url.find('?');
    if (q == std::string_view::npos) return out;
    std::string_view rest = url.substr(q + 1);
    rest = rest.substr(0, rest.find('#'));
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        std::string_view part = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (part.empty()) continue;
        const auto eq = part.find('=');
        out.push_back(json::object{{"name", text(part.substr(0, eq))},
                                   {"value", text(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1))}});
    }
    return out;
}

std::string header_or(const asgi::Headers& headers, std::string_view name, std::string_view fallback) {
    for (const auto& [n, v] : headers)
        if (iequals(n, name)) return v;
    return std::string(fallback);
}

// "text" holds the body, as text when it is UTF-8, else base64 with "encoding": "base64".
void put_body(json::object& o, std::string_view body) {
    if (asgi::is_valid_utf8(body)) {
        o["text"] = json::string(body);
    } else {
        o["text"] = asgi::base64_encode(body);
        o["encoding"] = "base64";
    }
}

}  // namespace

json::value har_entry(const Exchange& x) {
    const bool websocket = x.kind == TraceKind::websocket;
    json::object entry;
    entry["startedDateTime"] = format_iso8601(x.start);

    json::object request;
    request["method"] = text(x.request.method);
    request["url"] = text(x.request.url);
    request["httpVersion"] = http_version(x.request.http_version);
    request["cookies"] = request_cookies(x.request.headers);
    request["headers"] = name_values(x.request.headers);
    request["queryString"] = query_string(x.request.url);
    if (!x.request.body.empty()) {
        json::object post;
        post["mimeType"] = text(header_or(x.request.headers, "content-type", "application/octet-stream"));
        const std::string_view body = x.request.body.view();
        if (asgi::is_valid_utf8(body)) {
            post["text"] = json::string(body);
        } else {
            // HAR's postData has no encoding: ours says so in an extension field.
            post["text"] = asgi::base64_encode(body);
            post["_encoding"] = "base64";
        }
        if (x.request.body_truncated) post["comment"] = "body cut by the tracer's per-message limit";
        request["postData"] = std::move(post);
    }
    request["headersSize"] = -1;
    request["bodySize"] = x.request.body_truncated ? std::int64_t(-1) : std::int64_t(x.request.body.size());
    entry["request"] = std::move(request);

    json::object response;
    json::object content;
    if (x.response) {
        const ResponseRecord& r = *x.response;
        response["status"] = r.status;
        response["statusText"] = text(r.reason);
        response["httpVersion"] = http_version(x.request.http_version);
        response["cookies"] = response_cookies(r.headers);
        response["headers"] = name_values(r.headers);
        content["size"] = r.body_size;
        content["mimeType"] = text(header_or(r.headers, "content-type", "x-unknown"));
        if (!r.body.empty()) put_body(content, r.body.view());
        if (r.body_truncated())
            content["comment"] = "body cut by the tracer: " + std::to_string(r.body.size()) + " of " +
                                 std::to_string(r.body_size) + " bytes kept";
        response["content"] = std::move(content);
        response["redirectURL"] = text(header_or(r.headers, "location", ""));
        response["headersSize"] = -1;
        response["bodySize"] = websocket ? std::int64_t(0) : std::int64_t(r.body_size);
    } else {
        // As browsers write a request that got no response.
        response["status"] = 0;
        response["statusText"] = "";
        response["httpVersion"] = "";
        response["cookies"] = json::array();
        response["headers"] = json::array();
        content["size"] = 0;
        content["mimeType"] = "x-unknown";
        response["content"] = std::move(content);
        response["redirectURL"] = "";
        response["headersSize"] = -1;
        response["bodySize"] = -1;
        response["_error"] = "no response";
    }
    entry["response"] = std::move(response);
    entry["cache"] = json::object();

    const double wait = x.timings.wait_ns >= 0 ? ms(x.timings.wait_ns) : 0.0;
    const double receive = x.timings.receive_ns >= 0 ? ms(x.timings.receive_ns) : 0.0;
    json::object timings;
    timings["blocked"] = -1;
    timings["dns"] = -1;
    timings["connect"] = -1;
    timings["ssl"] = -1;
    timings["send"] = 0;
    timings["wait"] = wait;
    timings["receive"] = receive;
    entry["timings"] = std::move(timings);
    // HAR's "time" is the sum of the timings; the trace's own total is kept alongside.
    entry["time"] = wait + receive;
    if (x.timings.total_ns >= 0) entry["_totalTime"] = ms(x.timings.total_ns);
    if (x.trace_id) entry["_traceId"] = x.trace_id;

    if (websocket) {
        entry["_resourceType"] = "websocket";
        json::array messages;
        const double start_s =
            double(std::chrono::duration_cast<std::chrono::microseconds>(x.start.time_since_epoch()).count()) / 1e6;
        for (const WebSocketFrame& f : x.frames) {
            json::object m;
            m["type"] = f.from_client ? "send" : "receive";
            m["time"] = start_s + double(f.time_ns) / 1e9;
            m["opcode"] = f.text ? 1 : 2;
            if (f.text && asgi::is_valid_utf8(f.data.view())) {
                m["data"] = json::string(f.data.view());
            } else {
                m["opcode"] = 2;
                m["data"] = asgi::base64_encode(f.data.view());
            }
            messages.push_back(std::move(m));
        }
        entry["_webSocketMessages"] = std::move(messages);
        if (x.close_code) entry["_webSocketCloseCode"] = *x.close_code;
        if (!x.close_reason.empty()) entry["_webSocketCloseReason"] = text(x.close_reason);
    } else {
        entry["_resourceType"] = "fetch";
    }
    return entry;
}

// ---- HarWriter -----------------------------------------------------------------------------

HarWriter::HarWriter(std::string path, std::string creator_version) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw std::runtime_error(path_ + ": cannot create HAR file: " + std::strerror(errno));
    json::object creator{{"name", "asgiscope"}, {"version", text(creator_version)}};
    put("{\"log\":{\"version\":\"1.2\",\"creator\":" + json::serialize(creator) + ",\"pages\":[],\"entries\":[");
}

HarWriter::~HarWriter() {
    try {
        close();
    } catch (...) {
    }
}

void HarWriter::put(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size())
        throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

void HarWriter::add(const Exchange& exchange) {
    if (!file_) throw std::runtime_error(path_ + ": HAR file is closed");
    std::string s = entries_ ? ",\n" : "\n";
    s += json::serialize(har_entry(exchange));
    put(s);
    ++entries_;
}

void HarWriter::close() {
    if (!file_) return;
    detail::close_output_file(file_, path_, "\n]}}\n");
}

}  // namespace asgiscope::trace
