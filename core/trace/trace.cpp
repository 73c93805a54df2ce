#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

std::string_view to_string(TraceKind kind) {
    switch (kind) {
    case TraceKind::http: return "http";
    case TraceKind::websocket: return "websocket";
    case TraceKind::lifespan: return "lifespan";
    }
    return "unknown";
}

std::string_view to_string(Direction direction) {
    return direction == Direction::receive ? "receive" : "send";
}

std::string_view to_string(SpanKind kind) {
    switch (kind) {
    case SpanKind::middleware: return "middleware";
    case SpanKind::router: return "router";
    case SpanKind::mount: return "mount";
    case SpanKind::host: return "host";
    case SpanKind::route: return "route";
    case SpanKind::endpoint: return "endpoint";
    }
    return "unknown";
}

const asgi::Headers& MessageEvent::headers() const {
    static const asgi::Headers none;
    return shared_headers ? *shared_headers : none;
}

std::optional<std::size_t> Trace::find(std::string_view name) const {
    for (std::size_t i = 0; i < spans.size(); ++i)
        if (spans[i].name == name) return i;
    return std::nullopt;
}

std::vector<std::size_t> Trace::children(std::size_t index) const {
    std::vector<std::size_t> out;
    for (std::size_t i = index + 1; i < spans.size(); ++i)
        if (spans[i].parent == static_cast<int>(index)) out.push_back(i);
    return out;
}

namespace {

std::size_t string_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

std::size_t headers_bytes(const asgi::Headers& headers) {
    std::size_t n = headers.capacity() * sizeof(asgi::Header);
    for (const auto& [k, v] : headers) n += string_bytes(k) + string_bytes(v);
    return n;
}

std::size_t params_bytes(const asgi::PathParams& params) {
    std::size_t n = 0;
    for (const auto& [k, v] : params) {
        n += 64 + string_bytes(k);  // a map node
        if (const auto* s = std::get_if<std::string>(&v)) n += string_bytes(*s);
    }
    return n;
}

}  // namespace

std::size_t Trace::approx_bytes() const {
    std::size_t n = sizeof(Trace) + headers_bytes(scope.headers) + string_bytes(scope.path) +
                    string_bytes(scope.raw_path) + string_bytes(scope.query_string) + string_bytes(scope.root_path) +
                    spans.capacity() * sizeof(Span);
    for (const Span& span : spans) {
        n += string_bytes(span.name) + string_bytes(span.scope.path) + string_bytes(span.scope.root_path) +
             string_bytes(span.scope.route_name) + params_bytes(span.scope.path_params);
        n += span.messages.capacity() * sizeof(MessageEvent);
        const asgi::Headers* counted = nullptr;  // consecutive events share their headers
        for (const MessageEvent& m : span.messages) {
            n += string_bytes(m.detail) + m.body.size();
            if (m.shared_headers && m.shared_headers.get() != counted) {
                n += sizeof(asgi::Headers) + headers_bytes(*m.shared_headers);
                counted = m.shared_headers.get();
            }
        }
        if (span.exception) n += sizeof(SpanException) + span.exception->type.size() + span.exception->message.size();
    }
    return n;
}

}  // namespace asgiscope::trace
