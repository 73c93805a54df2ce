#include <asgiscope/inspect/describe.hpp>

#include <boost/json/array.hpp>

#include <asgiscope/web/routing/host.hpp>
#include <asgiscope/web/routing/mount.hpp>
#include <asgiscope/web/routing/route.hpp>
#include <asgiscope/web/routing/websocket_route.hpp>
#include <asgiscope/web/staticfiles.hpp>

namespace asgiscope::inspect {

namespace json = boost::json;

namespace {

std::vector<ParamInfo> params_of(const web::CompiledPath& path, bool skip_mount_path = false) {
    std::vector<ParamInfo> out;
    const auto& params = path.params();
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (skip_mount_path && i + 1 == params.size()) break;  // the "{path:path}" Mount adds
        out.push_back({params[i].name, params[i].type});
    }
    return out;
}

std::vector<std::string> names_of(const std::vector<web::Middleware>& middleware) {
    std::vector<std::string> out;
    for (const auto& m : middleware) out.push_back(m.name());
    return out;
}

json::array strings(const std::vector<std::string>& values) {
    json::array out;
    for (const auto& v : values) out.emplace_back(v);
    return out;
}

RouteInfo describe_route(const web::BaseRoute& route, std::string_view path_prefix,
                         std::string_view name_prefix) {
    RouteInfo info;
    info.name = route.name();
    info.qualified_name =
        route.name().empty() ? std::string() : web::qualified_route_name(name_prefix, route.name());
    if (const auto* r = dynamic_cast<const web::Route*>(&route)) {
        info.kind = RouteKind::Route;
        info.pattern = r->path();
        info.full_path = std::string(path_prefix) + r->path();
        info.path_format = r->compiled_path().format();
        info.regex = r->compiled_path().regex();
        info.methods = r->methods();
        info.params = params_of(r->compiled_path());
        info.include_in_schema = r->include_in_schema();
        info.endpoint = r->has_endpoint() ? "endpoint" : "asgi app";
        info.middleware = names_of(r->middleware());
    } else if (const auto* w = dynamic_cast<const web::WebSocketRoute*>(&route)) {
        info.kind = RouteKind::WebSocketRoute;
        info.pattern = w->path();
        info.full_path = std::string(path_prefix) + w->path();
        info.path_format = w->compiled_path().format();
        info.regex = w->compiled_path().regex();
        info.params = params_of(w->compiled_path());
        info.include_in_schema = false;
        info.endpoint = w->has_endpoint() ? "websocket endpoint" : "asgi app";
        info.middleware = names_of(w->middleware());
    } else if (const auto* m = dynamic_cast<const web::Mount*>(&route)) {
        info.kind = RouteKind::Mount;
        info.pattern = m->path().empty() ? "/" : m->path();
        info.full_path = std::string(path_prefix) + m->path();
        info.path_format = m->compiled_path().format();
        info.regex = m->compiled_path().regex();
        info.params = params_of(m->compiled_path(), true);
        info.middleware = names_of(m->middleware());
        if (m->router()) {
            info.endpoint = "router";
            info.children =
                describe_routes(m->routes(), info.full_path,
                                info.qualified_name.empty() ? name_prefix : info.qualified_name);
        } else if (m->middleware().empty() && m->app().target<web::StaticFiles>()) {
            info.endpoint = "StaticFiles";
        } else {
            info.endpoint = "asgi app";
        }
    } else if (const auto* h = dynamic_cast<const web::Host*>(&route)) {
        info.kind = RouteKind::Host;
        info.pattern = h->host();
        info.full_path = std::string(path_prefix);
        info.path_format = h->compiled_path().format();
        info.regex = h->compiled_path().regex();
        info.params = params_of(h->compiled_path());
        if (h->router()) {
            info.endpoint = "router";
            info.children =
                describe_routes(h->routes(), path_prefix,
                                info.qualified_name.empty() ? name_prefix : info.qualified_name);
        } else {
            info.endpoint = "asgi app";
        }
    } else {
        info.kind = RouteKind::Other;
        info.endpoint = "route";
    }
    return info;
}

void flatten_into(const std::vector<RouteInfo>& routes, int depth,
                  std::vector<std::pair<int, const RouteInfo*>>& out) {
    for (const RouteInfo& r : routes) {
        out.emplace_back(depth, &r);
        flatten_into(r.children, depth + 1, out);
    }
}

std::vector<std::string> keys_of(const json::object& options, std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = options.if_contains(key);
    if (!v) return out;
    if (v->is_string()) out.emplace_back(v->get_string());
    if (v->is_array())
        for (const json::value& k : v->get_array())
            if (k.is_string()) out.emplace_back(k.get_string());
    return out;
}

}  // namespace

