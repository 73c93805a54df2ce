// HTTPSRedirectMiddleware against Starlette's behaviour: http -> https with 307, default ports
// dropped, others kept, https passing through; ws -> wss as a denial response or a close.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

awaitable<Response> homepage(Request&) { co_return PlainTextResponse("OK", 200); }

Starlette make_app() {
    return Starlette({.routes = {Route("/", homepage)}, .middleware = {Middleware::of<HTTPSRedirectMiddleware>()}});
}

std::string location_for(const std::string& base_url, std::string_view path = "/") {
    TestClient client(make_app(), {.base_url = base_url, .follow_redirects = false});
    const TestResponse r = client.get(path);
    if (r.status_code != 307) return "status " + std::to_string(r.status_code);
    return std::string(r.headers.get("location", "(none)"));
}

struct WsRun {
    bool reached = false;
    std::vector<asgi::Message> sent;
};

WsRun run_websocket(std::string scheme, bool denial_extension) {
    auto run = std::make_shared<WsRun>();
    const asgi::App inner = [run](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> {
        run->reached = true;
        co_return;
    };
    const HTTPSRedirectMiddleware mw(inner);
    asgi::Send send = [run](asgi::Message m) -> awaitable<void> {
        run->sent.push_back(std::move(m));
        co_return;
    };
    asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::WebSocketConnect(); };
    asgi::Scope scope;
    scope.type = "websocket";
    scope.scheme = std::move(scheme);
    scope.path = "/chat";
    scope.query_string = "room=1";
    scope.headers.emplace_back("host", "example.com:80");
    scope.extensions.websocket_http_response = denial_extension;
    testing::run_coroutine([&]() { return mw(scope, receive, send); });
    return *run;
}

}  // namespace

class TestHTTPSRedirect : public QObject {
    Q_OBJECT

private slots:
    void httpsPassesThrough() {
        TestClient client(make_app(), {.base_url = "https://testserver"});
        const TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "OK");
    }

    void redirectsToHttps() {
        TestClient client(make_app(), {.follow_redirects = false});
        const TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 307);
        COMPARE_STR(r.headers["location"], "https://testserver/");
        COMPARE_STR(r.text(), "");

        TestClient following(make_app());
        const TestResponse landed = following.get("/");
        QCOMPARE(landed.status_code, 200);
        COMPARE_STR(landed.url.str(), "https://testserver/");
    }

    void defaultPortsAreDropped() {
        COMPARE_STR(location_for("http://testserver:80"), "https://testserver/");
        COMPARE_STR(location_for("http://testserver:443"), "https://testserver/");
        COMPARE_STR(location_for("http://testserver:123"), "https://testserver:123/");
    }

    void pathAndQueryAreKept() {
        COMPARE_STR(location_for("http://testserver", "/a/b?x=1&y=2"), "https://testserver/a/b?x=1&y=2");
    }

    void websocketDenialRedirect() {
        const WsRun run = run_websocket("ws", true);
        QVERIFY(!run.reached);
        QCOMPARE(run.sent.size(), std::size_t(2));
        const auto* start = std::get_if<asgi::WebSocketHttpResponseStart>(&run.sent[0]);
        QVERIFY(start != nullptr);
        QCOMPARE(start->status, 307);
        COMPARE_STR(asgi::find_header(start->headers, "location").value_or(""), "wss://example.com/chat?room=1");
        QVERIFY(std::holds_alternative<asgi::WebSocketHttpResponseBody>(run.sent[1]));
    }

    void websocketWithoutDenialExtensionIsClosed() {
        const WsRun run = run_websocket("ws", false);
        QVERIFY(!run.reached);
        QCOMPARE(run.sent.size(), std::size_t(1));
        const auto* close = std::get_if<asgi::WebSocketClose>(&run.sent[0]);
        QVERIFY(close != nullptr);
        QCOMPARE(close->code, 1008);
    }

    void secureWebsocketPassesThrough() {
        const WsRun run = run_websocket("wss", true);
        QVERIFY(run.reached);
        QVERIFY(run.sent.empty());
    }
};

QTEST_APPLESS_MAIN(TestHTTPSRedirect)
#include "test_middleware_httpsredirect.moc"
