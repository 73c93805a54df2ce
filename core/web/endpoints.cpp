#include <asgiscope/web/endpoints.hpp>

#include <stdexcept>

#include <boost/json/parse.hpp>

#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/responses/text_responses.hpp>
#include <asgiscope/web/status.hpp>

namespace asgiscope::web {

// ---- HTTPEndpoint -------------------------------------------------------------------------

void HTTPEndpoint::finish(Methods& methods) {
    for (std::size_t i = 0; i < kMethodNames.size(); ++i) {
        if (!methods.handlers[i]) continue;
        methods.allowed.emplace_back(kMethodNames[i]);
        methods.allow += (methods.allow.empty() ? "" : ", ") + std::string(kMethodNames[i]);
    }
}

const std::vector<std::string>& HTTPEndpoint::allowed_methods() const {
    static const std::vector<std::string> none;
    return methods_ ? methods_->allowed : none;
}

boost::asio::awaitable<Response> HTTPEndpoint::method_not_allowed(Request&) const {
    asgi::Headers headers;
    headers.emplace_back("allow", methods_ ? methods_->allow : std::string());
    if (scope_ && scope_->in_app) throw HTTPException(405, std::nullopt, std::move(headers));
    co_return PlainTextResponse("Method Not Allowed", 405, std::move(headers));
}

boost::asio::awaitable<void> HTTPEndpoint::dispatch(std::unique_ptr<HTTPEndpoint> endpoint,
                                                    std::shared_ptr<const Methods> methods,
                                                    asgi::Scope& scope, asgi::Receive receive,
                                                    asgi::Send send) {
    if (scope.type != "http")
        throw std::invalid_argument("HTTPEndpoint needs an http scope, not '" + scope.type + "'");
    HTTPEndpoint& self = *endpoint;
    self.scope_ = &scope;
    self.receive_ = receive;
    self.send_ = send;
    self.methods_ = methods.get();

    Handler handler = nullptr;
    for (std::size_t i = 0; i < kMethodNames.size(); ++i)
        if (scope.method == kMethodNames[i]) handler = methods->handlers[i];
    if (scope.method == "HEAD" && !methods->handlers[1])
        handler = methods->handlers[0];  // HEAD: get() then

    Request request(scope, receive, send);
    Response response;
    if (handler)
        response = co_await handler(self, request);
    else
        response = co_await self.method_not_allowed(request);
    co_await response(scope, std::move(receive), std::move(send));
}

// ---- WebSocketEndpoint --------------------------------------------------------------------

boost::asio::awaitable<void> WebSocketEndpoint::on_connect(WebSocket& websocket) {
    co_await websocket.accept();
}

boost::asio::awaitable<void> WebSocketEndpoint::on_receive(WebSocket&, WebSocketData) {
    co_return;
}

boost::asio::awaitable<void> WebSocketEndpoint::on_disconnect(WebSocket&, int) {
    co_return;
}

boost::asio::awaitable<WebSocketData> WebSocketEndpoint::decode(WebSocket& websocket,
                                                                asgi::WebSocketReceive message) {
    const char* error = nullptr;
    switch (encoding) {
        case WebSocketEncoding::text:
            if (message.text) co_return std::move(*message.text);
            error = "Expected text websocket messages, but got bytes";
            break;
        case WebSocketEncoding::bytes:
            if (message.bytes) co_return std::move(*message.bytes);
            error = "Expected bytes websocket messages, but got text";
            break;
        case WebSocketEncoding::json: {
            const std::string_view text =
                message.text ? std::string_view(*message.text)
                             : (message.bytes ? message.bytes->view() : std::string_view());
            boost::json::error_code ec;
            boost::json::value value = boost::json::parse(text, ec);
            if (!ec) co_return value;
            error = "Malformed JSON data received.";
            break;
        }
        case WebSocketEncoding::none:
            if (message.text) co_return std::move(*message.text);
            co_return message.bytes ? std::move(*message.bytes) : asgi::Bytes();
    }
    co_await websocket.close(status::WS_1003_UNSUPPORTED_DATA);
    throw std::runtime_error(error);
}

// The messages until the client disconnects; returns its close code.
boost::asio::awaitable<int> WebSocketEndpoint::receive_loop(WebSocket& websocket) {
    for (;;) {
        asgi::Message message = co_await websocket.receive();
        if (auto* received = std::get_if<asgi::WebSocketReceive>(&message)) {
            WebSocketData data = co_await decode(websocket, std::move(*received));
            co_await on_receive(websocket, std::move(data));
        } else if (const auto* disconnect = std::get_if<asgi::WebSocketDisconnect>(&message)) {
            co_return disconnect->code ? disconnect->code : status::WS_1000_NORMAL_CLOSURE;
        }
    }
}

boost::asio::awaitable<void> WebSocketEndpoint::dispatch(asgi::Scope& scope, asgi::Receive receive,
                                                         asgi::Send send) {
    WebSocket websocket(scope, std::move(receive), std::move(send));
    co_await on_connect(websocket);
    int close_code = status::WS_1000_NORMAL_CLOSURE;
    std::exception_ptr error;
    try {
        close_code = co_await receive_loop(websocket);
    } catch (...) {
        close_code = status::WS_1011_INTERNAL_ERROR;
        error = std::current_exception();
    }
    co_await on_disconnect(websocket, close_code);
    if (error) std::rethrow_exception(error);
}

boost::asio::awaitable<void> WebSocketEndpoint::run(std::unique_ptr<WebSocketEndpoint> endpoint,
                                                    asgi::Scope& scope, asgi::Receive receive,
                                                    asgi::Send send) {
    co_await endpoint->dispatch(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
