// exceptions.md: HTTPException and its default answer, handlers by status code and by
// exception type, the 500 handler, and WebSocketException.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

// An exception type of the application.
class OutOfStock : public std::runtime_error {
public:
    explicit OutOfStock(std::string item) : std::runtime_error(item + " is out of stock") {}
};

awaitable<Response> item(Request& request) {
    const std::string name = request.path_param<std::string>("name");
    if (name == "tea") throw OutOfStock(name);
    if (name == "secret") {
        asgi::Headers headers;
        headers.emplace_back("www-authenticate", "Bearer");
        throw HTTPException(401, "Log in first", headers);
    }
    if (name == "crash") throw std::logic_error("a bug");
    co_return PlainTextResponse(name);
}

awaitable<void> room(WebSocket& websocket) {
    throw WebSocketException(4001, "rooms are closed");
    co_await websocket.accept();
}

int main() {
    Starlette app({
        .routes = {Route("/items/{name}", item), WebSocketRoute("/room", room)},
        .exception_handlers = {
            // By status code: the HTTPExceptions of that status, here every 404 of the routing.
            ExceptionHandler(404, [](Request& request, const std::exception&) -> awaitable<Response> {
                json::object body;
                body["missing"] = request.url().path();
                co_return JSONResponse(body, 404);
            }),
            // By type: OutOfStock and its subclasses.
            ExceptionHandler::of<OutOfStock>([](Request&, const OutOfStock& e) -> awaitable<Response> {
                co_return PlainTextResponse(e.what(), 409);
            }),
            // 500: anything else that escapes, answered by ServerErrorMiddleware.
            ExceptionHandler(500, [](Request&, const std::exception& e) -> awaitable<Response> {
                co_return PlainTextResponse(std::string("sorry: ") + e.what(), 500);
            }),
        },
    });
    // The 500 handler answers, then the exception goes on up; a TestClient rethrows it
    // unless raise_server_exceptions is off.
    TestClient client(app, {.raise_server_exceptions = false});

    CHECK(client.get("/items/pen").text() == "pen");

    const TestResponse missing = client.get("/nowhere");
    CHECK(missing.status_code == 404 && missing.text() == "{\"missing\":\"/nowhere\"}");

    const TestResponse stock = client.get("/items/tea");
    CHECK(stock.status_code == 409 && stock.text() == "tea is out of stock");

    // No handler for 401: the default one answers with the detail as plain text.
    const TestResponse secret = client.get("/items/secret");
    CHECK(secret.status_code == 401 && secret.text() == "Log in first");
    CHECK(secret.headers["www-authenticate"] == "Bearer");

    const TestResponse crash = client.get("/items/crash");
    CHECK(crash.status_code == 500 && crash.text() == "sorry: a bug");

    bool closed = false;
    try {
        client.websocket_connect("/room");
    } catch (const WebSocketDisconnect& e) {
        closed = e.code == 4001 && e.reason == "rooms are closed";
    }
    CHECK(closed);
    return 0;
}
