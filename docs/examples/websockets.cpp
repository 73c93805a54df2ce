// websockets.md: a WebSocket endpoint function, its message order, JSON messages, and a
// connection refused before it is accepted.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

// Echoes text messages in upper case until the client leaves, then nothing more is sent.
awaitable<void> shout(WebSocket& websocket) {
    co_await websocket.accept();
    while (std::optional<std::string> text = co_await websocket.next_text()) {
        std::string loud = *text;
        for (char& ch : loud) ch = char(std::toupper(static_cast<unsigned char>(ch)));
        co_await websocket.send_text(loud);
    }
}

// Answers one JSON request, then closes with a reason.
awaitable<void> sum(WebSocket& websocket) {
    co_await websocket.accept();
    const json::value numbers = co_await websocket.receive_json();
    std::int64_t total = 0;
    for (const json::value& n : numbers.as_array()) total += n.as_int64();
    json::object answer;
    answer["sum"] = total;
    co_await websocket.send_json(answer);
    co_await websocket.close(1000, "done");
}

// Checks a query parameter before accepting: a close now refuses the handshake.
awaitable<void> guarded(WebSocket& websocket) {
    if (websocket.query_params().get("token") != "secret") {
        co_await websocket.close(1008);
        co_return;
    }
    co_await websocket.accept();
    co_await websocket.send_text("welcome");
    co_await websocket.close();
}

int main() {
    Starlette app({.routes = {WebSocketRoute("/shout", shout), WebSocketRoute("/sum", sum),
                              WebSocketRoute("/guarded", guarded)}});
    TestClient client(app);

    {
        WebSocketTestSession ws = client.websocket_connect("/shout");
        ws.send_text("hello");
        CHECK(ws.receive_text() == "HELLO");
        ws.send_text("again");
        CHECK(ws.receive_text() == "AGAIN");
        ws.close();  // the endpoint's next_text() gives nothing and it returns
    }
    {
        WebSocketTestSession ws = client.websocket_connect("/sum");
        ws.send_json(json::array{1, 2, 3});
        CHECK(ws.receive_json().at("sum") == 6);
        const asgi::Message closing = ws.receive();
        const auto* close = std::get_if<asgi::WebSocketClose>(&closing);
        CHECK(close && close->code == 1000 && close->reason == "done");
    }
    {
        bool refused = false;
        try {
            client.websocket_connect("/guarded");
        } catch (const WebSocketDisconnect& e) {
            refused = e.code == 1008;
        }
        CHECK(refused);
        WebSocketTestSession ws = client.websocket_connect("/guarded?token=secret");
        CHECK(ws.receive_text() == "welcome");
    }
    return 0;
}
