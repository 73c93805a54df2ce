// describe(): the middleware stack as the application builds it, each layer's options (the
// describe_options hook, secrets hidden) and exception handlers, and the route tree.
#include <asgiscope/inspect/describe.hpp>

#include <stdexcept>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include "demo_app.hpp"
#include "inspect_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace custom {

// A user middleware whose options describe themselves: found by ADL in this namespace.
struct StampOptions {
    std::string value = "x";
    std::string token{};
};
json::object describe_options(const StampOptions& o) {
    return {{"value", o.value}, {"token", "<hidden>"}};
}

class StampMiddleware {
public:
    using Options = StampOptions;
    StampMiddleware(asgi::App app, Options options)
        : app_(std::move(app)), options_(std::move(options)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        return app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
    Options options_;
};

// One that cannot describe its options.
struct QuietOptions {
    int level = 1;
};
class QuietMiddleware {
public:
    using Options = QuietOptions;
    QuietMiddleware(asgi::App app, Options) : app_(std::move(app)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        return app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
};

// A BaseHTTPMiddleware subclass: described as its base is.
class TimingMiddleware : public BaseHTTPMiddleware {
public:
    using BaseHTTPMiddleware::BaseHTTPMiddleware;
    awaitable<Response> dispatch(Request& request, CallNext call_next) const override {
        co_return co_await call_next(request);
    }
};

class NobodyBackend : public AuthenticationBackend {
public:
    awaitable<AuthResult> authenticate(HTTPConnection&) override { co_return std::nullopt; }
};

awaitable<Response> handled(Request&, const std::exception&) {
    co_return PlainTextResponse("handled");
}
awaitable<Response> handled_type(Request&, const std::invalid_argument&) {
    co_return PlainTextResponse("bad");
}

}  // namespace custom

namespace {

const inspect::MiddlewareLayer& layer(const inspect::AppDescription& d, const std::string& name) {
    for (const auto& m : d.middleware)
        if (m.name == name) return m;
    throw std::runtime_error("no layer " + name);
}

const inspect::RouteInfo& route(const inspect::AppDescription& d,
                                const std::string& qualified_name) {
    for (const auto& [depth, r] : inspect::flatten(d.routes))
        if (r->qualified_name == qualified_name) return *r;
    throw std::runtime_error("no route " + qualified_name);
}

std::vector<std::string> names(const inspect::AppDescription& d) {
    std::vector<std::string> out;
    for (const auto& m : d.middleware) out.push_back(m.name);
    return out;
}

}  // namespace

class TestDescribe : public QObject {
    Q_OBJECT
private slots:
    void demoMiddlewareStack() {
        const Starlette app = demo::make_demo_application({.secret_key = "very-secret-key"});
        const inspect::AppDescription d = inspect::describe(app);
        const std::vector<std::string> expected{"ServerErrorMiddleware", "CORSMiddleware",
                                                "GZipMiddleware",        "SessionMiddleware",
                                                "ExceptionMiddleware",   "Router"};
        QCOMPARE(names(d), expected);
        QVERIFY(!d.middleware.front().user);
        QVERIFY(d.middleware[1].user);
        QVERIFY(!d.middleware.back().user);

        const json::object& cors = *layer(d, "CORSMiddleware").options;
        QCOMPARE(cors.at("allow_origins"), json::value(json::array{"*"}));
        QCOMPARE(cors.at("allow_methods"), json::value(json::array{"GET"}));
        QCOMPARE(cors.at("max_age").to_number<int>(), 600);
        QCOMPARE(layer(d, "GZipMiddleware").options->at("minimum_size").to_number<int>(), 500);
        const json::object& session = *layer(d, "SessionMiddleware").options;
        COMPARE_STR(session.at("secret_key").as_string(), "<hidden>");
        COMPARE_STR(session.at("same_site").as_string(), "lax");
        // The secret appears nowhere in the description.
        const std::string text = json::serialize(inspect::to_json(d));
        QVERIFY(text.find("very-secret-key") == std::string::npos);

        QCOMPARE(layer(d, "ServerErrorMiddleware").options->at("debug").as_bool(), false);
        QVERIFY(layer(d, "ServerErrorMiddleware").exception_handlers.empty());
        const std::vector<std::string> builtin{"HTTPException (default)",
                                               "WebSocketException (default)"};
        QCOMPARE(layer(d, "ExceptionMiddleware").exception_handlers, builtin);
        QCOMPARE(layer(d, "Router").options->at("redirect_slashes").as_bool(), true);

        const json::object o = inspect::to_json(d);
        QCOMPARE(o.at("middleware").as_array().size(), std::size_t(6));
        QCOMPARE(o.at("routes").as_array().size(), app.routes().size());
    }

