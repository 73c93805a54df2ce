// explain_match() against the Router itself: every explanation here is checked against the
// same request sent through the TestClient (status, Allow, Location, the route name and
// parameters the endpoint saw), on a hand-made app with mounts, a host and convertors, and on
// the demo app. Plus CompiledPath::explain() and make_scope().
#include <asgiscope/inspect/explain.hpp>

#include <QtTest/QtTest>

#include "demo_app.hpp"
#include "inspect_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using asgiscope::inspect::MatchExplanation;
using asgiscope::inspect::MatchRequest;
using asgiscope::inspect::Outcome;
namespace json = boost::json;

namespace {

const char* uuid_text = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

void fail(const QByteArray& message) {
    QTest::qFail(message.constData(), __FILE__, __LINE__);
}

/// The explanation of `method url`, after checking that the app really does what it says.
MatchExplanation agree(const Starlette& app, const std::string& method, const std::string& url,
                       asgi::Headers headers = {}, std::string root_path = {},
                       bool check_endpoint_body = true) {
    MatchRequest request;
    request.method = method;
    request.url = "http://testserver" + url;
    request.headers = headers;
    request.root_path = root_path;
    MatchExplanation e = inspect::explain_match(app, request);

    TestClientOptions options;
    options.raise_server_exceptions = false;
    options.follow_redirects = false;
    options.root_path = root_path;
    TestClient client(app, options);
    const QByteArray what = QByteArray::fromStdString(e.summary);
    if (method == "WS") {
        WebSocketConnectOptions ws;
        ws.headers = headers;
        try {
            WebSocketTestSession session = client.websocket_connect(url, ws);
            if (e.outcome != Outcome::Endpoint) fail(what + ": the app accepted the websocket");
            if (check_endpoint_body) {
                const std::string name = session.receive_text();
                if (name != e.route_name)
                    fail(what + ": endpoint saw " + QByteArray::fromStdString(name));
            }
        } catch (const WebSocketDisconnect& closed) {
            if (e.outcome != Outcome::WebSocketClose || closed.code != 1000)
                fail(what + ": the app closed the websocket");
        }
        return e;
    }
    if (method == "HEAD") check_endpoint_body = false;  // no body to compare
    RequestOptions ro;
    ro.headers = headers;
    const TestResponse r = client.request(method, url, ro);
    const QByteArray got = what + " but the app answered " + QByteArray::number(r.status_code) +
                           " " + QByteArray::fromStdString(r.content.substr(0, 200));
    switch (e.outcome) {
        case Outcome::NotFound:
            if (r.status_code != 404 || e.status_code != 404) fail(got);
            break;
        case Outcome::MethodNotAllowed:
            if (r.status_code != 405 || r.headers.get("allow").value_or("") != e.allow) fail(got);
            break;
        case Outcome::Redirect:
            if (r.status_code != 307 || r.headers.get("location").value_or("") != e.location)
                fail(got);
            break;
        case Outcome::Endpoint: {
            if (r.status_code != 200) fail(got);
            if (!check_endpoint_body) break;
            const json::object expected{{"route_name", e.route_name},
                                        {"params", testing::params_json(e.path_params)}};
            if (r.json() != json::value(expected)) fail(got);
            break;
        }
        case Outcome::MountedApp:
            if (r.status_code != 200 ||
                (check_endpoint_body && r.content != "app saw " + e.mounted_path))
                fail(got);
            break;
        default:
            fail(what + ": unexpected outcome");
    }
    return e;
}

const inspect::RouteVerdict& verdict(const MatchExplanation& e, const std::string& pattern) {
    for (const auto& v : e.router.routes)
        if (v.pattern == pattern) return v;
    throw std::runtime_error("no verdict for " + pattern);
}

}  // namespace

