// CORSMiddleware against Starlette's behaviour (its test_cors.py, case by case): simple and
// preflight requests, origins by list, "*" and regex (full match), credentials, expose
// headers, max_age, the Vary header, and no state leaking between requests.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

awaitable<Response> homepage(Request&) { co_return PlainTextResponse("Homepage", 200); }

awaitable<Response> vary_homepage(Request&) {
    asgi::Headers headers;
    headers.emplace_back("vary", "Accept-Encoding");
    co_return PlainTextResponse("Homepage", 200, std::move(headers));
}

Starlette make_app(CORSMiddleware::Options options, bool vary = false) {
    return Starlette({.routes = {Route("/", vary ? Endpoint(vary_homepage) : Endpoint(homepage))},
                      .middleware = {Middleware::of<CORSMiddleware>(std::move(options))}});
}

RequestOptions with(asgi::Headers headers) {
    RequestOptions o;
    o.headers = std::move(headers);
    return o;
}

asgi::Headers preflight(std::string origin, std::string method, std::optional<std::string> headers = {}) {
    asgi::Headers h;
    h.emplace_back("origin", std::move(origin));
    h.emplace_back("access-control-request-method", std::move(method));
    if (headers) h.emplace_back("access-control-request-headers", std::move(*headers));
    return h;
}

asgi::Headers origin(std::string value, std::optional<std::string> cookie = {}) {
    asgi::Headers h;
    h.emplace_back("origin", std::move(value));
    if (cookie) h.emplace_back("cookie", std::move(*cookie));
    return h;
}

constexpr std::string_view acao = "access-control-allow-origin";
constexpr std::string_view acac = "access-control-allow-credentials";
constexpr std::string_view acah = "access-control-allow-headers";
constexpr std::string_view acam = "access-control-allow-methods";
constexpr std::string_view aceh = "access-control-expose-headers";

}  // namespace

