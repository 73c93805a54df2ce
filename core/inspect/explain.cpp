#include <asgiscope/inspect/explain.hpp>

#include <boost/json/array.hpp>

#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>
#include <asgiscope/web/routing/convertors.hpp>
#include <asgiscope/web/routing/host.hpp>
#include <asgiscope/web/routing/mount.hpp>
#include <asgiscope/web/routing/route.hpp>
#include <asgiscope/web/routing/websocket_route.hpp>

#include "../server/detail/http_util.hpp"

namespace asgiscope::inspect {

namespace json = boost::json;

namespace {

std::string join(const std::vector<std::string>& values, std::string_view separator = ", ") {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : std::string(separator)) + v;
    return out;
}

std::string in_quotes(std::string_view s) {
    return "'" + std::string(s) + "'";
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos))
            return false;
    return true;
}

std::string host_of(const asgi::Scope& scope) {
    for (const auto& [k, v] : scope.headers)
        if (lower(k) == "host") return v;
    return {};
}

json::value param_json(const asgi::PathValue& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return json::value(*s);
    if (const auto* i = std::get_if<std::int64_t>(&value)) return json::value(*i);
    return json::value(std::get<double>(value));
}

json::object params_json(const asgi::PathParams& params) {
    json::object o;
    for (const auto& [k, v] : params) o[k] = param_json(v);
    return o;
}

// The verdict in words, and what the route would capture.
RouteVerdict verdict_of(const web::BaseRoute& route, const web::MatchResult& result,
                        const asgi::Scope& scope) {
    RouteVerdict v;
    v.match = result.match;
    v.params = result.child.path_params;
    if (!route.name().empty()) v.name = web::qualified_route_name(scope.route_name, route.name());
    const std::string path(web::route_path(scope));
    const bool http = scope.type == "http";
    const bool websocket = scope.type == "websocket";
    std::string why;
    if (const auto* r = dynamic_cast<const web::Route*>(&route)) {
        v.kind = RouteKind::Route;
        v.pattern = r->path();
        if (!http)
            why = "not an http request (" + scope.type + ")";
        else if (result.match == web::Match::None)
            why = "path does not match: " + r->compiled_path().explain(path);
        else if (result.match == web::Match::Partial)
            why = "path matched but method " + scope.method + " not in " + join(r->methods());
        else
            why = r->methods().empty() ? "path matched (any method)" : "path and method match";
    } else if (const auto* w = dynamic_cast<const web::WebSocketRoute*>(&route)) {
        v.kind = RouteKind::WebSocketRoute;
        v.pattern = w->path();
        if (!websocket)
            why = "not a websocket (" + scope.type + " request)";
        else if (result.match == web::Match::None)
            why = "path does not match: " + w->compiled_path().explain(path);
        else
            why = "path matched";
    } else if (const auto* m = dynamic_cast<const web::Mount*>(&route)) {
        v.kind = RouteKind::Mount;
        v.pattern = m->path().empty() ? "/" : m->path();
        v.params.erase("path");
        if (!http && !websocket)
            why = "not an http or websocket scope";
        else if (result.match == web::Match::None)
            why = "prefix does not match: " + m->compiled_path().explain(path);
        else
            why = "prefix matched; the mounted " + std::string(m->router() ? "routes" : "app") +
                  " get the rest";
    } else if (const auto* h = dynamic_cast<const web::Host*>(&route)) {
        v.kind = RouteKind::Host;
        v.pattern = h->host();
        std::string host = host_of(scope);
        host = host.substr(0, host.find(':'));
        if (!http && !websocket)
            why = "not an http or websocket scope";
        else if (result.match == web::Match::None)
            why =
                "host " + in_quotes(host) + " does not match: " + h->compiled_path().explain(host);
        else
            why = "host " + in_quotes(host) + " matched";
    }
    // The route's own word wins where ours has nothing to add (a custom BaseRoute).
    v.reason = why.empty() ? std::string(result.reason) : why;
    if (v.reason.empty()) v.reason = result.match == web::Match::Full ? "matched" : "no match";
    return v;
}

struct Walker {
    MatchExplanation& out;

