// ExceptionMiddleware: the innermost layer of an application, turning handled exceptions
// (HTTPException and registered types) into responses (Starlette's ExceptionMiddleware).
#pragma once

#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/middleware/exception_handlers.hpp>

namespace asgiscope::web {

/// ExceptionMiddleware's options.
struct ExceptionMiddlewareOptions {
    std::vector<ExceptionHandler> handlers{};
    bool debug = false;
};
/// The options as JSON for tools (Middleware::options()): debug and the handlers' keys.
boost::json::object describe_options(const ExceptionMiddlewareOptions& options);

/// Catches what the app throws and answers with the handler registered for it: by status
/// code for an HTTPException, else by the most derived registered type. HTTPException has a
/// default handler (PlainTextResponse(detail, status_code, headers); no body for 204 and
/// 304). Exceptions without a handler go on up; so does one caught after the response had
/// started ("Caught handled exception, but response already started.").
/// In a WebSocket, a WebSocketException closes the connection with its code and reason
/// (unless a handler is registered for it or a type derived from it), at any time; other
/// handled exceptions, before accept, answer with the handler's response sent as a denial
/// response (websocket.http.response.*), and after accept count as "response already started".
class ExceptionMiddleware {
public:
    using Options = ExceptionMiddlewareOptions;

    ExceptionMiddleware(asgi::App app, Options options = {});

    void add_exception_handler(ExceptionHandler handler) { handlers_.add(std::move(handler)); }
    const ExceptionHandlerTable& handlers() const { return handlers_; }

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

private:
    boost::asio::awaitable<void> call(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;
    const ExceptionHandler* lookup(const std::exception_ptr& error) const;

    asgi::App app_;
    ExceptionHandlerTable handlers_;
    bool debug_;
};

}  // namespace asgiscope::web
