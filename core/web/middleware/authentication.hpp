// AuthenticationMiddleware: asks a backend who is connecting and stores the answer in the
// scope for request.auth() and request.user() (Starlette's AuthenticationMiddleware).
#pragma once

#include <functional>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/authentication.hpp>
#include <asgiscope/web/requests/http_connection.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// Builds the answer to a failed authentication (Starlette's on_error).
using AuthErrorHandler = std::function<Response(HTTPConnection&, const AuthenticationError&)>;

/// AuthenticationMiddleware's options.
struct AuthenticationMiddlewareOptions {
    /// Required.
    std::shared_ptr<AuthenticationBackend> backend{};
    /// Unset: 400 with the error's message as text/plain (Starlette's default_on_error).
    AuthErrorHandler on_error{};
};
/// The options as JSON for tools (Middleware::options()): the backend's class and whether on_error is set.
boost::json::object describe_options(const AuthenticationMiddlewareOptions& options);

/// Runs the backend for HTTP and WebSocket connections and sets scope.auth and scope.user
/// (AuthCredentials{} and UnauthenticatedUser when it found no one). An AuthenticationError
/// is answered with on_error's response over HTTP, with a close (1000) over WebSocket, and
/// the app is not called.
class AuthenticationMiddleware {
public:
    using Options = AuthenticationMiddlewareOptions;

    /// Throws std::invalid_argument without a backend.
    AuthenticationMiddleware(asgi::App app, Options options);

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    /// 400, the error's message as text/plain.
    static Response default_on_error(HTTPConnection& conn, const AuthenticationError& error);

private:
    boost::asio::awaitable<void> authenticate(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    asgi::App app_;
    std::shared_ptr<AuthenticationBackend> backend_;
    AuthErrorHandler on_error_;
};

}  // namespace asgiscope::web