class TestExplainMatch : public QObject {
    Q_OBJECT
private slots:
    void compiledPathExplainsFailures() {
        COMPARE_STR(CompiledPath("/users/{id:int}").explain("/users/42"), "");
        COMPARE_STR(CompiledPath("/users/{id:int}").explain("/users/abc"),
                    "convertor int rejected 'abc' for {id}");
        COMPARE_STR(CompiledPath("/users/{id:int}").explain("/items/1"),
                    "expected '/users/', found '/items/'");
        COMPARE_STR(CompiledPath("/users/{id:int}").explain("/users/1/x"),
                    "'/x' left over after {id} (int stops at '/')");
        COMPARE_STR(CompiledPath("/users").explain("/users/"), "'/' left over after the pattern");
        COMPARE_STR(CompiledPath("/users/{name}").explain("/users/"), "nothing for {name}");
        COMPARE_STR(CompiledPath("/a/{x:int}/b").explain("/a/12"), "expected '/b' after {x}");
        COMPARE_STR(CompiledPath("/v{n:int}/x").explain("/vq/x"),
                    "convertor int rejected 'q' for {n}");
        COMPARE_STR(CompiledPath("/p").explain(""), "expected '/p', found the end");
        // explain() and match() agree on every text.
        const CompiledPath path("/f/{a:float}-{b}/{rest:path}");
        for (const char* text : {"/f/1.5-x/y/z", "/f/x-1/y", "/f/1.5-/y", "/f/1.5-x", "/f/2-x/"})
            QCOMPARE(path.explain(text).empty(), path.match(text).has_value());
    }

    void makeScopeIsWhatTheServerBuilds() {
        MatchRequest r;
        r.method = "post";
        r.url = "http://example.org:8080/users/%34%32/caf%C3%A9?x=1&y=%20#frag";
        const asgi::Scope s = inspect::make_scope(r);
        COMPARE_STR(s.type, "http");
        COMPARE_STR(s.method, "POST");
        COMPARE_STR(s.path, "/users/42/café");
        COMPARE_STR(s.raw_path, "/users/%34%32/caf%C3%A9");
        COMPARE_STR(s.query_string, "x=1&y=%20");
        QCOMPARE(s.headers.size(), std::size_t(1));
        COMPARE_STR(s.headers[0].second, "example.org:8080");
        QCOMPARE(int(s.server->port), 8080);

        MatchRequest ws;
        ws.method = "WS";
        ws.url = "/chat";
        ws.headers = {{"Host", "a.example.org"}};
        ws.root_path = "/prefix";
        const asgi::Scope w = inspect::make_scope(ws);
        COMPARE_STR(w.type, "websocket");
        COMPARE_STR(w.method, "");
        COMPARE_STR(w.path, "/prefix/chat");
        COMPARE_STR(w.root_path, "/prefix");
        COMPARE_STR(w.headers[0].first, "host");
        COMPARE_STR(w.headers[0].second, "a.example.org");
        MatchRequest wss;
        wss.url = "wss://h/x";
        COMPARE_STR(inspect::make_scope(wss).type, "websocket");
        COMPARE_STR(inspect::make_scope(wss).scheme, "wss");
    }

