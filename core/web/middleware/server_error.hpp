// ServerErrorMiddleware: the outermost layer of an application, answering 500 for anything
// that escapes the rest (Starlette's ServerErrorMiddleware).
#pragma once

#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/middleware/exception_handlers.hpp>

namespace asgiscope::web {

/// ServerErrorMiddleware's options.
struct ServerErrorMiddlewareOptions {
    /// The application's handler for 500 or std::exception, if any.
    std::optional<ExceptionHandler> handler{};
    /// Answer with the error's type and message (an HTML page when the client accepts HTML).
    bool debug = false;
    /// The application's layers, outer to inner ("ServerErrorMiddleware", ..., "Router"), for
    /// the debug page; Starlette fills it in when it builds its stack.
    std::vector<std::string> layers{};
};
/// The options as JSON for tools (Middleware::options()): debug, the handler's key, the layers.
boost::json::object describe_options(const ServerErrorMiddlewareOptions& options);

/// Turns an exception from the app into a 500 response, if the response has not started:
/// in debug mode a page with the exception's type and message and the request; else the
/// handler's response, or "Internal Server Error". The exception is always re-thrown
/// afterwards, so the server logs it and a TestClient raises it.
class ServerErrorMiddleware {
public:
    using Options = ServerErrorMiddlewareOptions;

    ServerErrorMiddleware(asgi::App app, Options options = {});

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    /// The debug page for `error` (HTML when `html`, else plain text): the exception's type
    /// and message, the request line and headers, the application's `layers` outer to inner,
    /// and what routing had added to the scope (route name, path parameters, root_path).
    static std::string debug_content(const Request& request, const std::exception_ptr& error, bool html,
                                     const std::vector<std::string>& layers = {});

private:
    boost::asio::awaitable<void> call(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;
    boost::asio::awaitable<void> error_response(asgi::Scope& scope, asgi::Receive receive, asgi::Send send,
                                                std::exception_ptr error) const;

    asgi::App app_;
    std::optional<ExceptionHandler> handler_;
    bool debug_;
    std::vector<std::string> layers_;
};

}  // namespace asgiscope::web
