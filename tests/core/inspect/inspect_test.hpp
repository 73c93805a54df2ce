// A hand-made application for the introspection tests: mounts inside mounts, a host, typed
// convertors, a websocket route, an app mounted without routes; every endpoint reports what
// routing put into its scope so that explanations can be checked against real requests.
#pragma once

#include <boost/json.hpp>

#include <asgiscope/web.hpp>

#include "../web/web_test.hpp"

namespace asgiscope::testing {

inline boost::json::object params_json(const asgi::PathParams& params) {
    boost::json::object o;
    for (const auto& [k, v] : params) {
        if (const auto* s = std::get_if<std::string>(&v))
            o[k] = *s;
        else if (const auto* i = std::get_if<std::int64_t>(&v))
            o[k] = *i;
        else
            o[k] = std::get<double>(v);
    }
    return o;
}

/// Answers {"route_name": ..., "params": {...}}.
inline boost::asio::awaitable<web::Response> report(web::Request& request) {
    const asgi::Scope& s = request.scope();
    boost::json::object o;
    o["route_name"] = s.route_name;
    o["params"] = params_json(s.path_params);
    co_return web::JSONResponse(o);
}

/// Accepts, sends the route name, closes.
inline boost::asio::awaitable<void> ws_report(web::WebSocket& ws) {
    co_await ws.accept();
    std::string name = ws.scope().route_name;
    co_await ws.send_text(std::move(name));
    co_await ws.close();
}

/// An ASGI app that is not a router: answers the path it sees.
inline asgi::App path_app() {
    return [](asgi::Scope& scope, asgi::Receive receive,
              asgi::Send send) -> boost::asio::awaitable<void> {
        const web::PlainTextResponse response("app saw " + std::string(web::route_path(scope)));
        co_await response(scope, std::move(receive), std::move(send));
    };
}

inline web::Starlette make_nested_app() {
    using namespace asgiscope::web;
    Routes admin = {Route("/stats", report, {.methods = {"GET", "DELETE"}, .name = "stats"})};
    Routes api = {
        Route("/v{version:int}/things/{id:uuid}", report, {.name = "thing"}),
        Mount("/admin", std::move(admin), {.name = "admin"}),
    };
    Router sub(RouterOptions{.routes = {Route("/", report, {.name = "home"})}});
    Routes routes = {
        Host("{sub}.example.org", asgi::App(std::move(sub)), {.name = "sub"}),
        Route("/", report, {.name = "home"}),
        Route("/users/{id:int}", report, {.name = "user"}),
        Route("/users/{name}", report, {.methods = {"POST"}, .name = "user_by_name"}),
        Route("/items/", report, {.name = "items"}),
        Route("/files/{rest:path}", report, {.name = "file"}),
        Route("/price/{amount:float}", report, {.name = "price", .include_in_schema = false}),
        Mount("/api", std::move(api), {.name = "api"}),
        Mount("/raw", path_app(), {.name = "raw"}),
        WebSocketRoute("/ws/{room}", ws_report, {.name = "ws"}),
    };
    return Starlette({.routes = std::move(routes),
                      .middleware = {web::Middleware::of<GZipMiddleware>({.minimum_size = 1000})}});
}

}  // namespace asgiscope::testing
