// CORSMiddleware: Cross-Origin Resource Sharing headers on simple requests, and preflight
// requests answered directly (Starlette's CORSMiddleware).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// CORSMiddleware's options, with Starlette's defaults.
struct CORSMiddlewareOptions {
    /// Allowed origins ("https://example.org"), or "*" for any.
    std::vector<std::string> allow_origins{};
    /// Methods a preflight may ask for; "*" means DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT.
    std::vector<std::string> allow_methods = {"GET"};
    /// Request headers a preflight may ask for besides the CORS-safelisted ones; "*" for any.
    std::vector<std::string> allow_headers{};
    bool allow_credentials = false;
    /// Origins matching this ECMAScript regular expression (whole origin) are allowed too.
    std::optional<std::string> allow_origin_regex{};
    /// Response headers the browser may show to the page (Access-Control-Expose-Headers).
    std::vector<std::string> expose_headers{};
    /// Access-Control-Max-Age of preflight responses, in seconds.
    int max_age = 600;
    /// Private Network Access: a preflight asking `Access-Control-Request-Private-Network:
    /// true` gets `Access-Control-Allow-Private-Network: true`; when false, such a preflight
    /// fails with "private-network".
    bool allow_private_network = false;
};
/// The options as JSON for tools (Middleware::options()).
boost::json::object describe_options(const CORSMiddlewareOptions& options);

/// Adds CORS headers to HTTP responses for requests with an Origin header: the allowed origin
/// (mirrored, with `Vary: Origin`, unless any origin is allowed and the request has no
/// cookie), credentials and expose headers. A preflight (OPTIONS with Origin and
/// Access-Control-Request-Method) is answered here: 200 "OK", or 400 "Disallowed CORS "
/// followed by what failed ("origin", "method", "headers", "private-network"). Requests without an Origin and
/// other connection types pass through untouched.
class CORSMiddleware {
public:
    using Options = CORSMiddlewareOptions;

    /// Throws std::regex_error for an invalid allow_origin_regex.
    CORSMiddleware(asgi::App app, Options options = {});

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    bool is_allowed_origin(std::string_view origin) const;

private:
    using Pairs = std::vector<std::pair<std::string, std::string>>;

    asgi::Headers preflight_headers(const asgi::Headers& request, std::string& failures) const;
    void add_simple_headers(asgi::Headers& response, std::string_view origin, bool has_cookie) const;

    asgi::App app_;
    std::vector<std::string> allow_origins_;
    std::vector<std::string> allow_methods_;
    std::vector<std::string> allow_headers_;  ///< lower case
    bool allow_all_origins_ = false;
    bool allow_all_headers_ = false;
    bool preflight_explicit_allow_origin_ = false;
    bool allow_private_network_ = false;
    std::optional<std::regex> allow_origin_regex_;
    Pairs simple_headers_;
    Pairs preflight_headers_;
};

}  // namespace asgiscope::web
