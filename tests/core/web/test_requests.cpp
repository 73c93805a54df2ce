// Request/HTTPConnection against Starlette's behaviour, driven through the TestClient and,
// for body edge cases, through hand-made receive channels.
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses.hpp>
#include <asgiscope/web/testclient.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include <deque>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using asgiscope::testing::run_coroutine;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

// An app that answers with what a Request over its scope reports.
awaitable<void> describe(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    Request request(scope, receive);
    json::object o;
    o["method"] = request.method();
    o["url"] = request.url().str();
    o["base_url"] = request.base_url().str();
    json::array query;
    for (const auto& [k, v] : request.query_params().multi_items()) query.push_back(json::array{json::string(k), json::string(v)});
    o["query"] = std::move(query);
    json::object cookies;
    for (const auto& [k, v] : request.cookies()) cookies[k] = v;
    o["cookies"] = std::move(cookies);
    json::array headers;
    for (const auto& [k, v] : request.headers()) headers.push_back(json::array{json::string(k), json::string(v)});
    o["headers"] = std::move(headers);
    o["client"] = request.client() ? json::value(request.client()->host + ":" + std::to_string(request.client()->port))
                                   : json::value(nullptr);
    const JSONResponse response(o);
    co_await response(scope, std::move(receive), std::move(send));
}

// A receive channel that hands out `messages` in order, then waits forever (never reached).
asgi::Receive scripted(std::deque<asgi::Message> messages) {
    auto queue = std::make_shared<std::deque<asgi::Message>>(std::move(messages));
    return [queue]() -> awaitable<asgi::Message> {
        if (queue->empty()) throw std::logic_error("receive called once too often");
        asgi::Message m = std::move(queue->front());
        queue->pop_front();
        co_return m;
    };
}

asgi::Scope httpScope() {
    asgi::Scope s;
    s.type = "http";
    s.method = "POST";
    s.path = "/";
    return s;
}

}  // namespace

class TestRequests : public QObject {
    Q_OBJECT

private slots:
    void connectionProperties() {
        TestClient client(describe);
        const TestResponse r = client.get("/path/x?a=1&a=2&b=x+y", {.headers = {{"X-Custom", "v"}}});
        const json::value o = r.json();
        COMPARE_STR(o.at("method").as_string(), "GET");
        COMPARE_STR(o.at("url").as_string(), "http://testserver/path/x?a=1&a=2&b=x+y");
        COMPARE_STR(o.at("base_url").as_string(), "http://testserver/");
        COMPARE_STR(json::serialize(o.at("query")), "[[\"a\",\"1\"],[\"a\",\"2\"],[\"b\",\"x y\"]]");
        COMPARE_STR(o.at("client").as_string(), "testclient:50000");
        // httpx's default headers in order, then the caller's (names lower-cased).
        COMPARE_STR(json::serialize(o.at("headers")),
                    "[[\"host\",\"testserver\"],[\"accept\",\"*/*\"],[\"accept-encoding\",\"gzip, deflate\"],"
                    "[\"connection\",\"keep-alive\"],[\"user-agent\",\"testclient\"],[\"x-custom\",\"v\"]]");
    }

    void cookiesFromEveryCookieHeader() {
        TestClient client(describe);
        const TestResponse r = client.get(
            "/", {.headers = {{"Cookie", "a=1; b=\"q\\073\\\\x\"; c; =d; e= ;f=\"unterminated; g=\"\"; h=x=y"},
                              {"cookie", "a=2; i=3"}}});
        const json::value o = r.json();
        const json::object& c = o.at("cookies").as_object();
        QCOMPARE(c.size(), std::size_t(8));
        COMPARE_STR(c.at("a").as_string(), "2");  // the later header wins
        COMPARE_STR(c.at("b").as_string(), "q;\\x");
        COMPARE_STR(c.at("").as_string(), "d");
        COMPARE_STR(c.at("e").as_string(), "");
        COMPARE_STR(c.at("f").as_string(), "\"unterminated");
        COMPARE_STR(c.at("g").as_string(), "");
        COMPARE_STR(c.at("h").as_string(), "x=y");
        COMPARE_STR(c.at("i").as_string(), "3");
    }

