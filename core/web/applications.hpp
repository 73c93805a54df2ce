// Starlette: the application. A router wrapped in ServerErrorMiddleware (outermost), the
// user's middleware, and ExceptionMiddleware (innermost), built once on the first call.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/state.hpp>
#include <asgiscope/web/middleware/exception_handlers.hpp>
#include <asgiscope/web/middleware/middleware.hpp>
#include <asgiscope/web/routing/router.hpp>

namespace asgiscope::trace {
class Tracer;  // <asgiscope/trace/tracer.hpp>
}  // namespace asgiscope::trace

namespace asgiscope::web {

/// Starlette's options.
struct StarletteOptions {
    /// Debug error pages from ServerErrorMiddleware.
    bool debug = false;
    Routes routes{};
    /// Outermost first.
    std::vector<Middleware> middleware{};
    /// By status code or exception type; 500 and std::exception go to ServerErrorMiddleware,
    /// the rest to ExceptionMiddleware.
    std::vector<ExceptionHandler> exception_handlers{};
    Lifespan lifespan{};
    /// Either these or `lifespan`, not both (std::invalid_argument).
    std::vector<LifecycleHandler> on_startup{};
    std::vector<LifecycleHandler> on_shutdown{};
    /// When set, every layer of the stack is traced while the tracer is enabled: each request
    /// then yields a trace::Trace in the tracer's hub (see asgiscope/trace/tracer.hpp).
    std::shared_ptr<trace::Tracer> tracer{};
};

/// The application (Starlette's Starlette). A handle: copies share one application, so it
/// can be handed to a server or a TestClient as an asgi::App and still be configured here
/// until its first call.
class Starlette {
public:
    explicit Starlette(StarletteOptions options = {});

    bool debug() const;
    /// app.state: the application's own named values.
    State& state() const;
    const Router& router() const;
    const Routes& routes() const;
    const std::vector<Middleware>& user_middleware() const;
    const std::vector<ExceptionHandler>& exception_handlers() const;
    URLPath url_path_for(std::string_view name, const asgi::PathParams& params = {}) const;

    // Configuration: each throws std::runtime_error once the application has started.
    void add_route(std::string path, Endpoint endpoint, RouteOptions options = {});
    void add_route(std::string path, asgi::App app, RouteOptions options = {});
    void mount(std::string path, asgi::App app, std::string name = {});
    void host(std::string host, asgi::App app, std::string name = {});
    void add_websocket_route(std::string path, WebSocketEndpointFunction endpoint, WebSocketRouteOptions options = {});
    void add_websocket_route(std::string path, asgi::App app, WebSocketRouteOptions options = {});
    /// Adds `middleware` outside every user middleware added before it.
    void add_middleware(Middleware middleware);
    void add_exception_handler(ExceptionHandler handler);
    /// Traces the application's layers with `tracer` (null: none); switch tracing on and off
    /// with tracer->set_enabled().
    void set_tracer(std::shared_ptr<trace::Tracer> tracer);
    const std::shared_ptr<trace::Tracer>& tracer() const;

    /// Whether the first call has built the middleware stack.
    bool started() const;
    /// The middleware the stack is built from, outermost first: ServerErrorMiddleware (with
    /// the 500 / std::exception handler), the user middleware, ExceptionMiddleware (with the
    /// other handlers). Tools read their names and options() here.
    std::vector<Middleware> middleware_stack() const;
    /// The stack (Starlette's build_middleware_stack): ServerErrorMiddleware, then the user
    /// middleware in order, then ExceptionMiddleware, then the router, as one reverse fold.
    /// With a tracer, each of these layers is wrapped by it (ServerErrorMiddleware's wrapper
    /// starts the traces) and the router traces the routes and endpoints it calls.
    asgi::App build_middleware_stack() const;

    /// The ASGI app: marks the scope as inside an application, builds the stack on first use.
    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    struct Impl;

private:
    void ensure_not_started(const char* what) const;
    std::shared_ptr<Impl> impl_;
};

}  // namespace asgiscope::web
