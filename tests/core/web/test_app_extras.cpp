// on_startup/on_shutdown, per-route and per-mount middleware, Request.url_for,
// Request.is_disconnected and the OpenAPI schema generator.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

using Log = std::shared_ptr<std::vector<std::string>>;

/// A middleware that adds a response header naming itself.
class StampMiddleware {
public:
    StampMiddleware(asgi::App app, std::string name) : app_(std::move(app)), name_(std::move(name)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        auto stamped = [send, name = name_](asgi::Message message) -> awaitable<void> {
            if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) start->headers.emplace_back("x-stamp", name);
            co_await send(std::move(message));
        };
        co_await app_(scope, std::move(receive), stamped);
    }

private:
    asgi::App app_;
    std::string name_;
};

awaitable<Response> hello(Request&) { co_return PlainTextResponse("hello"); }

std::vector<std::string> stamps(const TestResponse& r) {
    std::vector<std::string> out;
    for (const auto& v : r.headers.getlist("x-stamp")) out.emplace_back(v);
    return out;
}

}  // namespace

class TestAppExtras : public QObject {
    Q_OBJECT

private slots:
    void startupAndShutdownHandlers() {
        Log log = std::make_shared<std::vector<std::string>>();
        auto note = [log](std::string what) -> LifecycleHandler {
            return [log, what]() -> awaitable<void> {
                log->push_back(what);
                co_return;
            };
        };
        Starlette app({.routes = {Route("/", hello)},
                       .on_startup = {note("startup 1"), note("startup 2")},
                       .on_shutdown = {note("shutdown")}});
        {
            TestClient client(app);
            client.open();
            QVERIFY(*log == (std::vector<std::string>{"startup 1", "startup 2"}));
            COMPARE_STR(client.get("/").text(), "hello");
        }
        QVERIFY(*log == (std::vector<std::string>{"startup 1", "startup 2", "shutdown"}));
    }

