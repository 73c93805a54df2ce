// SessionMiddleware: a signed cookie holding a JSON session dictionary, loaded into the
// scope before the app runs and written back when the app changed it (Starlette's
// SessionMiddleware). The cookie is Starlette's: base64 of the JSON, signed by itsdangerous'
// TimestampSigner, so Starlette and asgiscope applications sharing a secret share sessions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

namespace detail {
class TimestampSigner;
}

/// SessionMiddleware's options, with Starlette's defaults.
struct SessionMiddlewareOptions {
    /// The signing key (required; keep it secret and long).
    std::string secret_key{};
    std::string session_cookie = "session";
    /// Seconds a cookie stays valid (its Max-Age and the signature's age limit); unset: a
    /// browser-session cookie with no age limit. 0 writes no Max-Age, as in Starlette.
    std::optional<int> max_age = 14 * 24 * 60 * 60;
    /// The cookie's path.
    std::string path = "/";
    /// "lax", "strict" or "none".
    std::string same_site = "lax";
    /// Adds the Secure attribute: browsers then send the cookie over HTTPS only.
    bool https_only = false;
    /// The cookie's Domain attribute; unset: the request's host only.
    std::optional<std::string> domain{};
    /// Adds the Partitioned attribute (CHIPS).
    bool partitioned = false;
};
/// The options as JSON for tools (Middleware::options()); the secret key is written "<hidden>".
boost::json::object describe_options(const SessionMiddlewareOptions& options);

/// Loads scope.session from the session cookie for HTTP and WebSocket connections: a cookie
/// that is missing, badly signed, expired or not a JSON object gives an empty session. On
/// `http.response.start` it adds Vary: Cookie when the app used HTTPConnection::session(),
/// and a Set-Cookie when the session changed: the signed session if it is not empty, else,
/// if the request brought a session, one that expires it
/// ("session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax").
class SessionMiddleware {
public:
    using Options = SessionMiddlewareOptions;

    /// Throws std::invalid_argument for a same_site other than lax, strict or none.
    SessionMiddleware(asgi::App app, Options options);

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    /// The cookie value for `session` signed at `now` (seconds since the epoch).
    std::string encode(const boost::json::object& session, std::int64_t now) const;
    /// The session in a cookie value checked at `now`; nullopt when it is not valid.
    std::optional<boost::json::object> decode(std::string_view cookie, std::int64_t now) const;

private:
    boost::asio::awaitable<void> call(asgi::Scope& scope, asgi::Receive receive, asgi::Send send,
                                      std::optional<std::string> initial) const;
    boost::asio::awaitable<void> send_wrapped(asgi::Scope& scope, const std::string* initial, const asgi::Send& send,
                                              asgi::Message&& message) const;
    void add_headers(asgi::Scope& scope, const std::string* initial, asgi::Headers& headers) const;

    asgi::App app_;
    Options options_;
    std::string security_flags_;
    std::shared_ptr<const detail::TimestampSigner> signer_;
};

}  // namespace asgiscope::web
