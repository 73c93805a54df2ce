// The application: the middleware stack's order, exception handlers by status code and by
// type (most derived wins), ServerErrorMiddleware's answers, configuration after start, and
// lifespan, all through the TestClient.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

class BaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
class DerivedError : public BaseError {
public:
    using BaseError::BaseError;
};

template <class T>
struct Wrapper {};

using Log = std::shared_ptr<std::vector<std::string>>;

struct TagOptions {
    std::string name{};
    Log log{};
};

/// A user middleware that notes when a request passes it.
class TagMiddleware {
public:
    using Options = TagOptions;
    TagMiddleware(asgi::App app, Options options) : app_(std::move(app)), options_(std::move(options)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        if (scope.type == "http") options_.log->push_back(options_.name);
        return app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
    Options options_;
};

/// A user middleware that reads the body before passing the request on.
class BodyPeekMiddleware {
public:
    BodyPeekMiddleware(asgi::App app, Log log) : app_(std::move(app)), log_(std::move(log)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        Request request(scope, receive);
        log_->push_back("peeked " + (co_await request.body()).str());
        co_await app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
    Log log_;
};

awaitable<Response> hello(Request&) { co_return PlainTextResponse("hello"); }

awaitable<Response> echo(Request& request) {
    const asgi::Bytes body = co_await request.body();
    co_return PlainTextResponse(body.str());
}

Endpoint throwing(std::function<void()> thrower) {
    return [thrower = std::move(thrower)](Request&) -> awaitable<Response> {
        thrower();
        co_return PlainTextResponse("unreachable");
    };
}

ExceptionHandler textHandler(int status, std::string body) {
    return ExceptionHandler(status, [body = std::move(body)](Request&, const std::exception& e) -> awaitable<Response> {
        co_return PlainTextResponse(body + ": " + e.what(), 299);
    });
}

}  // namespace

class TestApplications : public QObject {
    Q_OBJECT

private slots:
    void routesAndDefaultErrors() {
        Starlette app({.routes = {Route("/", hello), Route("/only-post", hello, {.methods = {"POST"}})}});
        TestClient client(app);
        COMPARE_STR(client.get("/").text(), "hello");
        const TestResponse missing = client.get("/missing");
        QCOMPARE(missing.status_code, 404);
        COMPARE_STR(missing.text(), "Not Found");
        COMPARE_STR(missing.headers["content-type"], "text/plain; charset=utf-8");
        const TestResponse wrong = client.get("/only-post");
        QCOMPARE(wrong.status_code, 405);
        COMPARE_STR(wrong.text(), "Method Not Allowed");
        COMPARE_STR(wrong.headers["allow"], "POST");
        QVERIFY(app.started());
    }

    void httpExceptionsFromEndpoints() {
        Starlette app({.routes = {
                           Route("/teapot", throwing([] { throw HTTPException(418); })),
                           Route("/custom", throwing([] {
                                     asgi::Headers h;
                                     h.emplace_back("X-Why", "because");
                                     throw HTTPException(409, "taken", h);
                                 })),
                           Route("/empty", throwing([] { throw HTTPException(204); })),
                       }});
        TestClient client(app);
        const TestResponse teapot = client.get("/teapot");
        QCOMPARE(teapot.status_code, 418);
        COMPARE_STR(teapot.text(), "I'm a Teapot");
        const TestResponse custom = client.get("/custom");
        QCOMPARE(custom.status_code, 409);
        COMPARE_STR(custom.text(), "taken");
        COMPARE_STR(custom.headers["x-why"], "because");
        const TestResponse empty = client.get("/empty");
        QCOMPARE(empty.status_code, 204);
        QVERIFY(empty.content.empty());
        QVERIFY(!empty.headers.contains("content-type") && !empty.headers.contains("content-length"));
    }

    void statusCodeHandlers() {
        Starlette app({.routes = {Route("/x", hello, {.methods = {"POST"}}), Route("/teapot", throwing([] { throw HTTPException(418); }))},
                       .exception_handlers = {textHandler(404, "custom 404"), textHandler(405, "custom 405")}});
        TestClient client(app);
        const TestResponse r = client.get("/nope");
        QCOMPARE(r.status_code, 299);
        COMPARE_STR(r.text(), "custom 404: 404: Not Found");
        COMPARE_STR(client.get("/x").text(), "custom 405: 405: Method Not Allowed");
        QCOMPARE(client.get("/teapot").status_code, 418);  // no handler for 418: the default one
    }

