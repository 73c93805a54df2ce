// testclient.md: the TestClient's requests and what it gives back: bodies of every kind,
// redirects, cookies, exceptions, lifespan and WebSockets.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

awaitable<Response> echo(Request& request) {
    const asgi::Bytes body = co_await request.body();
    json::object answer;
    answer["type"] = std::string(request.headers().get("content-type", ""));
    answer["body"] = body.str();
    answer["token"] = std::string(request.headers().get("x-token", ""));
    co_return JSONResponse(answer);
}

awaitable<Response> login(Request&) {
    RedirectResponse response(std::string_view("/me"), 303);
    response.set_cookie("user", "ada");
    co_return response;
}

awaitable<Response> me(Request& request) {
    const auto user = request.cookies().find("user");
    co_return PlainTextResponse(user == request.cookies().end() ? "nobody" : user->second);
}

awaitable<Response> broken(Request&) {
    throw std::runtime_error("broken endpoint");
    co_return Response();
}

awaitable<void> ping(WebSocket& websocket) {
    co_await websocket.accept();
    const std::string text = co_await websocket.receive_text();
    co_await websocket.send_text("pong: " + text);
}

int main() {
    Starlette app({.routes = {Route("/echo", echo, {.methods = {"POST"}}), Route("/login", login),
                              Route("/me", me), Route("/broken", broken), WebSocketRoute("/ping", ping)}});
    TestClient client(app, {.headers = {{"x-token", "t0k"}}});

    // Raw content, JSON and form fields each set their Content-Type.
    const json::value raw = client.post("/echo", {.content = "abc"}).json();
    CHECK(raw.at("body") == "abc" && raw.at("token") == "t0k");
    json::object payload;
    payload["a"] = 1;
    CHECK(client.post("/echo", {.json = payload}).json().at("type") == "application/json");
    const json::value form = client.post("/echo", {.data = {{"name", "Ada Lovelace"}}}).json();
    CHECK(form.at("type") == "application/x-www-form-urlencoded");
    CHECK(form.at("body") == "name=Ada+Lovelace");

    // Redirects are followed; the cookie set on the way is kept by the client.
    const TestResponse r = client.get("/login");
    CHECK(r.text() == "ada");
    CHECK(r.url == "http://testserver/me");
    CHECK(r.history.size() == 1 && r.history[0].status_code == 303);
    CHECK(client.cookies().at("user") == "ada");

    // What the app throws comes out of the call...
    bool thrown = false;
    try {
        client.get("/broken");
    } catch (const std::runtime_error& e) {
        thrown = std::string(e.what()) == "broken endpoint";
    }
    CHECK(thrown);
    // ... unless the client is told to give the 500 response instead.
    TestClient quiet(app, {.raise_server_exceptions = false});
    CHECK(quiet.get("/broken").status_code == 500);

    // WebSockets: the session drives the app in step with its calls.
    WebSocketTestSession ws = client.websocket_connect("/ping");
    ws.send_text("hi");
    CHECK(ws.receive_text() == "pong: hi");
    ws.close();
    return 0;
}