    void badRequestsAreClearErrors_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("root_path");
        QTest::addColumn<QString>("message");
        QTest::newRow("relative") << "GET"
                                  << "users"
                                  << ""
                                  << "must start with '/'";
        QTest::newRow("empty") << "GET"
                               << ""
                               << ""
                               << "empty";
        QTest::newRow("space") << "GET"
                               << "/a b"
                               << ""
                               << "spaces";
        QTest::newRow("method") << "G(T"
                                << "/"
                                << ""
                                << "method must be";
        QTest::newRow("scheme") << "GET"
                                << "ftp://x/y"
                                << ""
                                << "scheme must be";
        QTest::newRow("no host") << "GET"
                                 << "http:///y"
                                 << ""
                                 << "no host";
        QTest::newRow("root path") << "GET"
                                   << "/"
                                   << "api/"
                                   << "root path";
    }
    void badRequestsAreClearErrors() {
        QFETCH(QString, method);
        QFETCH(QString, url);
        QFETCH(QString, root_path);
        QFETCH(QString, message);
        MatchRequest r;
        r.method = method.toStdString();
        r.url = url.toStdString();
        r.root_path = root_path.toStdString();
        try {
            (void)inspect::make_scope(r);
            QFAIL("no error");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void fullMatchWinsAndLaterRoutesAreNotTried() {
        const Starlette app = testing::make_nested_app();
        const MatchExplanation e = agree(app, "GET", "/users/42");
        QCOMPARE(e.outcome, Outcome::Endpoint);
        COMPARE_STR(e.route_name, "user");
        COMPARE_STR(inspect::params_text(e.path_params), "id=42");
        COMPARE_STR(e.route_pattern, "/users/{id:int}");
        const auto& host = verdict(e, "{sub}.example.org");
        QCOMPARE(host.match, Match::None);
        COMPARE_STR(host.reason,
                    "host 'testserver' does not match: expected '.example.org' after {sub}");
        QCOMPARE(verdict(e, "/").match, Match::None);
        COMPARE_STR(verdict(e, "/").reason,
                    "path does not match: 'users/42' left over after the pattern");
        QVERIFY(verdict(e, "/users/{id:int}").chosen);
        QCOMPARE(verdict(e, "/users/{id:int}").match, Match::Full);
        COMPARE_STR(verdict(e, "/users/{id:int}").reason, "path and method match");
        // The router stops at the first FULL match; the others are still judged, marked untried.
        QVERIFY(!verdict(e, "/users/{name}").tried);
        QCOMPARE(verdict(e, "/users/{name}").match, Match::Partial);
        QVERIFY(!verdict(e, "/ws/{room}").tried);
        COMPARE_STR(verdict(e, "/ws/{room}").reason, "not a websocket (http request)");
        QVERIFY(e.summary.find("endpoint 'user' (id=42)") != std::string::npos);
        QVERIFY(!e.notes.empty());  // the user middleware runs first
    }

    void convertorRejectionThenPartialIs405() {
        const Starlette app = testing::make_nested_app();
        const MatchExplanation e = agree(app, "GET", "/users/bob");
        QCOMPARE(e.outcome, Outcome::MethodNotAllowed);
        QCOMPARE(e.status_code, 405);
        COMPARE_STR(e.allow, "POST");
        COMPARE_STR(verdict(e, "/users/{id:int}").reason,
                    "path does not match: convertor int rejected 'bob' for {id}");
        const auto& partial = verdict(e, "/users/{name}");
        QCOMPARE(partial.match, Match::Partial);
        QVERIFY(partial.chosen);
        QVERIFY(partial.tried);
        COMPARE_STR(partial.reason, "path matched but method GET not in POST");
        COMPARE_STR(inspect::params_text(partial.params), "name='bob'");
        const MatchExplanation post = agree(app, "POST", "/users/bob");
        QCOMPARE(post.outcome, Outcome::Endpoint);
        COMPARE_STR(post.route_name, "user_by_name");
        // HEAD comes with GET.
        QCOMPARE(agree(app, "HEAD", "/users/7").outcome, Outcome::Endpoint);
        QCOMPARE(agree(app, "PUT", "/users/7").outcome, Outcome::MethodNotAllowed);
    }

    void notFoundAndRedirectSlashes() {
        const Starlette app = testing::make_nested_app();
        const MatchExplanation missing = agree(app, "GET", "/nothing");
        QCOMPARE(missing.outcome, Outcome::NotFound);
        QVERIFY(missing.router.redirect_slashes.find("either") != std::string::npos);
        for (const auto& v : missing.router.routes) QCOMPARE(v.match, Match::None);

        const MatchExplanation redirect = agree(app, "GET", "/items?page=2");
        QCOMPARE(redirect.outcome, Outcome::Redirect);
        COMPARE_STR(redirect.location, "http://testserver/items/?page=2");
        QVERIFY(redirect.router.redirect_slashes.find("307") != std::string::npos);
        // The other way round: "/users/42/" is redirected to "/users/42".
        QCOMPARE(agree(app, "GET", "/users/42/").outcome, Outcome::Redirect);
        // A trailing-slash redirect is for http only.
        QCOMPARE(agree(app, "WS", "/items").outcome, Outcome::WebSocketClose);
        // Percent-escapes are decoded before matching.
        const MatchExplanation escaped = agree(app, "GET", "/users/%34%32");
        COMPARE_STR(inspect::params_text(escaped.path_params), "id=42");
        QCOMPARE(agree(app, "GET", "/price/9.5").outcome, Outcome::Endpoint);
        QCOMPARE(agree(app, "GET", "/files/a/b/c.txt").outcome, Outcome::Endpoint);
    }

    void nestedMounts() {
        const Starlette app = testing::make_nested_app();
        const std::string thing = std::string("/api/v3/things/") + uuid_text;
        const MatchExplanation e = agree(app, "GET", thing);
        QCOMPARE(e.outcome, Outcome::Endpoint);
        COMPARE_STR(e.route_name, "api:thing");
        COMPARE_STR(e.route_pattern, "/api/v{version:int}/things/{id:uuid}");
        const auto& mount = verdict(e, "/api");
        QVERIFY(mount.chosen);
        QCOMPARE(mount.inner.size(), std::size_t(1));
        COMPARE_STR(mount.inner[0].root_path, "/api");
        COMPARE_STR(mount.inner[0].path, thing.substr(4));

        const MatchExplanation bad = agree(app, "GET", "/api/v3/things/not-a-uuid");
        QCOMPARE(bad.outcome, Outcome::NotFound);
        COMPARE_STR(verdict(bad, "/api").inner[0].routes[0].reason,
                    "path does not match: convertor uuid rejected 'not-a-uuid' for {id}");

        const MatchExplanation stats = agree(app, "DELETE", "/api/admin/stats");
        COMPARE_STR(stats.route_name, "api:admin:stats");
        QCOMPARE(verdict(stats, "/api").inner[0].routes[1].inner.size(), std::size_t(1));
        const MatchExplanation not_allowed = agree(app, "POST", "/api/admin/stats");
        COMPARE_STR(not_allowed.allow, "GET, DELETE, HEAD");
        // The innermost router redirects, to the full URL.
        const MatchExplanation slash = agree(app, "GET", "/api/admin/stats/");
        QCOMPARE(slash.outcome, Outcome::Redirect);
        COMPARE_STR(slash.location, "http://testserver/api/admin/stats");
        // An app mounted without routes gets the rest of the path.
        const MatchExplanation raw = agree(app, "GET", "/raw/some/file.txt");
        QCOMPARE(raw.outcome, Outcome::MountedApp);
        COMPARE_STR(raw.mounted_path, "/some/file.txt");
        // root_path: the server's prefix is part of the path and skipped by the routes.
        const MatchExplanation rooted = agree(app, "GET", "/api/admin/stats", {}, "/prefix");
        COMPARE_STR(rooted.path, "/prefix/api/admin/stats");
        COMPARE_STR(rooted.route_name, "api:admin:stats");
    }

    void hosts() {
        const Starlette app = testing::make_nested_app();
        const MatchExplanation e = agree(app, "GET", "/", {{"host", "shop.example.org:8000"}});
        QCOMPARE(e.outcome, Outcome::Endpoint);
        COMPARE_STR(e.route_name, "sub:home");
        COMPARE_STR(inspect::params_text(e.path_params), "sub='shop'");
        COMPARE_STR(verdict(e, "{sub}.example.org").reason, "host 'shop.example.org' matched");
        // The host takes every path for its host name: its own router answers 404.
        const MatchExplanation shadowed =
            agree(app, "GET", "/users/1", {{"host", "shop.example.org"}});
        QCOMPARE(shadowed.outcome, Outcome::NotFound);
        QVERIFY(verdict(shadowed, "{sub}.example.org").chosen);
        QVERIFY(!verdict(shadowed, "/users/{id:int}").tried);
    }

    void websockets() {
        const Starlette app = testing::make_nested_app();
        const MatchExplanation e = agree(app, "WS", "/ws/lobby");
        QCOMPARE(e.outcome, Outcome::Endpoint);
        COMPARE_STR(e.type, "websocket");
        COMPARE_STR(e.route_name, "ws");
        COMPARE_STR(verdict(e, "/users/{id:int}").reason, "not an http request (websocket)");
        const MatchExplanation none = agree(app, "WS", "/nope");
        QCOMPARE(none.outcome, Outcome::WebSocketClose);
        QVERIFY(none.summary.find("websocket close") != std::string::npos);
        // An HTTP request to a websocket path is not found.
        QCOMPARE(agree(app, "GET", "/ws/lobby").outcome, Outcome::NotFound);
    }

    void routerWithoutApplication() {
        Router router(RouterOptions{.routes = {Route("/a/", testing::report, {.name = "a"})},
                                    .redirect_slashes = false});
        MatchRequest r;
        r.url = "/a";
        const MatchExplanation e = inspect::explain_match(router, r);
        QCOMPARE(e.outcome, Outcome::NotFound);
        COMPARE_STR(e.router.redirect_slashes, "redirect_slashes is off");
        QVERIFY(e.notes.empty());
        TestClient client(asgi::App(router), {.follow_redirects = false});
        QCOMPARE(client.get("/a").status_code, 404);

        Router with_default(RouterOptions{.routes = {}, .default_ = testing::path_app()});
        QCOMPARE(inspect::explain_match(with_default, r).outcome, Outcome::DefaultApp);
        TestClient default_client{asgi::App(with_default)};
        COMPARE_STR(default_client.get("/a").text(), "app saw /a");
    }

    void jsonForm() {
        const Starlette app = testing::make_nested_app();
        MatchRequest r;
        r.method = "GET";
        r.url = "/users/bob";
        const json::object o = inspect::to_json(inspect::explain_match(app, r));
        QVERIFY(o == inspect::to_json(inspect::explain_match(app, "GET", "/users/bob")));
        COMPARE_STR(o.at("outcome").at("kind").as_string(), "405");
        COMPARE_STR(o.at("outcome").at("allow").as_string(), "POST");
        COMPARE_STR(o.at("scope").at("path").as_string(), "/users/bob");
        const auto& routes = o.at("router").at("routes").as_array();
        QCOMPARE(routes.size(), app.routes().size());
        COMPARE_STR(routes[3].at("match").as_string(), "PARTIAL");
        QVERIFY(routes[3].at("chosen").as_bool());
        COMPARE_STR(routes[3].at("params").at("name").as_string(), "bob");
    }

    void demoAppAgrees_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("outcome");
        QTest::newRow("plaintext") << "GET"
                                   << "/plaintext" << int(Outcome::Endpoint);
        QTest::newRow("user") << "GET"
                              << "/users/7" << int(Outcome::Endpoint);
        QTest::newRow("user not int") << "GET"
                                      << "/users/abc" << int(Outcome::NotFound);
        QTest::newRow("post plaintext") << "POST"
                                        << "/plaintext" << int(Outcome::MethodNotAllowed);
        QTest::newRow("slash") << "GET"
                               << "/plaintext/" << int(Outcome::Redirect);
        QTest::newRow("echo post") << "POST"
                                   << "/echo" << int(Outcome::Endpoint);
        QTest::newRow("todos") << "GET"
                               << "/api/todos" << int(Outcome::Endpoint);
        QTest::newRow("todos patch") << "PATCH"
                                     << "/api/todos" << int(Outcome::MethodNotAllowed);
        QTest::newRow("todos slash") << "GET"
                                     << "/api/todos/" << int(Outcome::Redirect);
        QTest::newRow("static") << "GET"
                                << "/static/style.css" << int(Outcome::MountedApp);
        QTest::newRow("nothing") << "GET"
                                 << "/nothing/here" << int(Outcome::NotFound);
        QTest::newRow("ws echo") << "WS"
                                 << "/ws/echo" << int(Outcome::Endpoint);
        QTest::newRow("ws none") << "WS"
                                 << "/ws/none" << int(Outcome::WebSocketClose);
    }
    void demoAppAgrees() {
        QFETCH(QString, method);
        QFETCH(QString, url);
        QFETCH(int, outcome);
        const Starlette app = demo::make_demo_application({.secret_key = "test-secret"});
        const MatchExplanation e =
            agree(app, method.toStdString(), url.toStdString(), {}, {}, false);
        QCOMPARE(int(e.outcome), outcome);
    }
};

QTEST_GUILESS_MAIN(TestExplainMatch)
#include "test_explain_match.moc"
