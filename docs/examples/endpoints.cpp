// endpoints.md: a class with one handler per HTTP method, and a class-based WebSocket
// endpoint that counts its messages.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

// GET and POST are declared: HEAD is answered by get(), every other method gets 405.
class Notes : public HTTPEndpoint {
public:
    explicit Notes(std::shared_ptr<std::vector<std::string>> notes) : notes_(std::move(notes)) {}

    awaitable<Response> get(Request&) {
        json::array list;
        for (const std::string& note : *notes_) list.emplace_back(note);
        co_return JSONResponse(list);
    }

    awaitable<Response> post(Request& request) {
        const asgi::Bytes body = co_await request.body();
        notes_->push_back(body.str());
        co_return PlainTextResponse("added", 201);
    }

private:
    std::shared_ptr<std::vector<std::string>> notes_;
};

// JSON messages in, a running count out; a new instance per connection.
class Counter : public WebSocketEndpoint {
public:
    Counter() : WebSocketEndpoint(WebSocketEncoding::json) {}

    awaitable<void> on_receive(WebSocket& websocket, WebSocketData data) override {
        const json::value& message = std::get<json::value>(data);
        count_ += message.at("add").as_int64();
        json::object answer;
        answer["count"] = count_;
        co_await websocket.send_json(answer);
    }

private:
    std::int64_t count_ = 0;
};

int main() {
    auto notes = std::make_shared<std::vector<std::string>>();
    Starlette app({.routes = {Route("/notes", HTTPEndpoint::app<Notes>(notes)),
                              WebSocketRoute("/count", WebSocketEndpoint::app<Counter>())}});
    TestClient client(app);

    CHECK(client.post("/notes", {.content = "buy milk"}).status_code == 201);
    CHECK(client.get("/notes").text() == "[\"buy milk\"]");
    CHECK(client.head("/notes").status_code == 200);

    const TestResponse refused = client.put("/notes");
    CHECK(refused.status_code == 405);
    CHECK(refused.headers["allow"] == "GET, POST");  // HEAD works, but is not declared

    WebSocketTestSession ws = client.websocket_connect("/count");
    json::object add;
    add["add"] = 2;
    ws.send_json(add);
    CHECK(ws.receive_json().at("count") == 2);
    ws.send_json(add);
    CHECK(ws.receive_json().at("count") == 4);
    ws.send_text("not json");  // the wrong kind for the encoding: the endpoint closes with 1003
    const asgi::Message closing = ws.receive();
    const auto* close = std::get_if<asgi::WebSocketClose>(&closing);
    CHECK(close && close->code == 1003);
    bool raised = false;  // ... and throws, as Starlette does; close() hands that on
    try {
        ws.close();
    } catch (const std::runtime_error&) {
        raised = true;
    }
    CHECK(raised);
    return 0;
}
