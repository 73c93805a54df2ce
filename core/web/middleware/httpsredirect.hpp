// HTTPSRedirectMiddleware: sends plain http:// and ws:// connections to their https:// and
// wss:// form (Starlette's HTTPSRedirectMiddleware).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// HTTPSRedirectMiddleware has no options (Starlette's takes none).
struct HTTPSRedirectMiddlewareOptions {};
/// The options as JSON for tools (Middleware::options()): none.
boost::json::object describe_options(const HTTPSRedirectMiddlewareOptions& options);

/// Answers every http or ws connection with a 307 RedirectResponse to the same URL with
/// scheme https or wss; a port 80 or 443 is dropped from the netloc, any other is kept.
/// Secure connections pass through. Over WebSocket the redirect goes out as a denial
/// response when the server offers the extension ("websocket.http.response"), else the
/// handshake is closed (1008).
class HTTPSRedirectMiddleware {
public:
    using Options = HTTPSRedirectMiddlewareOptions;

    explicit HTTPSRedirectMiddleware(asgi::App app, Options options = {});

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

private:
    asgi::App app_;
};

}  // namespace asgiscope::web
