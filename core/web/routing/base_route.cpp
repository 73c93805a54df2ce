#include <asgiscope/web/routing/base_route.hpp>

#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

ChildScope ChildScope::of(const asgi::Scope& scope, asgi::PathParams captured, std::string_view name) {
    ChildScope child;
    child.path_params = scope.path_params;
    for (auto& [k, v] : captured) child.path_params.insert_or_assign(k, std::move(v));
    child.route_name = qualified_route_name(scope.route_name, name);
    return child;
}

void ChildScope::apply_to(asgi::Scope& scope) && {
    scope.path_params = std::move(path_params);
    scope.route_name = std::move(route_name);
    if (root_path) scope.root_path = std::move(*root_path);
    if (app_root_path) scope.app_root_path = std::move(app_root_path);
}

namespace {
std::string params_text(const asgi::PathParams& params) {
    std::string out;
    for (const auto& [k, v] : params) out += (out.empty() ? "" : ", ") + k;
    return out;
}

boost::asio::awaitable<void> not_found(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    if (scope.type == "websocket") {
        co_await send(asgi::WebSocketClose(1000));
        co_return;
    }
    const PlainTextResponse response("Not Found", 404);
    co_await response(scope, std::move(receive), std::move(send));
}
}  // namespace

NoMatchFound::NoMatchFound(std::string_view name, const asgi::PathParams& params)
    : std::runtime_error("No route exists for name \"" + std::string(name) + "\" and params \"" +
                         params_text(params) + "\".") {}

boost::asio::awaitable<void> BaseRoute::operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    MatchResult result = matches(scope);
    if (result.match == Match::None) return not_found(scope, std::move(receive), std::move(send));
    std::move(result.child).apply_to(scope);
    return handle(scope, std::move(receive), std::move(send));
}

std::string qualified_route_name(std::string_view prefix, std::string_view name) {
    if (name.empty()) return std::string(prefix);
    if (prefix.empty()) return std::string(name);
    return std::string(prefix) + ":" + std::string(name);
}

}  // namespace asgiscope::web