    void mostDerivedTypeHandlerWins() {
        auto handlerFor = [](std::string label) {
            return [label](Request&, const std::exception& e) -> awaitable<Response> {
                co_return PlainTextResponse(label + " " + e.what());
            };
        };
        Starlette app({.routes = {Route("/derived", throwing([] { throw DerivedError("d"); })),
                                  Route("/base", throwing([] { throw BaseError("b"); })),
                                  Route("/runtime", throwing([] { throw std::runtime_error("r"); })),
                                  Route("/logic", throwing([] { throw std::logic_error("l"); }))},
                       // Registered base first: registration order must not matter.
                       .exception_handlers = {ExceptionHandler::of<std::runtime_error>(handlerFor("runtime_error")),
                                              ExceptionHandler::of<BaseError>(handlerFor("BaseError"))}});
        TestClient client(app, {.raise_server_exceptions = false});
        COMPARE_STR(client.get("/derived").text(), "BaseError d");
        COMPARE_STR(client.get("/base").text(), "BaseError b");
        COMPARE_STR(client.get("/runtime").text(), "runtime_error r");
        const TestResponse unhandled = client.get("/logic");
        QCOMPARE(unhandled.status_code, 500);
        COMPARE_STR(unhandled.text(), "Internal Server Error");

        ExceptionHandlerTable table;
        table.add(ExceptionHandler::of<std::exception>(handlerFor("e")));
        table.add(ExceptionHandler::of<DerivedError>(handlerFor("d")));
        table.add(ExceptionHandler::of<std::runtime_error>(handlerFor("r")));
        table.add(ExceptionHandler::of<BaseError>(handlerFor("b")));
        std::vector<std::string> order;
        for (const ExceptionHandler* h : table.all()) order.push_back(h->key_name());
        QVERIFY(order == (std::vector<std::string>{"DerivedError", "BaseError", "runtime_error", "exception"}));
        QVERIFY(table.for_exception(std::make_exception_ptr(DerivedError("x")))->key_name() == "DerivedError");
        QVERIFY(table.for_exception(std::make_exception_ptr(42)) == nullptr);
    }

    void typeHandlerForHttpException() {
        Starlette app({.exception_handlers = {ExceptionHandler::of<HTTPException>(
                           [](Request&, const HTTPException& e) -> awaitable<Response> {
                               co_return JSONResponse(json::object{{"error", e.detail}}, e.status_code);
                           })}});
        TestClient client(app);
        const TestResponse r = client.get("/missing");
        QCOMPARE(r.status_code, 404);
        COMPARE_STR(r.text(), "{\"error\":\"Not Found\"}");
    }

    void serverErrors() {
        Starlette app({.routes = {Route("/boom", throwing([] { throw std::runtime_error("boom"); }))}});
        TestClient raising(app);
        try {
            raising.get("/boom");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "boom");  // answered 500, then re-raised
        }
        TestClient quiet(app, {.raise_server_exceptions = false});
        const TestResponse r = quiet.get("/boom");
        QCOMPARE(r.status_code, 500);
        COMPARE_STR(r.text(), "Internal Server Error");
        COMPARE_STR(r.headers["content-type"], "text/plain; charset=utf-8");
    }