    void baseUrlFollowsRootPaths() {
        TestClient client(describe, {.root_path = "/api"});
        const json::value o = client.get("/users?q=1").json();
        COMPARE_STR(o.at("url").as_string(), "http://testserver/api/users?q=1");
        COMPARE_STR(o.at("base_url").as_string(), "http://testserver/api/");
        // Inside a Mount: root_path grew, app_root_path keeps the application's root.
        asgi::App mounted = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
            scope.app_root_path = scope.root_path;
            scope.root_path += "/sub";
            return describe(scope, std::move(receive), std::move(send));
        };
        TestClient inMount(mounted, {.root_path = "/api"});
        COMPARE_STR(inMount.get("/sub/x").json().at("base_url").as_string(), "http://testserver/api/");
    }

    void typedPathParams() {
        asgi::Scope s = httpScope();
        s.path_params["id"] = std::int64_t(42);
        s.path_params["big"] = std::int64_t(300);
        s.path_params["ratio"] = 1.5;
        s.path_params["whole"] = 2.0;
        s.path_params["name"] = std::string("bob");
        const Request r(s);
        QCOMPARE(r.path_param<int>("id"), 42);
        QCOMPARE(r.path_param<std::int64_t>("big"), std::int64_t(300));
        COMPARE_STR(r.path_param<std::string>("id"), "42");
        QCOMPARE(r.path_param<double>("ratio"), 1.5);
        QCOMPARE(r.path_param<double>("id"), 42.0);
        COMPARE_STR(r.path_param<std::string>("whole"), "2.0");
        COMPARE_STR(r.path_param<std::string>("name"), "bob");
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)r.path_param<std::uint8_t>("big"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)r.path_param<int>("name"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)r.path_param<int>("ratio"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)r.path_param<int>("missing"));
        QCOMPARE(r.path_params().size(), std::size_t(5));
    }

    // The trap Starlette users fall into: a middleware reads the body, the endpoint hangs.
    void bodyReadInMiddlewareStaysReadable() {
        std::string seenOutside, seenInside, streamedInside;
        asgi::App endpoint = [&](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            Request request(scope, receive);
            seenInside = (co_await request.body()).str();
            while (auto chunk = co_await request.stream()) streamedInside += chunk->str();
            const json::value parsed = co_await request.json();
            const JSONResponse response(parsed);
            co_await response(scope, std::move(receive), std::move(send));
        };
        asgi::App middleware = [&](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            Request request(scope, receive);
            seenOutside = (co_await request.body()).str();
            co_await endpoint(scope, std::move(receive), std::move(send));
        };
        TestClient client(middleware);
        const TestResponse r = client.post("/", {.content = std::string("{\"a\": [1, 2]}")});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(seenOutside, "{\"a\": [1, 2]}");
        COMPARE_STR(seenInside, "{\"a\": [1, 2]}");
        COMPARE_STR(streamedInside, "{\"a\": [1, 2]}");
        COMPARE_STR(r.text(), "{\"a\":[1,2]}");
    }

    void streamHandsOutChunks() {
        run_coroutine([]() -> awaitable<void> {
            asgi::Scope s = httpScope();
            std::deque<asgi::Message> messages;
            messages.emplace_back(asgi::HttpRequest(asgi::Bytes::copy("ab"), true));
            messages.emplace_back(asgi::HttpRequest(asgi::Bytes(), true));
            messages.emplace_back(asgi::HttpRequest(asgi::Bytes::copy("cd"), false));
            Request r(s, scripted(std::move(messages)));
            std::vector<std::string> chunks;
            while (auto chunk = co_await r.stream()) chunks.push_back(chunk->str());
            if (chunks != std::vector<std::string>{"ab", "cd"}) throw std::logic_error("chunks differ");
            if (co_await r.stream()) throw std::logic_error("a chunk after the end");
            bool consumed = false;
            try {
                (void)co_await r.body();
            } catch (const std::runtime_error& e) {
                consumed = std::string(e.what()) == "Stream consumed";
            }
            if (!consumed) throw std::logic_error("body() after stream() did not say 'Stream consumed'");
            if (s.cached_body) throw std::logic_error("streaming must not cache");
        });
    }

    void bodyJoinsChunksAndKeepsASingleOne() {
        run_coroutine([]() -> awaitable<void> {
            asgi::Scope s = httpScope();
            std::deque<asgi::Message> messages;
            messages.emplace_back(asgi::HttpRequest(asgi::Bytes::copy("12"), true));
            messages.emplace_back(asgi::HttpRequest(asgi::Bytes::copy("34"), false));
            Request r(s, scripted(std::move(messages)));
            if ((co_await r.body()).str() != "1234") throw std::logic_error("joined body differs");
            if (!s.cached_body || s.cached_body->str() != "1234") throw std::logic_error("not cached in the scope");

            asgi::Scope single = httpScope();
            const asgi::Bytes sent = asgi::Bytes::copy("only");
            std::deque<asgi::Message> one;
            one.emplace_back(asgi::HttpRequest(sent, false));
            Request r2(single, scripted(std::move(one)));
            const asgi::Bytes got = co_await r2.body();
            if (got.data() != sent.data()) throw std::logic_error("a single chunk was copied");
            // A second Request over the same scope does not touch receive.
            std::deque<asgi::Message> none;
            Request again(single, scripted(std::move(none)));
            if ((co_await again.body()).str() != "only") throw std::logic_error("cache not used");
        });
    }

    void disconnectWhileReading() {
        QVERIFY_THROWS_EXCEPTION(ClientDisconnect, run_coroutine([]() -> awaitable<void> {
                                     asgi::Scope s = httpScope();
                                     std::deque<asgi::Message> messages;
                                     messages.emplace_back(asgi::HttpRequest(asgi::Bytes::copy("ab"), true));
                                     messages.emplace_back(asgi::HttpDisconnect{});
                                     Request r(s, scripted(std::move(messages)));
                                     (void)co_await r.body();
                                 }));
    }

    void jsonErrorsAndMissingReceive() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run_coroutine([]() -> awaitable<void> {
                                     asgi::Scope s = httpScope();
                                     s.cached_body = asgi::Bytes::copy("{not json");
                                     Request r(s);
                                     (void)co_await r.json();
                                 }));
        try {
            run_coroutine([]() -> awaitable<void> {
                asgi::Scope s = httpScope();
                Request r(s);
                (void)co_await r.body();
            });
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "Receive channel has not been made available");
        }
    }

    void stateComesFromLifespanAndIsPerRequest() {
        asgi::App app = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            if (scope.type == "lifespan") {
                (void)co_await receive();
                (*scope.state)["db"] = std::string("connected");
                co_await send(asgi::LifespanStartupComplete{});
                (void)co_await receive();
                co_await send(asgi::LifespanShutdownComplete{});
                co_return;
            }
            Request request(scope, receive);
            State state = request.state();
            const std::string db = state.contains("db") ? state.get<std::string>("db") : "none";
            const bool leaked = state.contains("mine");
            state.set("mine", 1);
            const PlainTextResponse response(db + (leaked ? " leaked" : " clean"));
            co_await response(scope, std::move(receive), std::move(send));
        };
        TestClient client(app);
        COMPARE_STR(client.get("/").text(), "none clean");  // no lifespan run: no state
        client.open();
        COMPARE_STR(client.get("/").text(), "connected clean");
        COMPARE_STR(client.get("/").text(), "connected clean");  // a copy per request
        client.close();
    }
};

QTEST_APPLESS_MAIN(TestRequests)
#include "test_requests.moc"
