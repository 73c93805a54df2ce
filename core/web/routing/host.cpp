#include <asgiscope/web/routing/host.hpp>

#include <stdexcept>

#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/routing/router.hpp>

#include "../detail/text.hpp"

namespace asgiscope::web {

namespace {

const std::string& host_pattern(const std::string& host) {
    if (host.starts_with('/')) throw std::invalid_argument("Host must not start with '/'");
    return host;
}


}  // namespace

Host::Host(std::string host, asgi::App app, HostOptions options)
    : host_(std::move(host)), name_(std::move(options.name)), app_(std::move(app)), compiled_(host_pattern(host_)) {
    if (const Router* r = app_.target<Router>()) router_ = std::make_shared<const Router>(*r);
}

const Routes& Host::routes() const {
    static const Routes none;
    return router_ ? router_->routes() : none;
}

MatchResult Host::matches(const asgi::Scope& scope) const {
    MatchResult result;
    if (scope.type != "http" && scope.type != "websocket") {
        result.reason = "not an http or websocket scope";
        return result;
    }
    std::string_view host;
    for (const auto& [k, v] : scope.headers)
        if (detail::iequals(k, "host")) {
            host = v;
            break;
        }
    host = host.substr(0, host.find(':'));
    auto params = compiled_.match(host);
    if (!params) {
        result.reason = "host does not match";
        return result;
    }
    result.child = ChildScope::of(scope, std::move(*params), name_);
    result.match = Match::Full;
    return result;
}

URLPath Host::url_path_for(std::string_view name, const asgi::PathParams& given) const {
    asgi::PathParams params = given;
    if (!name_.empty() && name == name_ && params.count("path")) {
        std::string path = path_value_str(params["path"]);
        params.erase("path");
        auto [host, remaining] = compiled_.replace_params(std::move(params));
        if (remaining.empty()) return URLPath(std::move(path), "", std::move(host));
    } else if (name_.empty() || (name.size() > name_.size() && name.starts_with(name_) && name[name_.size()] == ':')) {
        const std::string_view child_name = name_.empty() ? name : name.substr(name_.size() + 1);
        auto [host, remaining] = compiled_.replace_params(std::move(params));
        for (const RouteRef& route : routes()) {
            try {
                URLPath url = route->url_path_for(child_name, remaining);
                return URLPath(url.path, url.protocol, host);
            } catch (const NoMatchFound&) {
            }
        }
    }
    throw NoMatchFound(name, given);
}

boost::asio::awaitable<void> Host::handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    if (scope.trace_context) [[unlikely]] {  // the host's app, as a layer of the request's trace
        trace::LayerInfo layer;
        layer.kind = router_ ? trace::SpanKind::router : trace::SpanKind::endpoint;
        layer.name = router_ ? "Router" : "app";
        return trace::call_layer(layer, app_, scope, std::move(receive), std::move(send));
    }
    return app_(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