std::string_view to_string(RouteKind kind) {
    switch (kind) {
        case RouteKind::Route:
            return "Route";
        case RouteKind::WebSocketRoute:
            return "WebSocketRoute";
        case RouteKind::Mount:
            return "Mount";
        case RouteKind::Host:
            return "Host";
        case RouteKind::Other:
            break;
    }
    return "BaseRoute";
}

std::vector<RouteInfo> describe_routes(const web::Routes& routes, std::string_view path_prefix,
                                       std::string_view name_prefix) {
    std::vector<RouteInfo> out;
    out.reserve(routes.size());
    for (const web::RouteRef& route : routes)
        out.push_back(describe_route(*route, path_prefix, name_prefix));
    return out;
}

AppDescription describe(const web::Starlette& app) {
    AppDescription d;
    d.debug = app.debug();
    d.redirect_slashes = app.router().redirect_slashes();
    const std::vector<web::Middleware> stack = app.middleware_stack();
    for (std::size_t i = 0; i < stack.size(); ++i) {
        MiddlewareLayer layer;
        layer.name = stack[i].name();
        layer.user = i != 0 && i + 1 != stack.size();
        if (const json::object* options = stack[i].options()) {
            layer.options = *options;
            if (i == 0) layer.exception_handlers = keys_of(*options, "handler");
            if (i + 1 == stack.size()) {
                layer.exception_handlers = keys_of(*options, "handlers");
                // ExceptionMiddleware always has these, unless the application replaced them.
                for (const char* builtin : {"HTTPException", "WebSocketException"}) {
                    bool replaced = false;
                    for (const auto& k : layer.exception_handlers) replaced |= k == builtin;
                    if (!replaced)
                        layer.exception_handlers.push_back(std::string(builtin) + " (default)");
                }
            }
        }
        d.middleware.push_back(std::move(layer));
    }
    MiddlewareLayer router;
    router.name = "Router";
    router.options = json::object{{"redirect_slashes", app.router().redirect_slashes()},
                                  {"default", app.router().has_default() ? "app" : "404"},
                                  {"routes", app.routes().size()}};
    d.middleware.push_back(std::move(router));
    d.routes = describe_routes(app.routes());
    return d;
}

std::vector<std::pair<int, const RouteInfo*>> flatten(const std::vector<RouteInfo>& routes) {
    std::vector<std::pair<int, const RouteInfo*>> out;
    flatten_into(routes, 0, out);
    return out;
}

json::object to_json(const MiddlewareLayer& layer) {
    json::object o;
    o["name"] = layer.name;
    o["options"] = layer.options ? json::value(*layer.options) : json::value(nullptr);
    o["exception_handlers"] = strings(layer.exception_handlers);
    o["user"] = layer.user;
    return o;
}

json::object to_json(const RouteInfo& route) {
    json::object o;
    o["kind"] = to_string(route.kind);
    o["pattern"] = route.pattern;
    o["full_path"] = route.full_path;
    o["path_format"] = route.path_format;
    o["regex"] = route.regex;
    o["methods"] = strings(route.methods);
    o["name"] = route.name;
    o["qualified_name"] = route.qualified_name;
    json::array params;
    for (const auto& p : route.params)
        params.push_back(json::object{{"name", p.name}, {"convertor", p.convertor}});
    o["params"] = std::move(params);
    o["include_in_schema"] = route.include_in_schema;
    o["endpoint"] = route.endpoint;
    o["middleware"] = strings(route.middleware);
    json::array children;
    for (const auto& c : route.children) children.push_back(to_json(c));
    o["children"] = std::move(children);
    return o;
}

json::object to_json(const AppDescription& description) {
    json::array middleware;
    for (const auto& m : description.middleware) middleware.push_back(to_json(m));
    json::array routes;
    for (const auto& r : description.routes) routes.push_back(to_json(r));
    return {{"debug", description.debug},
            {"redirect_slashes", description.redirect_slashes},
            {"middleware", std::move(middleware)},
            {"routes", std::move(routes)}};
}

}  // namespace asgiscope::inspect
