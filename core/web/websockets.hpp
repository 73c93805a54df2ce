// WebSocket: one WebSocket connection seen by an endpoint, with the ASGI message order
// enforced (Starlette's websockets.py): WebSocketState, WebSocketDisconnect, WebSocket and the
// WebSocketClose app.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/requests/http_connection.hpp>

namespace asgiscope::web {

class Response;

/// Where each side of a WebSocket is (Starlette's WebSocketState). RESPONSE: the app is
/// sending a denial response instead of accepting.
enum class WebSocketState { CONNECTING = 0, CONNECTED = 1, DISCONNECTED = 2, RESPONSE = 3 };

/// "CONNECTING", "CONNECTED", "DISCONNECTED" or "RESPONSE".
std::string_view to_string(WebSocketState state);

/// The client has gone (Starlette's WebSocketDisconnect): thrown by receive_text() and its
/// kin on websocket.disconnect, and by send() when the connection is lost (code 1006).
/// what() is "WebSocket disconnected: <code> <reason>".
class WebSocketDisconnect : public std::runtime_error {
public:
    explicit WebSocketDisconnect(int code = 1000, std::string reason = {});

    int code;
    std::string reason;

protected:
    WebSocketDisconnect(int code, std::string reason, const std::string& what);
};

/// How send_json() and receive_json() carry JSON: in text frames or binary (UTF-8) frames.
/// Starlette's mode="text" / mode="binary"; any other mode is a compile error here.
enum class JsonMode { text, binary };

/// A WebSocket connection (Starlette's WebSocket). It refers to the scope, which must outlive
/// it. receive() and send() check the order of messages of each side and throw
/// std::runtime_error, with Starlette's messages, when it is broken.
class WebSocket : public HTTPConnection {
public:
    /// Throws std::invalid_argument unless scope.type is "websocket".
    WebSocket(asgi::Scope& scope, asgi::Receive receive, asgi::Send send);

    /// What the client has done so far: CONNECTING until websocket.connect arrived,
    /// DISCONNECTED after websocket.disconnect.
    WebSocketState client_state = WebSocketState::CONNECTING;
    /// What the app has done so far: CONNECTED after accept, RESPONSE during a denial
    /// response, DISCONNECTED after close or a complete denial response.
    WebSocketState application_state = WebSocketState::CONNECTING;

    /// The next message from the client: websocket.connect first, then websocket.receive or
    /// websocket.disconnect. Throws std::runtime_error for anything else, or once the
    /// disconnect has been received.
    boost::asio::awaitable<asgi::Message> receive();
    /// Sends `message` if it may come now: websocket.accept, websocket.close or
    /// websocket.http.response.start first; then websocket.send or websocket.close (or the
    /// denial response's bodies). Throws std::runtime_error otherwise, and
    /// WebSocketDisconnect(1006) when the client has gone.
    boost::asio::awaitable<void> send(asgi::Message message);

    /// Accepts the connection (awaiting websocket.connect first if need be), with the
    /// subprotocol chosen from scope().subprotocols and extra response headers.
    boost::asio::awaitable<void> accept(std::optional<std::string> subprotocol = std::nullopt,
                                        asgi::Headers headers = {});

    /// The next text message. Throws WebSocketDisconnect when the client disconnects, and
    /// std::runtime_error before accept() or when a binary message arrives.
    boost::asio::awaitable<std::string> receive_text();
    /// The next binary message; as receive_text() otherwise.
    boost::asio::awaitable<asgi::Bytes> receive_bytes();
    /// The next message parsed as JSON (from a text or, for JsonMode::binary, a binary
    /// message). Throws std::invalid_argument when it is not JSON.
    boost::asio::awaitable<boost::json::value> receive_json(JsonMode mode = JsonMode::text);

    // Iteration (Starlette's `async for message in websocket.iter_text()`):
    //   while (auto text = co_await websocket.next_text()) use(*text);
    // Each next_* is its receive_* that gives nothing, instead of throwing, on disconnect.

    /// The next text message, or nothing once the client has disconnected.
    boost::asio::awaitable<std::optional<std::string>> next_text();
    /// The next binary message, or nothing once the client has disconnected.
    boost::asio::awaitable<std::optional<asgi::Bytes>> next_bytes();
    /// The next JSON message, or nothing once the client has disconnected.
    boost::asio::awaitable<std::optional<boost::json::value>> next_json(
        JsonMode mode = JsonMode::text);

    /// Calls `each` with every text message until the client disconnects.
    boost::asio::awaitable<void> iter_text(
        std::function<boost::asio::awaitable<void>(std::string)> each);
    /// Calls `each` with every binary message until the client disconnects.
    boost::asio::awaitable<void> iter_bytes(
        std::function<boost::asio::awaitable<void>(asgi::Bytes)> each);
    /// Calls `each` with every JSON message until the client disconnects.
    boost::asio::awaitable<void> iter_json(
        std::function<boost::asio::awaitable<void>(boost::json::value)> each,
        JsonMode mode = JsonMode::text);

    boost::asio::awaitable<void> send_text(std::string data);
    boost::asio::awaitable<void> send_bytes(asgi::Bytes data);
    /// Sends `data` as compact JSON (Python's json.dumps(separators=(",", ":"),
    /// ensure_ascii=False)), in a text frame or, for JsonMode::binary, a binary one.
    boost::asio::awaitable<void> send_json(const boost::json::value& data,
                                           JsonMode mode = JsonMode::text);

    /// Sends websocket.close: before accept() this rejects the handshake (HTTP 403).
    boost::asio::awaitable<void> close(int code = 1000, std::string reason = {});

    /// Answers the handshake with an HTTP response instead of accepting (the ASGI
    /// websocket.http.response extension). Throws std::runtime_error ("The server doesn't
    /// support the Websocket Denial Response extension.") when the server does not offer it.
    boost::asio::awaitable<void> send_denial_response(const Response& response);

    /// The raw callables, as given.
    const asgi::Receive& receive_callable() const { return receive_; }
    const asgi::Send& send_callable() const { return send_; }

private:
    boost::asio::awaitable<asgi::Message> receive_data();

    asgi::Receive receive_;
    asgi::Send send_;
};

/// An ASGI app that closes the WebSocket (Starlette's WebSocketClose); what routers use for
/// a WebSocket that nothing takes.
class WebSocketClose {
public:
    explicit WebSocketClose(int code_ = 1000, std::string reason_ = {})
        : code(code_), reason(std::move(reason_)) {}

    int code;
    std::string reason;

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive,
                                            asgi::Send send) const;
};

}  // namespace asgiscope::web
