// Authentication: credentials, users, the backend interface AuthenticationMiddleware calls, and
// requires_() to guard endpoints by scope (Starlette's starlette.authentication).
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/web/requests/http_connection.hpp>
#include <asgiscope/web/routing/route.hpp>

namespace asgiscope::web {

/// What an authenticated connection may do: a set of scope names such as "authenticated"
/// or "admin" (Starlette's AuthCredentials).
class AuthCredentials {
public:
    AuthCredentials() = default;
    AuthCredentials(std::initializer_list<std::string> scopes_) : scopes(scopes_) {}
    explicit AuthCredentials(const std::vector<std::string>& scopes_) : scopes(scopes_.begin(), scopes_.end()) {}

    std::set<std::string, std::less<>> scopes;
};

/// A user as the application sees it (Starlette's BaseUser).
class BaseUser {
public:
    virtual ~BaseUser() = default;
    virtual bool is_authenticated() const = 0;
    virtual std::string display_name() const = 0;
    /// A stable identifier of the user (an id or a user name).
    virtual std::string identity() const = 0;
};

/// An authenticated user known by a user name (Starlette's SimpleUser).
class SimpleUser : public BaseUser {
public:
    explicit SimpleUser(std::string username_) : username(std::move(username_)) {}
    bool is_authenticated() const override { return true; }
    std::string display_name() const override { return username; }
    /// The user name (Starlette leaves SimpleUser.identity unimplemented).
    std::string identity() const override { return username; }

    std::string username;
};

/// Nobody: what `user()` is when the backend authenticated no one (Starlette's
/// UnauthenticatedUser).
class UnauthenticatedUser : public BaseUser {
public:
    bool is_authenticated() const override { return false; }
    std::string display_name() const override { return {}; }
    std::string identity() const override { return {}; }
};

/// Thrown by a backend for credentials that are present but invalid; AuthenticationMiddleware
/// answers it with its on_error response (Starlette's AuthenticationError).
class AuthenticationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a backend found: credentials and user, or nothing (an anonymous connection).
using AuthResult = std::optional<std::pair<AuthCredentials, std::shared_ptr<BaseUser>>>;

/// Authenticates connections (Starlette's AuthenticationBackend): reads the headers,
/// cookies or session of `conn` and returns the credentials and user, nothing for an
/// anonymous connection, or throws AuthenticationError for bad credentials.
class AuthenticationBackend {
public:
    virtual ~AuthenticationBackend() = default;
    virtual boost::asio::awaitable<AuthResult> authenticate(HTTPConnection& conn) = 0;
};

/// Whether `conn` was granted every one of `scopes` (Starlette's has_required_scope).
/// Throws std::runtime_error without AuthenticationMiddleware.
bool has_required_scope(const HTTPConnection& conn, const std::vector<std::string>& scopes);

/// requires_()'s options (Starlette's `requires` keyword arguments).
struct RequiresOptions {
    /// The HTTPException raised when a scope is missing.
    int status_code = 403;
    /// A route name: redirect there instead (303) with `?next=` the requested URL.
    std::optional<std::string> redirect{};
};

/// `endpoint` guarded by `scopes` (Starlette's @requires decorator; `requires` is a C++
/// keyword): a request lacking one of them gets HTTPException(status_code), or a 303 to
/// url_for(redirect) + "?next=<the request's URL>".
///
///     Route("/dashboard", requires_({"authenticated"}, dashboard))
Endpoint requires_(std::vector<std::string> scopes, Endpoint endpoint, RequiresOptions options = {});

}  // namespace asgiscope::web
