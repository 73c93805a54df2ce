// A connection's side of the connection events (asgiscope::trace::ConnectionEvent): its id,
// its byte and request counts, and the hub the events go to.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <asgiscope/trace/connection.hpp>
#include <asgiscope/trace/hub.hpp>

namespace asgiscope::server::detail {

/// Owned by a connection, passed to the WebSocket session it hands its socket to. The counts
/// are kept always (additions only); events are built only when `hub` is set, so every event
/// site costs one pointer test when nobody listens.
struct ConnectionProbe {
    trace::TraceHub* hub = nullptr;
    std::uint64_t id = 0;
    bool secure = false;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t requests = 0;

    bool on() const { return hub != nullptr; }

    /// An event of this connection, stamped now, with the totals so far.
    trace::ConnectionEvent event(trace::ConnectionEventKind kind) const {
        trace::ConnectionEvent e;
        e.kind = kind;
        e.connection_id = id;
        e.time = std::chrono::system_clock::now();
        e.secure = secure;
        e.bytes_in = bytes_in;
        e.bytes_out = bytes_out;
        e.requests = requests;
        return e;
    }
    void publish(trace::ConnectionEvent e) const { hub->publish_connection_event(std::move(e)); }

    /// Reports one WebSocket frame (when someone listens).
    void frame(trace::Direction direction, trace::WebSocketOpcode opcode, std::size_t payload_size,
               int close_code = 0, std::string_view close_reason = {}) const {
        if (!hub) return;
        trace::ConnectionEvent e = event(trace::ConnectionEventKind::websocket_frame);
        trace::WireFrame& f = e.frame.emplace();
        f.direction = direction;
        f.opcode = opcode;
        f.payload_size = payload_size;
        f.close_code = close_code;
        f.close_reason.assign(close_reason);
        publish(std::move(e));
    }
};

}  // namespace asgiscope::server::detail
