#include <asgiscope/web/websockets.hpp>

#include <boost/json/parse.hpp>

#include <asgiscope/web/responses/response.hpp>

#include "detail/json_text.hpp"

namespace asgiscope::web {

namespace {

// Python's repr() of the type string, as Starlette's f"{message_type!r}".
std::string quoted_type(const asgi::Message& message) {
    return "'" + std::string(asgi::type_name(message)) + "'";
}

[[noreturn]] void not_connected() {
    throw std::runtime_error("WebSocket is not connected. Need to call \"accept\" first.");
}

// websocket.disconnect as the exception the receive_* helpers throw.
void raise_on_disconnect(const asgi::Message& message) {
    if (const auto* d = std::get_if<asgi::WebSocketDisconnect>(&message))
        throw WebSocketDisconnect(d->code, d->reason);
}

boost::json::value parse_json(std::string_view text) {
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw std::invalid_argument("WebSocket message is not JSON: " + ec.message());
    return v;
}

/// A response's messages as the denial-response extension's.
asgi::Message as_denial(asgi::Message message) {
    if (auto* start = std::get_if<asgi::HttpResponseStart>(&message))
        return asgi::WebSocketHttpResponseStart(start->status, std::move(start->headers));
    if (auto* body = std::get_if<asgi::HttpResponseBody>(&message))
        return asgi::WebSocketHttpResponseBody(std::move(body->body), body->more_body);
    return message;
}

std::string disconnect_what(int code, const std::string& reason) {
    std::string what = "WebSocket disconnected: " + std::to_string(code);
    if (!reason.empty()) what += " " + reason;
    return what;
}

}  // namespace

std::string_view to_string(WebSocketState state) {
    switch (state) {
        case WebSocketState::CONNECTING:
            return "CONNECTING";
        case WebSocketState::CONNECTED:
            return "CONNECTED";
        case WebSocketState::DISCONNECTED:
            return "DISCONNECTED";
        case WebSocketState::RESPONSE:
            return "RESPONSE";
    }
    return "?";
}

WebSocketDisconnect::WebSocketDisconnect(int code_, std::string reason_)
    : WebSocketDisconnect(code_, reason_, disconnect_what(code_, reason_)) {}

WebSocketDisconnect::WebSocketDisconnect(int code_, std::string reason_, const std::string& what)
    : std::runtime_error(what), code(code_), reason(std::move(reason_)) {}

WebSocket::WebSocket(asgi::Scope& scope, asgi::Receive receive, asgi::Send send)
    : HTTPConnection(scope), receive_(std::move(receive)), send_(std::move(send)) {
    if (scope.type != "websocket")
        throw std::invalid_argument("WebSocket needs a websocket scope, not '" + scope.type + "'");
}

boost::asio::awaitable<asgi::Message> WebSocket::receive() {
    if (client_state == WebSocketState::CONNECTING) {
        asgi::Message message = co_await receive_();
        if (!std::holds_alternative<asgi::WebSocketConnect>(message))
            throw std::runtime_error("Expected ASGI message \"websocket.connect\", but got " +
                                     quoted_type(message));
        client_state = WebSocketState::CONNECTED;
        co_return message;
    }
    if (client_state == WebSocketState::CONNECTED) {
        asgi::Message message = co_await receive_();
        const bool disconnect = std::holds_alternative<asgi::WebSocketDisconnect>(message);
        if (!disconnect && !std::holds_alternative<asgi::WebSocketReceive>(message))
            throw std::runtime_error(
                "Expected ASGI message \"websocket.receive\" or \"websocket.disconnect\", but "
                "got " +
                quoted_type(message));
        if (disconnect) client_state = WebSocketState::DISCONNECTED;
        co_return message;
    }
    throw std::runtime_error(
        "Cannot call \"receive\" once a disconnect message has been received.");
}

boost::asio::awaitable<void> WebSocket::send(asgi::Message message) {
    switch (application_state) {
        case WebSocketState::CONNECTING:
            if (std::holds_alternative<asgi::WebSocketClose>(message))
                application_state = WebSocketState::DISCONNECTED;
            else if (std::holds_alternative<asgi::WebSocketHttpResponseStart>(message))
                application_state = WebSocketState::RESPONSE;
            else if (std::holds_alternative<asgi::WebSocketAccept>(message))
                application_state = WebSocketState::CONNECTED;
            else
                throw std::runtime_error(
                    "Expected ASGI message \"websocket.accept\", \"websocket.close\" or "
                    "\"websocket.http.response.start\", but got " +
                    quoted_type(message));
            co_await send_(std::move(message));
            co_return;
        case WebSocketState::CONNECTED: {
            const bool close = std::holds_alternative<asgi::WebSocketClose>(message);
            if (!close && !std::holds_alternative<asgi::WebSocketSend>(message))
                throw std::runtime_error(
                    "Expected ASGI message \"websocket.send\" or \"websocket.close\", but got " +
                    quoted_type(message));
            if (close) application_state = WebSocketState::DISCONNECTED;
            bool lost = false;
            try {
                co_await send_(std::move(message));
            } catch (const asgi::ClientDisconnected&) {
                lost = true;
            }
            if (lost) {
                application_state = WebSocketState::DISCONNECTED;
                throw WebSocketDisconnect(1006);
            }
            co_return;
        }
        case WebSocketState::RESPONSE: {
            const auto* body = std::get_if<asgi::WebSocketHttpResponseBody>(&message);
            if (!body)
                throw std::runtime_error(
                    "Expected ASGI message \"websocket.http.response.body\", but got " +
                    quoted_type(message));
            if (!body->more_body) application_state = WebSocketState::DISCONNECTED;
            co_await send_(std::move(message));
            co_return;
        }
        case WebSocketState::DISCONNECTED:
            break;
    }
    throw std::runtime_error("Cannot call \"send\" once a close message has been sent.");
}

boost::asio::awaitable<void> WebSocket::accept(std::optional<std::string> subprotocol,
                                               asgi::Headers headers) {
    // If websocket.connect has not been seen yet, wait for it first.
    if (client_state == WebSocketState::CONNECTING) (void)co_await receive();
    asgi::Message accept_message =
        asgi::WebSocketAccept(std::move(subprotocol), std::move(headers));
    co_await send(std::move(accept_message));
}

// receive() for the receive_* helpers: only once accepted; a disconnect throws.
boost::asio::awaitable<asgi::Message> WebSocket::receive_data() {
    if (application_state != WebSocketState::CONNECTED) not_connected();
    asgi::Message message = co_await receive();
    raise_on_disconnect(message);
    co_return message;
}

boost::asio::awaitable<std::string> WebSocket::receive_text() {
    asgi::Message message = co_await receive_data();
    auto& received = std::get<asgi::WebSocketReceive>(message);
    if (!received.text)
        throw std::runtime_error("Expected a text WebSocket message, but got bytes");
    co_return std::move(*received.text);
}

boost::asio::awaitable<asgi::Bytes> WebSocket::receive_bytes() {
    asgi::Message message = co_await receive_data();
    auto& received = std::get<asgi::WebSocketReceive>(message);
    if (!received.bytes)
        throw std::runtime_error("Expected a bytes WebSocket message, but got text");
    co_return std::move(*received.bytes);
}

boost::asio::awaitable<boost::json::value> WebSocket::receive_json(JsonMode mode) {
    if (mode == JsonMode::text) {
        const std::string text = co_await receive_text();
        co_return parse_json(text);
    }
    const asgi::Bytes bytes = co_await receive_bytes();
    co_return parse_json(bytes.view());
}

boost::asio::awaitable<std::optional<std::string>> WebSocket::next_text() {
    try {
        co_return co_await receive_text();
    } catch (const WebSocketDisconnect&) {
    }
    co_return std::nullopt;
}

boost::asio::awaitable<std::optional<asgi::Bytes>> WebSocket::next_bytes() {
    try {
        co_return co_await receive_bytes();
    } catch (const WebSocketDisconnect&) {
    }
    co_return std::nullopt;
}

boost::asio::awaitable<std::optional<boost::json::value>> WebSocket::next_json(JsonMode mode) {
    try {
        co_return co_await receive_json(mode);
    } catch (const WebSocketDisconnect&) {
    }
    co_return std::nullopt;
}

boost::asio::awaitable<void> WebSocket::iter_text(
    std::function<boost::asio::awaitable<void>(std::string)> each) {
    while (std::optional<std::string> text = co_await next_text()) co_await each(std::move(*text));
}

boost::asio::awaitable<void> WebSocket::iter_bytes(
    std::function<boost::asio::awaitable<void>(asgi::Bytes)> each) {
    while (std::optional<asgi::Bytes> bytes = co_await next_bytes())
        co_await each(std::move(*bytes));
}

boost::asio::awaitable<void> WebSocket::iter_json(
    std::function<boost::asio::awaitable<void>(boost::json::value)> each, JsonMode mode) {
    while (std::optional<boost::json::value> value = co_await next_json(mode))
        co_await each(std::move(*value));
}

boost::asio::awaitable<void> WebSocket::send_text(std::string data) {
    asgi::Message message = asgi::WebSocketSend(std::move(data));
    co_await send(std::move(message));
}

boost::asio::awaitable<void> WebSocket::send_bytes(asgi::Bytes data) {
    asgi::Message message = asgi::WebSocketSend(std::move(data));
    co_await send(std::move(message));
}

boost::asio::awaitable<void> WebSocket::send_json(const boost::json::value& data, JsonMode mode) {
    std::string text = detail::python_json_dumps(data);
    asgi::Message message = mode == JsonMode::text
                                ? asgi::Message(asgi::WebSocketSend(std::move(text)))
                                : asgi::Message(asgi::WebSocketSend(asgi::Bytes(std::move(text))));
    co_await send(std::move(message));
}

boost::asio::awaitable<void> WebSocket::close(int code, std::string reason) {
    asgi::Message message = asgi::WebSocketClose(code, std::move(reason));
    co_await send(std::move(message));
}

boost::asio::awaitable<void> WebSocket::send_denial_response(const Response& response) {
    if (!scope().extensions.websocket_http_response)
        throw std::runtime_error(
            "The server doesn't support the Websocket Denial Response extension.");
    // The response sends http.response.*; through this connection they become the
    // extension's websocket.http.response.* and go through send()'s order checks.
    asgi::Send send_as_denial = [this](asgi::Message message) {
        return send(as_denial(std::move(message)));
    };
    asgi::Receive receive_here = [this]() { return receive(); };
    co_await response(scope(), std::move(receive_here), std::move(send_as_denial));
}

boost::asio::awaitable<void> WebSocketClose::operator()(asgi::Scope&, asgi::Receive,
                                                        asgi::Send send) const {
    asgi::Message message = asgi::WebSocketClose(code, reason);
    co_await send(std::move(message));
}

}  // namespace asgiscope::web
