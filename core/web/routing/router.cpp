#include <asgiscope/web/routing/router.hpp>

#include <typeinfo>

#include <boost/core/demangle.hpp>

#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/responses/redirect_response.hpp>
#include <asgiscope/web/responses/text_responses.hpp>
#include <asgiscope/web/routing/host.hpp>
#include <asgiscope/web/routing/mount.hpp>

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace {

boost::asio::awaitable<void> redirect(std::string url, asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    const RedirectResponse response(url);
    co_await response(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> not_found(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    if (scope.type == "websocket"sv) {
        co_await send(asgi::WebSocketClose(1000));
        co_return;
    }
    // Inside an application its ExceptionMiddleware answers (and its handlers may change that).
    if (scope.in_app) throw HTTPException(404);
    const PlainTextResponse response("Not Found", 404);
    co_await response(scope, std::move(receive), std::move(send));
}

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return boost::core::demangle(typeid(e).name()) + ": " + e.what();
    } catch (...) {
        return "unknown exception";
    }
}

// Sets scope.path for the duration of a look-up.
class PathSwap {
public:
    PathSwap(asgi::Scope& scope, std::string path) : scope_(scope), saved_(std::move(scope.path)) {
        scope_.path = std::move(path);
    }
    ~PathSwap() { scope_.path = std::move(saved_); }
    PathSwap(const PathSwap&) = delete;
    PathSwap& operator=(const PathSwap&) = delete;

private:
    asgi::Scope& scope_;
    std::string saved_;
};

// Tracing: the route the router picked, as a layer of the request's trace.
boost::asio::awaitable<void> handle_route(const void* route, asgi::Scope& scope, asgi::Receive receive,
                                          asgi::Send send) {
    return static_cast<const BaseRoute*>(route)->handle(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> traced_handle(const BaseRoute& route, asgi::Scope& scope, asgi::Receive receive,
                                           asgi::Send send) {
    trace::LayerInfo layer;
    layer.kind = trace::SpanKind::route;
    if (const auto* r = dynamic_cast<const Route*>(&route)) {
        layer.name = "Route";
        layer.detail = r->path();
    } else if (const auto* m = dynamic_cast<const Mount*>(&route)) {
        layer.kind = trace::SpanKind::mount;
        layer.name = "Mount";
        layer.detail = m->path();
    } else if (const auto* h = dynamic_cast<const Host*>(&route)) {
        layer.kind = trace::SpanKind::host;
        layer.name = "Host";
        layer.detail = h->host();
    } else if (const auto* w = dynamic_cast<const WebSocketRoute*>(&route)) {
        layer.name = "WebSocketRoute";
        layer.detail = w->path();
    } else {
        layer.name = "route";
        layer.detail = route.name();
    }
    return trace::call_layer(layer, &route, &handle_route, scope, std::move(receive), std::move(send));
}

}  // namespace

boost::asio::awaitable<void> LifespanContext::serve(asgi::State state) {
    if (started_) throw std::runtime_error("LifespanContext::serve() called twice");
    if (!state.empty()) {
        if (!scope_->state) throw std::runtime_error("The server does not support \"state\" in the lifespan scope.");
        for (auto& [k, v] : state) scope_->state->insert_or_assign(k, std::move(v));
    }
    asgi::Message complete = asgi::LifespanStartupComplete();
    co_await (*send_)(std::move(complete));
    started_ = true;
    (void)co_await (*receive_)();  // lifespan.shutdown
}

Router::Router(RouterOptions options)
    : routes_(std::move(options.routes)),
      redirect_slashes_(options.redirect_slashes),
      default_(std::move(options.default_)),
      lifespan_(std::move(options.lifespan)) {
    if (options.on_startup.empty() && options.on_shutdown.empty()) return;
    if (lifespan_) throw std::invalid_argument("Use either 'lifespan' or 'on_startup'/'on_shutdown', not both.");
    lifespan_ = [startup = std::move(options.on_startup),
                 shutdown = std::move(options.on_shutdown)](LifespanContext& context) -> boost::asio::awaitable<void> {
        for (const auto& handler : startup) co_await handler();
        co_await context.serve();
        for (const auto& handler : shutdown) co_await handler();
    };
}

URLPath Router::url_path_for(std::string_view name, const asgi::PathParams& params) const {
    for (const RouteRef& route : routes_) {
        try {
            return route->url_path_for(name, params);
        } catch (const NoMatchFound&) {
        }
    }
    throw NoMatchFound(name, params);
}

void Router::add_route(std::string path, Endpoint endpoint, RouteOptions options) {
    routes_.emplace_back(Route(std::move(path), std::move(endpoint), std::move(options)));
}

void Router::add_route(std::string path, asgi::App app, RouteOptions options) {
    routes_.emplace_back(Route(std::move(path), std::move(app), std::move(options)));
}

void Router::mount(std::string path, asgi::App app, std::string name) {
    MountOptions options;
    options.name = std::move(name);
    routes_.emplace_back(Mount(std::move(path), std::move(app), std::move(options)));
}

void Router::host(std::string host_pattern, asgi::App app, std::string name) {
    HostOptions options;
    options.name = std::move(name);
    routes_.emplace_back(Host(std::move(host_pattern), std::move(app), std::move(options)));
}

void Router::add_websocket_route(std::string path, WebSocketEndpointFunction endpoint, WebSocketRouteOptions options) {
    routes_.emplace_back(WebSocketRoute(std::move(path), std::move(endpoint), std::move(options)));
}

void Router::add_websocket_route(std::string path, asgi::App app, WebSocketRouteOptions options) {
    routes_.emplace_back(WebSocketRoute(std::move(path), std::move(app), std::move(options)));
}

// A plain function: it picks the route and returns that route's coroutine, so routing adds no
// coroutine frame of its own to the request.
boost::asio::awaitable<void> Router::operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    if (scope.type == "lifespan"sv) return lifespan(scope, std::move(receive), std::move(send));
    if (!scope.router) scope.router = this;

    const BaseRoute* partial = nullptr;
    ChildScope partial_child;
    for (const RouteRef& route : routes_) {
        MatchResult result = route->matches(scope);
        if (result.match == Match::Full) {
            std::move(result.child).apply_to(scope);
            if (scope.trace_context) [[unlikely]]
                return traced_handle(*route, scope, std::move(receive), std::move(send));
            return route->handle(scope, std::move(receive), std::move(send));
        }
        if (result.match == Match::Partial && !partial) {
            partial = route.get();
            partial_child = std::move(result.child);
        }
    }
    if (partial) {
        std::move(partial_child).apply_to(scope);
        if (scope.trace_context) [[unlikely]]
            return traced_handle(*partial, scope, std::move(receive), std::move(send));
        return partial->handle(scope, std::move(receive), std::move(send));
    }

    const std::string_view path = route_path(scope);
    if (scope.type == "http"sv && redirect_slashes_ && path != "/") {
        std::string other = scope.path;
        if (path.ends_with('/')) {
            while (!other.empty() && other.back() == '/') other.pop_back();
        } else {
            other += '/';
        }
        std::optional<std::string> target;
        {
            PathSwap swap(scope, std::move(other));
            for (const RouteRef& route : routes_)
                if (route->matches(scope).match != Match::None) {
                    target = URL::from_scope(scope).str();
                    break;
                }
        }
        if (target) return redirect(std::move(*target), scope, std::move(receive), std::move(send));
    }
    if (default_) return (*default_)(scope, std::move(receive), std::move(send));
    return not_found(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> Router::lifespan(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    (void)co_await receive();  // lifespan.startup
    LifespanContext context(scope, receive, send);
    std::exception_ptr error;
    try {
        if (lifespan_)
            co_await lifespan_(context);
        else
            co_await context.serve();
        if (!context.started()) throw std::runtime_error("The lifespan function returned without calling serve().");
    } catch (...) {
        error = std::current_exception();
    }
    if (error) {
        asgi::Message failed = context.started() ? asgi::Message(asgi::LifespanShutdownFailed(describe(error)))
                                                 : asgi::Message(asgi::LifespanStartupFailed(describe(error)));
        co_await send(std::move(failed));
        std::rethrow_exception(error);
    }
    asgi::Message complete = asgi::LifespanShutdownComplete();
    co_await send(std::move(complete));
}

}  // namespace asgiscope::web
