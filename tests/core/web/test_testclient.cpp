// The in-process TestClient: the scope it builds, bodies, redirects, cookies, lifespan,
// server exceptions, protocol errors and its timeout.
#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web/responses.hpp>
#include <asgiscope/web/testclient.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

// Answers with its scope (JSON form) and the request body.
awaitable<void> scopeEcho(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    std::string body;
    for (;;) {
        asgi::Message m = co_await receive();
        auto* chunk = std::get_if<asgi::HttpRequest>(&m);
        if (!chunk) break;
        body += chunk->body.str();
        if (!chunk->more_body) break;
    }
    json::object o;
    o["scope"] = asgi::to_json(scope);
    o["body"] = body;
    const JSONResponse response(o);
    co_await response(scope, std::move(receive), std::move(send));
}

// Redirects /a -> /b (status from the query) and answers the rest with method and body.
awaitable<void> redirector(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    if (scope.path == "/a") {
        const RedirectResponse r("/b", std::stoi(scope.query_string.empty() ? "307" : scope.query_string));
        co_await r(scope, std::move(receive), std::move(send));
        co_return;
    }
    asgi::Message m = co_await receive();
    const PlainTextResponse r(scope.method + " " + std::get<asgi::HttpRequest>(m).body.str());
    co_await r(scope, std::move(receive), std::move(send));
}

std::string header(const json::value& scope, std::string_view name) {
    for (const auto& pair : scope.at("headers").as_array())
        if (pair.as_array()[0].as_string() == name) return std::string(pair.as_array()[1].as_string());
    return "<none>";
}

}  // namespace

class TestTestClient : public QObject {
    Q_OBJECT

private slots:
    void scopeLooksLikeAServers() {
        TestClient client(scopeEcho);
        const json::value o = client.get("/a%20b/c?x=1&y=%20", {.params = {{"z", "1 2"}}}).json();
        const json::value& s = o.at("scope");
        COMPARE_STR(s.at("type").as_string(), "http");
        COMPARE_STR(s.at("http_version").as_string(), "1.1");
        COMPARE_STR(s.at("method").as_string(), "GET");
        COMPARE_STR(s.at("scheme").as_string(), "http");
        COMPARE_STR(s.at("path").as_string(), "/a b/c");
        COMPARE_STR(s.at("raw_path").as_string(), "/a%20b/c");
        COMPARE_STR(s.at("query_string").as_string(), "x=1&y=%20&z=1+2");
        COMPARE_STR(json::serialize(s.at("client")), "[\"testclient\",50000]");
        COMPARE_STR(json::serialize(s.at("server")), "[\"testserver\",80]");
        QVERIFY(s.at("state").is_null());
        COMPARE_STR(header(s, "host"), "testserver");
        COMPARE_STR(header(s, "user-agent"), "testclient");
        COMPARE_STR(header(s, "content-length"), "<none>");  // a GET without a body
    }

    void baseUrlRootPathAndAbsoluteUrls() {
        TestClient client(scopeEcho, {.base_url = "https://example.org:8443", .root_path = "/app"});
        json::value s = client.get("/x").json().at("scope");
        COMPARE_STR(s.at("scheme").as_string(), "https");
        COMPARE_STR(s.at("path").as_string(), "/app/x");
        COMPARE_STR(s.at("root_path").as_string(), "/app");
        COMPARE_STR(json::serialize(s.at("server")), "[\"example.org\",8443]");
        COMPARE_STR(header(s, "host"), "example.org:8443");
        s = client.get("http://other.net/y").json().at("scope");
        COMPARE_STR(header(s, "host"), "other.net");
        COMPARE_STR(s.at("scheme").as_string(), "http");
    }

    void bodies() {
        TestClient client(scopeEcho);
        json::value o = client.post("/", {.content = std::string("raw bytes")}).json();
        COMPARE_STR(o.at("body").as_string(), "raw bytes");
        COMPARE_STR(header(o.at("scope"), "content-length"), "9");
        o = client.post("/", {.json = json::value{{"a", 1}}}).json();
        COMPARE_STR(o.at("body").as_string(), "{\"a\":1}");
        COMPARE_STR(header(o.at("scope"), "content-type"), "application/json");
        o = client.put("/", {.data = {{"name", "a b"}, {"x", "&"}}}).json();
        COMPARE_STR(o.at("body").as_string(), "name=a+b&x=%26");
        COMPARE_STR(header(o.at("scope"), "content-type"), "application/x-www-form-urlencoded");
        o = client.post("/").json();
        COMPARE_STR(header(o.at("scope"), "content-length"), "0");  // httpx sends 0 for POST
        // The caller's headers win over the defaults; repeated ones are kept.
        o = client.get("/", {.headers = {{"User-Agent", "me"}, {"X-A", "1"}, {"x-a", "2"}}}).json();
        COMPARE_STR(header(o.at("scope"), "user-agent"), "me");
        QCOMPARE(o.at("scope").at("headers").as_array().size(), std::size_t(7));
        const TestResponse head = client.head("/");
        QVERIFY(head.content.empty());
        QVERIFY(head.headers.contains("content-length"));
    }