    void walk(const web::Router& router, asgi::Scope& scope, RouterWalk& walk,
              const std::string& prefix) {
        walk.path = std::string(web::route_path(scope));
        walk.root_path = scope.root_path;
        const web::Routes& routes = router.routes();
        std::optional<std::size_t> full, partial;
        std::vector<web::MatchResult> results;
        for (std::size_t i = 0; i < routes.size(); ++i) {
            results.push_back(routes[i]->matches(scope));
            RouteVerdict v = verdict_of(*routes[i], results.back(), scope);
            v.tried = !full;
            if (!full) {
                if (v.match == web::Match::Full)
                    full = i;
                else if (v.match == web::Match::Partial && !partial)
                    partial = i;
            }
            walk.routes.push_back(std::move(v));
        }
        const std::optional<std::size_t> chosen = full ? full : partial;
        if (chosen) {
            walk.routes[*chosen].chosen = true;
            std::move(results[*chosen].child).apply_to(scope);
            follow(*routes[*chosen], walk.routes[*chosen], scope, prefix);
            return;
        }

        const std::string_view path = web::route_path(scope);
        if (scope.type == "http" && router.redirect_slashes() && path != "/") {
            std::string other = scope.path;
            if (path.ends_with('/')) {
                while (!other.empty() && other.back() == '/') other.pop_back();
            } else {
                other += '/';
            }
            asgi::Scope retry = scope;
            retry.path = other;
            const web::BaseRoute* taker = nullptr;
            for (const web::RouteRef& route : routes)
                if (route->matches(retry).match != web::Match::None) {
                    taker = route.get();
                    break;
                }
            if (taker) {
                out.outcome = Outcome::Redirect;
                out.status_code = 307;
                out.location = web::URL::from_scope(retry).str();
                walk.redirect_slashes = "no route took " + in_quotes(scope.path) +
                                        ", but one takes " + in_quotes(other) + ": 307 to " +
                                        out.location;
                return;
            }
            walk.redirect_slashes = "no route takes " + in_quotes(other) + " either: no redirect";
        } else if (scope.type == "http" && !router.redirect_slashes()) {
            walk.redirect_slashes = "redirect_slashes is off";
        }
        if (router.has_default()) {
            out.outcome = Outcome::DefaultApp;
            return;
        }
        if (scope.type == "websocket") {
            out.outcome = Outcome::WebSocketClose;
            return;
        }
        out.outcome = Outcome::NotFound;
        out.status_code = 404;
    }

    void follow(const web::BaseRoute& route, RouteVerdict& verdict, asgi::Scope& scope,
                const std::string& prefix) {
        out.route_name = scope.route_name;
        out.path_params = scope.path_params;
        if (const auto* r = dynamic_cast<const web::Route*>(&route)) {
            out.route_pattern = prefix + r->path();
            if (verdict.match == web::Match::Partial) {
                out.outcome = Outcome::MethodNotAllowed;
                out.status_code = 405;
                out.allow = join(r->methods());
            } else {
                out.outcome = Outcome::Endpoint;
            }
            return;
        }
        if (const auto* w = dynamic_cast<const web::WebSocketRoute*>(&route)) {
            out.route_pattern = prefix + w->path();
            out.outcome = Outcome::Endpoint;
            return;
        }
        const web::Router* inner = nullptr;
        std::string inner_prefix = prefix;
        if (const auto* m = dynamic_cast<const web::Mount*>(&route)) {
            inner = m->router();
            inner_prefix = prefix + m->path();
            out.route_pattern = inner_prefix;
            if (!m->middleware().empty())
                out.notes.push_back("the mount's middleware (" +
                                    join(middleware_names(m->middleware())) +
                                    ") runs before its routes and may answer first");
        } else if (const auto* h = dynamic_cast<const web::Host*>(&route)) {
            inner = h->router();
            out.route_pattern = h->host();
        }
        if (!inner) {
            out.outcome = Outcome::MountedApp;
            out.mounted_path = std::string(web::route_path(scope));
            if (out.mounted_path.empty()) out.mounted_path = "/";
            return;
        }
        verdict.inner.emplace_back();
        walk(*inner, scope, verdict.inner.back(), inner_prefix);
    }

    static std::vector<std::string> middleware_names(
        const std::vector<web::Middleware>& middleware) {
        std::vector<std::string> out;
        for (const auto& m : middleware) out.push_back(m.name());
        return out;
    }
};