class TestCORS : public QObject {
    Q_OBJECT

private slots:
    void allowAll() {
        TestClient client(make_app({.allow_origins = {"*"},
                                    .allow_methods = {"*"},
                                    .allow_headers = {"*"},
                                    .allow_credentials = true,
                                    .expose_headers = {"X-Status"}}));
        // Preflight.
        const TestResponse pre = client.options("/", with(preflight("https://example.org", "GET", "X-Example")));
        QCOMPARE(pre.status_code, 200);
        COMPARE_STR(pre.text(), "OK");
        COMPARE_STR(pre.headers[acao], "https://example.org");
        COMPARE_STR(pre.headers[acah], "X-Example");
        COMPARE_STR(pre.headers[acac], "true");
        COMPARE_STR(pre.headers["vary"], "Origin");
        COMPARE_STR(pre.headers["access-control-max-age"], "600");
        COMPARE_STR(pre.headers[acam], "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        COMPARE_STR(pre.headers["content-type"], "text/plain; charset=utf-8");

        // Standard request.
        const TestResponse simple = client.get("/", with(origin("https://example.org")));
        QCOMPARE(simple.status_code, 200);
        COMPARE_STR(simple.text(), "Homepage");
        COMPARE_STR(simple.headers[acao], "*");
        COMPARE_STR(simple.headers[aceh], "X-Status");
        COMPARE_STR(simple.headers[acac], "true");
        QVERIFY(!simple.headers.contains("vary"));

        // Standard credentialed request.
        const TestResponse cookie = client.get("/", with(origin("https://example.org", "star_cookie=sugar")));
        QCOMPARE(cookie.status_code, 200);
        COMPARE_STR(cookie.headers[acao], "https://example.org");
        COMPARE_STR(cookie.headers[acac], "true");
        COMPARE_STR(cookie.headers["vary"], "Origin");

        // Non-CORS request.
        const TestResponse plain = client.get("/");
        QCOMPARE(plain.status_code, 200);
        COMPARE_STR(plain.text(), "Homepage");
        QVERIFY(!plain.headers.contains(acao));
    }

    void allowAllExceptCredentials() {
        TestClient client(make_app(
            {.allow_origins = {"*"}, .allow_methods = {"*"}, .allow_headers = {"*"}, .expose_headers = {"X-Status"}}));
        const TestResponse pre = client.options("/", with(preflight("https://example.org", "GET", "X-Example")));
        QCOMPARE(pre.status_code, 200);
        COMPARE_STR(pre.headers[acao], "*");
        COMPARE_STR(pre.headers[acah], "X-Example");
        QVERIFY(!pre.headers.contains(acac));
        QVERIFY(!pre.headers.contains("vary"));

        const TestResponse simple = client.get("/", with(origin("https://example.org")));
        COMPARE_STR(simple.headers[acao], "*");
        COMPARE_STR(simple.headers[aceh], "X-Status");
        QVERIFY(!simple.headers.contains(acac));

        QVERIFY(!client.get("/").headers.contains(acao));
    }

    void allowSpecificOrigin() {
        TestClient client(
            make_app({.allow_origins = {"https://example.org"}, .allow_headers = {"X-Example", "Content-Type"}}));
        const TestResponse pre =
            client.options("/", with(preflight("https://example.org", "GET", "X-Example, Content-Type")));
        QCOMPARE(pre.status_code, 200);
        COMPARE_STR(pre.text(), "OK");
        COMPARE_STR(pre.headers[acao], "https://example.org");
        COMPARE_STR(pre.headers[acah], "Accept, Accept-Language, Content-Language, Content-Type, X-Example");
        COMPARE_STR(pre.headers[acam], "GET");
        COMPARE_STR(pre.headers["vary"], "Origin");
        QVERIFY(!pre.headers.contains(acac));

        const TestResponse simple = client.get("/", with(origin("https://example.org")));
        COMPARE_STR(simple.headers[acao], "https://example.org");
        COMPARE_STR(simple.headers["vary"], "Origin");
        QVERIFY(!simple.headers.contains(acac));

        // Another origin: the app answers, without CORS headers.
        const TestResponse other = client.get("/", with(origin("https://another.org")));
        QCOMPARE(other.status_code, 200);
        QVERIFY(!other.headers.contains(acao));
        QVERIFY(!client.get("/").headers.contains(acao));
    }

    void disallowedPreflight() {
        TestClient client(make_app({.allow_origins = {"https://example.org"}, .allow_headers = {"X-Example"}}));
        const TestResponse all = client.options("/", with(preflight("https://another.org", "POST", "X-Nope")));
        QCOMPARE(all.status_code, 400);
        COMPARE_STR(all.text(), "Disallowed CORS origin, method, headers");
        QVERIFY(!all.headers.contains(acao));
        COMPARE_STR(all.headers["vary"], "Origin");

        const TestResponse headers = client.options("/", with(preflight("https://example.org", "GET", "X-Example, X-Nope")));
        QCOMPARE(headers.status_code, 400);
        COMPARE_STR(headers.text(), "Disallowed CORS headers");
        COMPARE_STR(headers.headers[acao], "https://example.org");

        const TestResponse method = client.options("/", with(preflight("https://example.org", "get")));
        QCOMPARE(method.status_code, 400);
        COMPARE_STR(method.text(), "Disallowed CORS method");
    }

    void privateNetworkAccess() {
        asgi::Headers asks = preflight("https://example.org", "GET");
        asks.emplace_back("access-control-request-private-network", "true");
        TestClient allowed(make_app({.allow_origins = {"*"}, .allow_private_network = true}));
        const TestResponse ok = allowed.options("/", with(asks));
        QCOMPARE(ok.status_code, 200);
        COMPARE_STR(ok.headers["access-control-allow-private-network"], "true");
        // Without the request header nothing is added.
        QVERIFY(!allowed.options("/", with(preflight("https://example.org", "GET")))
                     .headers.contains("access-control-allow-private-network"));

        TestClient refused(make_app({.allow_origins = {"*"}}));
        const TestResponse no = refused.options("/", with(asks));
        QCOMPARE(no.status_code, 400);
        COMPARE_STR(no.text(), "Disallowed CORS private-network");
        QVERIFY(!no.headers.contains("access-control-allow-private-network"));
    }

    void preflightEchoesOriginWithWildcardAndCredentials() {
        TestClient client(make_app({.allow_origins = {"*"}, .allow_methods = {"POST"}, .allow_credentials = true}));
        const TestResponse pre = client.options("/", with(preflight("https://example.org", "POST")));
        QCOMPARE(pre.status_code, 200);
        COMPARE_STR(pre.headers[acao], "https://example.org");
        COMPARE_STR(pre.headers[acac], "true");
        COMPARE_STR(pre.headers["vary"], "Origin");
    }

    void allMethods() {
        TestClient client(make_app({.allow_origins = {"*"}, .allow_methods = {"*"}}));
        for (const char* m : {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}) {
            const TestResponse pre = client.options("/", with(preflight("https://example.org", m)));
            QCOMPARE(pre.status_code, 200);
            QVERIFY(std::string(pre.headers[acam]).find(m) != std::string::npos);
        }
        // A simple request gets its headers whatever the app answers (405 for POST here).
        const TestResponse post = client.post("/", with(origin("https://example.org")));
        QCOMPARE(post.status_code, 405);
        COMPARE_STR(post.headers[acao], "*");
    }

    void originRegex() {
        TestClient client(make_app({.allow_headers = {"X-Example", "Content-Type"},
                                    .allow_credentials = true,
                                    .allow_origin_regex = "https://.*"}));
        const TestResponse simple = client.get("/", with(origin("https://example.org")));
        COMPARE_STR(simple.headers[acao], "https://example.org");
        COMPARE_STR(simple.headers[acac], "true");
        const TestResponse cookie = client.get("/", with(origin("https://example.org", "star_cookie=sugar")));
        COMPARE_STR(cookie.headers[acao], "https://example.org");
        COMPARE_STR(cookie.headers[acac], "true");
        QVERIFY(!client.get("/").headers.contains(acao));

        const TestResponse pre =
            client.options("/", with(preflight("https://another.com", "GET", "X-Example, content-type")));
        QCOMPARE(pre.status_code, 200);
        COMPARE_STR(pre.text(), "OK");
        COMPARE_STR(pre.headers[acao], "https://another.com");
        COMPARE_STR(pre.headers[acah], "Accept, Accept-Language, Content-Language, Content-Type, X-Example");
        COMPARE_STR(pre.headers[acac], "true");

        const TestResponse bad = client.options("/", with(preflight("http://another.com", "GET", "X-Example")));
        QCOMPARE(bad.status_code, 400);
        COMPARE_STR(bad.text(), "Disallowed CORS origin");
        QVERIFY(!bad.headers.contains(acao));
    }

    void originRegexIsAFullMatch() {
        TestClient client(make_app({.allow_origin_regex = "https://.*\\.example.org"}));
        const TestResponse ok = client.get("/", with(origin("https://subdomain.example.org")));
        COMPARE_STR(ok.headers[acao], "https://subdomain.example.org");
        QVERIFY(!ok.headers.contains(acac));
        const TestResponse longer = client.get("/", with(origin("https://subdomain.example.org.hacker.com")));
        QVERIFY(!longer.headers.contains(acao));
        QVERIFY(!client.get("/", with(origin("xhttps://a.example.org"))).headers.contains(acao));
    }

    void invalidRegexIsRefused() {
        const asgi::App inner = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
        QVERIFY_THROWS_EXCEPTION(std::regex_error, CORSMiddleware(inner, {.allow_origin_regex = "("}));
    }

    void credentialedRequestGetsSpecificOrigin() {
        TestClient client(make_app({.allow_origins = {"*"}}));
        const TestResponse r = client.get("/", with(origin("https://example.org", "star_cookie=sugar")));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.headers[acao], "https://example.org");
        QVERIFY(!r.headers.contains(acac));
    }

