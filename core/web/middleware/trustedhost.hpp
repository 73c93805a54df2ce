// TrustedHostMiddleware: refuses requests whose Host header names no allowed host, and
// redirects "example.com" to "www.example.com" when only the latter is allowed (Starlette's
// TrustedHostMiddleware).
#pragma once

#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// TrustedHostMiddleware's options, with Starlette's defaults.
struct TrustedHostMiddlewareOptions {
    /// Host names, "*.example.com" wildcards (any subdomain, not the domain itself), or "*"
    /// for any host.
    std::vector<std::string> allowed_hosts = {"*"};
    /// Redirect to "www.<host>" when that, but not the host itself, is allowed.
    bool www_redirect = true;
};
/// The options as JSON for tools (Middleware::options()).
boost::json::object describe_options(const TrustedHostMiddlewareOptions& options);

/// Checks the Host header (its port ignored) of HTTP and WebSocket connections against the
/// allowed hosts. A disallowed host gets 400 "Invalid host header" (PlainTextResponse) over
/// HTTP, a close (1008, "Invalid host header") over WebSocket; with www_redirect, an HTTP
/// request to a host whose "www." form is allowed is redirected there (307).
class TrustedHostMiddleware {
public:
    using Options = TrustedHostMiddlewareOptions;

    /// Throws std::invalid_argument for a pattern with a '*' other than a leading "*."
    /// ("Domain wildcard patterns must be like '*.example.com'.").
    TrustedHostMiddleware(asgi::App app, Options options = {});

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

private:
    asgi::App app_;
    std::vector<std::string> allowed_hosts_;
    bool allow_any_;
    bool www_redirect_;
};

}  // namespace asgiscope::web