std::string summary_of(const MatchExplanation& e) {
    std::string request = (e.type == "websocket" ? std::string("WS") : e.method) + " " +
                          e.raw_path + (e.query_string.empty() ? "" : "?" + e.query_string);
    std::string what;
    switch (e.outcome) {
        case Outcome::Endpoint:
            what =
                std::string(e.type == "websocket" ? "websocket endpoint" : "endpoint") +
                (e.route_name.empty() ? " of " + e.route_pattern : " " + in_quotes(e.route_name));
            if (!e.path_params.empty()) what += " (" + params_text(e.path_params) + ")";
            break;
        case Outcome::MountedApp:
            what =
                "the app mounted at " + e.route_pattern + " with path " + in_quotes(e.mounted_path);
            break;
        case Outcome::NotFound:
            what = "404 Not Found";
            break;
        case Outcome::MethodNotAllowed:
            what = "405 Method Not Allowed (Allow: " + e.allow + ")";
            break;
        case Outcome::Redirect:
            what = "307 Temporary Redirect to " + e.location;
            break;
        case Outcome::WebSocketClose:
            what = "websocket close 1000 (no route)";
            break;
        case Outcome::DefaultApp:
            what = "the router's default app";
            break;
    }
    return request + " -> " + what;
}

MatchExplanation run(const web::Router& router, asgi::Scope scope, bool in_app) {
    MatchExplanation e;
    e.type = scope.type;
    e.method = scope.method;
    e.path = scope.path;
    e.raw_path = scope.raw_path;
    e.query_string = scope.query_string;
    e.host = host_of(scope);
    e.root_path = scope.root_path;
    scope.in_app = in_app;
    Walker walker{e};
    walker.walk(router, scope, e.router, "");
    if (e.outcome != Outcome::Endpoint && e.outcome != Outcome::MountedApp &&
        e.outcome != Outcome::MethodNotAllowed) {
        // Only what answers has a name; the mounts passed on the way are in the walk.
        e.route_name.clear();
        e.route_pattern.clear();
        e.path_params.clear();
    }
    e.summary = summary_of(e);
    return e;
}

}  // namespace

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::Endpoint:
            return "endpoint";
        case Outcome::MountedApp:
            return "mounted app";
        case Outcome::NotFound:
            return "404";
        case Outcome::MethodNotAllowed:
            return "405";
        case Outcome::Redirect:
            return "307";
        case Outcome::WebSocketClose:
            return "websocket close";
        case Outcome::DefaultApp:
            return "default app";
    }
    return "?";
}

std::string params_text(const asgi::PathParams& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += ", ";
        out += k + "=";
        if (const auto* s = std::get_if<std::string>(&v))
            out += in_quotes(*s);
        else
            out += web::path_value_str(v);
    }
    return out;
}

