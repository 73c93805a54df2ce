// AuthenticationMiddleware and requires_() against Starlette's tests/test_authentication.py:
// the user interface, scopes required (403), the redirect with ?next=, AuthenticationError
// answered by the default and a custom on_error, WebSocket handling, and request.auth()/user()
// without the middleware.
#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web.hpp>

#include <boost/json.hpp>

#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

// Starlette's BasicAuth test backend: "Authorization: Basic base64(user:password)".
class BasicAuth : public AuthenticationBackend {
public:
    awaitable<AuthResult> authenticate(HTTPConnection& conn) override {
        const auto header = conn.headers().get("authorization");
        if (!header) co_return std::nullopt;
        const std::string_view auth = *header;
        const auto space = auth.find(' ');
        std::optional<std::string> decoded;
        if (space != std::string_view::npos) decoded = asgi::base64_decode(auth.substr(space + 1));
        if (!decoded) throw AuthenticationError("Invalid basic auth credentials");
        const std::string username = decoded->substr(0, decoded->find(':'));
        std::vector<std::string> scopes{"authenticated"};
        if (username == "admin") scopes.emplace_back("admin");
        AuthCredentials credentials(scopes);
        std::shared_ptr<BaseUser> user = std::make_shared<SimpleUser>(username);
        co_return std::make_pair(std::move(credentials), std::move(user));
    }
};

json::object describe_user(const Request& request) {
    json::object o;
    o["authenticated"] = request.user().is_authenticated();
    o["user"] = request.user().display_name();
    return o;
}

awaitable<Response> homepage(Request& request) { co_return JSONResponse(describe_user(request)); }

awaitable<Response> scopes_endpoint(Request& request) {
    json::array scopes;
    for (const std::string& s : request.auth().scopes) scopes.emplace_back(s);
    co_return JSONResponse(scopes);
}

Starlette make_app() {
    AuthenticationMiddleware::Options options;
    options.backend = std::make_shared<BasicAuth>();
    return Starlette(
        {.routes = {Route("/", homepage, {.name = "homepage"}),
                    Route("/dashboard", requires_({"authenticated"}, homepage)),
                    Route("/admin", requires_({"authenticated"}, homepage, {.redirect = "homepage"})),
                    Route("/superuser", requires_({"authenticated", "admin"}, homepage)),
                    Route("/hidden", requires_({"admin"}, homepage, {.status_code = 404})),
                    Route("/scopes", scopes_endpoint)},
         .middleware = {Middleware::of<AuthenticationMiddleware>(std::move(options))}});
}

RequestOptions basic_auth(std::string_view user, std::string_view password) {
    RequestOptions o;
    o.headers.emplace_back("authorization", "Basic " + asgi::base64_encode(std::string(user) + ":" + std::string(password)));
    return o;
}

RequestOptions authorization(std::string value) {
    RequestOptions o;
    o.headers.emplace_back("authorization", std::move(value));
    return o;
}

std::string body_of(const TestResponse& r) { return json::serialize(r.json()); }

}  // namespace