    void failingStartupHandlerFailsStartup() {
        LifecycleHandler fails = []() -> awaitable<void> {
            throw std::runtime_error("no database");
            co_return;
        };
        TestClient client(Starlette({.on_startup = {fails}}));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, client.open());
    }

    void lifespanAndHandlersTogetherIsAnError() {
        LifecycleHandler nothing = []() -> awaitable<void> { co_return; };
        Lifespan lifespan = [](LifespanContext& c) -> awaitable<void> { co_await c.serve(); };
        try {
            Starlette app({.lifespan = lifespan, .on_startup = {nothing}});
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            COMPARE_STR(e.what(), "Use either 'lifespan' or 'on_startup'/'on_shutdown', not both.");
        }
    }

    void routeMiddlewareWrapsOnlyItsRoute() {
        Starlette app({.routes = {Route("/a", hello,
                                        {.middleware = {Middleware::of<StampMiddleware>(std::string("outer")),
                                                        Middleware::of<StampMiddleware>(std::string("inner"))}}),
                                  Route("/b", hello)}});
        TestClient client(app);
        // The inner middleware adds its header first; the first listed is outermost.
        QVERIFY(stamps(client.get("/a")) == (std::vector<std::string>{"inner", "outer"}));
        QVERIFY(stamps(client.get("/b")).empty());
        // A method the route does not allow is refused before its middleware runs.
        const TestResponse refused = client.post("/a");
        QCOMPARE(refused.status_code, 405);
        QVERIFY(stamps(refused).empty());
    }

    void mountMiddlewareWrapsTheMount() {
        Starlette app({.routes = {Mount("/api", Routes{Route("/x", hello, {.name = "x"})},
                                        {.name = "api", .middleware = {Middleware::of<StampMiddleware>(std::string("api"))}}),
                                  Route("/y", hello)}});
        TestClient client(app);
        QVERIFY(stamps(client.get("/api/x")) == (std::vector<std::string>{"api"}));
        QVERIFY(stamps(client.get("/y")).empty());
        // Its routes stay visible for url_path_for and tools.
        COMPARE_STR(app.url_path_for("api:x").path, "/api/x");
        const auto* mount = dynamic_cast<const Mount*>(app.routes().front().get());
        QVERIFY(mount);
        QCOMPARE(mount->routes().size(), std::size_t(1));
        QCOMPARE(mount->middleware().size(), std::size_t(1));
    }

    void urlForIsAbsolute() {
        Endpoint link = [](Request& request) -> awaitable<Response> {
            asgi::PathParams params;
            params["id"] = std::int64_t(7);
            co_return PlainTextResponse(request.url_for("api:user", params).str() + " " +
                                        request.url_for("home").str());
        };
        Starlette app({.routes = {Route("/", link, {.name = "home"}),
                                  Mount("/api", Routes{Route("/users/{id:int}", hello, {.name = "user"})}, {.name = "api"})}});
        TestClient client(app);
        COMPARE_STR(client.get("/").text(), "http://testserver/api/users/7 http://testserver/");
        TestClient behind_proxy(app, {.root_path = "/prefix"});
        COMPARE_STR(behind_proxy.get("/").text(), "http://testserver/prefix/api/users/7 http://testserver/prefix/");

        Endpoint missing = [](Request& request) -> awaitable<Response> {
            co_return PlainTextResponse(request.url_for("nope").str());
        };
        TestClient failing(Starlette({.routes = {Route("/", missing)}}));
        QVERIFY_THROWS_EXCEPTION(NoMatchFound, failing.get("/"));
    }

    void urlForOutsideARouterIsAnError() {
        asgi::Scope scope;
        scope.type = "http";
        Request request(scope);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, request.url_for("x"));
    }

    void isDisconnectedPollsWithoutLosingTheBody() {
        // A receive that hands out a body in two chunks, then reports the client gone.
        auto messages = std::make_shared<std::vector<asgi::Message>>();
        messages->push_back(asgi::HttpRequest(asgi::Bytes(std::string("ab")), true));
        messages->push_back(asgi::HttpRequest(asgi::Bytes(std::string("cd")), false));
        messages->push_back(asgi::HttpDisconnect{});
        asgi::Receive receive = [messages]() -> awaitable<asgi::Message> {
            asgi::Message m = messages->front();
            messages->erase(messages->begin());
            co_return m;
        };
        bool first = true, second = false, third = false;
        std::string body;
        asgiscope::testing::run_coroutine([&]() -> awaitable<void> {
            asgi::Scope scope;
            scope.type = "http";
            Request request(scope, receive);
            first = co_await request.is_disconnected();  // took "ab" and keeps it
            body = (co_await request.body()).str();
            second = co_await request.is_disconnected();
            third = co_await request.is_disconnected();  // stays true without receiving
        });
        QVERIFY(!first);
        COMPARE_STR(body, "abcd");
        QVERIFY(second);
        QVERIFY(third);
        QVERIFY(messages->empty());
    }

    void isDisconnectedDoesNotWaitForAQuietClient() {
        // The TestClient's receive blocks until the response is complete: the poll must give up.
        Endpoint check = [](Request& request) -> awaitable<Response> {
            (void)co_await request.body();
            const bool gone = co_await request.is_disconnected();
            co_return PlainTextResponse(gone ? "gone" : "connected");
        };
        TestClient client(Starlette({.routes = {Route("/", check)}}));
        COMPARE_STR(client.get("/").text(), "connected");
    }

    void openApiSchema() {
        SchemaGenerator schemas(json::parse(R"({"openapi": "3.0.0", "info": {"title": "Demo", "version": "1.0"}})").as_object());
        Endpoint openapi = [&schemas](Request& request) -> awaitable<Response> {
            co_return schemas.OpenAPIResponse(request);
        };
        Starlette app({.routes = {
                           Route("/users", hello, {.methods = {"GET", "POST"}, .name = "users", .summary = "List or create users"}),
                           Route("/users/{id:int}", hello, {.name = "user", .description = "One user."}),
                           Mount("/files", Routes{Route("/{rest:path}", hello, {.name = "file"}),
                                                  Route("/by-id/{key:uuid}/{ratio:float}", hello)},
                                 {.name = "files"}),
                           Route("/schema", openapi, {.include_in_schema = false}),
                           Route("/raw", asgi::App([](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; })),
                       }});
        TestClient client(app);
        const TestResponse r = client.get("/schema");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.headers.get("content-type").value_or(""), "application/vnd.oai.openapi+json");
        const json::value doc = r.json();
        const json::value expected = json::parse(R"({
          "openapi": "3.0.0", "info": {"title": "Demo", "version": "1.0"},
          "paths": {
            "/users": {
              "get": {"summary": "List or create users", "operationId": "users_get",
                      "responses": {"200": {"description": "Successful response"}}},
              "post": {"summary": "List or create users", "operationId": "users_post",
                       "responses": {"200": {"description": "Successful response"}}}},
            "/users/{id}": {
              "get": {"description": "One user.", "operationId": "user",
                      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                      "responses": {"200": {"description": "Successful response"}}}},
            "/files/{rest}": {
              "get": {"operationId": "files:file",
                      "parameters": [{"name": "rest", "in": "path", "required": true, "schema": {"type": "string"}}],
                      "responses": {"200": {"description": "Successful response"}}}},
            "/files/by-id/{key}/{ratio}": {
              "get": {"parameters": [{"name": "key", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                                     {"name": "ratio", "in": "path", "required": true, "schema": {"type": "number"}}],
                      "responses": {"200": {"description": "Successful response"}}}}
          }})");
        if (doc != expected) qWarning("%s", json::serialize(doc).c_str());
        QVERIFY(doc == expected);
        // HEAD is never an operation; routes without methods (raw apps) are not either.
        QCOMPARE(schemas.get_endpoints(app.routes()).size(), std::size_t(5));
    }
};

QTEST_APPLESS_MAIN(TestAppExtras)
#include "test_app_extras.moc"