    void redirects() {
        TestClient client(redirector);
        TestResponse r = client.post("/a", {.content = std::string("data")});  // 307 keeps method and body
        COMPARE_STR(r.text(), "POST data");
        QCOMPARE(r.history.size(), std::size_t(1));
        QCOMPARE(r.history[0].status_code, 307);
        COMPARE_STR(r.url.str(), "http://testserver/b");
        COMPARE_STR(client.post("/a?302", {.content = std::string("data")}).text(), "GET ");
        COMPARE_STR(client.put("/a?303", {.content = std::string("data")}).text(), "GET ");
        COMPARE_STR(client.put("/a?302", {.content = std::string("data")}).text(), "PUT data");
        r = client.get("/a", {.follow_redirects = false});
        QCOMPARE(r.status_code, 307);
        QVERIFY(r.history.empty());
        TestClient noFollow(redirector, {.follow_redirects = false});
        QCOMPARE(noFollow.get("/a").status_code, 307);
    }

    void cookieJar() {
        asgi::App app = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            std::string cookie = "<none>";
            if (auto c = asgi::find_header(scope.headers, "cookie")) cookie = std::string(*c);
            PlainTextResponse r(cookie);
            if (scope.path == "/set") r.set_cookie("session", "abc");
            if (scope.path == "/set-more") r.set_cookie("theme", "dark");
            if (scope.path == "/clear") r.delete_cookie("session");
            co_await r(scope, std::move(receive), std::move(send));
        };
        TestClient client(app);
        COMPARE_STR(client.get("/set").text(), "<none>");
        COMPARE_STR(client.get("/set-more").text(), "session=abc");
        COMPARE_STR(client.get("/").text(), "session=abc; theme=dark");
        COMPARE_STR(client.get("/", {.cookies = {{"extra", "1"}}}).text(), "session=abc; theme=dark; extra=1");
        QCOMPARE(client.cookies().size(), std::size_t(2));
        client.get("/clear");
        COMPARE_STR(client.get("/").text(), "theme=dark");
    }

    void lifespanWhenOpened() {
        auto seen = std::make_shared<std::vector<std::string>>();
        asgi::App app = [seen](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            if (scope.type == "lifespan") {
                for (;;) {
                    asgi::Message m = co_await receive();
                    seen->push_back(std::string(asgi::type_name(m)));
                    if (std::holds_alternative<asgi::LifespanStartup>(m)) {
                        (*scope.state)["ready"] = true;
                        co_await send(asgi::LifespanStartupComplete{});
                    } else {
                        co_await send(asgi::LifespanShutdownComplete{});
                        co_return;
                    }
                }
            }
            const PlainTextResponse r(scope.state && scope.state->count("ready") ? "ready" : "cold");
            co_await r(scope, std::move(receive), std::move(send));
        };
        {
            TestClient client(app);
            COMPARE_STR(client.get("/").text(), "cold");
            QVERIFY(seen->empty());
            client.open();
            QVERIFY(client.is_open());
            QVERIFY(*seen == (std::vector<std::string>{"lifespan.startup"}));
            COMPARE_STR(client.get("/").text(), "ready");
            QVERIFY(std::any_cast<bool>(client.app_state()->at("ready")));
        }
        QVERIFY(*seen == (std::vector<std::string>{"lifespan.startup", "lifespan.shutdown"}));
    }

    void lifespanFailures() {
        asgi::App refuses = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            if (scope.type != "lifespan") co_return;
            (void)co_await receive();
            co_await send(asgi::LifespanStartupFailed("no database"));
        };
        TestClient a(refuses);
        try {
            a.open();
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "lifespan startup failed: no database");
        }
        QVERIFY(!a.is_open());

        asgi::App unsupported = [](asgi::Scope& scope, asgi::Receive, asgi::Send) -> awaitable<void> {
            if (scope.type == "lifespan") throw std::invalid_argument("unsupported scope");
            co_return;
        };
        TestClient b(unsupported);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, b.open());
    }

    void serverExceptionsAndMissingResponses() {
        asgi::App fails = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> {
            throw std::domain_error("app failed");
            co_return;
        };
        QVERIFY_THROWS_EXCEPTION(std::domain_error, TestClient(fails).get("/"));
        const TestResponse r = TestClient(fails, {.raise_server_exceptions = false}).get("/");
        QCOMPARE(r.status_code, 500);
        QVERIFY(r.content.empty());

        asgi::App silent = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
        try {
            TestClient(silent).get("/");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "TestClient did not receive any response.");
        }
    }

    void protocolErrors() {
        asgi::App bodyFirst = [](asgi::Scope&, asgi::Receive, asgi::Send send) -> awaitable<void> {
            co_await send(asgi::HttpResponseBody(asgi::Bytes::copy("x")));
        };
        QVERIFY_THROWS_EXCEPTION(asgi::ProtocolError, TestClient(bodyFirst).get("/"));
        asgi::App twice = [](asgi::Scope&, asgi::Receive, asgi::Send send) -> awaitable<void> {
            co_await send(asgi::HttpResponseStart(200));
            co_await send(asgi::HttpResponseStart(200));
        };
        QVERIFY_THROWS_EXCEPTION(asgi::ProtocolError, TestClient(twice).get("/"));
    }

    void givesUpAfterItsTimeout() {
        // Waits for a second message before answering: receive only says http.disconnect once
        // the response is complete, so this never answers.
        asgi::App stuck = [](asgi::Scope&, asgi::Receive receive, asgi::Send) -> awaitable<void> {
            (void)co_await receive();
            (void)co_await receive();
        };
        TestClient client(stuck, {.timeout = std::chrono::milliseconds(100)});
        QElapsedTimer timer;
        timer.start();
        try {
            client.get("/");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "TestClient: the request did not finish in time");
        }
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_APPLESS_MAIN(TestTestClient)
#include "test_testclient.moc"