    void exceptionHandlersGoToTheirLayers() {
        Starlette app(
            {.exception_handlers = {
                 ExceptionHandler(404, custom::handled), ExceptionHandler(500, custom::handled),
                 ExceptionHandler::of<std::invalid_argument>(custom::handled_type)}});
        app.add_exception_handler(ExceptionHandler::of<HTTPException>(
            [](Request&, const HTTPException&) -> awaitable<Response> {
                co_return PlainTextResponse("mine");
            }));
        const inspect::AppDescription d = inspect::describe(app);
        QCOMPARE(layer(d, "ServerErrorMiddleware").exception_handlers,
                 std::vector<std::string>{"500"});
        const std::vector<std::string> expected{"404", "invalid_argument", "HTTPException",
                                                "WebSocketException (default)"};
        QCOMPARE(layer(d, "ExceptionMiddleware").exception_handlers, expected);
        COMPARE_STR(layer(d, "ServerErrorMiddleware").options->at("handler").as_string(), "500");
    }

    void everyBuiltInMiddlewareDescribesItsOptions() {
        auto backend = std::make_shared<custom::NobodyBackend>();
        const Starlette app({
            .debug = true,
            .middleware = {Middleware::of<TrustedHostMiddleware>(
                               {.allowed_hosts = {"example.org", "*.example.org"}}),
                           Middleware::of<HTTPSRedirectMiddleware>(),
                           Middleware::of<AuthenticationMiddleware>({.backend = backend}),
                           Middleware::of<BaseHTTPMiddleware>(DispatchFunction(
                               [](Request& request, CallNext next) -> awaitable<Response> {
                                   co_return co_await next(request);
                               })),
                           Middleware::of<custom::TimingMiddleware>(),
                           Middleware::of<custom::StampMiddleware>(
                               {.value = "v1", .token = "t0ps3cret"}),
                           Middleware::of<custom::QuietMiddleware>({.level = 3})},
        });
        const inspect::AppDescription d = inspect::describe(app);
        QVERIFY(d.debug);
        QCOMPARE(layer(d, "ServerErrorMiddleware").options->at("debug").as_bool(), true);
        const json::object& trusted = *layer(d, "TrustedHostMiddleware").options;
        QCOMPARE(trusted.at("allowed_hosts"),
                 json::value(json::array{"example.org", "*.example.org"}));
        QCOMPARE(trusted.at("www_redirect").as_bool(), true);
        QVERIFY(layer(d, "HTTPSRedirectMiddleware").options->empty());
        const json::object& auth = *layer(d, "AuthenticationMiddleware").options;
        COMPARE_STR(auth.at("backend").as_string(), "NobodyBackend");
        COMPARE_STR(auth.at("on_error").as_string(), "default_on_error");
        COMPARE_STR(layer(d, "BaseHTTPMiddleware").options->at("dispatch").as_string(),
                    "<function>");
        COMPARE_STR(layer(d, "TimingMiddleware").options->at("dispatch").as_string(), "<function>");
        COMPARE_STR(layer(d, "StampMiddleware").options->at("value").as_string(), "v1");
        QVERIFY(json::serialize(inspect::to_json(d)).find("t0ps3cret") == std::string::npos);
        QVERIFY(!layer(d, "QuietMiddleware").options);
        QVERIFY(inspect::to_json(layer(d, "QuietMiddleware")).at("options").is_null());
        // The stack the description shows is the one the application runs.
        QCOMPARE(layer(d, "ServerErrorMiddleware").options->at("layers").as_array().size(),
                 d.middleware.size());
    }