asgi::Scope make_scope(const MatchRequest& request) {
    const std::string method = upper(request.method);
    bool websocket = request.websocket || method == "WS" || method == "WEBSOCKET";
    if (!websocket && !is_token(method))
        throw std::invalid_argument("method must be an HTTP method such as GET, or WS, not " +
                                    in_quotes(request.method));
    std::string_view url = request.url;
    if (url.empty()) throw std::invalid_argument("the URL is empty");
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            throw std::invalid_argument(
                "the URL must not contain spaces or control characters (percent-encode them)");
    if (!request.root_path.empty() &&
        (!request.root_path.starts_with('/') || request.root_path.ends_with('/')))
        throw std::invalid_argument("the root path must start with '/' and not end with '/', not " +
                                    in_quotes(request.root_path));

    std::string scheme = "http";
    std::string netloc;
    if (const auto sep = url.find("://"); sep != std::string_view::npos && url.front() != '/') {
        scheme = lower(url.substr(0, sep));
        if (scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss")
            throw std::invalid_argument("the URL's scheme must be http, https, ws or wss, not " +
                                        in_quotes(scheme));
        url.remove_prefix(sep + 3);
        const auto end = url.find_first_of("/?#");
        netloc = std::string(url.substr(0, end));
        url = end == std::string_view::npos ? std::string_view() : url.substr(end);
        if (netloc.empty()) throw std::invalid_argument("the URL has no host");
        if (scheme == "ws" || scheme == "wss") websocket = true;
    } else if (url.front() != '/') {
        throw std::invalid_argument(
            "the URL must start with '/' or be absolute (http://host/path), not " + in_quotes(url));
    }
    url = url.substr(0, url.find('#'));
    const auto q = url.find('?');
    std::string path(url.substr(0, q));
    if (path.empty()) path = "/";

    asgi::Scope s;
    s.type = websocket ? "websocket" : "http";
    s.asgi.spec_version = "2.4";
    s.http_version = "1.1";
    s.method = websocket ? "" : method;
    if (websocket)
        s.scheme = scheme == "https" || scheme == "wss" ? "wss" : "ws";
    else
        s.scheme = scheme == "https" || scheme == "wss" ? "https" : "http";
    s.root_path = request.root_path;
    s.raw_path = request.root_path + path;
    s.path = server::detail::percent_decode_path(s.raw_path);
    if (q != std::string_view::npos) s.query_string = std::string(url.substr(q + 1));
    bool has_host = false;
    for (const auto& [k, v] : request.headers) {
        if (k.empty() || !is_token(k))
            throw std::invalid_argument("bad header name " + in_quotes(k));
        has_host |= lower(k) == "host";
        s.headers.emplace_back(lower(k), v);
    }
    if (!has_host)
        s.headers.insert(s.headers.begin(),
                         {"host", netloc.empty() ? std::string("localhost") : netloc});
    const bool secure = s.scheme == "https" || s.scheme == "wss";
    std::string host = host_of(s);
    std::uint16_t port = secure ? 443 : 80;
    if (const auto colon = host.rfind(':');
        colon != std::string::npos && host.find(']', colon) == std::string::npos) {
        try {
            port = std::uint16_t(std::stoi(host.substr(colon + 1)));
        } catch (const std::exception&) {
        }
        host.resize(colon);
    }
    s.server = asgi::Address{host, port};
    s.client = asgi::Address{"127.0.0.1", 50000};
    return s;
}

MatchExplanation explain_match(const web::Router& router, const MatchRequest& request) {
    return run(router, make_scope(request), false);
}

MatchExplanation explain_match(const web::Starlette& app, const MatchRequest& request) {
    asgi::Scope scope = make_scope(request);
    MatchExplanation e = run(app.router(), std::move(scope), true);
    if (!app.user_middleware().empty()) {
        std::vector<std::string> names;
        for (const auto& m : app.user_middleware()) names.push_back(m.name());
        e.notes.insert(e.notes.begin(),
                       "middleware runs before routing and may answer first: " + join(names));
    }
    for (const auto& h : app.exception_handlers()) {
        if ((e.status_code == 404 && h.status_code() == 404) ||
            (e.status_code == 405 && h.status_code() == 405))
            e.notes.push_back("the application's handler for " + std::to_string(e.status_code) +
                              " writes the response");
    }
    return e;
}

namespace {
MatchRequest request_of(std::string_view method, std::string_view url, asgi::Headers headers) {
    MatchRequest request;
    request.method = std::string(method);
    request.url = std::string(url);
    request.headers = std::move(headers);
    return request;
}
}  // namespace

MatchExplanation explain_match(const web::Router& router, std::string_view method,
                               std::string_view url, asgi::Headers headers) {
    return explain_match(router, request_of(method, url, std::move(headers)));
}

MatchExplanation explain_match(const web::Starlette& app, std::string_view method,
                               std::string_view url, asgi::Headers headers) {
    return explain_match(app, request_of(method, url, std::move(headers)));
}

json::object to_json(const RouteVerdict& v) {
    json::object o;
    o["kind"] = to_string(v.kind);
    o["pattern"] = v.pattern;
    o["name"] = v.name;
    o["match"] = v.match == web::Match::Full      ? "FULL"
                 : v.match == web::Match::Partial ? "PARTIAL"
                                                  : "NONE";
    o["reason"] = v.reason;
    o["params"] = params_json(v.params);
    o["tried"] = v.tried;
    o["chosen"] = v.chosen;
    if (!v.inner.empty()) o["inner"] = to_json(v.inner.front());
    return o;
}

json::object to_json(const RouterWalk& walk) {
    json::array routes;
    for (const auto& r : walk.routes) routes.push_back(to_json(r));
    return {{"path", walk.path},
            {"root_path", walk.root_path},
            {"routes", std::move(routes)},
            {"redirect_slashes", walk.redirect_slashes}};
}

json::object to_json(const MatchExplanation& e) {
    json::object scope{{"type", e.type},
                       {"method", e.method},
                       {"path", e.path},
                       {"raw_path", e.raw_path},
                       {"query_string", e.query_string},
                       {"host", e.host},
                       {"root_path", e.root_path}};
    json::array notes;
    for (const auto& n : e.notes) notes.emplace_back(n);
    json::object outcome{{"kind", to_string(e.outcome)},
                         {"status_code", e.status_code},
                         {"route_name", e.route_name},
                         {"route_pattern", e.route_pattern},
                         {"path_params", params_json(e.path_params)}};
    if (!e.allow.empty()) outcome["allow"] = e.allow;
    if (!e.location.empty()) outcome["location"] = e.location;
    if (e.outcome == Outcome::MountedApp) outcome["mounted_path"] = e.mounted_path;
    return {{"scope", std::move(scope)},
            {"router", to_json(e.router)},
            {"outcome", std::move(outcome)},
            {"summary", e.summary},
            {"notes", std::move(notes)}};
}

}  // namespace asgiscope::inspect
