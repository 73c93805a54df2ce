// WebSocket (Starlette's tests/test_websockets.py) through the TestClient's WebSocket
// sessions: the scope, text/bytes/JSON both ways, iteration, close codes both ways, denial
// responses, the message-order errors, and the session's own timeout and error reporting.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "websocket_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using testing::accept_and_wait;
using testing::app_of;
using testing::echo_text;
using testing::expect_throw;
namespace json = boost::json;

class TestWebSockets : public QObject {
    Q_OBJECT

private slots:
    void url() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            json::object o;
            o["url"] = ws.url().str();
            co_await ws.send_json(o);
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/123?a=abc");
        COMPARE_STR(json::serialize(session.receive_json()),
                    "{\"url\":\"ws://testserver/123?a=abc\"}");
    }

    void queryParamsAndPort() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            json::object o;
            o["a"] = ws.query_params().get("a").value_or("");
            o["b"] = ws.query_params().get("b").value_or("");
            o["port"] = ws.url().port().value_or(0);
            co_await ws.send_json(o);
            co_await ws.close();
        }));
        auto session = client.websocket_connect("ws://example.com:123/123?a=abc&b=456");
        COMPARE_STR(json::serialize(session.receive_json()),
                    "{\"a\":\"abc\",\"b\":\"456\",\"port\":123}");
    }

    void headersOfTheHandshake() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            json::object o;
            for (const auto& [k, v] : ws.scope().headers) o[k] = v;
            o["type"] = ws.scope().type;
            o["scheme"] = ws.scope().scheme;
            o["denial"] = ws.scope().extensions.websocket_http_response;
            co_await ws.send_json(o);
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        const json::value o = session.receive_json();
        COMPARE_STR(
            json::serialize(o),
            "{\"host\":\"testserver\",\"accept\":\"*/*\",\"accept-encoding\":\"gzip, deflate\","
            "\"connection\":\"upgrade\",\"user-agent\":\"testclient\",\"sec-websocket-key\":"
            "\"testserver==\","
            "\"sec-websocket-version\":\"13\",\"type\":\"websocket\",\"scheme\":\"ws\",\"denial\":"
            "true}");
    }

    void sendAndReceiveText() {
        TestClient client(app_of(echo_text));
        auto session = client.websocket_connect("/");
        session.send_text("Hello, world!");
        COMPARE_STR(session.receive_text(), "Message was: Hello, world!");
    }

    void sendAndReceiveBytes() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            const asgi::Bytes data = co_await ws.receive_bytes();
            co_await ws.send_bytes(asgi::Bytes("Message was: " + data.str()));
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        session.send_bytes(std::string("Hello, \0world!", 14));
        COMPARE_STR(session.receive_bytes(), std::string_view("Message was: Hello, \0world!", 27));
    }

    void sendAndReceiveJson() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            json::object o;
            o["message"] = co_await ws.receive_json();
            co_await ws.send_json(o);
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        session.send_json(json::parse("{\"hello\":\"world\"}"));
        COMPARE_STR(json::serialize(session.receive_json()), "{\"message\":{\"hello\":\"world\"}}");
    }

    void jsonInBinaryFrames() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            const json::value message = co_await ws.receive_json(JsonMode::binary);
            co_await ws.send_json(message, JsonMode::binary);
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        session.send_json(json::parse("{\"test\":\"data\"}"), JsonMode::binary);
        const asgi::Message m = session.receive();
        const auto& sent = std::get<asgi::WebSocketSend>(m);
        QVERIFY(sent.bytes && !sent.text);
        COMPARE_STR(sent.bytes->view(), "{\"test\":\"data\"}");
    }

    void jsonKeepsUnicode() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            const json::value message = co_await ws.receive_json();
            co_await ws.send_json(message);
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        json::object o;
        o["test"] = "\xe6\x95\xb0\xe6\x8d\xae";  // 数据
        session.send_json(o);
        COMPARE_STR(session.receive_text(), "{\"test\":\"\xe6\x95\xb0\xe6\x8d\xae\"}");
    }

    void receiveJsonOfBadTextThrows() {
        std::string seen;
        TestClient client(app_of([&seen](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            try {
                (void)co_await ws.receive_json();
            } catch (const std::invalid_argument& e) {
                seen = e.what();
            }
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        session.send_text("not json");
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, session.receive_text());
        QVERIFY2(seen.starts_with("WebSocket message is not JSON"), seen.c_str());
    }

    void iterationWithNext() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            while (auto text = co_await ws.next_text())
                co_await ws.send_text("Message was: " + *text);
        }));
        auto session = client.websocket_connect("/");
        session.send_text("one");
        session.send_text("two");
        COMPARE_STR(session.receive_text(), "Message was: one");
        COMPARE_STR(session.receive_text(), "Message was: two");
        session.close();  // ends the loop: the app returns normally
    }

    void iterationWithCallbacks() {
        std::vector<std::string> bytes, values;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            if (ws.url().path() == "/bytes") {
                co_await ws.iter_bytes([&](asgi::Bytes b) -> awaitable<void> {
                    bytes.push_back(b.str());
                    co_await ws.send_bytes(asgi::Bytes("Message was: " + b.str()));
                });
            } else {
                co_await ws.iter_json([&](json::value v) -> awaitable<void> {
                    values.push_back(json::serialize(v));
                    json::object o;
                    o["message"] = v;
                    co_await ws.send_json(o);
                });
            }
        }));
        {
            auto session = client.websocket_connect("/bytes");
            session.send_bytes("Hello, world!");
            COMPARE_STR(session.receive_bytes(), "Message was: Hello, world!");
        }  // the destructor closes
        {
            auto session = client.websocket_connect("/json");
            session.send_json(json::parse("{\"hello\":\"world\"}"));
            COMPARE_STR(json::serialize(session.receive_json()),
                        "{\"message\":{\"hello\":\"world\"}}");
        }
        QCOMPARE(bytes.size(), std::size_t(1));
        QCOMPARE(values.size(), std::size_t(1));
        COMPARE_STR(values[0], "{\"hello\":\"world\"}");
    }

    void clientCloseReachesTheApp() {
        std::optional<int> code;
        std::string reason;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            try {
                (void)co_await ws.receive_text();
            } catch (const WebSocketDisconnect& e) {
                code = e.code;
                reason = e.reason;
            }
        }));
        {
            auto session = client.websocket_connect("/");
            session.close(status::WS_1001_GOING_AWAY, "Going Away");
        }
        QCOMPARE(code, std::optional<int>(1001));
        COMPARE_STR(reason, "Going Away");
    }

    void destructorClosesWith1000() {
        std::optional<int> code;
        WebSocketState state = WebSocketState::CONNECTING;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            const asgi::Message m = co_await ws.receive();
            code = std::get<asgi::WebSocketDisconnect>(m).code;
            state = ws.client_state;
        }));
        { auto session = client.websocket_connect("/"); }
        QCOMPARE(code, std::optional<int>(1000));
        QCOMPARE(state, WebSocketState::DISCONNECTED);
    }

    void applicationClose() {
        WebSocketState state = WebSocketState::CONNECTING;
        TestClient client(app_of([&state](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            co_await ws.close(status::WS_1001_GOING_AWAY, "Going Away");
            state = ws.application_state;
        }));
        auto session = client.websocket_connect("/");
        const auto e = expect_throw<WebSocketDisconnect>([&] { (void)session.receive_text(); });
        QCOMPARE(e.code, 1001);
        COMPARE_STR(e.reason, "Going Away");
        COMPARE_STR(e.what(), "WebSocket disconnected: 1001 Going Away");
        session.close();
        QCOMPARE(state, WebSocketState::DISCONNECTED);
    }

    void rejectedConnection() {
        std::string first;
        TestClient client(app_of([&first](WebSocket& ws) -> awaitable<void> {
            const asgi::Message m = co_await ws.receive();
            first = asgi::type_name(m);
            co_await ws.close(status::WS_1001_GOING_AWAY);
        }));
        const auto e =
            expect_throw<WebSocketDisconnect>([&] { (void)client.websocket_connect("/"); });
        QCOMPARE(e.code, 1001);
        COMPARE_STR(first, "websocket.connect");
    }

    void denialResponse() {
        WebSocketState state = WebSocketState::CONNECTING;
        TestClient client(app_of([&state](WebSocket& ws) -> awaitable<void> {
            const PlainTextResponse response("foo", 400);
            co_await ws.send_denial_response(response);
            state = ws.application_state;
        }));
        const auto e =
            expect_throw<WebSocketDenialResponse>([&] { (void)client.websocket_connect("/"); });
        QCOMPARE(e.status_code(), 400);
        COMPARE_STR(e.text(), "foo");
        COMPARE_STR(e.response.headers.get("content-type").value_or(""),
                    "text/plain; charset=utf-8");
        QCOMPARE(state, WebSocketState::DISCONNECTED);
        // It is a WebSocketDisconnect too, as in Starlette.
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, (void)client.websocket_connect("/"));
    }

    void denialResponseInParts() {
        WebSocketState state = WebSocketState::CONNECTING;
        TestClient client(app_of([&state](WebSocket& ws) -> awaitable<void> {
            (void)co_await ws.receive();
            asgi::Headers headers;
            headers.emplace_back("content-type", "text/plain");
            headers.emplace_back("foo", "bar");
            co_await ws.send(asgi::WebSocketHttpResponseStart(404, std::move(headers)));
            state = ws.application_state;
            co_await ws.send(
                asgi::WebSocketHttpResponseBody(asgi::Bytes::from_static("hard"), true));
            co_await ws.send(
                asgi::WebSocketHttpResponseBody(asgi::Bytes::from_static("body"), false));
        }));
        const auto e =
            expect_throw<WebSocketDenialResponse>([&] { (void)client.websocket_connect("/"); });
        QCOMPARE(e.status_code(), 404);
        COMPARE_STR(e.text(), "hardbody");
        COMPARE_STR(e.response.headers.get("foo").value_or(""), "bar");
        QCOMPARE(state, WebSocketState::RESPONSE);  // as it was between the two bodies
    }

    void denialResponseUnsupported() {
        std::string error;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            ws.scope().extensions.websocket_http_response = false;
            try {
                const Response response("foo", 400);
                co_await ws.send_denial_response(response);
            } catch (const std::runtime_error& e) {
                error = e.what();
            }
            co_await ws.close();
        }));
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, (void)client.websocket_connect("/"));
        COMPARE_STR(error, "The server doesn't support the Websocket Denial Response extension.");
    }

    void denialResponseDuplicateStart() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            (void)co_await ws.receive();
            co_await ws.send(asgi::WebSocketHttpResponseStart(404));
            co_await ws.send(asgi::WebSocketHttpResponseStart(404));
        }));
        const auto e =
            expect_throw<std::runtime_error>([&] { (void)client.websocket_connect("/"); });
        COMPARE_STR(e.what(),
                    "Expected ASGI message \"websocket.http.response.body\", but got "
                    "'websocket.http.response.start'");
    }

    void subprotocol() {
        std::vector<std::string> offered;
        TestClient client(app_of([&offered](WebSocket& ws) -> awaitable<void> {
            offered = ws.scope().subprotocols;
            co_await ws.accept("wamp");
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/", {.subprotocols = {"soap", "wamp"}});
        COMPARE_STR(session.accepted_subprotocol().value_or("<none>"), "wamp");
        QCOMPARE(offered, std::vector<std::string>({"soap", "wamp"}));
        TestClient other(app_of(accept_and_wait));
        auto plain = other.websocket_connect("/");
        QVERIFY(!plain.accepted_subprotocol());
    }

    void additionalHeaders() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            asgi::Headers headers;
            headers.emplace_back("additional", "header");
            co_await ws.accept(std::nullopt, std::move(headers));
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        QCOMPARE(session.extra_headers(), asgi::Headers({{"additional", "header"}}));
        TestClient plain(app_of(accept_and_wait));
        auto none = plain.websocket_connect("/");
        QVERIFY(none.extra_headers().empty());
    }

    void appExceptionBeforeAccept() {
        TestClient client(app_of([](WebSocket&) -> awaitable<void> {
            throw std::domain_error("broken app");
            co_return;
        }));
        const auto e =
            expect_throw<std::domain_error>([&] { (void)client.websocket_connect("/"); });
        COMPARE_STR(e.what(), "broken app");
    }

    void appExceptionAfterAccept() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            co_await ws.send_text("last words");
            throw std::domain_error("failed after accept");
        }));
        auto session = client.websocket_connect("/");
        COMPARE_STR(session.receive_text(), "last words");  // messages first, then the error
        QVERIFY_THROWS_EXCEPTION(std::domain_error, session.receive());
    }

    void appExceptionFromClose() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            (void)co_await ws.receive();
            throw std::domain_error("failed on disconnect");
        }));
        auto session = client.websocket_connect("/");
        QVERIFY_THROWS_EXCEPTION(std::domain_error, session.close());
    }

    void appReturningBeforeTheHandshake() {
        TestClient client(app_of([](WebSocket&) -> awaitable<void> { co_return; }));
        const auto e =
            expect_throw<std::runtime_error>([&] { (void)client.websocket_connect("/"); });
        COMPARE_STR(e.what(),
                    "WebSocketTestSession: the application returned without accepting or closing "
                    "the WebSocket");
    }

    void appReturningWithoutClosing() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> { co_await ws.accept(); }));
        auto session = client.websocket_connect("/");
        const auto e = expect_throw<std::runtime_error>([&] { (void)session.receive(); });
        COMPARE_STR(
            e.what(),
            "WebSocketTestSession: the application returned without sending another message");
    }

    void receiveTimesOut() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            (void)co_await ws.receive_text();  // waits for the test, which waits for the app
            co_await ws.send_text("too late");
        }));
        auto session = client.websocket_connect("/", {.timeout = std::chrono::milliseconds(200)});
        QElapsedTimer timer;
        timer.start();
        const auto e = expect_throw<std::runtime_error>([&] { (void)session.receive(); });
        QVERIFY(timer.elapsed() >= 190 && timer.elapsed() < 5000);
        COMPARE_STR(
            e.what(),
            "WebSocketTestSession: receive timed out after 200 ms waiting for the application");
        // The session still works once the app is given what it waits for.
        session.send_text("go");
        COMPARE_STR(session.receive_text(), "too late");
    }

    void connectTimesOut() {
        TestClient client(app_of([](WebSocket& ws) -> awaitable<void> {
            (void)co_await ws.receive();
            boost::asio::steady_timer t(co_await boost::asio::this_coro::executor,
                                        std::chrono::hours(1));
            co_await t.async_wait(boost::asio::use_awaitable);
        }));
        const auto e = expect_throw<std::runtime_error>([&] {
            (void)client.websocket_connect("/", {.timeout = std::chrono::milliseconds(100)});
        });
        COMPARE_STR(e.what(),
                    "WebSocketTestSession: the handshake timed out after 100 ms waiting for the "
                    "application");
    }

    void sessionOutlivingItsClientIsInert() {
        auto client = std::make_unique<TestClient>(app_of(accept_and_wait));
        auto session = client->websocket_connect("/");
        client.reset();
        const auto e = expect_throw<std::runtime_error>([&] { session.send_text("x"); });
        COMPARE_STR(e.what(), "WebSocketTestSession: its TestClient is gone");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, session.receive());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, session.close());
    }  // the session's destructor leaves it be

    void movedSessionsCloseOnce() {
        std::vector<int> codes;
        TestClient client(app_of([&codes](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            const asgi::Message m = co_await ws.receive();
            codes.push_back(std::get<asgi::WebSocketDisconnect>(m).code);
        }));
        auto first = client.websocket_connect("/");
        auto second = client.websocket_connect("/");
        first = std::move(second);  // closes the first one's connection
        QCOMPARE(codes, std::vector<int>({1000}));
        WebSocketTestSession third(std::move(first));
        third.close(4000);
        QCOMPARE(codes, std::vector<int>({1000, 4000}));
    }

    void duplicateClose() {
        std::string error;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            co_await ws.close();
            try {
                co_await ws.close();
            } catch (const std::runtime_error& e) {
                error = e.what();
            }
        }));
        auto session = client.websocket_connect("/");
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, session.receive_text());
        session.close();
        COMPARE_STR(error, "Cannot call \"send\" once a close message has been sent.");
    }

    void duplicateDisconnect() {
        std::string error;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            (void)co_await ws.receive();  // websocket.disconnect
            try {
                (void)co_await ws.receive();
            } catch (const std::runtime_error& e) {
                error = e.what();
            }
        }));
        client.websocket_connect("/").close();
        COMPARE_STR(error, "Cannot call \"receive\" once a disconnect message has been received.");
    }

    void receiveBeforeAccept() {
        std::vector<std::string> errors;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            try {
                (void)co_await ws.receive_text();
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            try {
                (void)co_await ws.receive_bytes();
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            try {
                (void)co_await ws.receive_json();
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            try {
                co_await ws.send_text("early");
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            co_await ws.close();
        }));
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, (void)client.websocket_connect("/"));
        QCOMPARE(errors.size(), std::size_t(4));
        for (int i = 0; i < 3; ++i)
            COMPARE_STR(errors[i], "WebSocket is not connected. Need to call \"accept\" first.");
        COMPARE_STR(errors[3],
                    "Expected ASGI message \"websocket.accept\", \"websocket.close\" or "
                    "\"websocket.http.response.start\", but got 'websocket.send'");
    }

    void wrongOrderErrors() {
        std::vector<std::string> errors;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            try {
                co_await ws.send(asgi::WebSocketAccept());  // accepted twice
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            ws.client_state = WebSocketState::CONNECTING;  // as Starlette's test does
            try {
                (void)co_await ws.receive();
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            ws.client_state = WebSocketState::CONNECTED;
            try {
                (void)co_await ws.receive();  // the test sends websocket.connect again
            } catch (const std::runtime_error& e) {
                errors.emplace_back(e.what());
            }
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        session.send_text("a");
        session.send(asgi::WebSocketConnect{});
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, session.receive_text());
        QCOMPARE(
            errors,
            std::vector<std::string>(
                {"Expected ASGI message \"websocket.send\" or \"websocket.close\", but got "
                 "'websocket.accept'",
                 "Expected ASGI message \"websocket.connect\", but got 'websocket.receive'",
                 "Expected ASGI message \"websocket.receive\" or \"websocket.disconnect\", but got "
                 "'websocket.connect'"}));
    }

    void receiveTextOfBytesThrows() {
        std::string error;
        TestClient client(app_of([&](WebSocket& ws) -> awaitable<void> {
            co_await ws.accept();
            try {
                (void)co_await ws.receive_text();
            } catch (const std::runtime_error& e) {
                error = e.what();
            }
            co_await ws.close();
        }));
        auto session = client.websocket_connect("/");
        session.send_bytes("x");
        QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, session.receive_text());
        COMPARE_STR(error, "Expected a text WebSocket message, but got bytes");
    }

    void sendOnLostConnectionIsDisconnect1006() {
        // A server whose send throws ClientDisconnected: send() turns it into
        // WebSocketDisconnect(1006) and the connection counts as closed.
        asgi::Scope scope;
        scope.type = "websocket";
        std::optional<int> code;
        WebSocketState state = WebSocketState::CONNECTING;
        testing::run_coroutine([&]() -> awaitable<void> {
            asgi::Receive receive = []() -> awaitable<asgi::Message> {
                co_return asgi::WebSocketConnect{};
            };
            asgi::Send send = [](asgi::Message m) -> awaitable<void> {
                if (std::holds_alternative<asgi::WebSocketSend>(m))
                    throw asgi::ClientDisconnected();
                co_return;
            };
            WebSocket ws(scope, receive, send);
            co_await ws.accept();
            try {
                co_await ws.send_text("into the void");
            } catch (const WebSocketDisconnect& e) {
                code = e.code;
            }
            state = ws.application_state;
        });
        QCOMPARE(code, std::optional<int>(1006));
        QCOMPARE(state, WebSocketState::DISCONNECTED);
    }

    void websocketNeedsAWebsocketScope() {
        asgi::Scope scope;
        scope.type = "http";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, WebSocket(scope, {}, {}));
        COMPARE_STR(to_string(WebSocketState::RESPONSE), "RESPONSE");
    }
};

QTEST_APPLESS_MAIN(TestWebSockets)
#include "test_websockets.moc"
