// BaseHTTPMiddleware against Starlette's tests/middleware/test_base.py: headers added to the
// inner response, state across stacked middleware, exceptions (before and during the body),
// "No response returned.", responses discarded by dispatch, the request body read in
// dispatch and read again downstream, streaming through without buffering, the inner app
// finishing after the response is sent, cancellation on failure, and pass-through of
// non-HTTP scopes.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include "test_support.hpp"
#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

// Starlette's CustomMiddleware: a subclass overriding dispatch().
class CustomMiddleware : public BaseHTTPMiddleware {
public:
    using BaseHTTPMiddleware::BaseHTTPMiddleware;
    awaitable<Response> dispatch(Request& request, CallNext call_next) const override {
        Response response = co_await call_next(request);
        response.headers().set("Custom-Header", "Example");
        co_return response;
    }
};

awaitable<Response> homepage(Request&) { co_return PlainTextResponse("Homepage"); }
awaitable<Response> exc(Request&) { throw std::runtime_error("Exc"); }
awaitable<Response> exc_stream(Request&) {
    co_return StreamingResponse([](StreamWriter write) -> awaitable<void> {
        co_await write(std::string("Ok"));
        throw std::runtime_error("Faulty Stream");
    });
}
awaitable<Response> echo_body(Request& request) {
    const asgi::Bytes body = co_await request.body();
    co_return PlainTextResponse(body.str());
}
// An ASGI app that returns without responding (Starlette's NoResponse).
awaitable<void> no_response(asgi::Scope&, asgi::Receive, asgi::Send) { co_return; }

Starlette custom_app() {
    return Starlette({.routes = {Route("/", homepage), Route("/exc", exc), Route("/exc-stream", exc_stream),
                                 Route("/no-response", asgi::App(no_response))},
                      .middleware = {Middleware::of<CustomMiddleware>()}});
}

template <class Exception>
std::string error_of(TestClient& client, std::string_view path, const RequestOptions& options = {}) {
    try {
        client.get(path, options);
    } catch (const Exception& e) {
        return e.what();
    }
    return "no exception";
}

asgi::Scope http_scope(std::string path = "/") {
    asgi::Scope scope;
    scope.type = "http";
    scope.http_version = "1.1";
    scope.method = "GET";
    scope.scheme = "http";
    scope.path = std::move(path);
    scope.headers.emplace_back("host", "testserver");
    return scope;
}

awaitable<Response> passthrough(Request& request, CallNext call_next) { co_return co_await call_next(request); }

}  // namespace

class TestBaseHTTPMiddleware : public QObject {
    Q_OBJECT

private slots:
    void customMiddleware() {
        Starlette app = custom_app();
        TestClient client(app);
        const TestResponse r = client.get("/");
        COMPARE_STR(r.text(), "Homepage");
        COMPARE_STR(r.headers["custom-header"], "Example");
        COMPARE_STR(r.headers["content-length"], "8");  // the inner app's headers come through
        COMPARE_STR(error_of<std::runtime_error>(client, "/exc"), "Exc");
        COMPARE_STR(error_of<std::runtime_error>(client, "/exc-stream"), "Faulty Stream");
        COMPARE_STR(error_of<std::runtime_error>(client, "/no-response"), "No response returned.");
        QCOMPARE(app.user_middleware().front().name(), std::string("CustomMiddleware"));
    }