    void varyHeader() {
        TestClient specific(make_app({.allow_origins = {"https://example.org"}}));
        COMPARE_STR(specific.get("/", with(origin("https://example.org"))).headers["vary"], "Origin");

        TestClient wildcard(make_app({.allow_origins = {"*"}}, true));
        COMPARE_STR(wildcard.get("/", with(origin("https://example.org"))).headers["vary"], "Accept-Encoding");
        COMPARE_STR(wildcard.get("/", with(origin("https://example.org", "star_cookie=sugar"))).headers["vary"],
                    "Accept-Encoding, Origin");

        TestClient specificVary(make_app({.allow_origins = {"https://example.org"}}, true));
        COMPARE_STR(specificVary.get("/", with(origin("https://example.org"))).headers["vary"],
                    "Accept-Encoding, Origin");
    }

    void noStateLeaksBetweenRequests() {
        TestClient client(make_app({.allow_origins = {"*"}, .allow_methods = {"*"}, .allow_headers = {"*"}}));
        COMPARE_STR(client.get("/", with(origin("https://example.org", "star_cookie=sugar"))).headers[acao],
                    "https://example.org");
        COMPARE_STR(client.get("/", with(origin("https://example.org"))).headers[acao], "*");
        COMPARE_STR(client.options("/", with(preflight("https://someplace.org", "GET"))).headers[acao], "*");
    }

    void customMaxAgeAndExposeHeaders() {
        TestClient client(make_app({.allow_origins = {"https://example.org"},
                                    .expose_headers = {"X-Status", "X-Other"},
                                    .max_age = 3600}));
        COMPARE_STR(client.options("/", with(preflight("https://example.org", "GET"))).headers["access-control-max-age"],
                    "3600");
        COMPARE_STR(client.get("/", with(origin("https://example.org"))).headers[aceh], "X-Status, X-Other");
    }

    void optionsWithoutRequestMethodIsSimple() {
        TestClient client(make_app({.allow_origins = {"*"}}));
        const TestResponse r = client.options("/", with(origin("https://example.org")));
        QCOMPARE(r.status_code, 405);  // reaches the app (GET-only route)
        COMPARE_STR(r.headers[acao], "*");
    }
};

QTEST_APPLESS_MAIN(TestCORS)
#include "test_middleware_cors.moc"
