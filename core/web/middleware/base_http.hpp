// BaseHTTPMiddleware: middleware written as one coroutine over a Request that calls the rest
// of the application and gets its Response back (Starlette's BaseHTTPMiddleware).
#pragma once

#include <functional>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// Runs the inner application for the request and returns its response (Starlette's
/// RequestResponseEndpoint): status and headers as the app sent them, the body streamed from
/// the app while the response is sent, not buffered. Rethrows what the app throws before it
/// starts its response; throws std::runtime_error("No response returned.") when the app
/// returns without one.
using CallNext = std::function<boost::asio::awaitable<Response>(Request&)>;
/// A dispatch function (Starlette's DispatchFunction).
using DispatchFunction = std::function<boost::asio::awaitable<Response>(Request&, CallNext)>;

/// HTTP middleware as a dispatch coroutine (Starlette's BaseHTTPMiddleware). Either pass a
/// dispatch function:
///
///     Middleware::of<BaseHTTPMiddleware>([](Request& request, CallNext call_next) -> awaitable<Response> {
///         Response response = co_await call_next(request);
///         response.headers().set("x-custom", "1");
///         co_return response;
///     })
///
/// or subclass it, override dispatch() and register `Middleware::of<MyMiddleware>()`.
/// WebSocket and lifespan scopes pass straight through.
///
/// A body the dispatch read with request.body() stays readable downstream (the inner app's
/// `receive` serves it again); a body streamed to its end leaves the inner app an empty one.
/// Once the response is sent, the inner app's `receive` reports http.disconnect and its
/// further messages are dropped. An exception the app throws after starting its response
/// ends the body and is rethrown once the response is sent; if dispatch or sending the
/// response throws, the inner app is cancelled and awaited, then the exception propagates.
class BaseHTTPMiddleware {
public:
    explicit BaseHTTPMiddleware(asgi::App app, DispatchFunction dispatch = {});
    virtual ~BaseHTTPMiddleware() = default;

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    /// The middleware's work. Calls the dispatch function given to the constructor; a
    /// subclass overrides it instead. Throws std::logic_error when there is neither.
    virtual boost::asio::awaitable<Response> dispatch(Request& request, CallNext call_next) const;

protected:
    /// The inner application.
    const asgi::App& app() const { return app_; }

private:
    boost::asio::awaitable<void> run(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    asgi::App app_;
    DispatchFunction dispatch_;
};

/// What tools see of a BaseHTTPMiddleware (or a subclass) entry (Middleware::options()): the
/// dispatch is C++ code, so only that it is there.
boost::json::object describe_middleware(const BaseHTTPMiddleware*);

}  // namespace asgiscope::web