class TestAuthentication : public QObject {
    Q_OBJECT

private slots:
    void userInterface() {
        Starlette app = make_app();
        TestClient client(app);
        TestResponse r = client.get("/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(body_of(r), R"({"authenticated":false,"user":""})");
        r = client.get("/", basic_auth("tomchristie", "example"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(body_of(r), R"({"authenticated":true,"user":"tomchristie"})");
        COMPARE_STR(body_of(client.get("/scopes")), "[]");
        COMPARE_STR(body_of(client.get("/scopes", basic_auth("admin", "x"))), R"(["admin","authenticated"])");
    }

    void authenticationRequired() {
        Starlette app = make_app();
        TestClient client(app);
        QCOMPARE(client.get("/dashboard").status_code, 403);
        TestResponse r = client.get("/dashboard", basic_auth("tomchristie", "example"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(body_of(r), R"({"authenticated":true,"user":"tomchristie"})");

        // Every scope is needed.
        QCOMPARE(client.get("/superuser", basic_auth("tomchristie", "example")).status_code, 403);
        QCOMPARE(client.get("/superuser", basic_auth("admin", "example")).status_code, 200);
        // Another status code.
        QCOMPARE(client.get("/hidden", basic_auth("tomchristie", "example")).status_code, 404);

        // Bad credentials: the default on_error, 400 with the message.
        r = client.get("/dashboard", authorization("basic foobar"));
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Invalid basic auth credentials");
        COMPARE_STR(r.headers["content-type"], "text/plain; charset=utf-8");
    }

    void authenticationRedirect() {
        Starlette app = make_app();
        TestClient client(app);
        TestResponse r = client.get("/admin");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.url.str(), "http://testserver/?next=http%3A%2F%2Ftestserver%2Fadmin");
        COMPARE_STR(body_of(r), R"({"authenticated":false,"user":""})");

        TestClient no_follow(app, {.follow_redirects = false});
        r = no_follow.get("/admin?x=1&y=2");
        QCOMPARE(r.status_code, 303);
        COMPARE_STR(r.headers["location"], "http://testserver/?next=http%3A%2F%2Ftestserver%2Fadmin%3Fx%3D1%26y%3D2");

        r = client.get("/admin", basic_auth("tomchristie", "example"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(body_of(r), R"({"authenticated":true,"user":"tomchristie"})");
    }

    void customOnError() {
        AuthenticationMiddleware::Options options;
        options.backend = std::make_shared<BasicAuth>();
        options.on_error = [](HTTPConnection&, const AuthenticationError& error) -> Response {
            json::object o;
            o["error"] = error.what();
            return JSONResponse(o, 401);
        };
        Starlette app({.routes = {Route("/control-panel", requires_({"authenticated"}, homepage))},
                       .middleware = {Middleware::of<AuthenticationMiddleware>(std::move(options))}});
        TestClient client(app);
        TestResponse r = client.get("/control-panel", basic_auth("tomchristie", "example"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(body_of(r), R"({"authenticated":true,"user":"tomchristie"})");
        r = client.get("/control-panel", authorization("basic foobar"));
        QCOMPARE(r.status_code, 401);
        COMPARE_STR(body_of(r), R"({"error":"Invalid basic auth credentials"})");
    }

    void withoutTheMiddleware() {
        Starlette app({.routes = {Route("/user", homepage), Route("/auth", scopes_endpoint),
                                  Route("/guarded", requires_({"authenticated"}, homepage))}});
        TestClient client(app);
        const std::pair<const char*, const char*> cases[] = {
            {"/user", "AuthenticationMiddleware must be installed to access request.user"},
            {"/auth", "AuthenticationMiddleware must be installed to access request.auth"},
            {"/guarded", "AuthenticationMiddleware must be installed to access request.auth"},
        };
        for (const auto& [path, message] : cases) {
            try {
                client.get(path);
                QFAIL("no exception");
            } catch (const std::runtime_error& e) {
                COMPARE_STR(e.what(), message);
            }
        }
        const asgi::App inner = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AuthenticationMiddleware(inner, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, requires_({"a"}, Endpoint()));
    }

    void redirectNeedsARouter() {
        // url_for() outside a router is an error (Starlette's RuntimeError).
        asgi::Scope scope;
        scope.type = "http";
        scope.path = "/";
        scope.auth = AuthCredentials();
        Request request(scope);
        QVERIFY(!has_required_scope(request, {"authenticated"}));
        QVERIFY(has_required_scope(request, {}));
        try {
            (void)request.url_for("homepage");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            QVERIFY(std::string_view(e.what()).find("url_for") != std::string_view::npos);
        }
    }

    void urlFor() {
        // request.url_for() from the router that routed the request, inside a Mount too, and
        // from middleware before any routing (the application's router).
        const Endpoint links = [](Request& request) -> awaitable<Response> {
            asgi::PathParams params;
            params.emplace("id", std::int64_t(7));
            co_return PlainTextResponse(request.url_for("user", params).str() + " " +
                                        request.url_for("api:status").str());
        };
        const Endpoint status = [](Request&) -> awaitable<Response> { co_return PlainTextResponse("ok"); };
        const DispatchFunction early = [](Request& request, CallNext call_next) -> awaitable<Response> {
            const std::string home = request.url_for("homepage").str();
            Response response = co_await call_next(request);
            response.headers().set("x-home", home);
            co_return response;
        };
        Starlette app({.routes = {Route("/", homepage, {.name = "homepage"}), Route("/users/{id:int}", homepage, {.name = "user"}),
                                  Mount("/api", Routes{Route("/status", status, {.name = "status"}),
                                                       Route("/links", links)},
                                        {.name = "api"})},
                       .middleware = {Middleware::of<BaseHTTPMiddleware>(early)}});
        TestClient client(app, {.base_url = "https://example.org"});
        const TestResponse r = client.get("/api/links");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "https://example.org/users/7 https://example.org/api/status");
        COMPARE_STR(r.headers["x-home"], "https://example.org/");
    }

    void websocketConnections() {
        std::string seen;
        const asgi::App inner = [&seen](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> awaitable<void> {
            const HTTPConnection conn(scope);
            seen = conn.user().display_name() + (has_required_scope(conn, {"authenticated"}) ? " ok" : " no");
            asgi::WebSocketAccept accept(std::nullopt);
            co_await send(std::move(accept));
        };
        AuthenticationMiddleware::Options options;
        options.backend = std::make_shared<BasicAuth>();
        const AuthenticationMiddleware mw(inner, std::move(options));
        std::vector<asgi::Message> sent;
        asgi::Send send = [&sent](asgi::Message m) -> awaitable<void> {
            sent.push_back(std::move(m));
            co_return;
        };
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::WebSocketConnect(); };
        asgi::Scope scope;
        scope.type = "websocket";
        scope.scheme = "ws";
        scope.path = "/ws";
        scope.headers.emplace_back("authorization", "Basic " + asgi::base64_encode("tomchristie:example"));
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        COMPARE_STR(seen, "tomchristie ok");
        QCOMPARE(sent.size(), std::size_t(1));
        QVERIFY(std::holds_alternative<asgi::WebSocketAccept>(sent.front()));

        // Bad credentials over WebSocket: a close (1000), the app is not called.
        seen.clear();
        sent.clear();
        scope.headers.clear();
        scope.headers.emplace_back("authorization", "basic foobar");
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        QVERIFY(seen.empty());
        QCOMPARE(sent.size(), std::size_t(1));
        const auto* close = std::get_if<asgi::WebSocketClose>(&sent.front());
        QVERIFY(close != nullptr);
        QCOMPARE(close->code, 1000);
    }

    void lifespanPassesThrough() {
        bool reached = false;
        bool has_user = true;
        const asgi::App inner = [&reached, &has_user](asgi::Scope& scope, asgi::Receive, asgi::Send) -> awaitable<void> {
            reached = true;
            has_user = scope.user.has_value();
            co_return;
        };
        AuthenticationMiddleware::Options options;
        options.backend = std::make_shared<BasicAuth>();
        const AuthenticationMiddleware mw(inner, std::move(options));
        asgi::Scope scope;
        scope.type = "lifespan";
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::LifespanStartup(); };
        asgi::Send send = [](asgi::Message) -> awaitable<void> { co_return; };
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        QVERIFY(reached);
        QVERIFY(!has_user);
    }
};

QTEST_APPLESS_MAIN(TestAuthentication)
#include "test_authentication.moc"
