#include "models/exchange_summary.hpp"

namespace asgiscope::ui {

std::string_view ExchangeSummary::method() const {
    if (isWebSocket()) return "WS";
    return trace->scope.method;
}

std::string_view ExchangeSummary::protocol() const {
    if (isWebSocket()) return "ws";
    const std::string& v = trace->scope.http_version;
    if (v == "1.0") return "http/1.0";
    if (v == "2") return "h2";
    return "http/1.1";
}

bool isExchange(const trace::Trace& t) {
    return t.kind == trace::TraceKind::http || t.kind == trace::TraceKind::websocket;
}

ExchangeSummary summarize(const TracePtr& t) {
    ExchangeSummary s;
    s.trace = t;
    if (!t || t->spans.empty()) return s;
    // The outermost span saw exactly what the server got.
    const trace::Span& outer = t->spans.front();
    bool accepted = false;
    bool closed = false;
    for (const trace::MessageEvent& m : outer.messages) {
        if (m.direction != trace::Direction::send) continue;
        if (m.type == asgi::HttpResponseStart::type || m.type == asgi::WebSocketHttpResponseStart::type) {
            if (s.status == 0) s.status = m.status;
        } else if (m.type == asgi::HttpResponseBody::type || m.type == asgi::WebSocketHttpResponseBody::type ||
                   m.type == asgi::WebSocketSend::type) {
            s.responseBytes += static_cast<std::int64_t>(m.full_size);
        } else if (m.type == asgi::WebSocketAccept::type) {
            accepted = true;
        } else if (m.type == asgi::WebSocketClose::type) {
            closed = true;
        }
    }
    if (t->kind == trace::TraceKind::websocket && s.status == 0) {
        if (accepted) s.status = 101;
        else if (closed) s.status = 403;
    }
    for (auto it = t->spans.rbegin(); it != t->spans.rend(); ++it) {
        if (!it->scope.route_name.empty()) {
            s.routeName = it->scope.route_name;
            break;
        }
    }
    return s;
}

}  // namespace asgiscope::ui
