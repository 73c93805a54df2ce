#include <asgiscope/web/middleware/authentication.hpp>

#include <stdexcept>

#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

AuthenticationMiddleware::AuthenticationMiddleware(asgi::App app, Options options)
    : app_(std::move(app)), backend_(std::move(options.backend)), on_error_(std::move(options.on_error)) {
    if (!backend_) throw std::invalid_argument("AuthenticationMiddleware needs a backend");
    if (!on_error_) on_error_ = &AuthenticationMiddleware::default_on_error;
}

Response AuthenticationMiddleware::default_on_error(HTTPConnection&, const AuthenticationError& error) {
    return PlainTextResponse(error.what(), 400);
}

boost::asio::awaitable<void> AuthenticationMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                                  asgi::Send send) const {
    if (scope.type != "http" && scope.type != "websocket") return app_(scope, std::move(receive), std::move(send));
    return authenticate(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> AuthenticationMiddleware::authenticate(asgi::Scope& scope, asgi::Receive receive,
                                                                    asgi::Send send) const {
    HTTPConnection conn(scope);
    AuthResult result;
    std::optional<Response> failure;
    try {
        result = co_await backend_->authenticate(conn);
    } catch (const AuthenticationError& error) {
        failure = on_error_(conn, error);
    }
    if (failure) {
        if (scope.type == "websocket") {
            asgi::WebSocketClose close(1000);
            co_await send(std::move(close));
        } else {
            co_await (*failure)(scope, std::move(receive), std::move(send));
        }
        co_return;
    }
    std::shared_ptr<BaseUser> user;
    if (result) {
        scope.auth = std::move(result->first);
        user = std::move(result->second);
    } else {
        scope.auth = AuthCredentials();
    }
    if (!user) user = std::make_shared<UnauthenticatedUser>();
    scope.user = std::move(user);
    co_await app_(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
