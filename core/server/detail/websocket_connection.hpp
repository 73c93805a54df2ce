// The WebSocket side of a connection (RFC 6455, ASGI websocket scope 2.4). HttpConnection
// reads a request head; when it is a WebSocket upgrade it hands the socket to
// serve_websocket(), which validates the handshake, runs the app with websocket.* messages
// and speaks the protocol with Boost.Beast's websocket stream. Beast's headers stay in
// websocket_connection.cpp: this header is light on purpose.
#pragma once

#include <chrono>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <asgiscope/asgi/types.hpp>

#include "server_state.hpp"
#include "tls.hpp"

namespace asgiscope::server::detail {

struct ConnectionProbe;

/// Whether a parsed request head asks for a WebSocket upgrade: HTTP/1.1 GET whose
/// `Connection` has the token `upgrade` and whose `Upgrade` has the token `websocket`
/// (case-insensitive). Other upgrade requests are plain HTTP.
bool is_websocket_upgrade(const asgi::Scope& scope);

/// What the owning HttpConnection forwards to a running WebSocket session: the worker's
/// shutdown and deadline sweeps reach the session through it.
class WebSocketControl {
public:
    virtual ~WebSocketControl() = default;
    /// Graceful shutdown: close with 1012 (the app gets websocket.disconnect 1012).
    virtual void begin_shutdown() = 0;
    /// Forced shutdown: close the socket now.
    virtual void abort() = 0;
    /// Ping timeout, close handshake timeout and response write timeout.
    virtual void check_deadline(std::chrono::steady_clock::time_point now) = 0;
};

/// How a WebSocket request ended, for the connection's closing steps.
enum class WebSocketOutcome {
    HttpResponse,  ///< an HTTP response was written (400, 403, 426, 500, a denial response)
    Upgraded,      ///< the connection switched protocols; the socket is closed or closing
};

/// Serves one WebSocket upgrade request whose head is in `scope` (an "http" scope filled
/// as for HTTP: path, headers, client, scheme from proxy headers, state). `already_read`
/// holds bytes received after the head. While it runs, `control` points at the session.
/// `shutting_down`: the server is already stopping (close with 1012 right after accept).
/// `probe` counts the session's bytes and reports its frames (connection events).
boost::asio::awaitable<WebSocketOutcome> serve_websocket(ServerState& state,
                                                         boost::asio::ip::tcp::socket& socket,
                                                         asgi::Scope& scope,
                                                         std::string_view already_read,
                                                         bool request_has_body,
                                                         bool shutting_down,
                                                         WebSocketControl*& control,
                                                         ConnectionProbe& probe);
/// The same over TLS.
boost::asio::awaitable<WebSocketOutcome> serve_websocket(ServerState& state,
                                                         TlsStream& stream,
                                                         asgi::Scope& scope,
                                                         std::string_view already_read,
                                                         bool request_has_body,
                                                         bool shutting_down,
                                                         WebSocketControl*& control,
                                                         ConnectionProbe& probe);

}  // namespace asgiscope::server::detail
