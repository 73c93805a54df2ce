#include <asgiscope/web/routing/mount.hpp>

#include <algorithm>
#include <stdexcept>

#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/routing/router.hpp>
#include "../detail/wrap_middleware.hpp"

namespace asgiscope::web {

namespace {

std::string mount_path(std::string path) {
    if (!path.empty() && !path.starts_with('/')) throw std::invalid_argument("Routed paths must start with '/'");
    while (!path.empty() && path.back() == '/') path.pop_back();
    return path;
}


}  // namespace

Mount::Mount(std::string path, asgi::App app, MountOptions options)
    : path_(mount_path(std::move(path))),
      name_(std::move(options.name)),
      app_(std::move(app)),
      compiled_(path_ + "/{path:path}") {
    if (const Router* r = app_.target<Router>()) router_ = std::make_shared<const Router>(*r);
    wrap_in(std::move(options.middleware));
}

Mount::Mount(std::string path, Routes routes, MountOptions options)
    : path_(mount_path(std::move(path))),
      name_(std::move(options.name)),
      router_(std::make_shared<const Router>(RouterOptions{.routes = std::move(routes)})),
      compiled_(path_ + "/{path:path}") {
    app_ = [router = router_](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
        return (*router)(scope, std::move(receive), std::move(send));
    };
    wrap_in(std::move(options.middleware));
}

void Mount::wrap_in(std::vector<Middleware> middleware) {
    middleware_ = std::move(middleware);
    app_ = detail::wrap_middleware(middleware_, std::move(app_));
}

const Routes& Mount::routes() const {
    static const Routes none;
    return router_ ? router_->routes() : none;
}

MatchResult Mount::matches(const asgi::Scope& scope) const {
    MatchResult result;
    if (scope.type != "http" && scope.type != "websocket") {
        result.reason = "not an http or websocket scope";
        return result;
    }
    const std::string_view path = route_path(scope);
    auto params = compiled_.match(path);
    if (!params) {
        result.reason = "path does not match";
        return result;
    }
    const auto rest = params->find("path");
    const std::string remaining = "/" + std::get<std::string>(rest->second);
    params->erase(rest);
    const std::string_view matched = path.substr(0, path.size() - remaining.size());

    result.child = ChildScope::of(scope, std::move(*params), name_);
    ChildScope& child = result.child;
    child.app_root_path = scope.app_root_path ? *scope.app_root_path : scope.root_path;
    child.root_path = scope.root_path + std::string(matched);
    result.match = Match::Full;
    return result;
}

URLPath Mount::url_path_for(std::string_view name, const asgi::PathParams& given) const {
    asgi::PathParams params = given;
    if (!name_.empty() && name == name_ && params.count("path")) {
        // "<mount name>": the path under the mount given as "path".
        std::string rest = path_value_str(params["path"]);
        rest.erase(0, std::min(rest.find_first_not_of('/'), rest.size()));  // lstrip("/")
        params["path"] = rest;
        auto [path, remaining] = compiled_.replace_params(std::move(params));
        if (remaining.empty()) return URLPath(std::move(path));
    } else if (name_.empty() || (name.size() > name_.size() && name.starts_with(name_) && name[name_.size()] == ':')) {
        const std::string_view child_name = name_.empty() ? name : name.substr(name_.size() + 1);
        std::optional<asgi::PathValue> path_kwarg;
        if (auto it = params.find("path"); it != params.end()) path_kwarg = it->second;
        params["path"] = std::string();
        auto [prefix, remaining] = compiled_.replace_params(std::move(params));
        if (path_kwarg) remaining["path"] = *path_kwarg;
        while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
        for (const RouteRef& route : routes()) {
            try {
                URLPath url = route->url_path_for(child_name, remaining);
                return URLPath(prefix + url.path, url.protocol);
            } catch (const NoMatchFound&) {
            }
        }
    }
    throw NoMatchFound(name, given);
}

boost::asio::awaitable<void> Mount::handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    if (scope.trace_context) [[unlikely]] {  // the mounted app, as a layer of the request's trace
        trace::LayerInfo layer;
        layer.kind = router_ ? trace::SpanKind::router : trace::SpanKind::endpoint;
        layer.name = router_ ? "Router" : "app";
        return trace::call_layer(layer, app_, scope, std::move(receive), std::move(send));
    }
    return app_(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
