// TrustedHostMiddleware against Starlette's behaviour: allowed hosts and wildcards, the Host
// header's port ignored, 400 "Invalid host header", the www redirect, "*" and WebSocket close.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

awaitable<Response> homepage(Request&) { co_return PlainTextResponse("OK", 200); }

Starlette make_app(TrustedHostMiddleware::Options options) {
    return Starlette({.routes = {Route("/", homepage)},
                      .middleware = {Middleware::of<TrustedHostMiddleware>(std::move(options))}});
}

RequestOptions with_host(std::string host) {
    RequestOptions o;
    o.headers.emplace_back("host", std::move(host));
    return o;
}

}  // namespace

class TestTrustedHost : public QObject {
    Q_OBJECT

private slots:
    void allowedAndWildcardHosts() {
        Starlette app = make_app({.allowed_hosts = {"testserver", "*.testserver"}});
        TestClient client(app);
        const TestResponse ok = client.get("/");
        QCOMPARE(ok.status_code, 200);
        COMPARE_STR(ok.text(), "OK");
        QCOMPARE(client.get("/", with_host("subdomain.testserver")).status_code, 200);
        QCOMPARE(client.get("/", with_host("a.b.testserver")).status_code, 200);
        QCOMPARE(client.get("/", with_host("testserver:8000")).status_code, 200);  // port ignored

        const TestResponse bad = client.get("/", with_host("invalidhost"));
        QCOMPARE(bad.status_code, 400);
        COMPARE_STR(bad.text(), "Invalid host header");
        COMPARE_STR(bad.headers["content-type"], "text/plain; charset=utf-8");
        // A wildcard does not cover the bare domain's look-alikes without the dot.
        QCOMPARE(client.get("/", with_host("eviltestserver")).status_code, 400);
    }

    void wildcardDoesNotCoverBareDomain() {
        Starlette app = make_app({.allowed_hosts = {"*.example.com"}});
        TestClient client(app, {.base_url = "http://example.com"});
        QCOMPARE(client.get("/").status_code, 400);
        QCOMPARE(client.get("/", with_host("api.example.com")).status_code, 200);
        QCOMPARE(client.get("/", with_host("")).status_code, 400);
    }

    void defaultAllowsAnyHost() {
        Starlette app = make_app({});
        TestClient client(app);
        QCOMPARE(client.get("/", with_host("anything.at.all")).status_code, 200);
        Starlette star = make_app({.allowed_hosts = {"example.org", "*"}});
        TestClient starClient(star);
        QCOMPARE(starClient.get("/", with_host("other.net")).status_code, 200);
    }

    void wwwRedirect() {
        Starlette app = make_app({.allowed_hosts = {"www.example.com"}});
        TestClient client(app, {.base_url = "https://example.com", .follow_redirects = false});
        const TestResponse r = client.get("/path?q=1");
        QCOMPARE(r.status_code, 307);
        COMPARE_STR(r.headers["location"], "https://www.example.com/path?q=1");

        // Followed, it lands on the allowed host (Starlette's test_www_redirect).
        TestClient following(app, {.base_url = "https://example.com"});
        const TestResponse landed = following.get("/");
        QCOMPARE(landed.status_code, 200);
        COMPARE_STR(landed.url.str(), "https://www.example.com/");
    }

    void wwwRedirectKeepsPort() {
        Starlette app = make_app({.allowed_hosts = {"www.example.com"}});
        TestClient client(app, {.base_url = "http://example.com:8080", .follow_redirects = false});
        const TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 307);
        COMPARE_STR(r.headers["location"], "http://www.example.com:8080/");
    }

    void wwwRedirectDisabled() {
        Starlette app = make_app({.allowed_hosts = {"www.example.com"}, .www_redirect = false});
        TestClient client(app, {.base_url = "https://example.com", .follow_redirects = false});
        const TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Invalid host header");
    }

    void invalidPatternsAreRefused() {
        const asgi::App inner = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrustedHostMiddleware(inner, {.allowed_hosts = {"*.example.*"}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrustedHostMiddleware(inner, {.allowed_hosts = {"*example.com"}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrustedHostMiddleware(inner, {.allowed_hosts = {"**.example.com"}}));
        try {
            TrustedHostMiddleware(inner, {.allowed_hosts = {"example.*"}});
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            COMPARE_STR(e.what(), "Domain wildcard patterns must be like '*.example.com'.");
        }
        TrustedHostMiddleware ok(inner, {.allowed_hosts = {"*", "*.example.com", "example.com"}});
        Q_UNUSED(ok);
    }

    void websocketIsClosed() {
        bool reached = false;
        const asgi::App inner = [&reached](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> {
            reached = true;
            co_return;
        };
        const TrustedHostMiddleware mw(inner, {.allowed_hosts = {"example.com"}});
        std::vector<asgi::Message> sent;
        asgi::Send send = [&sent](asgi::Message m) -> awaitable<void> {
            sent.push_back(std::move(m));
            co_return;
        };
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::WebSocketConnect(); };
        asgi::Scope scope;
        scope.type = "websocket";
        scope.scheme = "ws";
        scope.path = "/";
        scope.headers.emplace_back("host", "evil.com");
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        QVERIFY(!reached);
        QCOMPARE(sent.size(), std::size_t(1));
        const auto* close = std::get_if<asgi::WebSocketClose>(&sent.front());
        QVERIFY(close != nullptr);
        QCOMPARE(close->code, 1008);

        sent.clear();
        scope.headers.clear();
        scope.headers.emplace_back("host", "example.com:443");
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        QVERIFY(reached);
        QVERIFY(sent.empty());
    }
};

QTEST_APPLESS_MAIN(TestTrustedHost)
#include "test_middleware_trustedhost.moc"