    void faultyStreamKeepsWhatWasSent() {
        Starlette app = custom_app();
        TestClient client(app, {.raise_server_exceptions = false});
        const TestResponse r = client.get("/exc-stream");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "Ok");
        QCOMPARE(client.get("/exc").status_code, 500);
    }

    void dispatchFunction() {
        Starlette app({.routes = {Route("/", homepage)},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(
                           [](Request& request, CallNext call_next) -> awaitable<Response> {
                               Response response = co_await call_next(request);
                               response.headers().set("x-method", request.method());
                               co_return response;
                           })}});
        TestClient client(app);
        const TestResponse r = client.get("/");
        COMPARE_STR(r.text(), "Homepage");
        COMPARE_STR(r.headers["x-method"], "GET");
        QCOMPARE(app.user_middleware().front().name(), std::string("BaseHTTPMiddleware"));
    }

    void stateAcrossMiddlewares() {
        const DispatchFunction a = [](Request& request, CallNext call_next) -> awaitable<Response> {
            request.state().set("foo", std::string("foo"));
            co_return co_await call_next(request);
        };
        const DispatchFunction b = [](Request& request, CallNext call_next) -> awaitable<Response> {
            request.state().set("bar", std::string("bar"));
            Response response = co_await call_next(request);
            response.headers().set("X-State-Foo", request.state().get<std::string>("foo"));
            co_return response;
        };
        const DispatchFunction c = [](Request& request, CallNext call_next) -> awaitable<Response> {
            Response response = co_await call_next(request);
            response.headers().set("X-State-Bar", request.state().get<std::string>("bar"));
            co_return response;
        };
        Starlette app({.routes = {Route("/", homepage)},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(a), Middleware::of<BaseHTTPMiddleware>(b),
                                      Middleware::of<BaseHTTPMiddleware>(c)}});
        TestClient client(app);
        const TestResponse r = client.get("/");
        COMPARE_STR(r.text(), "Homepage");
        COMPARE_STR(r.headers["x-state-foo"], "foo");
        COMPARE_STR(r.headers["x-state-bar"], "bar");
    }

    void fullyEvaluatedResponse() {
        // The inner response (a 404) is discarded for another one.
        Starlette app({.middleware = {Middleware::of<BaseHTTPMiddleware>(
                           [](Request& request, CallNext call_next) -> awaitable<Response> {
                               co_await call_next(request);
                               co_return PlainTextResponse("Custom");
                           })}});
        TestClient client(app);
        const TestResponse r = client.get("/does_not_exist");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "Custom");
    }

    void exceptionCanBeCaught() {
        Starlette app({.routes = {Route("/", exc)},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(
                           [](Request& request, CallNext call_next) -> awaitable<Response> {
                               std::optional<Response> response;
                               std::string error;
                               try {
                                   response = co_await call_next(request);
                               } catch (const std::runtime_error& e) {
                                   error = e.what();
                               }
                               if (!response) co_return PlainTextResponse(error, 400);
                               co_return std::move(*response);
                           })}});
        TestClient client(app);
        const TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Exc");
    }

    void bodyReadInDispatchStaysReadable() {
        const DispatchFunction reads_body = [](Request& request, CallNext call_next) -> awaitable<Response> {
            const asgi::Bytes body = co_await request.body();
            Response response = co_await call_next(request);
            response.headers().set("x-seen", body.str());
            co_return response;
        };
        // Downstream through a Request (the scope's cached body) ...
        Starlette app({.routes = {Route("/", echo_body, {.methods = {"POST"}})},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(reads_body)}});
        TestClient client(app);
        RequestOptions o;
        o.content = "hello body";
        TestResponse r = client.post("/", o);
        COMPARE_STR(r.text(), "hello body");
        COMPARE_STR(r.headers["x-seen"], "hello body");

        // ... and through the raw `receive` of a plain ASGI app.
        const asgi::App raw = [](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            const std::optional<std::string> body = co_await testing::read_body(receive);
            co_await testing::respond(send, 200, "raw:" + body.value_or("<disconnected>"));
        };
        Starlette raw_app({.routes = {Mount("", raw)}, .middleware = {Middleware::of<BaseHTTPMiddleware>(reads_body)}});
        TestClient raw_client(raw_app);
        r = raw_client.post("/", o);
        COMPARE_STR(r.text(), "raw:hello body");

        // Not read in dispatch: the body streams through to the app.
        Starlette plain({.routes = {Route("/", echo_body, {.methods = {"POST"}})},
                         .middleware = {Middleware::of<BaseHTTPMiddleware>(DispatchFunction(passthrough))}});
        TestClient plain_client(plain);
        COMPARE_STR(plain_client.post("/", o).text(), "hello body");
    }

    void streamConsumedInDispatchLeavesAnEmptyBody() {
        const DispatchFunction streams = [](Request& request, CallNext call_next) -> awaitable<Response> {
            std::string seen;
            while (std::optional<asgi::Bytes> chunk = co_await request.stream()) seen += chunk->view();
            Response response = co_await call_next(request);
            response.headers().set("x-streamed", seen);
            co_return response;
        };
        const asgi::App raw = [](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            const std::optional<std::string> body = co_await testing::read_body(receive);
            co_await testing::respond(send, 200, "raw:" + body.value_or("<disconnected>"));
        };
        Starlette app({.routes = {Mount("", raw)}, .middleware = {Middleware::of<BaseHTTPMiddleware>(streams)}});
        TestClient client(app);
        RequestOptions o;
        o.content = "abc";
        const TestResponse r = client.post("/", o);
        COMPARE_STR(r.headers["x-streamed"], "abc");
        COMPARE_STR(r.text(), "raw:");  // an empty body, not a hang
    }

    void streamingPassesThrough() {
        std::vector<std::string> events;
        const asgi::App inner = [&events](asgi::Scope&, asgi::Receive, asgi::Send send) -> awaitable<void> {
            asgi::HttpResponseStart start(200);
            start.headers.emplace_back("content-type", "text/plain");
            co_await send(std::move(start));
            for (int i = 1; i <= 3; ++i) {
                events.push_back("inner " + std::to_string(i));
                asgi::HttpResponseBody chunk(asgi::Bytes("chunk" + std::to_string(i)), true);
                co_await send(std::move(chunk));
            }
            events.emplace_back("inner last");
            asgi::HttpResponseBody last(asgi::Bytes(), false);
            co_await send(std::move(last));
            events.emplace_back("inner returned");
        };
        const BaseHTTPMiddleware mw(inner, passthrough);
        asgi::Scope scope = http_scope();
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::HttpRequest(); };
        asgi::Send send = [&events](asgi::Message m) -> awaitable<void> {
            if (const auto* body = std::get_if<asgi::HttpResponseBody>(&m))
                events.push_back("outer " + (body->more_body ? body->body.str() : std::string("end")));
            else
                events.emplace_back("outer start");
            co_return;
        };
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        // Each chunk reaches the client before the app produces the next one; the app's last
        // send returns only once the whole response has gone out.
        const std::vector<std::string> expected{"outer start", "inner 1",    "outer chunk1", "inner 2",
                                                "outer chunk2", "inner 3",   "outer chunk3", "inner last",
                                                "outer end",    "inner returned"};
        QCOMPARE(events, expected);
    }

    void discardedResponseGetsDisconnect() {
        // Starlette's test_app_receives_http_disconnect_after_sending_if_discarded: dispatch
        // drops the inner response; the app's further sends are dropped and its receive
        // reports http.disconnect, so it finishes.
        bool app_finished = false;
        std::string last_message;
        const asgi::App inner = [&](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            asgi::HttpResponseStart start(200);
            co_await send(std::move(start));
            asgi::HttpResponseBody chunk(asgi::Bytes(std::string("first")), true);
            co_await send(std::move(chunk));
            asgi::Message m = co_await receive();  // the body
            m = co_await receive();                // then: the response was sent
            last_message = std::string(asgi::type_name(m));
            asgi::HttpResponseBody more(asgi::Bytes(std::string("ignored")), false);
            co_await send(std::move(more));
            app_finished = true;
        };
        const DispatchFunction discard = [](Request& request, CallNext call_next) -> awaitable<Response> {
            co_await call_next(request);
            co_return PlainTextResponse("Custom");
        };
        TestClient client(Middleware::as_app(std::make_shared<const BaseHTTPMiddleware>(inner, discard)));
        const TestResponse r = client.get("/");
        COMPARE_STR(r.text(), "Custom");
        QVERIFY(app_finished);
        COMPARE_STR(last_message, "http.disconnect");
    }

    void failureCancelsTheInnerApp() {
        // Dispatch throws while the app is still streaming: the app is cancelled and awaited.
        bool inner_ended = false;
        const asgi::App inner = [&inner_ended](asgi::Scope&, asgi::Receive, asgi::Send send) -> awaitable<void> {
            struct Mark {
                bool* flag;
                ~Mark() { *flag = true; }
            } mark{&inner_ended};
            asgi::HttpResponseStart start(200);
            co_await send(std::move(start));
            for (;;) {  // endless: only cancellation ends it
                asgi::HttpResponseBody chunk(asgi::Bytes(std::string("x")), true);
                co_await send(std::move(chunk));
            }
        };
        const BaseHTTPMiddleware mw(inner, [](Request& request, CallNext call_next) -> awaitable<Response> {
            co_await call_next(request);
            throw std::logic_error("dispatch failed");
        });
        asgi::Scope scope = http_scope();
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::HttpRequest(); };
        asgi::Send send = [](asgi::Message) -> awaitable<void> { co_return; };
        try {
            testing::run_coroutine([&]() { return mw(scope, receive, send); });
            QFAIL("no exception");
        } catch (const std::logic_error& e) {
            COMPARE_STR(e.what(), "dispatch failed");
        }
        QVERIFY(inner_ended);

        // The client going away mid-stream ends the same way, with ClientDisconnected.
        inner_ended = false;
        const BaseHTTPMiddleware through(inner, passthrough);
        int sends = 0;
        asgi::Send flaky = [&sends](asgi::Message) -> awaitable<void> {
            if (++sends == 3) throw asgi::ClientDisconnected();
            co_return;
        };
        QVERIFY_THROWS_EXCEPTION(asgi::ClientDisconnected,
                                 testing::run_coroutine([&]() { return through(scope, receive, flaky); }));
        QVERIFY(inner_ended);
    }

    void callNextOnlyOnce() {
        Starlette app({.routes = {Route("/", homepage)},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(
                           [](Request& request, CallNext call_next) -> awaitable<Response> {
                               co_await call_next(request);
                               co_return co_await call_next(request);
                           })}});
        TestClient client(app);
        COMPARE_STR(error_of<std::runtime_error>(client, "/"), "call_next() can only be called once per request");
    }

    void needsADispatch() {
        Starlette app({.routes = {Route("/", homepage)}, .middleware = {Middleware::of<BaseHTTPMiddleware>(DispatchFunction())}});
        TestClient client(app);
        COMPARE_STR(error_of<std::logic_error>(client, "/"),
                    "BaseHTTPMiddleware needs a dispatch function or a subclass overriding dispatch()");
    }

    void behindTheServer() {
        // Over real sockets, one keep-alive connection: a body read in dispatch, a streamed
        // (chunked) response, a discarded response whose app waits for http.disconnect, a
        // failure in dispatch, and the connection still serving afterwards.
        const DispatchFunction dispatch = [](Request& request, CallNext call_next) -> awaitable<Response> {
            if (request.url().path() == "/discard") {
                co_await call_next(request);
                co_return PlainTextResponse("discarded");
            }
            if (request.url().path() == "/fail") throw std::runtime_error("dispatch failed");
            const asgi::Bytes body = co_await request.body();
            Response response = co_await call_next(request);
            response.headers().set("x-body-length", std::to_string(body.size()));
            co_return response;
        };
        const asgi::App waits_for_disconnect = [](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            asgi::HttpResponseStart start(200);
            co_await send(std::move(start));
            for (;;) {
                const asgi::Message m = co_await receive();
                if (std::holds_alternative<asgi::HttpDisconnect>(m)) break;
            }
        };
        Starlette app({.routes = {Route("/echo", echo_body, {.methods = {"POST"}}),
                                  Route("/stream",
                                        [](Request&) -> awaitable<Response> {
                                            co_return StreamingResponse([](StreamWriter write) -> awaitable<void> {
                                                for (int i = 0; i < 3; ++i) co_await write("part" + std::to_string(i) + ";");
                                            });
                                        }),
                                  Route("/discard", waits_for_disconnect), Route("/fail", homepage),
                                  Route("/endless",
                                        [](Request&) -> awaitable<Response> {
                                            co_return StreamingResponse([](StreamWriter write) -> awaitable<void> {
                                                for (;;) {
                                                    co_await write(std::string(1024, 'x'));
                                                    co_await testing::sleep_for(std::chrono::milliseconds(1));
                                                }
                                            });
                                        })},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(dispatch)}});
        testing::RunningServer server(app, testing::test_config_without_lifespan());
        QVERIFY(server.started());
        testing::RawClient client(server.port());

        QVERIFY(client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
        auto r = client.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        COMPARE_STR(r->body, "hello");
        COMPARE_STR(r->header("x-body-length").value_or(""), "5");

        QVERIFY(client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"));
        r = client.read_response();
        QVERIFY(r);
        COMPARE_STR(r->body, "part0;part1;part2;");
        COMPARE_STR(r->header("transfer-encoding").value_or(""), "chunked");

        QVERIFY(client.send("GET /discard HTTP/1.1\r\nHost: x\r\n\r\n"));
        r = client.read_response();
        QVERIFY(r);
        COMPARE_STR(r->body, "discarded");

        QVERIFY(client.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n"));
        r = client.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 500);

        {  // The client leaves in the middle of an endless stream: the app is cancelled.
            testing::RawClient leaving(server.port());
            QVERIFY(leaving.send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n"));
            QVERIFY(leaving.readable_within(std::chrono::seconds(5)));
            leaving.close();
        }

        testing::RawClient again(server.port());
        QVERIFY(again.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
        r = again.read_response();
        QVERIFY(r);
        COMPARE_STR(r->body, "abc");
        QCOMPARE(server.stop(), 0);  // nothing left hanging
    }

    void otherScopesPassThrough() {
        bool dispatched = false;
        bool reached = false;
        const asgi::App inner = [&reached](asgi::Scope&, asgi::Receive, asgi::Send send) -> awaitable<void> {
            reached = true;
            asgi::WebSocketAccept accept(std::nullopt);
            co_await send(std::move(accept));
        };
        const BaseHTTPMiddleware mw(inner, [&dispatched](Request& request, CallNext call_next) -> awaitable<Response> {
            dispatched = true;
            co_return co_await call_next(request);
        });
        asgi::Scope scope;
        scope.type = "websocket";
        scope.path = "/ws";
        std::vector<asgi::Message> sent;
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::WebSocketConnect(); };
        asgi::Send send = [&sent](asgi::Message m) -> awaitable<void> {
            sent.push_back(std::move(m));
            co_return;
        };
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        QVERIFY(reached);
        QVERIFY(!dispatched);
        QCOMPARE(sent.size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestBaseHTTPMiddleware)
#include "test_middleware_base_http.moc"
