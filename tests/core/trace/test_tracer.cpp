// Tracer on Starlette applications through the TestClient: the spans of a request in order,
// what routing adds to the scope, a Mount's root_path, short-circuits (CORS preflight, a
// redirect, 405), which layer consumed the body, exceptions raised, handled and answered
// with 500, body capping, and switching tracing off and on.
#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <QtTest/QtTest>

#include "../web/web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

awaitable<Response> hello(Request&) { co_return PlainTextResponse("Hello", 200); }

awaitable<Response> user(Request& request) {
    co_return PlainTextResponse("user " + std::to_string(std::get<std::int64_t>(request.path_params().at("id"))), 200);
}

awaitable<Response> echo(Request& request) {
    const asgi::Bytes body = co_await request.body();
    co_return PlainTextResponse(body.str(), 200);
}

awaitable<Response> large(Request&) { co_return PlainTextResponse(std::string(1000, 'x'), 200); }

awaitable<Response> slow(Request&) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::seconds(30));
    co_await timer.async_wait(boost::asio::use_awaitable);
    co_return PlainTextResponse("late");
}

struct Teapot : std::runtime_error {
    using std::runtime_error::runtime_error;
};

awaitable<Response> teapot(Request&) {
    throw Teapot("short and stout");
    co_return PlainTextResponse("unreachable");
}

awaitable<Response> boom(Request&) {
    throw std::runtime_error("boom");
    co_return PlainTextResponse("unreachable");
}

awaitable<void> shout(WebSocket& ws) {
    co_await ws.accept();
    const std::string text = co_await ws.receive_text();
    std::string upper = text;
    for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    co_await ws.send_text(upper);
    co_await ws.close(4000, "done");
}

/// A middleware that reads the whole request body before calling the app.
class ReadBodyMiddleware {
public:
    explicit ReadBodyMiddleware(asgi::App app) : app_(std::move(app)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        Request request(scope, receive);
        (void)co_await request.body();
        co_await app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
};

/// A BaseHTTPMiddleware: runs the inner app as a task of its own and relays its response.
class HeaderMiddleware : public BaseHTTPMiddleware {
public:
    using BaseHTTPMiddleware::BaseHTTPMiddleware;
    awaitable<Response> dispatch(Request& request, CallNext call_next) const override {
        Response response = co_await call_next(request);
        response.headers().set("x-traced", "yes");
        co_return response;
    }
};

struct Traced {
    std::shared_ptr<trace::TraceHub> hub = std::make_shared<trace::TraceHub>();
    std::shared_ptr<trace::Tracer> tracer;

    explicit Traced(trace::TracerOptions options = {})
        : tracer(std::make_shared<trace::Tracer>(hub, options)) {}

    /// The HTTP traces published so far.
    std::vector<std::shared_ptr<const trace::Trace>> http() const {
        std::vector<std::shared_ptr<const trace::Trace>> out;
        for (auto& t : hub->snapshot())
            if (t->kind == trace::TraceKind::http) out.push_back(t);
        return out;
    }
    /// The one HTTP trace published so far.
    std::shared_ptr<const trace::Trace> only() const {
        auto all = http();
        if (all.size() != 1) throw std::runtime_error("expected one trace, got " + std::to_string(all.size()));
        return all.front();
    }
};

QStringList names(const trace::Trace& t) {
    QStringList out;
    for (const auto& s : t.spans) out << QString::fromStdString(s.name);
    return out;
}

const trace::Span& span(const trace::Trace& t, std::string_view name) {
    const auto i = t.find(name);
    if (!i) throw std::runtime_error("no span " + std::string(name));
    return t.spans[*i];
}

/// The first message of type `type` the span sent or received.
const trace::MessageEvent* message(const trace::Span& s, trace::Direction d, std::string_view type) {
    for (const auto& m : s.messages)
        if (m.direction == d && m.type == type) return &m;
    return nullptr;
}

RequestOptions with(asgi::Headers headers) {
    RequestOptions o;
    o.headers = std::move(headers);
    return o;
}

}  // namespace

