// HTTPConnection: what HTTP requests and WebSocket connections share, read from the scope.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/datastructures/query_params.hpp>
#include <asgiscope/web/datastructures/state.hpp>
#include <asgiscope/web/datastructures/url.hpp>

namespace asgiscope::web {

using Cookies = std::map<std::string, std::string, std::less<>>;
class AuthCredentials;
class BaseUser;

/// A connection seen through Starlette's properties (Starlette's HTTPConnection). It refers
/// to the scope, which must outlive it; derived values are computed once, on first use.
class HTTPConnection {
public:
    explicit HTTPConnection(asgi::Scope& scope);
    HTTPConnection(HTTPConnection&&) noexcept;
    HTTPConnection& operator=(HTTPConnection&&) noexcept;
    ~HTTPConnection();

    asgi::Scope& scope() const { return *scope_; }

    /// The full URL the client asked for (URL::from_scope).
    const URL& url() const;
    /// The application's URL: scheme, host and app_root_path (else root_path) with a '/'.
    const URL& base_url() const;
    /// The request headers (a view of the scope's).
    Headers headers() const { return Headers::view(scope_->headers); }
    const QueryParams& query_params() const;
    /// Parameters the matched routes captured, typed by their convertors.
    const asgi::PathParams& path_params() const { return scope_->path_params; }
    /// Path parameter `name` as a T: std::string (numbers formatted as Python would), an
    /// integer type (range-checked) or a floating-point type. Throws std::out_of_range when
    /// absent or out of range, std::invalid_argument when the value has another type.
    template <class T>
    T path_param(std::string_view name) const;
    /// Cookies from every Cookie header; a later one of the same name wins.
    const Cookies& cookies() const;
    /// The client's (host, port), if the server knows it.
    const std::optional<asgi::Address>& client() const { return scope_->client; }
    /// The absolute URL of the route named `name` with `params` (Starlette's url_for):
    /// resolved by the router the request passed, made absolute against base_url(). Throws
    /// NoMatchFound, or std::runtime_error when the request did not come through a Router.
    URL url_for(std::string_view name, const asgi::PathParams& params = {}) const;
    /// The per-request state, shared with the scope (created when the scope has none).
    State state() const;
    /// The session SessionMiddleware loaded (scope.session); changes made to it are saved in
    /// the cookie. Throws std::runtime_error ("SessionMiddleware must be installed to access
    /// request.session") without SessionMiddleware.
    boost::json::object& session() const;
    /// What AuthenticationMiddleware's backend granted. Throws std::runtime_error
    /// ("AuthenticationMiddleware must be installed to access request.auth") without it.
    const AuthCredentials& auth() const;
    /// The user AuthenticationMiddleware found (UnauthenticatedUser when none). Throws
    /// std::runtime_error ("AuthenticationMiddleware must be installed to access
    /// request.user") without it.
    const BaseUser& user() const;

protected:
    struct Cache;
    Cache& cache() const;

    asgi::Scope* scope_;
    mutable std::unique_ptr<Cache> cache_;

private:
    std::string path_param_text(std::string_view name) const;
    std::int64_t path_param_integer(std::string_view name) const;
    double path_param_number(std::string_view name) const;
};

template <class T>
T HTTPConnection::path_param(std::string_view name) const {
    if constexpr (std::is_same_v<T, std::string>) {
        return path_param_text(name);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        const std::int64_t v = path_param_integer(name);
        if (!std::in_range<T>(v)) throw std::out_of_range("path parameter '" + std::string(name) + "' is out of range");
        return T(v);
    } else {
        static_assert(std::is_floating_point_v<T>, "path_param<T>: T must be std::string, an integer or a float");
        return T(path_param_number(name));
    }
}

}  // namespace asgiscope::web
