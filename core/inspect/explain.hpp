// explain_match(): how the routes of an application (or a router) take one request, route by
// route, exactly as web::Router would route it, with the reason for every verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/web/applications.hpp>
#include <asgiscope/web/routing/router.hpp>

namespace asgiscope::inspect {

/// The request to explain, as a client would send it.
struct MatchRequest {
    /// Any HTTP method (upper-cased); "WS" asks about a WebSocket handshake.
    std::string method = "GET";
    /// "/path?query" or an absolute "http://host:port/path?query" (ws:// and wss:// make it a
    /// WebSocket); percent-escapes as sent.
    std::string url = "/";
    /// Request headers; a Host header here wins over the URL's host.
    asgi::Headers headers{};
    /// Ask about a WebSocket handshake (as method "WS" does).
    bool websocket = false;
    /// The server's --root-path.
    std::string root_path{};
};

/// The scope the asgiscope server would build for `request` (path percent-decoded, raw_path
/// and query string as sent, root_path prefixed, Host header from the URL when not given).
/// Throws std::invalid_argument for a URL or method a server would reject.
asgi::Scope make_scope(const MatchRequest& request);

struct RouterWalk;

/// One route's verdict on the request.
struct RouteVerdict {
    RouteKind kind = RouteKind::Other;
    std::string pattern;  ///< path, prefix or host pattern as written
    std::string name;     ///< qualified as the router records it ("api:todos"); "" if unnamed
    web::Match match = web::Match::None;
    /// Why, in words: "path matched but method POST not in GET, HEAD",
    /// "path does not match: convertor int rejected 'abc' for {id}".
    std::string reason;
    /// The scope's path parameters had this route taken the request (Full or Partial).
    asgi::PathParams params{};
    /// False for routes after the winning Full match: the router never asks them.
    bool tried = true;
    /// The route the router hands the request to.
    bool chosen = false;
    /// A chosen Mount or Host with a router: the look-up inside it (one element).
    std::vector<RouterWalk> inner{};
};

/// How one router looked the request up.
struct RouterWalk {
    std::string path;       ///< the path its routes match (the scope's path after root_path)
    std::string root_path;  ///< the scope's root_path at this router
    std::vector<RouteVerdict> routes{};
    /// What redirect_slashes did: "" when not reached, else a sentence.
    std::string redirect_slashes{};
};

/// What finally answers the request.
enum class Outcome {
    Endpoint,          ///< a Route's or WebSocketRoute's endpoint
    MountedApp,        ///< an app mounted without routes (StaticFiles, any ASGI app)
    NotFound,          ///< 404
    MethodNotAllowed,  ///< 405 with Allow
    Redirect,          ///< 307 from redirect_slashes
    WebSocketClose,    ///< no route: the handshake is closed (1000)
    DefaultApp,        ///< the router's default_ app
};

/// "endpoint", "mounted app", "404", "405", "307", "websocket close", "default app".
std::string_view to_string(Outcome outcome);

/// The whole explanation.
struct MatchExplanation {
    // The scope as built (see make_scope).
    std::string type;  ///< "http" or "websocket"
    std::string method;
    std::string path;
    std::string raw_path;
    std::string query_string;
    std::string host;
    std::string root_path;

    RouterWalk router;

    Outcome outcome = Outcome::NotFound;
    /// The status the client gets when the routing decides it (404, 405, 307), else 0.
    int status_code = 0;
    /// Of what answers (endpoint, mounted app, or the route answering 405), qualified;
    /// empty for 404, 307, a websocket close and the default app.
    std::string route_name;
    std::string route_pattern;       ///< full path of the winning route ("/api/todos/{id:int}")
    asgi::PathParams path_params{};  ///< as the endpoint sees them
    std::string allow;               ///< 405: the Allow header
    std::string location;            ///< 307: where to
    std::string mounted_path;        ///< MountedApp: the path the app sees
    /// One line: "GET /users/1 → endpoint 'user' (id=1)".
    std::string summary;
    /// Things the routing alone cannot tell, e.g. middleware that may answer first.
    std::vector<std::string> notes{};
};

/// Walks `router`'s routes for `request` as Router::operator() does.
MatchExplanation explain_match(const web::Router& router, const MatchRequest& request);
/// The same inside an application (scope marked in_app, so 404/405 go through its handlers;
/// notes name the user middleware, which runs before routing).
MatchExplanation explain_match(const web::Starlette& app, const MatchRequest& request);

/// Shorthands: `explain_match(app, "GET", "/users/1", {{"host", "example.org"}})`; method "WS"
/// asks about a WebSocket.
MatchExplanation explain_match(const web::Router& router, std::string_view method,
                               std::string_view url, asgi::Headers headers = {});
MatchExplanation explain_match(const web::Starlette& app, std::string_view method,
                               std::string_view url, asgi::Headers headers = {});

/// Python-ish text of parameters: "id=1, name='x'".
std::string params_text(const asgi::PathParams& params);

boost::json::object to_json(const RouteVerdict& verdict);
boost::json::object to_json(const RouterWalk& walk);
boost::json::object to_json(const MatchExplanation& explanation);

}  // namespace asgiscope::inspect
