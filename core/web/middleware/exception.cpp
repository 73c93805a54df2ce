#include <asgiscope/web/middleware/exception.hpp>

#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

namespace {

boost::asio::awaitable<Response> http_exception(Request&, const HTTPException& exc) {
    asgi::Headers headers = exc.headers ? *exc.headers : asgi::Headers();
    if (exc.status_code == 204 || exc.status_code == 304) co_return Response(std::string(), exc.status_code, std::move(headers));
    co_return PlainTextResponse(exc.detail, exc.status_code, std::move(headers));
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
    if (scope.type != "http" && scope.type != "websocket") return app_(scope, std::move(receive), std::move(send));
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
    asgi::Send spy = [&started, send](asgi::Message message) {
        if (std::holds_alternative<asgi::HttpResponseStart>(message)) started = true;
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
    if (!handler) std::rethrow_exception(error);
    if (started) throw std::runtime_error("Caught handled exception, but response already started.");
    if (scope.type != "http") std::rethrow_exception(error);  // WebSocket handlers: not yet
    co_await respond(*handler, error, scope, std::move(receive), std::move(spy));
}

}  // namespace asgiscope::web
