#include <asgiscope/web/middleware/exception.hpp>

#include <typeinfo>

#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace {

boost::asio::awaitable<Response> http_exception(Request&, const HTTPException& exc) {
    asgi::Headers headers = exc.headers ? *exc.headers : asgi::Headers();
    if (exc.status_code == 204 || exc.status_code == 304) co_return Response(std::string(), exc.status_code, std::move(headers));
    co_return PlainTextResponse(exc.detail, exc.status_code, std::move(headers));
}

// The handler ExceptionMiddleware has for WebSocketException by default: close the
// WebSocket with the exception's code and reason.
boost::asio::awaitable<void> close_websocket(const std::exception_ptr& error, asgi::Send send) {
    int code = 1000;
    std::string reason;
    try {
        std::rethrow_exception(error);
    } catch (const WebSocketException& e) {
        code = e.code;
        reason = e.reason;
    }
    asgi::Message close = asgi::WebSocketClose(code, std::move(reason));
    co_await send(std::move(close));
}

boost::asio::awaitable<Response> never_called(Request&, const WebSocketException&) { co_return Response(); }

// Whether `error` is a WebSocketException that no registered handler claims more closely
// than the default one does (a handler for a base class, std::exception say, does not).
bool default_websocket_exception(const ExceptionHandler* handler, const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const WebSocketException&) {
    } catch (...) {
        return false;
    }
    if (!handler || !handler->type()) return true;
    static const ExceptionHandler probe = ExceptionHandler::of<WebSocketException>(never_called);
    return *handler->type() != typeid(WebSocketException) && handler->is_base_of(probe);
}

/// A response's messages as the WebSocket denial-response extension's.
asgi::Send as_denial(asgi::Send send) {
    return [send = std::move(send)](asgi::Message message) -> boost::asio::awaitable<void> {
        if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) {
            asgi::WebSocketHttpResponseStart denial(start->status, std::move(start->headers));
            return send(asgi::Message(std::move(denial)));
        }
        if (auto* body = std::get_if<asgi::HttpResponseBody>(&message)) {
            asgi::WebSocketHttpResponseBody denial(std::move(body->body), body->more_body);
            return send(asgi::Message(std::move(denial)));
        }
        return send(std::move(message));
    };
}

// Kept apart from call() so that the common path's frame stays small.
boost::asio::awaitable<void> respond(const ExceptionHandler& handler, std::exception_ptr error, asgi::Scope& scope,
                                     asgi::Receive receive, asgi::Send send) {
    Request request(scope, receive);
    const Response response = co_await handler(request, error);
    co_await response(scope, std::move(receive), std::move(send));
}

}  // namespace

ExceptionMiddleware::ExceptionMiddleware(asgi::App app, Options options) : app_(std::move(app)), debug_(options.debug) {
    handlers_.add(ExceptionHandler::of<HTTPException>(http_exception));
    for (auto& h : options.handlers) handlers_.add(std::move(h));
}

boost::asio::awaitable<void> ExceptionMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                             asgi::Send send) const {
    if (scope.type != "http"sv && scope.type != "websocket"sv) return app_(scope, std::move(receive), std::move(send));
    return call(scope, std::move(receive), std::move(send));
}

const ExceptionHandler* ExceptionMiddleware::lookup(const std::exception_ptr& error) const {
    try {
        std::rethrow_exception(error);
    } catch (const HTTPException& e) {
        if (const ExceptionHandler* h = handlers_.for_status(e.status_code)) return h;
    } catch (...) {
    }
    return handlers_.for_exception(error);
}

boost::asio::awaitable<void> ExceptionMiddleware::call(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    bool started = false;
    // Refers to this frame's `started` and `send`: trivially copyable, so std::function holds
    // it without allocating and the copies the app makes (Request keeps one) are cheap.
    asgi::Send spy = [&started, &send](asgi::Message&& message) {
        // An accepted WebSocket has started its response too: no handler can answer it now.
        if (std::holds_alternative<asgi::HttpResponseStart>(message) ||
            std::holds_alternative<asgi::WebSocketHttpResponseStart>(message) ||
            std::holds_alternative<asgi::WebSocketAccept>(message))
            started = true;
        return send(std::move(message));
    };
    std::exception_ptr error;
    try {
        co_await app_(scope, receive, spy);
    } catch (...) {
        error = std::current_exception();
    }
    if (!error) co_return;
    const ExceptionHandler* handler = lookup(error);
    if (scope.type == "websocket"sv && default_websocket_exception(handler, error)) {
        co_await close_websocket(error, std::move(spy));
        co_return;
    }
    if (!handler) std::rethrow_exception(error);
    if (started) throw std::runtime_error("Caught handled exception, but response already started.");
    if (scope.type == "http"sv) {
        co_await respond(*handler, error, scope, std::move(receive), std::move(spy));
        co_return;
    }
    // A WebSocket not yet accepted: the handler's response goes out as a denial response,
    // when the server offers that extension (else there is no way to answer).
    if (!scope.extensions.websocket_http_response) std::rethrow_exception(error);
    co_await respond(*handler, error, scope, std::move(receive), as_denial(std::move(spy)));
}

}  // namespace asgiscope::web
