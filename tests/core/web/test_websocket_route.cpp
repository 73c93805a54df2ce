// WebSocketRoute and WebSockets inside an application: routing (path parameters, names,
// url_path_for, mounts, route middleware, HTTP next to WebSocket on one path), WebSocketException
// and HTTPException through ExceptionMiddleware, and a route served by the real server to the
// Python `websockets` client.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "test_support.hpp"
#include "websocket_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using testing::accept_and_wait;
using testing::app_of;
using testing::echo_text;
using testing::expect_throw;
namespace json = boost::json;

namespace {

// For the served test: a chat room that greets, echoes and closes with 4000 on "bye".
awaitable<void> room(WebSocket& ws) {
    const auto& offered = ws.scope().subprotocols;
    std::optional<std::string> chosen;
    if (!offered.empty()) chosen = offered.back();
    co_await ws.accept(std::move(chosen));
    co_await ws.send_text("welcome " + ws.path_param<std::string>("room"));
    while (auto text = co_await ws.next_text()) {
        if (*text == "bye") {
            co_await ws.close(4000, "done");
            co_return;
        }
        co_await ws.send_text("echo: " + *text);
    }
}

struct JsonEcho : WebSocketEndpoint {
    JsonEcho() : WebSocketEndpoint(WebSocketEncoding::json) {}
    awaitable<void> on_receive(WebSocket& websocket, WebSocketData data) override {
        json::object o;
        o["message"] = std::get<json::value>(data);
        co_await websocket.send_json(o);
    }
};

// The Python `websockets` client, without pings of its own; argv[1] is the server's ws:// URL.
const QString kPythonPreamble = QStringLiteral(
    "import asyncio, sys, json, websockets\n"
    "from websockets.exceptions import ConnectionClosed, InvalidStatusCode\n"
    "def connect(path, **kw):\n"
    "    kw.setdefault('open_timeout', 10); kw.setdefault('close_timeout', 10)\n"
    "    kw.setdefault('ping_interval', None)\n"
    "    return websockets.connect(sys.argv[1] + path, **kw)\n");

const QString kPythonScript = QStringLiteral(R"(
async def main():
    async with connect('/ws/lobby', subprotocols=['chat']) as ws:
        print('proto', ws.subprotocol)
        print(await ws.recv())
        await ws.send('hello')
        print(await ws.recv())
        await ws.send('bye')
        try:
            await ws.recv()
        except ConnectionClosed as e:
            print('closed', e.rcvd.code, e.rcvd.reason)
    async with connect('/json') as ws:
        await ws.send(json.dumps({'a': [1, 2]}))
        print(await ws.recv())
    for path in ['/refuse', '/deny', '/nowhere']:
        try:
            async with connect(path) as ws:
                print(path, 'opened')
        except InvalidStatusCode as e:
            print(path, e.status_code)
asyncio.run(main())
)");

}  // namespace

class TestWebSocketRoute : public QObject {
    Q_OBJECT

private slots:
    // ---- through an application --------------------------------------------------------

    void websocketExceptionClosesWithItsCode() {
        Starlette app({.routes = {WebSocketRoute("/before",
                                                 [](WebSocket&) -> awaitable<void> {
                                                     throw WebSocketException(
                                                         status::WS_1003_UNSUPPORTED_DATA);
                                                     co_return;
                                                 }),
                                  WebSocketRoute("/after",
                                                 [](WebSocket& ws) -> awaitable<void> {
                                                     co_await ws.accept();
                                                     throw WebSocketException(4001,
                                                                              "custom reason");
                                                 })},
                       // A handler for a base class does not take WebSocketException over.
                       .exception_handlers = {ExceptionHandler::of<std::runtime_error>(
                           [](Request&, const std::runtime_error&) -> awaitable<Response> {
                               co_return PlainTextResponse("runtime_error handler", 500);
                           })}});
        TestClient client(app);
        const auto before =
            expect_throw<WebSocketDisconnect>([&] { (void)client.websocket_connect("/before"); });
        QCOMPARE(before.code, 1003);
        auto session = client.websocket_connect("/after");
        const auto after = expect_throw<WebSocketDisconnect>([&] { (void)session.receive_text(); });
        QCOMPARE(after.code, 4001);
        COMPARE_STR(after.reason, "custom reason");
        COMPARE_STR(WebSocketException(1008, "x").what(), "1008: x");
    }