    void routeTree() {
        const Starlette app = testing::make_nested_app();
        const inspect::AppDescription d = inspect::describe(app);
        QCOMPARE(d.routes.size(), app.routes().size());

        const inspect::RouteInfo& user = route(d, "user");
        QCOMPARE(user.kind, inspect::RouteKind::Route);
        COMPARE_STR(user.pattern, "/users/{id:int}");
        COMPARE_STR(user.path_format, "/users/{id}");
        COMPARE_STR(user.regex, "^/users/(?P<id>[0-9]+)$");
        QCOMPARE(user.methods, (std::vector<std::string>{"GET", "HEAD"}));
        QCOMPARE(user.params.size(), std::size_t(1));
        COMPARE_STR(user.params[0].convertor, "int");
        COMPARE_STR(user.endpoint, "endpoint");
        QVERIFY(!route(d, "price").include_in_schema);

        const inspect::RouteInfo& api = route(d, "api");
        QCOMPARE(api.kind, inspect::RouteKind::Mount);
        COMPARE_STR(api.endpoint, "router");
        QCOMPARE(api.children.size(), std::size_t(2));
        QVERIFY(api.params.empty());
        const inspect::RouteInfo& thing = route(d, "api:thing");
        COMPARE_STR(thing.full_path, "/api/v{version:int}/things/{id:uuid}");
        COMPARE_STR(thing.params[0].name, "version");
        COMPARE_STR(thing.params[1].convertor, "uuid");
        const inspect::RouteInfo& stats = route(d, "api:admin:stats");
        COMPARE_STR(stats.full_path, "/api/admin/stats");
        QCOMPARE(stats.methods, (std::vector<std::string>{"GET", "DELETE", "HEAD"}));

        const inspect::RouteInfo& sub = route(d, "sub");
        QCOMPARE(sub.kind, inspect::RouteKind::Host);
        COMPARE_STR(sub.pattern, "{sub}.example.org");
        COMPARE_STR(sub.params[0].name, "sub");
        COMPARE_STR(route(d, "sub:home").full_path, "/");
        COMPARE_STR(route(d, "raw").endpoint, "asgi app");
        const inspect::RouteInfo& ws = route(d, "ws");
        QCOMPARE(ws.kind, inspect::RouteKind::WebSocketRoute);
        COMPARE_STR(ws.endpoint, "websocket endpoint");

        // Depth-first, children after their parent.
        const auto flat = inspect::flatten(d.routes);
        QCOMPARE(flat.size(), app.routes().size() + 1 + 2 + 1);
        QCOMPARE(flat[1].first, 1);
        COMPARE_STR(flat[1].second->qualified_name, "sub:home");

        const json::object o = inspect::to_json(api);
        COMPARE_STR(o.at("kind").as_string(), "Mount");
        COMPARE_STR(o.at("children")
                        .as_array()[1]
                        .at("children")
                        .as_array()[0]
                        .at("qualified_name")
                        .as_string(),
                    "api:admin:stats");
    }

    void demoRoutes() {
        const inspect::AppDescription d =
            inspect::describe(demo::make_demo_application({.secret_key = "k"}));
        COMPARE_STR(route(d, "static").endpoint, "StaticFiles");
        COMPARE_STR(route(d, "api:todo").full_path, "/api/todos/{id:int}");
        COMPARE_STR(route(d, "api:todo").endpoint, "asgi app");
        QVERIFY(!route(d, "index").include_in_schema);
        COMPARE_STR(route(d, "ws_echo").full_path, "/ws/echo");
    }

    void routeMiddlewareIsListed() {
        const Starlette app(
            {.routes = {Route("/a", testing::report,
                              {.name = "a", .middleware = {Middleware::of<GZipMiddleware>()}})}});
        const inspect::AppDescription d = inspect::describe(app);
        QCOMPARE(route(d, "a").middleware, std::vector<std::string>{"GZipMiddleware"});
    }
};

QTEST_GUILESS_MAIN(TestDescribe)
#include "test_describe.moc"