class TestTracer : public QObject {
    Q_OBJECT

private slots:
    void spansOfASimpleGet() {
        Traced traced;
        Starlette app({.routes = {Route("/hello", hello, {.name = "hello"})}, .tracer = traced.tracer});
        TestClient client(app);
        QCOMPARE(client.get("/hello?x=1").status_code, 200);

        const auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "ExceptionMiddleware", "Router", "Route /hello",
                                         "endpoint hello"}));
        QCOMPARE(t->id, std::uint64_t(1));
        COMPARE_STR(t->scope.path, "/hello");
        COMPARE_STR(t->scope.query_string, "x=1");
        QVERIFY(!t->scope.trace_context);
        QVERIFY(!t->scope.router);
        const trace::SpanKind kinds[] = {trace::SpanKind::middleware, trace::SpanKind::middleware,
                                         trace::SpanKind::router, trace::SpanKind::route, trace::SpanKind::endpoint};
        std::int64_t self_total = 0;
        for (std::size_t i = 0; i < t->spans.size(); ++i) {
            const trace::Span& s = t->spans[i];
            QCOMPARE(s.kind, kinds[i]);
            QCOMPARE(s.depth, int(i));
            QCOMPARE(s.parent, int(i) - 1);
            QCOMPARE(s.inner_called, i + 1 < t->spans.size());
            QVERIFY(!s.short_circuited);
            QVERIFY(!s.consumed_body);
            QVERIFY(!s.exception);
            QVERIFY(!s.incomplete);
            QVERIFY(s.enter_ns <= s.exit_ns);
            if (i > 0) {
                QVERIFY(t->spans[i - 1].enter_ns <= s.enter_ns);
                QVERIFY(s.exit_ns <= t->spans[i - 1].exit_ns);
            }
            QVERIFY(s.self_ns >= 0 && s.self_ns <= s.duration_ns());
            self_total += s.self_ns;
            // Every layer saw the response go out.
            const auto* start = message(s, trace::Direction::send, "http.response.start");
            QVERIFY(start);
            QCOMPARE(start->status, 200);
            QVERIFY(asgi::find_header(start->headers(), "content-type"));
            const auto* body = message(s, trace::Direction::send, "http.response.body");
            QVERIFY(body);
            COMPARE_STR(body->body.view(), "Hello");
            QCOMPARE(body->full_size, std::size_t(5));
            QVERIFY(!body->more_body);
            QVERIFY(start->time_ns <= body->time_ns);
        }
        QCOMPARE(self_total, t->spans[0].duration_ns());
        QCOMPARE(t->duration_ns, t->spans[0].exit_ns);
        QVERIFY(t->bytes > 0);
        QCOMPARE(t->bytes, t->approx_bytes());
        QCOMPARE(t->children(0), (std::vector<std::size_t>{1}));
        // The body buffer is shared by the layers, not copied per layer.
        const auto* first = message(t->spans[0], trace::Direction::send, "http.response.body");
        const auto* last = message(t->spans[4], trace::Direction::send, "http.response.body");
        QCOMPARE(static_cast<const void*>(first->body.data()), static_cast<const void*>(last->body.data()));
        // So are the response headers, copied once while no layer changes them.
        QCOMPARE(message(t->spans[0], trace::Direction::send, "http.response.start")->shared_headers.get(),
                 message(t->spans[4], trace::Direction::send, "http.response.start")->shared_headers.get());

        // Each request its own trace, with increasing ids.
        client.get("/hello");
        QCOMPARE(traced.http().size(), std::size_t(2));
        QCOMPARE(traced.http()[1]->id, std::uint64_t(2));
    }

    void whatRouterAdds() {
        Traced traced;
        Starlette app({.routes = {Route("/users/{id:int}", user, {.name = "user"})}, .tracer = traced.tracer});
        TestClient client(app);
        COMPARE_STR(client.get("/users/42").text(), "user 42");
        const auto t = traced.only();
        const trace::Span& router = span(*t, "Router");
        const trace::Span& route = span(*t, "Route /users/{id:int}");
        QVERIFY(router.scope.path_params.empty());
        QVERIFY(router.scope.route_name.empty());
        QCOMPARE(route.scope.path_params.size(), std::size_t(1));
        QCOMPARE(std::get<std::int64_t>(route.scope.path_params.at("id")), std::int64_t(42));
        COMPARE_STR(route.scope.route_name, "user");
        QVERIFY(span(*t, "endpoint user").scope == route.scope);
    }

    void mountChangesRootPath() {
        Traced traced;
        Starlette app({.routes = {Mount("/api", Routes{Route("/items/{name}", hello, {.name = "item"})}, {.name = "api"})},
                       .tracer = traced.tracer});
        TestClient client(app);
        QCOMPARE(client.get("/api/items/pen").status_code, 200);
        const auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "ExceptionMiddleware", "Router", "Mount /api",
                                         "Router", "Route /items/{name}", "endpoint item"}));
        // A layer sees the scope as it received it: the Router applies what the route it picked
        // adds before calling it, so the Mount's span shows root_path extended, the Router's not.
        const trace::Span& router = t->spans[2];
        COMPARE_STR(router.scope.root_path, "");
        QVERIFY(!router.scope.app_root_path);
        COMPARE_STR(router.scope.path, "/api/items/pen");
        const trace::Span& mount = t->spans[3];
        QCOMPARE(mount.kind, trace::SpanKind::mount);
        COMPARE_STR(mount.scope.root_path, "/api");
        COMPARE_STR(mount.scope.app_root_path.value_or("?"), "");
        const trace::Span& inner = t->spans[5];
        COMPARE_STR(inner.scope.root_path, "/api");
        COMPARE_STR(inner.scope.app_root_path.value_or("?"), "");
        COMPARE_STR(inner.scope.route_name, "api:item");
        COMPARE_STR(std::get<std::string>(inner.scope.path_params.at("name")), "pen");
        QCOMPARE(t->spans[4].kind, trace::SpanKind::router);
        QCOMPARE(t->spans[4].depth, 4);
    }

    void corsPreflightShortCircuits() {
        Traced traced;
        Starlette app({.routes = {Route("/", hello)},
                       .middleware = {Middleware::of<CORSMiddleware>({.allow_origins = {"*"}, .allow_methods = {"*"}})},
                       .tracer = traced.tracer});
        TestClient client(app);
        asgi::Headers h;
        h.emplace_back("origin", "https://example.org");
        h.emplace_back("access-control-request-method", "GET");
        QCOMPARE(client.options("/", with(h)).status_code, 200);
        const auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "CORSMiddleware"}));
        const trace::Span& cors = t->spans[1];
        QVERIFY(cors.short_circuited);
        QVERIFY(!cors.inner_called);
        QVERIFY(!t->spans[0].short_circuited);
        QCOMPARE(message(cors, trace::Direction::send, "http.response.start")->status, 200);

        // A simple request goes through.
        client.get("/", with({{"origin", "https://example.org"}}));
        const auto simple = traced.http().back();
        QCOMPARE(simple->spans.size(), std::size_t(6));
        QVERIFY(!simple->spans[1].short_circuited);
    }

    void redirectAnd405ShortCircuit() {
        Traced traced;
        Starlette app({.routes = {Route("/hello", hello)}, .tracer = traced.tracer});
        TestClient client(app, {.raise_server_exceptions = false});
        RequestOptions no_follow;
        no_follow.follow_redirects = false;
        QCOMPARE(client.get("/hello/", no_follow).status_code, 307);
        auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "ExceptionMiddleware", "Router"}));
        QVERIFY(span(*t, "Router").short_circuited);
        QCOMPARE(message(span(*t, "Router"), trace::Direction::send, "http.response.start")->status, 307);

        QCOMPARE(client.post("/hello").status_code, 405);
        t = traced.http().back();
        const trace::Span& route = span(*t, "Route /hello");
        QVERIFY(route.short_circuited);
        QVERIFY(route.exception && route.exception->raised_here);
        QVERIFY(span(*t, "ExceptionMiddleware").exception->handled_here);
        QVERIFY(!t->find("endpoint"));
    }

    void bodyConsumedByAMiddleware() {
        Traced traced;
        Starlette app({.routes = {Route("/echo", echo, {.methods = {"POST"}, .name = "echo"})},
                       .middleware = {Middleware::of<ReadBodyMiddleware>()},
                       .tracer = traced.tracer});
        TestClient client(app);
        RequestOptions o;
        o.content = "payload";
        COMPARE_STR(client.post("/echo", o).text(), "payload");
        const auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "ReadBodyMiddleware", "ExceptionMiddleware", "Router",
                                         "Route /echo", "endpoint echo"}));
        const trace::Span& reader = span(*t, "ReadBodyMiddleware");
        QVERIFY(reader.consumed_body);
        const auto* chunk = message(reader, trace::Direction::receive, "http.request");
        QVERIFY(chunk);
        COMPARE_STR(chunk->body.view(), "payload");
        QVERIFY(!chunk->more_body);
        // The endpoint got the body from the cache, not from receive.
        const trace::Span& endpoint = span(*t, "endpoint echo");
        QVERIFY(!endpoint.consumed_body);
        QVERIFY(!message(endpoint, trace::Direction::receive, "http.request"));
        QVERIFY(!span(*t, "ServerErrorMiddleware").consumed_body);  // it passed the body on

        // Without the middleware, the endpoint consumes it.
        Traced plain;
        Starlette app2({.routes = {Route("/echo", echo, {.methods = {"POST"}, .name = "echo"})}, .tracer = plain.tracer});
        TestClient client2(app2);
        client2.post("/echo", o);
        const auto t2 = plain.only();
        for (const auto& s : t2->spans) QCOMPARE(s.consumed_body, s.kind == trace::SpanKind::endpoint);
    }

    void exceptionHandledByExceptionMiddleware() {
        Traced traced;
        auto handler = ExceptionHandler::of<Teapot>([](Request&, const Teapot& e) -> awaitable<Response> {
            co_return PlainTextResponse(std::string("teapot: ") + e.what(), 418);
        });
        Starlette app({.routes = {Route("/tea", teapot, {.name = "tea"})}, .exception_handlers = {handler},
                       .tracer = traced.tracer});
        TestClient client(app);
        const TestResponse r = client.get("/tea");
        QCOMPARE(r.status_code, 418);
        const auto t = traced.only();
        const trace::Span& endpoint = span(*t, "endpoint tea");
        QVERIFY(endpoint.exception);
        QVERIFY(endpoint.exception->type.ends_with("Teapot"));
        COMPARE_STR(endpoint.exception->message, "short and stout");
        QVERIFY(endpoint.exception->raised_here);
        QVERIFY(endpoint.exception->escaped);
        QVERIFY(!endpoint.exception->handled_here);
        for (std::string_view name : {"Route /tea", "Router"}) {
            const trace::Span& s = span(*t, name);
            QVERIFY(s.exception && s.exception->escaped);
            QVERIFY(!s.exception->raised_here);
            QVERIFY(!s.exception->handled_here);
        }
        const trace::Span& em = span(*t, "ExceptionMiddleware");
        QVERIFY(em.exception);
        QVERIFY(em.exception->handled_here);
        QVERIFY(!em.exception->escaped);
        COMPARE_STR(em.exception->message, "short and stout");
        QCOMPARE(message(em, trace::Direction::send, "http.response.start")->status, 418);
        QVERIFY(!span(*t, "ServerErrorMiddleware").exception);
        // Nothing went out from the endpoint itself.
        QVERIFY(endpoint.messages.empty());
    }

    void serverErrorAnswers500() {
        Traced traced;
        Starlette app({.routes = {Route("/boom", boom)}, .tracer = traced.tracer});
        TestClient client(app, {.raise_server_exceptions = false});
        QCOMPARE(client.get("/boom").status_code, 500);
        const auto t = traced.only();
        const trace::Span& sem = span(*t, "ServerErrorMiddleware");
        QVERIFY(sem.exception);
        COMPARE_STR(sem.exception->type, "std::runtime_error");
        COMPARE_STR(sem.exception->message, "boom");
        QVERIFY(sem.exception->handled_here);  // it answered 500...
        QVERIFY(sem.exception->escaped);       // ...and re-raised, as Starlette does
        QVERIFY(!sem.exception->raised_here);
        QCOMPARE(message(sem, trace::Direction::send, "http.response.start")->status, 500);
        const trace::Span& em = span(*t, "ExceptionMiddleware");
        QVERIFY(em.exception && em.exception->escaped && !em.exception->handled_here);
        QVERIFY(span(*t, "endpoint").exception->raised_here);
    }

    void bodiesAreCapped() {
        Traced traced({.max_body_bytes = 16});
        Starlette app({.routes = {Route("/large", large), Route("/echo", echo, {.methods = {"POST"}})},
                       .tracer = traced.tracer});
        TestClient client(app);
        QCOMPARE(client.get("/large").content.size(), std::size_t(1000));
        auto t = traced.only();
        for (const auto& s : t->spans) {
            const auto* body = message(s, trace::Direction::send, "http.response.body");
            QVERIFY(body);
            QCOMPARE(body->body.size(), std::size_t(16));
            QCOMPARE(body->full_size, std::size_t(1000));
            QVERIFY(body->truncated());
            COMPARE_STR(body->body.view(), std::string(16, 'x'));
        }
        // The cut prefix is made once and shared by the layers.
        QCOMPARE(static_cast<const void*>(message(t->spans[0], trace::Direction::send, "http.response.body")->body.data()),
                 static_cast<const void*>(message(t->spans[4], trace::Direction::send, "http.response.body")->body.data()));

        RequestOptions o;
        o.content = std::string(100, 'y');
        client.post("/echo", o);
        t = traced.http().back();
        const auto* chunk = message(span(*t, "endpoint"), trace::Direction::receive, "http.request");
        QVERIFY(chunk);
        QCOMPARE(chunk->full_size, std::size_t(100));
        COMPARE_STR(chunk->body.view(), std::string(16, 'y'));
    }

    void tracingOffRecordsNothing() {
        Traced traced({.enabled = false});
        Starlette app({.routes = {Route("/hello", hello)}, .tracer = traced.tracer});
        TestClient client(app);
        COMPARE_STR(client.get("/hello").text(), "Hello");
        QCOMPARE(traced.hub->stats().published, std::uint64_t(0));
        QCOMPARE(traced.tracer->started(), std::uint64_t(0));

        traced.tracer->set_enabled(true);  // at run time, same application
        client.get("/hello");
        QCOMPARE(traced.http().size(), std::size_t(1));

        traced.tracer->set_enabled(false);
        client.get("/hello");
        client.get("/nowhere");
        QCOMPARE(traced.hub->stats().published, std::uint64_t(1));

        // No tracer at all: the plain stack.
        Starlette untraced({.routes = {Route("/hello", hello)}});
        QVERIFY(!untraced.tracer());
        TestClient client2(untraced);
        COMPARE_STR(client2.get("/hello").text(), "Hello");
    }

    void lifespanAndSubscribers() {
        Traced traced;
        std::mutex mutex;
        std::vector<std::shared_ptr<const trace::Trace>> got;
        auto sub = traced.hub->subscribe([&](const trace::TraceBatch& batch) {
            std::lock_guard lock(mutex);
            got.insert(got.end(), batch.begin(), batch.end());
        });
        Starlette app({.routes = {Route("/hello", hello)}, .tracer = traced.tracer});
        {
            TestClient client(app);
            client.open();
            client.get("/hello");
            client.close();
        }
        traced.hub->flush();
        std::lock_guard lock(mutex);
        QCOMPARE(got.size(), std::size_t(2));
        QCOMPARE(got[0]->kind, trace::TraceKind::http);  // the lifespan trace ends last
        QCOMPARE(got[1]->kind, trace::TraceKind::lifespan);
        const trace::Span& router = span(*got[1], "Router");
        QVERIFY(!router.short_circuited);  // not a meaningful notion for lifespan
        QVERIFY(message(router, trace::Direction::receive, "lifespan.startup"));
        QVERIFY(message(router, trace::Direction::send, "lifespan.shutdown.complete"));
    }

    void baseHttpMiddlewareRunsTheAppAsATask() {
        Traced traced;
        Starlette app({.routes = {Route("/hello", hello, {.name = "hello"})},
                       .middleware = {Middleware::of<HeaderMiddleware>()},
                       .tracer = traced.tracer});
        TestClient client(app);
        const TestResponse r = client.get("/hello");
        COMPARE_STR(r.headers["x-traced"], "yes");
        const auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "HeaderMiddleware", "ExceptionMiddleware", "Router",
                                         "Route /hello", "endpoint hello"}));
        for (std::size_t i = 1; i < t->spans.size(); ++i) QCOMPARE(t->spans[i].parent, int(i) - 1);
        // The middleware sent its own response start, with the header it added.
        const auto* start = message(t->spans[1], trace::Direction::send, "http.response.start");
        QVERIFY(start);
        QVERIFY(asgi::find_header(start->headers(), "x-traced"));
        const auto* inner = message(t->spans[2], trace::Direction::send, "http.response.start");
        QVERIFY(inner);
        QVERIFY(!asgi::find_header(inner->headers(), "x-traced"));
        for (const auto& s : t->spans) QVERIFY(!s.incomplete);
    }

    void abandonedRequestIsStillPublished() {
        Traced traced;
        Starlette app({.routes = {Route("/slow", slow, {.name = "slow"})}, .tracer = traced.tracer});
        {
            TestClient client(app, {.timeout = std::chrono::milliseconds(50)});
            QVERIFY_THROWS_EXCEPTION(std::runtime_error, client.get("/slow"));
            QVERIFY(traced.http().empty());  // still running
        }  // the client's event loop goes, and the request's coroutine frames with it
        const auto t = traced.only();
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "ExceptionMiddleware", "Router", "Route /slow",
                                         "endpoint slow"}));
        for (const auto& s : t->spans) {
            QVERIFY(s.incomplete);
            QVERIFY(s.exit_ns >= s.enter_ns);
        }
        QVERIFY(t->duration_ns >= 50'000'000);
    }

    void websocketSession() {
        Traced traced;
        Starlette app({.tracer = traced.tracer});
        app.add_websocket_route("/ws", shout, {.name = "shout"});
        TestClient client(app);
        {
            WebSocketTestSession session = client.websocket_connect("/ws");
            session.send_text("hello");
            COMPARE_STR(session.receive_text(), "HELLO");
            QVERIFY_THROWS_EXCEPTION(WebSocketDisconnect, session.receive_text());
        }
        std::shared_ptr<const trace::Trace> t;
        for (auto& x : traced.hub->snapshot())
            if (x->kind == trace::TraceKind::websocket) t = x;
        QVERIFY(t);
        QCOMPARE(names(*t), (QStringList{"ServerErrorMiddleware", "ExceptionMiddleware", "Router",
                                         "WebSocketRoute /ws", "endpoint shout"}));
        const trace::Span& endpoint = t->spans.back();
        const auto* in = message(endpoint, trace::Direction::receive, "websocket.receive");
        QVERIFY(in && in->text);
        COMPARE_STR(in->body.view(), "hello");
        const auto* out = message(endpoint, trace::Direction::send, "websocket.send");
        QVERIFY(out && out->text);
        COMPARE_STR(out->body.view(), "HELLO");
        const auto* close = message(endpoint, trace::Direction::send, "websocket.close");
        QVERIFY(close);
        QCOMPARE(close->code, 4000);
        COMPARE_STR(close->detail, "done");
        QVERIFY(message(endpoint, trace::Direction::receive, "websocket.connect"));
        QVERIFY(message(endpoint, trace::Direction::send, "websocket.accept"));
    }

    void settingATracerAfterStartFails() {
        Traced traced;
        Starlette app({.routes = {Route("/hello", hello)}});
        app.set_tracer(traced.tracer);
        QCOMPARE(app.tracer(), traced.tracer);
        TestClient client(app);
        client.get("/hello");
        QCOMPARE(traced.http().size(), std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, app.set_tracer(nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trace::Tracer(nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, traced.tracer->wrap("x", trace::SpanKind::endpoint, asgi::App()));
        // wrap(outermost) needs the tracer owned by a shared_ptr.
        trace::Tracer loose(traced.hub);
        QVERIFY_THROWS_EXCEPTION(std::bad_weak_ptr, loose.wrap("x", trace::SpanKind::endpoint,
                                                               asgi::App(Starlette()), true));
    }
};

QTEST_GUILESS_MAIN(TestTracer)
#include "test_tracer.moc"
