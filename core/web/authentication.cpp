#include <asgiscope/web/authentication.hpp>

#include <any>

#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/responses/redirect_response.hpp>

#include "detail/text.hpp"

namespace asgiscope::web {

const AuthCredentials& HTTPConnection::auth() const {
    const auto* auth = std::any_cast<AuthCredentials>(&scope_->auth);
    if (!auth) throw std::runtime_error("AuthenticationMiddleware must be installed to access request.auth");
    return *auth;
}

const BaseUser& HTTPConnection::user() const {
    const auto* user = std::any_cast<std::shared_ptr<BaseUser>>(&scope_->user);
    if (!user || !*user) throw std::runtime_error("AuthenticationMiddleware must be installed to access request.user");
    return **user;
}

bool has_required_scope(const HTTPConnection& conn, const std::vector<std::string>& scopes) {
    const auto& granted = conn.auth().scopes;
    for (const std::string& s : scopes)
        if (!granted.contains(s)) return false;
    return true;
}

namespace {

struct Guard {
    std::vector<std::string> scopes;
    Endpoint endpoint;
    RequiresOptions options;
};

boost::asio::awaitable<Response> guarded(std::shared_ptr<const Guard> guard, Request& request) {
    if (has_required_scope(request, guard->scopes)) co_return co_await guard->endpoint(request);
    if (!guard->options.redirect) throw HTTPException(guard->options.status_code);
    detail::StringPairs next;
    next.emplace_back("next", request.url().str());
    const std::string location = request.url_for(*guard->options.redirect).str() + "?" + detail::urlencode(next);
    co_return RedirectResponse(location, 303);
}

}  // namespace

Endpoint requires_(std::vector<std::string> scopes, Endpoint endpoint, RequiresOptions options) {
    if (!endpoint) throw std::invalid_argument("requires_: no endpoint");
    auto guard = std::make_shared<const Guard>(Guard{std::move(scopes), std::move(endpoint), std::move(options)});
    return [guard = std::move(guard)](Request& request) { return guarded(guard, request); };
}

}  // namespace asgiscope::web
