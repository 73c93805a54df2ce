#include <asgiscope/web/applications.hpp>

#include <atomic>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/middleware/exception.hpp>
#include <asgiscope/web/middleware/server_error.hpp>

namespace asgiscope::web {

struct Starlette::Impl {
    bool debug = false;
    State state;
    Router router;
    std::vector<Middleware> user_middleware;
    std::vector<ExceptionHandler> exception_handlers;
    std::once_flag built;
    std::atomic<bool> started{false};
    asgi::App stack;
    std::shared_ptr<trace::Tracer> tracer;
};

Starlette::Starlette(StarletteOptions options) : impl_(std::make_shared<Impl>()) {
    impl_->debug = options.debug;
    RouterOptions router;
    router.routes = std::move(options.routes);
    router.lifespan = std::move(options.lifespan);
    router.on_startup = std::move(options.on_startup);
    router.on_shutdown = std::move(options.on_shutdown);
    impl_->router = Router(std::move(router));
    impl_->user_middleware = std::move(options.middleware);
    impl_->exception_handlers = std::move(options.exception_handlers);
    impl_->tracer = std::move(options.tracer);
}

bool Starlette::debug() const { return impl_->debug; }
State& Starlette::state() const { return impl_->state; }
const Router& Starlette::router() const { return impl_->router; }
const Routes& Starlette::routes() const { return impl_->router.routes(); }
const std::vector<Middleware>& Starlette::user_middleware() const { return impl_->user_middleware; }
const std::vector<ExceptionHandler>& Starlette::exception_handlers() const { return impl_->exception_handlers; }
const std::shared_ptr<trace::Tracer>& Starlette::tracer() const { return impl_->tracer; }
bool Starlette::started() const { return impl_->started.load(); }

URLPath Starlette::url_path_for(std::string_view name, const asgi::PathParams& params) const {
    return impl_->router.url_path_for(name, params);
}

void Starlette::ensure_not_started(const char* what) const {
    if (started()) throw std::runtime_error(std::string("Cannot ") + what + " after an application has started");
}

void Starlette::add_route(std::string path, Endpoint endpoint, RouteOptions options) {
    ensure_not_started("add routes");
    impl_->router.add_route(std::move(path), std::move(endpoint), std::move(options));
}

void Starlette::add_route(std::string path, asgi::App app, RouteOptions options) {
    ensure_not_started("add routes");
    impl_->router.add_route(std::move(path), std::move(app), std::move(options));
}

void Starlette::mount(std::string path, asgi::App app, std::string name) {
    ensure_not_started("add routes");
    impl_->router.mount(std::move(path), std::move(app), std::move(name));
}

void Starlette::host(std::string host_pattern, asgi::App app, std::string name) {
    ensure_not_started("add routes");
    impl_->router.host(std::move(host_pattern), std::move(app), std::move(name));
}

void Starlette::add_websocket_route(std::string path, WebSocketEndpointFunction endpoint,
                                    WebSocketRouteOptions options) {
    ensure_not_started("add routes");
    impl_->router.add_websocket_route(std::move(path), std::move(endpoint), std::move(options));
}

void Starlette::add_websocket_route(std::string path, asgi::App app, WebSocketRouteOptions options) {
    ensure_not_started("add routes");
    impl_->router.add_websocket_route(std::move(path), std::move(app), std::move(options));
}

void Starlette::add_middleware(Middleware middleware) {
    ensure_not_started("add middleware");
    impl_->user_middleware.insert(impl_->user_middleware.begin(), std::move(middleware));
}

void Starlette::add_exception_handler(ExceptionHandler handler) {
    ensure_not_started("add exception handlers");
    impl_->exception_handlers.push_back(std::move(handler));
}

void Starlette::set_tracer(std::shared_ptr<trace::Tracer> tracer) {
    ensure_not_started("set a tracer");
    impl_->tracer = std::move(tracer);
}

std::vector<Middleware> Starlette::middleware_stack() const {
    std::optional<ExceptionHandler> error_handler;
    std::vector<ExceptionHandler> handlers;
    for (const ExceptionHandler& h : impl_->exception_handlers) {
        if (h.status_code() == 500 || (h.type() && *h.type() == typeid(std::exception)))
            error_handler = h;
        else
            handlers.push_back(h);
    }
    ServerErrorMiddlewareOptions server_error;
    server_error.handler = std::move(error_handler);
    server_error.debug = impl_->debug;
    ExceptionMiddlewareOptions exception;
    exception.handlers = std::move(handlers);
    exception.debug = impl_->debug;

    server_error.layers.emplace_back("ServerErrorMiddleware");
    for (const Middleware& m : impl_->user_middleware) server_error.layers.push_back(m.name());
    server_error.layers.emplace_back("ExceptionMiddleware");
    server_error.layers.emplace_back("Router");

    std::vector<Middleware> middleware;
    middleware.push_back(Middleware::of<ServerErrorMiddleware>(std::move(server_error)));
    middleware.insert(middleware.end(), impl_->user_middleware.begin(), impl_->user_middleware.end());
    middleware.push_back(Middleware::of<ExceptionMiddleware>(std::move(exception)));
    return middleware;
}

asgi::App Starlette::build_middleware_stack() const {
    const std::vector<Middleware> middleware = middleware_stack();
    // The stack belongs to the Impl that owns the router: a plain pointer, no cycle.
    const Router* router = &impl_->router;
    asgi::App app = [router](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
        return (*router)(scope, std::move(receive), std::move(send));
    };
    const trace::Tracer* tracer = impl_->tracer.get();
    if (!tracer)
        return std::accumulate(middleware.rbegin(), middleware.rend(), std::move(app),
                               [](asgi::App inner, const Middleware& m) { return m.wrap(std::move(inner)); });
    // Traced: each layer is wrapped, so a layer's wrapper sees whether the next one was entered.
    app = tracer->wrap("Router", trace::SpanKind::router, std::move(app));
    for (auto m = middleware.rbegin(); m != middleware.rend(); ++m)
        app = tracer->wrap(m->name(), trace::SpanKind::middleware, m->wrap(std::move(app)),
                           std::next(m) == middleware.rend());
    return app;
}

// A plain function: the application adds no coroutine frame of its own.
boost::asio::awaitable<void> Starlette::operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    scope.in_app = true;
    Impl& impl = *impl_;
    if (!scope.router) scope.router = &router();  // url_for() before routing (scope["app"])
    std::call_once(impl.built, [&] {
        impl.stack = build_middleware_stack();
        impl.started = true;
    });
    return impl.stack(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
