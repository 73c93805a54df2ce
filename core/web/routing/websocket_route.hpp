// WebSocketRoute: a path pattern and the WebSocket endpoint or app that answers it
// (Starlette's WebSocketRoute and websocket_session).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/middleware/middleware.hpp>
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>
#include <asgiscope/web/websockets.hpp>

namespace asgiscope::web {

/// A WebSocket endpoint as Starlette writes one: `awaitable<void> f(WebSocket&)`.
using WebSocketEndpointFunction = std::function<boost::asio::awaitable<void>(WebSocket&)>;

/// WebSocketRoute's options (Starlette's keyword arguments).
struct WebSocketRouteOptions {
    /// The name url_path_for() knows it by ("" : none).
    std::string name{};
    /// Middleware around this route's app only, outermost first.
    std::vector<Middleware> middleware{};
};

/// A WebSocket route (Starlette's WebSocketRoute): a Full match for a websocket scope whose
/// path matches, no match for anything else (HTTP requests go on to other routes).
class WebSocketRoute : public BaseRoute {
public:
    /// Throws std::invalid_argument when `path` does not start with '/' or its pattern is bad.
    WebSocketRoute(std::string path, WebSocketEndpointFunction endpoint,
                   WebSocketRouteOptions options = {});
    WebSocketRoute(std::string path, asgi::App app, WebSocketRouteOptions options = {});

    const std::string& path() const { return path_; }
    const std::string& name() const override { return name_; }
    const CompiledPath& compiled_path() const { return compiled_; }
    /// The app handle() runs: the endpoint (or app) inside the route's middleware.
    const asgi::App& app() const { return app_; }
    /// Whether the route was given a WebSocket endpoint function rather than an ASGI app.
    bool has_endpoint() const { return has_endpoint_; }
    /// The route's own middleware, outermost first.
    const std::vector<Middleware>& middleware() const { return middleware_; }

    MatchResult matches(const asgi::Scope& scope) const override;
    /// A URLPath with protocol "websocket".
    URLPath url_path_for(std::string_view name, const asgi::PathParams& params) const override;
    boost::asio::awaitable<void> handle(asgi::Scope& scope, asgi::Receive receive,
                                        asgi::Send send) const override;

private:
    std::string path_;
    std::string name_;
    std::vector<Middleware> middleware_;
    asgi::App app_;
    CompiledPath compiled_;
    bool has_endpoint_ = false;
};

/// A WebSocket endpoint as an ASGI app (Starlette's websocket_session): builds the WebSocket
/// over the scope and awaits the endpoint with it.
asgi::App websocket_session(WebSocketEndpointFunction endpoint);

}  // namespace asgiscope::web
