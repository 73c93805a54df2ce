// schemas.md: an OpenAPI document generated from the route table and served by a route.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

awaitable<Response> list_users(Request&) { co_return JSONResponse(json::array{}); }

awaitable<Response> get_user(Request& request) {
    json::object user;
    user["id"] = request.path_param<std::int64_t>("id");
    co_return JSONResponse(user);
}

int main() {
    json::object info;
    info["title"] = "Users API";
    info["version"] = "1.0";
    json::object base;
    base["openapi"] = "3.0.0";
    base["info"] = info;
    auto schemas = std::make_shared<const SchemaGenerator>(base);

    auto openapi = [schemas](Request& request) -> awaitable<Response> { co_return schemas->OpenAPIResponse(request); };
    Routes users = {
        Route("/", list_users, {.summary = "List users"}),
        Route("/{id:int}", get_user, {.summary = "One user", .description = "The user with this id."}),
    };
    Starlette app({.routes = {Mount("/users", users),
                              Route("/openapi.json", Endpoint(openapi), {.include_in_schema = false})}});
    TestClient client(app);

    const TestResponse r = client.get("/openapi.json");
    CHECK(r.headers["content-type"] == "application/vnd.oai.openapi+json");
    const json::value doc = r.json();
    CHECK(doc.at("info").at("title") == "Users API");
    const json::object& paths = doc.at("paths").as_object();
    CHECK(paths.size() == 2);  // /openapi.json left itself out
    CHECK(paths.at("/users/").at("get").at("summary") == "List users");
    const json::value& one = paths.at("/users/{id}").at("get");
    CHECK(one.at("description") == "The user with this id.");
    CHECK(one.at("parameters").at(0).at("schema").at("type") == "integer");

    // The same document without a request, from the route table.
    CHECK(schemas->get_schema(app.routes()).at("paths").as_object().size() == 2);
    return 0;
}
