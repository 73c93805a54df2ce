#include <asgiscope/trace/connection.hpp>

namespace asgiscope::trace {

std::string_view to_string(ConnectionEventKind kind) {
    switch (kind) {
        case ConnectionEventKind::opened: return "opened";
        case ConnectionEventKind::tls: return "tls";
        case ConnectionEventKind::request: return "request";
        case ConnectionEventKind::websocket_frame: return "websocket_frame";
        case ConnectionEventKind::closed: return "closed";
        case ConnectionEventKind::lifespan: return "lifespan";
    }
    return "unknown";
}

std::string_view to_string(CloseReason reason) {
    switch (reason) {
        case CloseReason::client_closed: return "client_closed";
        case CloseReason::keep_alive_timeout: return "keep_alive_timeout";
        case CloseReason::header_timeout: return "header_timeout";
        case CloseReason::server_closed: return "server_closed";
        case CloseReason::shutdown: return "shutdown";
        case CloseReason::error: return "error";
        case CloseReason::websocket_closed: return "websocket_closed";
    }
    return "unknown";
}

std::string_view to_string(WebSocketOpcode opcode) {
    switch (opcode) {
        case WebSocketOpcode::continuation: return "continuation";
        case WebSocketOpcode::text: return "text";
        case WebSocketOpcode::binary: return "binary";
        case WebSocketOpcode::close: return "close";
        case WebSocketOpcode::ping: return "ping";
        case WebSocketOpcode::pong: return "pong";
    }
    return "unknown";
}

void ConnectionRecord::apply(const ConnectionEvent& event) {
    if (event.kind == ConnectionEventKind::lifespan || event.connection_id == 0) return;
    if (id == 0) id = event.connection_id;
    if (event.connection_id != id) return;
    secure = secure || event.secure;
    switch (event.kind) {
        case ConnectionEventKind::opened:
            client = event.client;
            server = event.server;
            opened_at = event.time;
            break;
        case ConnectionEventKind::tls: tls = event.tls; break;
        case ConnectionEventKind::request: break;
        case ConnectionEventKind::websocket_frame:
            websocket = true;
            if (event.frame) {
                ++(event.frame->direction == Direction::receive ? frames_in : frames_out);
                if (event.frame->opcode == WebSocketOpcode::close && !close_code) close_code = event.frame->close_code;
            }
            break;
        case ConnectionEventKind::closed:
            closed_at = event.time;
            close_reason = event.reason;
            close_detail = event.detail;
            break;
        case ConnectionEventKind::lifespan: break;
    }
    // Every event carries the totals so far: the record shows them while the connection lives.
    bytes_in = event.bytes_in;
    bytes_out = event.bytes_out;
    requests = event.requests;
}

}  // namespace asgiscope::trace
