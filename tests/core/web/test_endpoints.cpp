// Class-based endpoints (Starlette's tests/test_endpoints.py): HTTPEndpoint's dispatch, 405
// with Allow, HEAD through get(); WebSocketEndpoint's hooks and encodings.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

struct Homepage : HTTPEndpoint {
    awaitable<Response> get(Request& request) {
        if (request.path_params().count("username") == 0)
            co_return PlainTextResponse("Hello, world!");
        co_return PlainTextResponse("Hello, " + request.path_param<std::string>("username") + "!");
    }
};

// Every method, each answering with its name and what the endpoint knows.
struct Everything : HTTPEndpoint {
    explicit Everything(std::string greeting_) : greeting(std::move(greeting_)) {}
    std::string greeting;
    awaitable<Response> answer(const char* method) {
        std::string allow;
        for (const auto& m : allowed_methods()) allow += (allow.empty() ? "" : ",") + m;
        co_return PlainTextResponse(greeting + " " + method + " " + scope().path + " " + allow);
    }
    awaitable<Response> get(Request&) { return answer("get"); }
    awaitable<Response> head(Request&) { return answer("head"); }
    awaitable<Response> post(Request&) { return answer("post"); }
    awaitable<Response> put(Request&) { return answer("put"); }
    awaitable<Response> patch(Request&) { return answer("patch"); }
    awaitable<Response> delete_(Request&) { return answer("delete"); }
    awaitable<Response> options(Request&) { return answer("options"); }
};

// No get(): HEAD is not allowed either.
struct PostOnly : HTTPEndpoint {
    awaitable<Response> post(Request& request) {
        const asgi::Bytes body = co_await request.body();
        co_return PlainTextResponse("posted " + body.str());
    }
    awaitable<Response> delete_(Request&) { co_return Response(std::string(), 204); }
};

Router homepage_router() {
    return Router({.routes = {Route("/", HTTPEndpoint::app<Homepage>()),
                              Route("/{username}", HTTPEndpoint::app<Homepage>())}});
}

asgi::App as_app(Router router) {
    return Middleware::as_app(std::make_shared<const Router>(std::move(router)));
}

// ---- WebSocket endpoints -----------------------------------------------------------------

struct OnConnect : WebSocketEndpoint {
    awaitable<void> on_connect(WebSocket& websocket) override { co_await websocket.accept("soap"); }
};

struct Echo : WebSocketEndpoint {
    explicit Echo(WebSocketEncoding e) : WebSocketEndpoint(e) {}
    awaitable<void> on_receive(WebSocket& websocket, WebSocketData data) override {
        if (auto* text = std::get_if<std::string>(&data)) {
            co_await websocket.send_text("Message text was: " + *text);
        } else if (auto* bytes = std::get_if<asgi::Bytes>(&data)) {
            co_await websocket.send_bytes(asgi::Bytes("Message bytes was: " + bytes->str()));
        } else {
            json::object o;
            o["message"] = std::get<json::value>(data);
            co_await websocket.send_json(o);
        }
    }
};

struct Disconnects : WebSocketEndpoint {
    explicit Disconnects(std::vector<int>* codes_) : codes(codes_) {}
    std::vector<int>* codes;
    awaitable<void> on_receive(WebSocket&, WebSocketData data) override {
        if (std::get<std::string>(data) == "fail") throw std::domain_error("on_receive failed");
        co_return;
    }
    awaitable<void> on_disconnect(WebSocket& websocket, int close_code) override {
        codes->push_back(close_code);
        if (close_code == 1001) co_await websocket.close(close_code);
    }
};

}  // namespace

class TestEndpoints : public QObject {
    Q_OBJECT

private slots:
    void httpEndpointRoute() {
        TestClient client(as_app(homepage_router()));
        auto r = client.get("/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "Hello, world!");
        r = client.get("/tomchristie");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "Hello, tomchristie!");
    }

    void httpEndpointMethodNotAllowed() {
        TestClient client(as_app(homepage_router()));
        const auto r = client.post("/");
        QCOMPARE(r.status_code, 405);
        COMPARE_STR(r.text(), "Method Not Allowed");
        COMPARE_STR(r.headers.get("allow").value_or(""), "GET");
    }

