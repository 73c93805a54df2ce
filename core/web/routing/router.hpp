// Router: tries its routes in order and hands the request to the best match (Starlette's
// Router), and runs the application's lifespan.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/route.hpp>
#include <asgiscope/web/routing/websocket_route.hpp>

namespace asgiscope::web {

/// What a lifespan function is given: `co_await lifespan.serve(state)` runs the
/// application until shutdown; code before it is startup, code after it is shutdown.
class LifespanContext {
public:
    LifespanContext(asgi::Scope& scope, const asgi::Receive& receive, const asgi::Send& send)
        : scope_(&scope), receive_(&receive), send_(&send) {}

    /// Merges `state` into the lifespan state (each request's scope gets a copy), reports
    /// startup complete, and returns when the server asks for shutdown. Throws
    /// std::runtime_error when given state the server cannot keep, or when called twice.
    boost::asio::awaitable<void> serve(asgi::State state = {});
    /// Whether serve() has reported startup complete.
    bool started() const { return started_; }

private:
    asgi::Scope* scope_;
    const asgi::Receive* receive_;
    const asgi::Send* send_;
    bool started_ = false;
};

/// An application's startup and shutdown around one `co_await lifespan.serve(...)`
/// (Starlette's lifespan context manager; what it yields is the state passed to serve()).
using Lifespan = std::function<boost::asio::awaitable<void>(LifespanContext&)>;

/// A startup or shutdown handler (Starlette's on_startup/on_shutdown entries).
using LifecycleHandler = std::function<boost::asio::awaitable<void>()>;

/// Router's options (Starlette's keyword arguments).
struct RouterOptions {
    Routes routes{};
    /// Redirect (307) to the path with or without its trailing '/' when only that one matches.
    bool redirect_slashes = true;
    /// Answers what no route takes (Starlette's `default`, a C++ keyword); unset: 404.
    std::optional<asgi::App> default_{};
    Lifespan lifespan{};
    /// Run in order before startup completes / after shutdown is requested. Either these or
    /// `lifespan`, not both (std::invalid_argument).
    std::vector<LifecycleHandler> on_startup{};
    std::vector<LifecycleHandler> on_shutdown{};
};

/// Dispatches to routes (Starlette's Router): the first Full match handles the request, else
/// the first Partial one (e.g. 405), else a trailing-slash redirect, else `default_` or 404.
class Router {
public:
    explicit Router(RouterOptions options = {});

    const Routes& routes() const { return routes_; }
    bool redirect_slashes() const { return redirect_slashes_; }
    /// Whether a `default_` app answers what no route takes (else 404).
    bool has_default() const { return default_.has_value(); }

    /// The path of the route named `name` ("mount:child" inside named mounts) with `params`;
    /// throws NoMatchFound.
    URLPath url_path_for(std::string_view name, const asgi::PathParams& params = {}) const;

    void add_route(std::string path, Endpoint endpoint, RouteOptions options = {});
    void add_route(std::string path, asgi::App app, RouteOptions options = {});
    void mount(std::string path, asgi::App app, std::string name = {});
    void host(std::string host, asgi::App app, std::string name = {});
    void add_websocket_route(std::string path, WebSocketEndpointFunction endpoint, WebSocketRouteOptions options = {});
    void add_websocket_route(std::string path, asgi::App app, WebSocketRouteOptions options = {});

    /// The ASGI app: lifespan scopes run the lifespan, the others are routed.
    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

private:
    boost::asio::awaitable<void> lifespan(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    Routes routes_;
    bool redirect_slashes_;
    std::optional<asgi::App> default_;
    Lifespan lifespan_;
};

}  // namespace asgiscope::web
