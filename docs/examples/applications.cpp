// applications.md: an application built from its options, extended before its first request,
// with state of its own and a name lookup.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
using boost::asio::awaitable;

awaitable<Response> homepage(Request&) { co_return PlainTextResponse("home"); }

awaitable<Response> teapot(Request&) {
    throw HTTPException(418);
    co_return PlainTextResponse("never sent");
}

int main() {
    Starlette app({
        .debug = false,
        .routes = {Route("/", homepage, {.name = "home"})},
        .middleware = {Middleware::of<GZipMiddleware>({.minimum_size = 1000})},
        .exception_handlers = {ExceptionHandler(418, [](Request&, const std::exception&) -> awaitable<Response> {
            co_return PlainTextResponse("short and stout", 418);
        })},
    });

    // Until the first request, routes and middleware can still be added.
    app.add_route("/teapot", teapot, {.name = "teapot"});
    app.state().set("greeting", std::string("hello"));

    // An endpoint reaches app.state() through a copy of the State, which shares its values
    // (capturing the application itself would make it own itself).
    app.add_route("/greeting", Endpoint([state = app.state()](Request&) -> awaitable<Response> {
                      co_return PlainTextResponse(state.get<std::string>("greeting"));
                  }));

    CHECK(app.url_path_for("teapot") == "/teapot");
    CHECK(app.user_middleware().size() == 1);
    CHECK(app.user_middleware()[0].name() == "GZipMiddleware");

    TestClient client(app);
    CHECK(client.get("/").text() == "home");
    CHECK(client.get("/greeting").text() == "hello");

    const TestResponse tea = client.get("/teapot");
    CHECK(tea.status_code == 418);
    CHECK(tea.text() == "short and stout");

    // The first request built the middleware stack: the application is now fixed.
    CHECK(app.started());
    bool refused = false;
    try {
        app.add_middleware(Middleware::of<HTTPSRedirectMiddleware>());
    } catch (const std::runtime_error&) {
        refused = true;
    }
    CHECK(refused);
    return 0;
}