    void headFallsBackToGet() {
        TestClient client(as_app(homepage_router()));
        const auto r = client.head("/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.headers.get("content-length").value_or(""), "13");
        QVERIFY(r.content.empty());
    }

    void everyMethodAndConstructorArguments() {
        TestClient client(as_app(
            Router({.routes = {Route("/all", HTTPEndpoint::app<Everything>(std::string("hi")))}})));
        const std::string allow = "GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS";
        COMPARE_STR(client.get("/all").text(), "hi get /all " + allow);
        COMPARE_STR(client.post("/all").text(), "hi post /all " + allow);
        COMPARE_STR(client.put("/all").text(), "hi put /all " + allow);
        COMPARE_STR(client.patch("/all").text(), "hi patch /all " + allow);
        COMPARE_STR(client.delete_("/all").text(), "hi delete /all " + allow);
        COMPARE_STR(client.options("/all").text(), "hi options /all " + allow);
        const auto head = client.head("/all");  // its own head(), not get()
        COMPARE_STR(head.headers.get("content-length").value_or(""),
                    std::to_string(std::string("hi head /all " + allow).size()));
        const auto trace = client.request("TRACE", "/all");
        QCOMPARE(trace.status_code, 405);
        COMPARE_STR(trace.headers.get("allow").value_or(""),
                    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    }

    void withoutGetThereIsNoHead() {
        TestClient client(as_app(Router({.routes = {Route("/p", HTTPEndpoint::app<PostOnly>())}})));
        auto r = client.post("/p", {.content = "body"});
        COMPARE_STR(r.text(), "posted body");
        QCOMPARE(client.delete_("/p").status_code, 204);
        r = client.head("/p");
        QCOMPARE(r.status_code, 405);
        COMPARE_STR(r.headers.get("allow").value_or(""), "POST, DELETE");
        QCOMPARE(client.get("/p").status_code, 405);
    }

    void insideAnApplicationTheHandlersAnswer405() {
        Starlette app({.routes = {Route("/", HTTPEndpoint::app<Homepage>())},
                       .exception_handlers = {ExceptionHandler(
                           405, [](Request&, const std::exception& e) -> awaitable<Response> {
                               const auto& http = dynamic_cast<const HTTPException&>(e);
                               co_return PlainTextResponse(
                                   "custom 405, allow " + std::string(http.headers->front().second),
                                   405);
                           })}});
        TestClient client(app);
        const auto r = client.post("/");
        QCOMPARE(r.status_code, 405);
        COMPARE_STR(r.text(), "custom 405, allow GET");
    }

    void websocketEndpointOnConnect() {
        TestClient client(WebSocketEndpoint::app<OnConnect>());
        auto session = client.websocket_connect("/ws", {.subprotocols = {"soap", "wamp"}});
        COMPARE_STR(session.accepted_subprotocol().value_or(""), "soap");
    }

    void websocketEndpointOnReceiveBytes() {
        TestClient client(WebSocketEndpoint::app<Echo>(WebSocketEncoding::bytes));
        {
            auto session = client.websocket_connect("/ws");
            session.send_bytes("Hello, world!");
            COMPARE_STR(session.receive_bytes(), "Message bytes was: Hello, world!");
        }
        auto session = client.websocket_connect("/ws");
        session.send_text("Hello world");
        const asgi::Message m = session.receive();
        QCOMPARE(std::get<asgi::WebSocketClose>(m).code, 1003);
        try {
            session.close();
            QFAIL("the endpoint should have failed");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "Expected bytes websocket messages, but got text");
        }
    }

    void websocketEndpointOnReceiveJson() {
        TestClient client(WebSocketEndpoint::app<Echo>(WebSocketEncoding::json));
        {
            auto session = client.websocket_connect("/ws");
            session.send_json(json::parse("{\"hello\":\"world\"}"));
            COMPARE_STR(json::serialize(session.receive_json()),
                        "{\"message\":{\"hello\":\"world\"}}");
            session.send_json(json::parse("{\"hello\":\"binary\"}"), JsonMode::binary);
            COMPARE_STR(json::serialize(session.receive_json()),
                        "{\"message\":{\"hello\":\"binary\"}}");
        }
        auto session = client.websocket_connect("/ws");
        session.send_text("Hello world");
        const auto e = [&] {
            try {
                (void)session.receive_text();
            } catch (const WebSocketDisconnect& d) {
                return d.code;
            }
            return 0;
        }();
        QCOMPARE(e, 1003);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, session.close());
    }

    void websocketEndpointOnReceiveText() {
        TestClient client(WebSocketEndpoint::app<Echo>(WebSocketEncoding::text));
        {
            auto session = client.websocket_connect("/ws");
            session.send_text("Hello, world!");
            COMPARE_STR(session.receive_text(), "Message text was: Hello, world!");
        }
        auto session = client.websocket_connect("/ws");
        session.send_bytes("Hello world");
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, session.receive_text());
        try {
            session.close();
            QFAIL("the endpoint should have failed");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "Expected text websocket messages, but got bytes");
        }
    }

    void websocketEndpointDefaultEncoding() {
        TestClient client(WebSocketEndpoint::app<Echo>(WebSocketEncoding::none));
        auto session = client.websocket_connect("/ws");
        session.send_text("Hello, world!");
        COMPARE_STR(session.receive_text(), "Message text was: Hello, world!");
        session.send_bytes("raw");
        COMPARE_STR(session.receive_bytes(), "Message bytes was: raw");
    }

    void websocketEndpointOnDisconnect() {
        std::vector<int> codes;
        TestClient client(WebSocketEndpoint::app<Disconnects>(&codes));
        {
            auto session = client.websocket_connect("/ws");
            session.close(1001);
            // on_disconnect closed too; the session keeps what the app sent after the close.
            QCOMPARE(std::get<asgi::WebSocketClose>(session.receive()).code, 1001);
        }
        { auto session = client.websocket_connect("/ws"); }
        {
            auto session = client.websocket_connect("/ws");
            session.send_text("fail");
            QVERIFY_THROWS_EXCEPTION(std::domain_error, session.close());
        }
        QCOMPARE(codes, std::vector<int>({1001, 1000, 1011}));
    }

    void websocketEndpointThroughARoute() {
        Starlette app({.routes = {WebSocketRoute(
                           "/ws/{room}", WebSocketEndpoint::app<Echo>(WebSocketEncoding::text),
                           {.name = "room"})}});
        TestClient client(app);
        auto session = client.websocket_connect("/ws/lobby");
        session.send_text("hi");
        COMPARE_STR(session.receive_text(), "Message text was: hi");
        COMPARE_STR(app.url_path_for("room", {{"room", std::string("lobby")}}).path, "/ws/lobby");
    }
};

QTEST_APPLESS_MAIN(TestEndpoints)
#include "test_endpoints.moc"
