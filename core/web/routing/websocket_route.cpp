#include <asgiscope/web/routing/websocket_route.hpp>

#include <memory>
#include <stdexcept>

#include <asgiscope/trace/tracer.hpp>
#include "../detail/wrap_middleware.hpp"

namespace asgiscope::web {

namespace {

boost::asio::awaitable<void> run_session(const WebSocketEndpointFunction& endpoint,
                                         asgi::Scope& scope, asgi::Receive receive,
                                         asgi::Send send) {
    WebSocket websocket(scope, std::move(receive), std::move(send));
    co_await endpoint(websocket);
}

const std::string& checked_path(const std::string& path) {
    if (!path.starts_with('/')) throw std::invalid_argument("Routed paths must start with '/'");
    return path;
}

}  // namespace

asgi::App websocket_session(WebSocketEndpointFunction endpoint) {
    if (!endpoint) throw std::invalid_argument("websocket_session: empty endpoint");
    auto shared = std::make_shared<const WebSocketEndpointFunction>(std::move(endpoint));
    return [shared](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
        return run_session(*shared, scope, std::move(receive), std::move(send));
    };
}

WebSocketRoute::WebSocketRoute(std::string path, WebSocketEndpointFunction endpoint,
                               WebSocketRouteOptions options)
    : WebSocketRoute(std::move(path), websocket_session(std::move(endpoint)), std::move(options)) {
    has_endpoint_ = true;
}

WebSocketRoute::WebSocketRoute(std::string path, asgi::App app, WebSocketRouteOptions options)
    : path_(std::move(path)),
      name_(std::move(options.name)),
      middleware_(std::move(options.middleware)),
      app_(std::move(app)),
      compiled_(checked_path(path_)) {
    if (!app_) throw std::invalid_argument("WebSocketRoute: empty app");
    app_ = detail::wrap_middleware(middleware_, std::move(app_));
}

MatchResult WebSocketRoute::matches(const asgi::Scope& scope) const {
    MatchResult result;
    if (scope.type != "websocket") {
        result.reason = "not a websocket scope";
        return result;
    }
    auto params = compiled_.match(route_path(scope));
    if (!params) {
        result.reason = "path does not match";
        return result;
    }
    result.child = ChildScope::of(scope, std::move(*params), name_);
    result.match = Match::Full;
    return result;
}

URLPath WebSocketRoute::url_path_for(std::string_view name, const asgi::PathParams& params) const {
    if (name_.empty() || name != name_ || !compiled_.takes_exactly(params)) throw NoMatchFound(name, params);
    auto [path, remaining] = compiled_.replace_params(params);
    return URLPath(std::move(path), "websocket");
}

boost::asio::awaitable<void> WebSocketRoute::handle(asgi::Scope& scope, asgi::Receive receive,
                                                    asgi::Send send) const {
    if (scope.trace_context) [[unlikely]] {
        trace::LayerInfo layer;
        layer.kind = trace::SpanKind::endpoint;
        layer.name = "endpoint";
        layer.detail = name_;
        return trace::call_layer(layer, app_, scope, std::move(receive), std::move(send));
    }
    return app_(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
