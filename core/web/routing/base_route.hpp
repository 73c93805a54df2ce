// What every route is (Starlette's BaseRoute): a pure matches() that says whether and how it
// would take a scope, url_path_for(), and handle().
#pragma once

#include <concepts>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/url.hpp>

namespace asgiscope::web {

/// How well a route matches a scope (Starlette's Match).
enum class Match { None = 0, Partial = 1, Full = 2 };

/// What a route adds to the scope when it takes it (Starlette's child_scope).
struct ChildScope {
    asgi::PathParams path_params{};  ///< the scope's parameters and this route's
    std::string route_name{};
    std::optional<std::string> root_path{};      ///< set by Mount
    std::optional<std::string> app_root_path{};  ///< set by Mount
    /// Writes these keys into `scope`, as Starlette's scope.update(child_scope).
    void apply_to(asgi::Scope& scope) &&;
    /// What a route named `name` that captured `captured` adds to `scope`: the scope's
    /// parameters with the captured ones over them, and the qualified route name.
    static ChildScope of(const asgi::Scope& scope, asgi::PathParams captured, std::string_view name);
};

/// A route's answer to "would you take this scope, and if not fully, why?".
struct MatchResult {
    Match match = Match::None;
    ChildScope child{};
    /// Why the match is not Full, e.g. "path does not match"; empty for Full. Static text.
    std::string_view reason{};
};

/// url_path_for() found no route of that name taking those parameters (Starlette's
/// NoMatchFound).
class NoMatchFound : public std::runtime_error {
public:
    NoMatchFound(std::string_view name, const asgi::PathParams& params);
};

/// A route of any kind (Starlette's BaseRoute).
class BaseRoute {
public:
    virtual ~BaseRoute() = default;

    /// Whether this route would handle `scope`, and what it would add to it. Pure: the scope
    /// is not changed, so tools can ask any route about any request.
    virtual MatchResult matches(const asgi::Scope& scope) const = 0;
    /// The path of the route called `name` with `params`; throws NoMatchFound.
    virtual URLPath url_path_for(std::string_view name, const asgi::PathParams& params) const = 0;
    /// Handles a scope matches() accepted (its child scope already applied).
    virtual boost::asio::awaitable<void> handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const = 0;
    /// The route's name ("" when it has none).
    virtual const std::string& name() const = 0;

    /// The route as a stand-alone ASGI app: what it matches it handles, the rest gets 404
    /// (a websocket, a close).
    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;
};

/// A shared, immutable route of any kind, as Router and Mount hold them; converts from any
/// BaseRoute, so `.routes = {Route(...), Mount(...)}` reads as in Starlette.
class RouteRef {
public:
    template <class R>
        requires std::derived_from<std::remove_cvref_t<R>, BaseRoute>
    RouteRef(R&& route) : ptr_(std::make_shared<const std::remove_cvref_t<R>>(std::forward<R>(route))) {}
    RouteRef(std::shared_ptr<const BaseRoute> route) : ptr_(std::move(route)) {}

    const BaseRoute& operator*() const { return *ptr_; }
    const BaseRoute* operator->() const { return ptr_.get(); }
    const BaseRoute* get() const { return ptr_.get(); }
    const std::shared_ptr<const BaseRoute>& shared() const { return ptr_; }

private:
    std::shared_ptr<const BaseRoute> ptr_;
};

using Routes = std::vector<RouteRef>;

/// `name` qualified by the names of the enclosing named mounts ("api:users"), as the router
/// records it in scope.route_name.
std::string qualified_route_name(std::string_view prefix, std::string_view name);

}  // namespace asgiscope::web
