// url_for(): url_path_for() for tools, with a clear answer when it fails: which names
// exist and which parameters the named route expects.
#pragma once

#include <string>
#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/applications.hpp>
#include <asgiscope/web/routing/router.hpp>

namespace asgiscope::inspect {

/// A name url_path_for() knows, and the parameters it takes.
struct NamedRoute {
    std::string name;                 ///< qualified: "api:todo"
    std::string pattern;              ///< full path ("/api/todos/{id:int}") or host pattern
    std::vector<std::string> params;  ///< "id:int", ...; a Mount's name takes "path" too
};

/// url_for()'s answer.
struct UrlForResult {
    bool ok = false;
    std::string path;      ///< the path (ok)
    std::string host;      ///< the host, for routes under a Host
    std::string protocol;  ///< "http" or "websocket" ("" for a Mount)
    /// Why not (not ok): "no route is named 'x'; names: ..." or "route 'user' takes id:int;
    /// given: name".
    std::string error;
    /// The routes of that name (when some exist).
    std::vector<NamedRoute> candidates;
};

/// Every name url_path_for() knows under `routes`, depth first.
std::vector<NamedRoute> named_routes(const web::Routes& routes);

/// Resolves `name` with `params` through router.url_path_for(). String values are converted
/// by the route's convertor first ("7" becomes 7 for an int parameter), as a command line
/// gives only text.
UrlForResult url_for(const web::Router& router, std::string_view name,
                     const asgi::PathParams& params = {});
UrlForResult url_for(const web::Starlette& app, std::string_view name,
                     const asgi::PathParams& params = {});

}  // namespace asgiscope::inspect
