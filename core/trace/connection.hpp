// Connection events: what the server reports about the sockets behind the traces.
//
// A request's Trace tells what the application did; a ConnectionEvent tells what happened on
// the wire: a connection opened (addresses, TLS or plain), its TLS session, each request it
// served (keep-alive reuse), each WebSocket frame of an upgraded connection, and how it closed
// (bytes in and out, requests served, why). The server publishes them to a TraceHub
// (TraceHub::publish_connection_event) when server::Config::trace_hub is set; a Trace carries
// the connection id and its index on the connection (Trace::scope.connection_id and
// request_index), so the two can be joined. ConnectionRecord folds the events of one
// connection into the row a "connections" view shows.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

/// The server's number for a connection: 1, 2, ... in the order accepted (per server).
using ConnectionId = std::uint64_t;

/// The TLS session of a connection, as negotiated.
struct ConnectionTls {
    std::string version;  ///< "TLSv1.3", "TLSv1.2", ...
    std::string cipher;   ///< OpenSSL's name, e.g. "TLS_AES_256_GCM_SHA384"
    std::string sni;      ///< the server name the client asked for; empty: none sent
    std::string alpn;     ///< the ALPN protocol agreed; empty: none
    friend bool operator==(const ConnectionTls&, const ConnectionTls&) = default;
};

/// Why a connection closed.
enum class CloseReason {
    client_closed,       ///< the client closed (or reset) it
    keep_alive_timeout,  ///< idle after a response for longer than timeout_keep_alive
    header_timeout,      ///< the TLS handshake or a request head took longer than timeout_header_read
    server_closed,       ///< the server closed after a response (Connection: close, HTTP/1.0,
                         ///< an unread body, limit_max_requests, limit_concurrency)
    shutdown,            ///< the server shut down (graceful or forced)
    error,               ///< a bad request, a failed TLS handshake, an I/O error: see `detail`
    websocket_closed,    ///< the WebSocket session on it ended (its close frames tell how)
};

/// What a ConnectionEvent reports.
enum class ConnectionEventKind {
    opened,           ///< accepted: addresses; `secure` when the port speaks TLS
    tls,              ///< the TLS handshake completed: `tls`
    request,          ///< a request head was read: `request_index`, `method`, `path`
    websocket_frame,  ///< a frame of an upgraded connection: `frame`
    closed,           ///< the socket closed: totals, `reason`, `detail`
    lifespan,         ///< a lifespan step (connection_id 0): `detail` is the ASGI message
                      ///< type, e.g. "lifespan.startup.complete", then ": " and a failure message
};

/// WebSocket opcodes (RFC 6455 5.2).
enum class WebSocketOpcode : int { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

/// One WebSocket frame as the server saw it on the wire (trace::WebSocketFrame, in
/// exchange.hpp, is a message of a recorded session). Data messages are reported once each, as
/// their final frame (fin) with the whole message's payload size (after permessage-deflate
/// decompression, as the app sees it): the server's WebSocket layer reassembles fragments
/// before it reports.
struct WireFrame {
    Direction direction = Direction::receive;  ///< receive: from the client
    WebSocketOpcode opcode = WebSocketOpcode::text;
    bool fin = true;
    std::size_t payload_size = 0;
    int close_code = 0;        ///< close frames: the code (1005 when the frame had none)
    std::string close_reason;  ///< close frames: the reason (at most 123 bytes)
    friend bool operator==(const WireFrame&, const WireFrame&) = default;
};

/// One thing that happened on a connection. Only the fields of its kind are set.
struct ConnectionEvent {
    ConnectionEventKind kind = ConnectionEventKind::opened;
    ConnectionId connection_id = 0;
    std::chrono::system_clock::time_point time{};

    // opened
    std::optional<asgi::Address> client;
    std::optional<asgi::Address> server;
    bool secure = false;  ///< the connection speaks TLS (also set on later events)

    // tls
    std::optional<ConnectionTls> tls;

    // request
    std::uint64_t request_index = 0;  ///< 1 for the first request, 2 for the first reuse, ...
    std::string method;               ///< "GET"; empty for a WebSocket upgrade's scope
    std::string path;                 ///< raw path, without the query; cut at 1024 bytes

    // websocket_frame
    std::optional<WireFrame> frame;

    // closed (running totals up to this event; final on `closed`)
    std::uint64_t bytes_in = 0;   ///< HTTP and WebSocket bytes read (after TLS decryption)
    std::uint64_t bytes_out = 0;  ///< HTTP and WebSocket bytes written (before TLS encryption)
    std::uint64_t requests = 0;   ///< requests whose head was read
    std::optional<CloseReason> reason;
    std::string detail;  ///< closed: what went wrong, for `error`; lifespan: see the kind
};

/// "opened", "tls", "request", "websocket_frame", "closed", "lifespan".
std::string_view to_string(ConnectionEventKind kind);
/// "client_closed", "keep_alive_timeout", ...
std::string_view to_string(CloseReason reason);
/// "continuation", "text", "binary", "close", "ping", "pong".
std::string_view to_string(WebSocketOpcode opcode);

/// A connection as its events so far describe it: the row of a connections view.
struct ConnectionRecord {
    ConnectionId id = 0;
    std::optional<asgi::Address> client;
    std::optional<asgi::Address> server;
    bool secure = false;
    std::optional<ConnectionTls> tls;
    std::chrono::system_clock::time_point opened_at{};
    std::optional<std::chrono::system_clock::time_point> closed_at;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t requests = 0;
    std::optional<CloseReason> close_reason;
    std::string close_detail;
    bool websocket = false;        ///< frames were seen: the connection was upgraded
    std::uint64_t frames_in = 0;   ///< WebSocket frames received, control frames included
    std::uint64_t frames_out = 0;  ///< WebSocket frames sent, control frames included
    std::optional<int> close_code; ///< the first WebSocket close code seen, either way

    bool open() const { return !closed_at.has_value(); }
    /// Whether a keep-alive connection served more than one request.
    bool reused() const { return requests > 1; }

    /// Folds one event of this connection into the record (events of another connection and
    /// lifespan events are ignored). Start from a default record and apply events in order.
    void apply(const ConnectionEvent& event);
};

}  // namespace asgiscope::trace