    void errorHandlersGoToServerErrorMiddleware() {
        Starlette app({.routes = {Route("/boom", throwing([] { throw std::runtime_error("boom"); })),
                                  Route("/odd", throwing([] { throw 42; }))},
                       .exception_handlers = {textHandler(500, "custom 500")}});
        TestClient client(app, {.raise_server_exceptions = false});
        const TestResponse r = client.get("/boom");
        QCOMPARE(r.status_code, 299);
        COMPARE_STR(r.text(), "custom 500: boom");
        COMPARE_STR(client.get("/odd").text(), "custom 500: unknown exception");

        Starlette typed({.routes = {Route("/boom", throwing([] { throw std::runtime_error("boom"); })),
                                    Route("/odd", throwing([] { throw 42; }))},
                         .exception_handlers = {ExceptionHandler::of<std::exception>(
                             [](Request&, const std::exception& e) -> awaitable<Response> {
                                 co_return PlainTextResponse(std::string("typed ") + e.what(), 503);
                             })}});
        TestClient typedClient(typed, {.raise_server_exceptions = false});
        QCOMPARE(typedClient.get("/boom").status_code, 503);
        QCOMPARE(typedClient.get("/odd").status_code, 500);  // not a std::exception: the default
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, TestClient(typed).get("/boom"));
    }

    void debugPages() {
        auto log = std::make_shared<std::vector<std::string>>();
        Starlette app({.debug = true,
                       .routes = {Route("/boom/{n:int}", throwing([] { throw BaseError("bad <input>"); }), {.name = "boom"})},
                       .middleware = {Middleware::of<TagMiddleware>({.name = "A", .log = log})}});
        TestClient client(app, {.raise_server_exceptions = false});
        const TestResponse html = client.get("/boom/3", {.headers = {{"accept", "text/html,*/*"}}});
        QCOMPARE(html.status_code, 500);
        COMPARE_STR(html.headers["content-type"], "text/html; charset=utf-8");
        QVERIFY(html.text().find("(anonymous namespace)::BaseError") != std::string::npos);
        QVERIFY(html.text().find("bad &lt;input&gt;") != std::string::npos);
        QVERIFY(html.text().find("GET http://testserver/boom/3") != std::string::npos);
        QVERIFY(html.text().find("ServerErrorMiddleware -&gt; TagMiddleware -&gt; ExceptionMiddleware -&gt; Router") !=
                std::string::npos);
        const TestResponse text = client.get("/boom/3");
        COMPARE_STR(text.headers["content-type"], "text/plain; charset=utf-8");
        COMPARE_STR(text.text(),
                    "(anonymous namespace)::BaseError: bad <input>\n\nwhile handling GET http://testserver/boom/3\n"
                    "layers: ServerErrorMiddleware -> TagMiddleware -> ExceptionMiddleware -> Router\n"
                    "routing: route 'boom', n=3\n");
    }

    void middlewareOrder() {
        auto log = std::make_shared<std::vector<std::string>>();
        Starlette app({.routes = {Route("/", hello)},
                       .middleware = {Middleware::of<TagMiddleware>({.name = "A", .log = log}),
                                      Middleware::of<TagMiddleware>({.name = "B", .log = log})}});
        app.add_middleware(Middleware::of<TagMiddleware>({.name = "C", .log = log}));  // outermost
        QCOMPARE(app.user_middleware().size(), std::size_t(3));
        COMPARE_STR(app.user_middleware().front().name(), "TagMiddleware");
        TestClient client(app);
        COMPARE_STR(client.get("/").text(), "hello");
        QVERIFY(*log == (std::vector<std::string>{"C", "A", "B"}));
    }

    void stackLayers() {
        // ExceptionMiddleware sits inside the user middleware: an HTTPException raised by a
        // user middleware is not handled there, ServerErrorMiddleware answers 500.
        Middleware refusing("Refusing", [](asgi::App) -> asgi::App {
            return [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> {
                throw HTTPException(403);
                co_return;
            };
        });
        Starlette app({.routes = {Route("/", hello)}, .middleware = {refusing}});
        TestClient client(app, {.raise_server_exceptions = false});
        const TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 500);
        COMPARE_STR(r.text(), "Internal Server Error");
    }

    void handledAfterResponseStarted() {
        Endpoint streams = [](Request&) -> awaitable<Response> {
            co_return StreamingResponse([](StreamWriter write) -> awaitable<void> {
                co_await write(std::string("partial"));
                throw HTTPException(400);
            });
        };
        TestClient client(Starlette({.routes = {Route("/", streams)}}));
        try {
            client.get("/");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "Caught handled exception, but response already started.");
        }
    }

    void bodyReadByMiddlewareReachesEndpoint() {
        auto log = std::make_shared<std::vector<std::string>>();
        Starlette app({.routes = {Route("/echo", echo, {.methods = {"POST"}})},
                       .middleware = {Middleware::of<BodyPeekMiddleware>(log)}});
        TestClient client(app);
        COMPARE_STR(client.post("/echo", {.content = std::string("payload")}).text(), "payload");
        QVERIFY(*log == (std::vector<std::string>{"peeked payload"}));
    }

    void configurationAfterStartIsAnError() {
        Starlette app({.routes = {Route("/", hello)}});
        app.add_route("/added", hello);
        TestClient client(app);
        COMPARE_STR(client.get("/added").text(), "hello");
        try {
            app.add_middleware(Middleware("Late", [](asgi::App inner) { return inner; }));
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "Cannot add middleware after an application has started");
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, app.add_route("/late", hello));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, app.add_exception_handler(textHandler(404, "x")));
    }

    void lifespanStateAndAppState() {
        auto events = std::make_shared<std::vector<std::string>>();
        Endpoint show = [](Request& request) -> awaitable<Response> {
            co_return PlainTextResponse(request.state().get<std::string>("client"));
        };
        Starlette app({.routes = {Route("/", show)},
                       .lifespan = [events](LifespanContext& lifespan) -> awaitable<void> {
                           events->push_back("startup");
                           asgi::State state;
                           state["client"] = std::string("connected");
                           co_await lifespan.serve(std::move(state));
                           events->push_back("shutdown");
                       }});
        app.state().set("version", 3);
        {
            TestClient client(app);
            client.open();
            COMPARE_STR(client.get("/").text(), "connected");
        }  // the destructor closes
        QVERIFY(*events == (std::vector<std::string>{"startup", "shutdown"}));
        QCOMPARE(app.state().get<int>("version"), 3);
    }

    void urlPathForAndHandleSemantics() {
        Starlette app({.routes = {Route("/users/{id:int}", hello, {.name = "user"}),
                                  Mount("/api", Routes{Route("/items", hello, {.name = "items"})}, {.name = "api"})}});
        COMPARE_STR(app.url_path_for("user", {{"id", 5}}).path, "/users/5");
        COMPARE_STR(app.url_path_for("api:items").path, "/api/items");
        QVERIFY_THROWS_EXCEPTION(NoMatchFound, app.url_path_for("nope"));
        asgi::App copy = app;  // a handle: the copy is the same application
        TestClient client(copy);
        COMPARE_STR(client.get("/api/items").text(), "hello");
        QVERIFY(app.started());
    }

    void middlewareClassNames() {
        COMPARE_STR(Middleware::class_name(typeid(ServerErrorMiddleware)), "ServerErrorMiddleware");
        COMPARE_STR(Middleware::class_name(typeid(Wrapper<BaseError>)), "Wrapper<(anonymous namespace)::BaseError>");
    }
};

QTEST_APPLESS_MAIN(TestApplications)
#include "test_applications.moc"
