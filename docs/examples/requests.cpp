// requests.md: what an endpoint reads from its Request, and a body read twice: first by a
// middleware, then by the endpoint.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

awaitable<Response> order(Request& request) {
    const json::value body = co_await request.json();  // read a second time: from the cache
    json::object answer;
    answer["shop"] = request.path_param<std::string>("shop");
    answer["item"] = body.at("item");
    answer["quantity"] = std::string(request.query_params().get("quantity", "1"));
    answer["client"] = std::string(request.headers().get("user-agent", "unknown"));
    answer["session"] = request.cookies().contains("sid") ? request.cookies().at("sid") : "";
    answer["method"] = request.method();
    answer["url"] = request.url().str();
    answer["self"] = request.url_for("order", request.path_params()).str();
    co_return JSONResponse(answer);
}

// Reads the whole body before the endpoint runs. The body is then kept in the scope, so
// the endpoint's own Request reads it again instead of waiting for a body already consumed.
awaitable<Response> body_size(Request& request, CallNext call_next) {
    const asgi::Bytes body = co_await request.body();
    Response response = co_await call_next(request);
    response.headers().set("x-body-size", std::to_string(body.size()));
    co_return response;
}

int main() {
    Starlette app({
        .routes = {Route("/shops/{shop}/orders", order, {.methods = {"POST"}, .name = "order"})},
        .middleware = {Middleware::of<BaseHTTPMiddleware>(DispatchFunction(body_size))},
    });
    TestClient client(app);

    json::object item;
    item["item"] = "tea";
    const TestResponse r = client.post("/shops/leeds/orders?quantity=3",
                                       {.headers = {{"user-agent", "docs"}},
                                        .json = item,
                                        .cookies = {{"sid", "abc"}}});
    CHECK(r.status_code == 200);
    CHECK(r.headers["x-body-size"] == "14");  // {"item":"tea"}
    const json::value answer = r.json();
    CHECK(answer.at("shop") == "leeds");
    CHECK(answer.at("item") == "tea");
    CHECK(answer.at("quantity") == "3");
    CHECK(answer.at("client") == "docs");
    CHECK(answer.at("session") == "abc");
    CHECK(answer.at("method") == "POST");
    CHECK(answer.at("url") == "http://testserver/shops/leeds/orders?quantity=3");
    CHECK(answer.at("self") == "http://testserver/shops/leeds/orders");

    // A body that is not JSON: json() throws std::invalid_argument, which no handler takes,
    // so the application answers 500 (and the TestClient rethrows it unless told not to).
    TestClient lenient(app, {.raise_server_exceptions = false});
    CHECK(lenient.post("/shops/leeds/orders", {.content = "not json"}).status_code == 500);
    return 0;
}