    void httpExceptionIsADenialResponse() {
        Starlette app({.routes = {WebSocketRoute("/ws", [](WebSocket&) -> awaitable<void> {
                           throw HTTPException(401, "Unauthorized");
                           co_return;
                       })}});
        TestClient client(app);
        const auto e =
            expect_throw<WebSocketDenialResponse>([&] { (void)client.websocket_connect("/ws"); });
        QCOMPARE(e.status_code(), 401);
        COMPARE_STR(e.text(), "Unauthorized");
    }

    void handledExceptionAfterAcceptGoesOn() {
        Starlette app({.routes = {WebSocketRoute("/ws", [](WebSocket& ws) -> awaitable<void> {
                           co_await ws.accept();
                           throw HTTPException(400);
                       })}});
        TestClient client(app);
        auto session = client.websocket_connect("/ws");
        const auto e = expect_throw<std::runtime_error>([&] { (void)session.receive(); });
        COMPARE_STR(e.what(), "Caught handled exception, but response already started.");
    }

    void unmatchedWebsocketIsClosed() {
        Starlette app({.routes = {Route("/", [](Request&) -> awaitable<Response> {
                           co_return PlainTextResponse("http");
                       })}});
        TestClient client(app);
        const auto e =
            expect_throw<WebSocketDisconnect>([&] { (void)client.websocket_connect("/"); });
        QCOMPARE(e.code, 1000);
        Router router({.routes = {WebSocketRoute("/ws", echo_text)}});
        TestClient bare(Middleware::as_app(std::make_shared<const Router>(router)));
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, (void)bare.websocket_connect("/404"));
        QCOMPARE(bare.get("/ws").status_code, 404);  // a WebSocketRoute does not take HTTP
    }

    // ---- WebSocketRoute --------------------------------------------------------------------

    void protocolSwitch() {
        Router router({.routes = {Route("/",
                                        [](Request& request) -> awaitable<Response> {
                                            co_return PlainTextResponse("URL: " +
                                                                        request.url().str());
                                        }),
                                  WebSocketRoute("/", [](WebSocket& ws) -> awaitable<void> {
                                      co_await ws.accept();
                                      const json::value url = json::value("URL: " + ws.url().str());
                                      co_await ws.send_json(url);
                                      co_await ws.close();
                                  })}});
        TestClient client(Middleware::as_app(std::make_shared<const Router>(router)));
        COMPARE_STR(client.get("/").text(), "URL: http://testserver/");
        auto session = client.websocket_connect("/");
        COMPARE_STR(session.receive_json().as_string(), "URL: ws://testserver/");
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, (void)client.websocket_connect("/404"));
    }

    void pathParamsNamesAndUrlPathFor() {
        Starlette app(
            {.routes = {WebSocketRoute("/ws/{room}/{id:int}",
                                       [](WebSocket& ws) -> awaitable<void> {
                                           co_await ws.accept();
                                           const std::string text =
                                               ws.path_param<std::string>("room") + " " +
                                               std::to_string(ws.path_param<int>("id")) + " " +
                                               ws.scope().route_name;
                                           co_await ws.send_text(text);
                                           co_await ws.close();
                                       },
                                       {.name = "room"}),
                        Mount("/chat", Routes{WebSocketRoute("/{room}", echo_text, {.name = "in"})},
                              {.name = "chat"})}});
        TestClient client(app);
        auto session = client.websocket_connect("/ws/lobby/7");
        COMPARE_STR(session.receive_text(), "lobby 7 room");
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect,
                                 (void)client.websocket_connect("/ws/lobby/x"));

        const URLPath path =
            app.url_path_for("room", {{"room", std::string("hall")}, {"id", std::int64_t(3)}});
        COMPARE_STR(path.path, "/ws/hall/3");
        COMPARE_STR(path.protocol, "websocket");
        COMPARE_STR(path.make_absolute_url(URL("https://example.org/")).str(),
                    "wss://example.org/ws/hall/3");
        COMPARE_STR(path.make_absolute_url(URL("http://example.org/")).str(),
                    "ws://example.org/ws/hall/3");
        QVERIFY_THROWS_EXCEPTION(NoMatchFound,
                                 app.url_path_for("room", {{"room", std::string("a")}}));
        COMPARE_STR(app.url_path_for("chat:in", {{"room", std::string("r")}}).path, "/chat/r");

        auto mounted = client.websocket_connect("/chat/r");
        mounted.send_text("x");
        COMPARE_STR(mounted.receive_text(), "Message was: x");
    }

    void routeMiddleware() {
        class AddHeader {
        public:
            AddHeader(asgi::App app, int) : app_(std::move(app)) {}
            awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive,
                                       asgi::Send send) const {
                asgi::Send modified = [send](asgi::Message m) {
                    if (auto* accept = std::get_if<asgi::WebSocketAccept>(&m))
                        accept->headers.emplace_back("x-test", "Set by middleware");
                    return send(std::move(m));
                };
                return app_(scope, std::move(receive), std::move(modified));
            }

        private:
            asgi::App app_;
        };
        const WebSocketRoute route("/ws", accept_and_wait,
                                   {.middleware = {Middleware::of<AddHeader>(0)}});
        QCOMPARE(route.middleware().size(), std::size_t(1));
        Starlette app({.routes = {route}});
        TestClient client(app);
        auto session = client.websocket_connect("/ws");
        QCOMPARE(session.extra_headers(), asgi::Headers({{"x-test", "Set by middleware"}}));
    }

    void servedToPythonWebsockets() {
        Starlette app({.routes = {WebSocketRoute("/ws/{room}", room),
                                  WebSocketRoute("/json", WebSocketEndpoint::app<JsonEcho>()),
                                  WebSocketRoute("/refuse",
                                                 [](WebSocket&) -> awaitable<void> {
                                                     throw WebSocketException(
                                                         status::WS_1008_POLICY_VIOLATION);
                                                     co_return;
                                                 }),
                                  WebSocketRoute("/deny", [](WebSocket&) -> awaitable<void> {
                                      throw HTTPException(401);
                                      co_return;
                                  })}});
        server::Config config = testing::test_config();
        config.ws_ping_interval = 0;
        testing::RunningServer s(app, config);
        QVERIFY(s.started());
        const QString url = QStringLiteral("ws://127.0.0.1:%1").arg(s.port());
        const auto r =
            testing::run_process(testing::python(), {"-c", kPythonPreamble + kPythonScript, url});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"proto chat", "welcome lobby", "echo: hello", "closed 4000 done",
                              "{\"message\":{\"a\":[1,2]}}", "/refuse 403", "/deny 401",
                              "/nowhere 403"}));
    }

    void addWebsocketRoute() {
        Starlette app;
        app.add_websocket_route("/ws", echo_text, {.name = "ws"});
        app.add_websocket_route("/raw", WebSocketClose(4004, "raw app"));
        Router router;
        router.add_websocket_route("/r", echo_text);
        QCOMPARE(router.routes().size(), std::size_t(1));
        TestClient client(app);
        auto session = client.websocket_connect("/ws");
        session.send_text("added");
        COMPARE_STR(session.receive_text(), "Message was: added");
        const auto e =
            expect_throw<WebSocketDisconnect>([&] { (void)client.websocket_connect("/raw"); });
        QCOMPARE(e.code, 4004);
        COMPARE_STR(e.reason, "raw app");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, WebSocketRoute("no-slash", echo_text));
    }
};

QTEST_GUILESS_MAIN(TestWebSocketRoute)
#include "test_websocket_route.moc"
