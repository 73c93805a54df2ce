// A Starlette application behind the real server, over loopback sockets: the framework and the
// server agree on HEAD, streaming (chunked), errors after ServerErrorMiddleware's 500, 405 and
// lifespan state.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include "test_support.hpp"
#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using testing::RawClient;
using testing::RunningServer;

namespace {

awaitable<Response> plaintext(Request&) { co_return PlainTextResponse("Hello, world!"); }

awaitable<Response> user(Request& request) {
    co_return JSONResponse(boost::json::object{{"id", request.path_param<std::int64_t>("id")}});
}

awaitable<Response> stream(Request&) {
    co_return StreamingResponse(
        [](StreamWriter write) -> awaitable<void> {
            for (int i = 0; i < 5; ++i) co_await write("chunk " + std::to_string(i) + "\n");
        },
        200, {}, "text/plain");
}

awaitable<Response> error(Request&) {
    throw std::runtime_error("boom");
    co_return Response();
}

awaitable<Response> state(Request& request) { co_return PlainTextResponse(request.state().get<std::string>("pool")); }

Starlette makeApp() {
    return Starlette({.routes = {Route("/plaintext", plaintext), Route("/users/{id:int}", user, {.name = "user"}),
                                 Route("/stream", stream), Route("/error", error), Route("/state", state)},
                      .lifespan = [](LifespanContext& lifespan) -> awaitable<void> {
                          asgi::State s;
                          s["pool"] = std::string("ready");
                          co_await lifespan.serve(std::move(s));
                      }});
}

std::string request(const std::string& method, const std::string& path) {
    return method + " " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
}

}  // namespace

class TestServed : public QObject {
    Q_OBJECT

private slots:
    void starletteBehindTheServer() {
        RunningServer s(makeApp(), testing::test_config());
        QVERIFY(s.started());
        RawClient c(s.port());

        QVERIFY(c.send(request("GET", "/plaintext")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        COMPARE_STR(r->body, "Hello, world!");
        COMPARE_STR(r->header("content-type").value_or(""), "text/plain; charset=utf-8");
        COMPARE_STR(r->header("content-length").value_or(""), "13");

        QVERIFY(c.send(request("HEAD", "/plaintext")));
        r = c.read_response(true);
        QVERIFY(r);
        COMPARE_STR(r->header("content-length").value_or(""), "13");
        QVERIFY(r->body.empty());

        QVERIFY(c.send(request("GET", "/users/7")));
        r = c.read_response();
        QVERIFY(r);
        COMPARE_STR(r->body, "{\"id\":7}");

        QVERIFY(c.send(request("GET", "/stream")));
        r = c.read_response();
        QVERIFY(r);
        QVERIFY(r->chunked);
        COMPARE_STR(r->body, "chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");

        QVERIFY(c.send(request("POST", "/plaintext")));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 405);
        COMPARE_STR(r->header("allow").value_or(""), "GET, HEAD");

        QVERIFY(c.send(request("GET", "/state")));
        r = c.read_response();
        QVERIFY(r);
        COMPARE_STR(r->body, "ready");

        QVERIFY(c.send(request("GET", "/nowhere/")));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 404);
    }

    void errorsAreAnsweredThenLogged() {
        RunningServer s(makeApp(), testing::test_config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(request("GET", "/error")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 500);
        COMPARE_STR(r->body, "Internal Server Error");
        QTRY_VERIFY2(s.log_contains("boom"), s.log_text().c_str());
        // The connection goes on serving.
        QVERIFY(c.send(request("GET", "/plaintext")));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }
};

QTEST_GUILESS_MAIN(TestServed)
#include "test_served.moc"
