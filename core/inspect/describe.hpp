// A description of an application for tools (asgiscope routes / middleware, the desktop
// app's panels): its middleware stack with each layer's options and exception handlers, and
// its route tree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <asgiscope/web/applications.hpp>
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/router.hpp>

namespace asgiscope::inspect {

/// One layer of the application, outermost first: ServerErrorMiddleware, the user
/// middleware, ExceptionMiddleware, Router.
struct MiddlewareLayer {
    std::string name;
    /// The options as the middleware describes them (secrets hidden); unset when its class
    /// cannot describe them (no describe_options for its Options).
    std::optional<boost::json::object> options{};
    /// The exception handlers this layer answers with, by status code ("404") or exception
    /// type name ("ValueError"); built-in ones end in " (default)".
    std::vector<std::string> exception_handlers{};
    /// Whether the user added this layer (not one every application has).
    bool user = false;
};

/// A "{name:type}" of a route's pattern.
struct ParamInfo {
    std::string name;
    std::string convertor;  ///< "str", "int", "path", ...
};

/// What a route is.
enum class RouteKind { Route, WebSocketRoute, Mount, Host, Other };

/// "Route", "WebSocketRoute", "Mount", "Host", "BaseRoute".
std::string_view to_string(RouteKind kind);

/// One route of the tree.
struct RouteInfo {
    RouteKind kind = RouteKind::Other;
    /// As written: "/users/{id:int}", a Mount's prefix ("/api"), a Host's "{sub}.example.org".
    std::string pattern;
    /// The pattern as the whole application sees it, mount prefixes first
    /// ("/api/todos/{id:int}"); a Host's routes keep their own paths.
    std::string full_path;
    /// Starlette's path_format ("/users/{id}"), of the route's own pattern.
    std::string path_format;
    /// The regular expression Starlette compiles for the route's own pattern.
    std::string regex;
    /// Upper case; HEAD comes with GET; empty: any method (or not an HTTP route).
    std::vector<std::string> methods{};
    std::string name;            ///< the route's own name
    std::string qualified_name;  ///< as url_path_for() knows it: "api:todos"; "" if unnamed
    /// The route's own parameters (for Mount, its prefix's, without the "path" it adds).
    std::vector<ParamInfo> params{};
    bool include_in_schema = true;
    /// "endpoint", "asgi app", "websocket endpoint", "router", "StaticFiles", ...
    std::string endpoint;
    /// The route's own middleware, outermost first.
    std::vector<std::string> middleware{};
    /// Mount and Host: the routes of their router.
    std::vector<RouteInfo> children{};
};

/// An application's layers and routes.
struct AppDescription {
    std::vector<MiddlewareLayer> middleware{};
    std::vector<RouteInfo> routes{};
    bool redirect_slashes = true;
    bool debug = false;
};

/// Describes `app`: its stack exactly as it builds it, and its routes.
AppDescription describe(const web::Starlette& app);
/// Describes routes under a mount prefix and a qualified-name prefix ("api").
std::vector<RouteInfo> describe_routes(const web::Routes& routes, std::string_view path_prefix = {},
                                       std::string_view name_prefix = {});

boost::json::object to_json(const MiddlewareLayer& layer);
boost::json::object to_json(const RouteInfo& route);
boost::json::object to_json(const AppDescription& description);

/// Every route of the tree, depth first, with its depth (0 for top-level routes).
std::vector<std::pair<int, const RouteInfo*>> flatten(const std::vector<RouteInfo>& routes);

}  // namespace asgiscope::inspect
