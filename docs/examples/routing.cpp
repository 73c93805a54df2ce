// routing.md: routes with typed parameters and methods, a named mount, url_path_for, and
// what the router answers when nothing matches fully.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;

awaitable<Response> list_users(Request&) { co_return PlainTextResponse("all users"); }

awaitable<Response> create_user(Request&) { co_return PlainTextResponse("created", 201); }

awaitable<Response> user(Request& request) {
    const auto id = request.path_param<std::int64_t>("id");
    co_return PlainTextResponse("user " + std::to_string(id));
}

awaitable<Response> where(Request& request) {
    // Inside a mount the prefix has moved into root_path; the path is still the full one.
    co_return PlainTextResponse(request.scope().root_path + " " + request.url().path());
}

int main() {
    Routes api = {
        Route("/users", list_users, {.name = "users"}),
        Route("/users", create_user, {.methods = {"POST"}, .name = "create_user"}),
        Route("/users/{id:int}", user, {.name = "user"}),
        Route("/where", where),
    };
    Starlette app({.routes = {Route("/", list_users), Mount("/api", api, {.name = "api"})}});
    TestClient client(app);

    CHECK(client.get("/api/users").text() == "all users");
    CHECK(client.post("/api/users").status_code == 201);
    CHECK(client.get("/api/users/42").text() == "user 42");
    CHECK(client.get("/api/users/abc").status_code == 404);  // {id:int} takes digits only
    CHECK(client.get("/api/where").text() == "/api /api/where");

    // GET brings HEAD along; a method no route allows gets 405 with an Allow header.
    const TestResponse head = client.head("/api/users/42");
    CHECK(head.status_code == 200 && head.content.empty());
    const TestResponse wrong = client.delete_("/api/users/42");
    CHECK(wrong.status_code == 405);
    CHECK(wrong.headers["allow"] == "GET, HEAD");

    // Only the other form of the trailing slash matches: a 307 redirect to it.
    const TestResponse slash = client.get("/api/users/", {.follow_redirects = false});
    CHECK(slash.status_code == 307);
    CHECK(slash.headers["location"] == "http://testserver/api/users");

    // Names inside a named mount are "mount:route"; parameters are typed.
    asgi::PathParams params;
    params["id"] = std::int64_t{7};
    CHECK(app.url_path_for("api:user", params) == "/api/users/7");
    bool missing = false;
    try {
        app.url_path_for("api:nobody");
    } catch (const NoMatchFound&) {
        missing = true;
    }
    CHECK(missing);

    // matches() is pure: it says how a route would take a request, and why not.
    const Route& users = static_cast<const Route&>(*api[0]);
    asgi::Scope scope;
    scope.type = "http";
    scope.method = "PUT";
    scope.path = "/users";
    const MatchResult result = users.matches(scope);
    CHECK(result.match == Match::Partial);  // the path matches, the method does not
    return 0;
}
