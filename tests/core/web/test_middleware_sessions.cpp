// SessionMiddleware against Starlette's tests/middleware/test_session.py: the session round
// trip, the exact Set-Cookie strings, cookies only on change, Vary: Cookie on access, expiry,
// bad and tampered cookies, the cookie options, WebSocket scopes, and cookies exchanged with
// Python's itsdangerous / Starlette in both directions.
#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web.hpp>

#include <chrono>

#include <boost/json.hpp>

#include <QtTest/QtTest>

#include "test_support.hpp"
#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
namespace json = boost::json;

namespace {

json::object wrap_session(Request& request) {
    json::object o;
    o["session"] = request.session();
    return o;
}

awaitable<Response> view_session(Request& request) { co_return JSONResponse(wrap_session(request)); }

awaitable<Response> update_session(Request& request) {
    const json::value data = co_await request.json();
    for (const auto& kv : data.as_object()) request.session()[kv.key()] = kv.value();
    co_return JSONResponse(wrap_session(request));
}

awaitable<Response> clear_session(Request& request) {
    request.session().clear();
    co_return JSONResponse(wrap_session(request));
}

awaitable<Response> no_session_access(Request&) { co_return PlainTextResponse("ok"); }

Starlette make_app(SessionMiddleware::Options options) {
    return Starlette({.routes = {Route("/view_session", view_session),
                                 Route("/update_session", update_session, {.methods = {"POST"}}),
                                 Route("/clear_session", clear_session, {.methods = {"POST"}}),
                                 Route("/no_session", no_session_access)},
                      .middleware = {Middleware::of<SessionMiddleware>(std::move(options))}});
}

RequestOptions json_body(std::string text) {
    RequestOptions o;
    o.json = json::parse(text);
    return o;
}

RequestOptions with_cookie(std::string value) {
    RequestOptions o;
    o.cookies.emplace_back("session", std::move(value));
    return o;
}

std::string session_of(const TestResponse& r) { return json::serialize(r.json().at("session")); }

// The value of the session cookie in a Set-Cookie header.
std::string cookie_value(std::string_view set_cookie) {
    const auto start = set_cookie.find('=') + 1;
    return std::string(set_cookie.substr(start, set_cookie.find(';') - start));
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

SessionMiddleware standalone(SessionMiddleware::Options options) {
    const asgi::App inner = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
    return SessionMiddleware(inner, std::move(options));
}

}  // namespace

class TestSessions : public QObject {
    Q_OBJECT

private slots:
    void sessionRoundTrip() {
        Starlette app = make_app({.secret_key = "example"});
        TestClient client(app);
        COMPARE_STR(session_of(client.get("/view_session")), "{}");

        const TestResponse updated = client.post("/update_session", json_body(R"({"some": "data"})"));
        COMPARE_STR(session_of(updated), R"({"some":"data"})");
        const std::string set_cookie(updated.headers["set-cookie"]);
        QVERIFY(set_cookie.starts_with("session="));
        // Starlette's exact attribute string.
        QVERIFY2(set_cookie.ends_with("; path=/; Max-Age=1209600; httponly; samesite=lax"), set_cookie.c_str());

        COMPARE_STR(session_of(client.get("/view_session")), R"({"some":"data"})");

        const TestResponse cleared = client.post("/clear_session");
        COMPARE_STR(session_of(cleared), "{}");
        COMPARE_STR(cleared.headers["set-cookie"],
                    "session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax");
        COMPARE_STR(session_of(client.get("/view_session")), "{}");
    }

    void cookieOnlyWhenChanged() {
        Starlette app = make_app({.secret_key = "example"});
        TestClient client(app);
        QVERIFY(!client.get("/view_session").headers.contains("set-cookie"));  // empty, unchanged
        QVERIFY(client.post("/update_session", json_body(R"({"some": "data"})")).headers.contains("set-cookie"));
        // Read only: no new cookie.
        const TestResponse read = client.get("/view_session");
        COMPARE_STR(session_of(read), R"({"some":"data"})");
        QVERIFY(!read.headers.contains("set-cookie"));
        // The same value again changes nothing either.
        QVERIFY(!client.post("/update_session", json_body(R"({"some": "data"})")).headers.contains("set-cookie"));
        QVERIFY(client.post("/update_session", json_body(R"({"other": 1})")).headers.contains("set-cookie"));
        // Clearing a session that was empty sends nothing.
        TestClient fresh(app);
        QVERIFY(!fresh.post("/clear_session").headers.contains("set-cookie"));
    }

    void varyCookieOnAccess() {
        Starlette app = make_app({.secret_key = "example"});
        TestClient client(app);
        COMPARE_STR(client.post("/update_session", json_body(R"({"some": "data"})")).headers.get("vary", ""), "Cookie");
        COMPARE_STR(client.get("/view_session").headers.get("vary", ""), "Cookie");
        QVERIFY(!client.get("/no_session").headers.contains("vary"));
    }

    void expiredSession() {
        // Starlette's test_session_expires: max_age=-1 makes every cookie already too old.
        Starlette app = make_app({.secret_key = "example", .max_age = -1});
        TestClient client(app);
        const TestResponse r = client.post("/update_session", json_body(R"({"some": "data"})"));
        COMPARE_STR(session_of(r), R"({"some":"data"})");
        const std::string value = cookie_value(r.headers["set-cookie"]);
        TestClient other(app);
        COMPARE_STR(session_of(other.get("/view_session", with_cookie(value))), "{}");
    }

    void oldTimestampExpires() {
        Starlette app = make_app({.secret_key = "example"});
        const SessionMiddleware mw = standalone({.secret_key = "example"});
        json::object data;
        data["user"] = "alice";
        TestClient client(app);
        const std::int64_t now = unix_now();
        // 13 days old: still valid; 15 days old: past the 14-day max_age.
        COMPARE_STR(session_of(client.get("/view_session", with_cookie(mw.encode(data, now - 13 * 86400)))),
                    R"({"user":"alice"})");
        COMPARE_STR(session_of(client.get("/view_session", with_cookie(mw.encode(data, now - 15 * 86400)))), "{}");
        // A timestamp in the future is refused too (itsdangerous: "Signature age < 0").
        COMPARE_STR(session_of(client.get("/view_session", with_cookie(mw.encode(data, now + 3600)))), "{}");
        // Without max_age, any age is fine.
        Starlette no_limit = make_app({.secret_key = "example", .max_age = std::nullopt});
        TestClient forever_client(no_limit);
        COMPARE_STR(session_of(forever_client.get("/view_session", with_cookie(mw.encode(data, 1000)))),
                    R"({"user":"alice"})");
    }

    void invalidAndTamperedCookies() {
        Starlette app = make_app({.secret_key = "example"});
        TestClient client(app);
        const TestResponse r = client.post("/update_session", json_body(R"({"some": "data"})"));
        const std::string good = cookie_value(r.headers["set-cookie"]);
        TestClient other(app);
        COMPARE_STR(session_of(other.get("/view_session", with_cookie(good))), R"({"some":"data"})");
        for (const std::string& bad : {std::string("invalid"), std::string(""), std::string("..."),
                                      std::string("a.b.c"), "x" + good, good + "x", good.substr(0, good.size() - 1)}) {
            const TestResponse v = other.get("/view_session", with_cookie(bad));
            QCOMPARE(v.status_code, 200);
            COMPARE_STR(session_of(v), "{}");
        }
        // Tampered payload: another session, the old signature.
        std::string tampered = good;
        tampered[0] = tampered[0] == 'e' ? 'f' : 'e';
        COMPARE_STR(session_of(other.get("/view_session", with_cookie(tampered))), "{}");
        // Another secret does not verify.
        Starlette stranger = make_app({.secret_key = "other secret"});
        TestClient stranger_client(stranger);
        COMPARE_STR(session_of(stranger_client.get("/view_session", with_cookie(good))), "{}");
        // Signed, but not a JSON object inside: an empty session, not an error.
        const SessionMiddleware mw = standalone({.secret_key = "example"});
        QVERIFY(!mw.decode("WzEsMl0=.x.y", unix_now()));
        QVERIFY(!mw.decode("", unix_now()));
    }

    void cookieOptions() {
        {  // https_only: Secure
            Starlette app = make_app({.secret_key = "example", .https_only = true});
            TestClient client(app, {.base_url = "https://testserver"});
            const TestResponse r = client.post("/update_session", json_body(R"({"some": "data"})"));
            QVERIFY(std::string(r.headers["set-cookie"]).ends_with("; Max-Age=1209600; httponly; samesite=lax; secure"));
            COMPARE_STR(session_of(client.get("/view_session")), R"({"some":"data"})");
            const TestResponse cleared = client.post("/clear_session");
            COMPARE_STR(cleared.headers["set-cookie"],
                        "session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax; secure");
        }
        {  // no max_age: a browser-session cookie
            Starlette app = make_app({.secret_key = "example", .max_age = std::nullopt});
            TestClient client(app);
            const std::string c(client.post("/update_session", json_body(R"({"a": 1})")).headers["set-cookie"]);
            QVERIFY(c.find("Max-Age") == std::string::npos);
            QVERIFY(c.ends_with("; path=/; httponly; samesite=lax"));
        }
        {  // domain, partitioned, same_site, cookie name and path
            Starlette app = make_app({.secret_key = "example",
                                      .session_cookie = "sid",
                                      .path = "/app",
                                      .same_site = "none",
                                      .https_only = true,
                                      .domain = ".example.com",
                                      .partitioned = true});
            TestClient client(app, {.base_url = "https://testserver"});
            const std::string c(client.post("/update_session", json_body(R"({"a": 1})")).headers["set-cookie"]);
            QVERIFY(c.starts_with("sid="));
            QVERIFY2(c.ends_with("; path=/app; Max-Age=1209600; httponly; samesite=none; secure; domain=.example.com; "
                                 "partitioned"),
                     c.c_str());
        }
        const asgi::App inner = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SessionMiddleware(inner, {.secret_key = "k", .same_site = "sometimes"}));
    }

    void sessionCookieSubpath() {
        // Starlette's test_session_cookie_subpath: an app mounted under /second_app.
        Starlette second = make_app({.secret_key = "example", .path = "/second_app"});
        Starlette app({.routes = {Mount("/second_app", second)}});
        TestClient client(app, {.base_url = "http://testserver/second_app"});
        const TestResponse r = client.post("/update_session", json_body(R"({"some": "data"})"));
        QCOMPARE(r.status_code, 200);
        QVERIFY(std::string(r.headers["set-cookie"]).find("; path=/second_app;") != std::string::npos);
    }

    void requiresTheMiddleware() {
        Starlette app({.routes = {Route("/", view_session)}});
        TestClient client(app);
        try {
            client.get("/");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "SessionMiddleware must be installed to access request.session");
        }
    }

    void websocketScopesGetTheSession() {
        const SessionMiddleware signer = standalone({.secret_key = "example"});
        json::object data;
        data["user"] = "bob";
        const std::string cookie = signer.encode(data, unix_now());

        std::string seen;
        const asgi::App inner = [&seen](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> awaitable<void> {
            seen = json::serialize(HTTPConnection(scope).session());
            HTTPConnection(scope).session()["changed"] = true;
            asgi::WebSocketAccept accept(std::nullopt);
            co_await send(std::move(accept));
        };
        const SessionMiddleware mw(inner, {.secret_key = "example"});
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
        scope.headers.emplace_back("cookie", "session=" + cookie);
        testing::run_coroutine([&]() { return mw(scope, receive, send); });
        COMPARE_STR(seen, R"({"user":"bob"})");
        QCOMPARE(sent.size(), std::size_t(1));
        const auto* accept = std::get_if<asgi::WebSocketAccept>(&sent.front());
        QVERIFY(accept != nullptr);
        QVERIFY(accept->headers.empty());  // no Set-Cookie on a WebSocket

        // The session is part of the scope's JSON form, and comes back from it.
        const std::string text = asgi::to_json_string(scope);
        QVERIFY(text.find(R"("session":{"user":"bob","changed":true})") != std::string::npos);
        const asgi::Scope back = asgi::scope_from_json_string(text);
        QVERIFY(back.session != nullptr);
        COMPARE_STR(json::serialize(*back.session), R"({"user":"bob","changed":true})");
    }

    // ---- Interoperability with Python's itsdangerous and Starlette ----------------------

    void readsCookiesSignedByPython() {
        // The way Starlette writes its cookie: b64encode(json.dumps(session)) signed by
        // itsdangerous.TimestampSigner(secret).
        const char* script = R"(
import sys, json
from base64 import b64encode
from itsdangerous import TimestampSigner
data = b64encode(json.dumps({'some': 'data', 'n': 3, 'text': 'caf\u00e9'}).encode('utf-8'))
print(TimestampSigner(sys.argv[1]).sign(data).decode('utf-8'))
)";
        const testing::ProcessResult p = testing::run_process(testing::python(), {"-c", script, "py secret"});
        QVERIFY2(p.finished && p.exit_code == 0, qPrintable(p.err));
        const std::string cookie = p.out.trimmed().toStdString();

        Starlette app = make_app({.secret_key = "py secret"});
        TestClient client(app);
        const TestResponse r = client.get("/view_session", with_cookie(cookie));
        const json::value session = r.json().at("session");
        COMPARE_STR(json::value_to<std::string>(session.at("some")), "data");
        QCOMPARE(session.at("n").to_number<int>(), 3);
        COMPARE_STR(json::value_to<std::string>(session.at("text")), "caf\xc3\xa9");
        // A wrong secret on the Python side does not verify here.
        Starlette other = make_app({.secret_key = "not the secret"});
        TestClient other_client(other);
        COMPARE_STR(session_of(other_client.get("/view_session", with_cookie(cookie))), "{}");
    }

    void pythonReadsOurCookies() {
        Starlette app = make_app({.secret_key = "shared secret"});
        TestClient client(app);
        const TestResponse r = client.post("/update_session", json_body(R"({"user": "alice", "ids": [1, 2], "x": "caf\u00e9"})"));
        const std::string cookie = cookie_value(r.headers["set-cookie"]);

        // Starlette's own SessionMiddleware (its signer and max_age) reads it.
        const char* script = R"(
import sys, json
from base64 import b64decode
from starlette.middleware.sessions import SessionMiddleware
mw = SessionMiddleware(None, secret_key=sys.argv[1])
data = mw.signer.unsign(sys.argv[2].encode('utf-8'), max_age=mw.max_age)
print(json.dumps(json.loads(b64decode(data)), sort_keys=True))
)";
        const testing::ProcessResult p =
            testing::run_process(testing::python(), {"-c", script, "shared secret", QString::fromStdString(cookie)});
        QVERIFY2(p.finished && p.exit_code == 0, qPrintable(p.err));
        COMPARE_STR(p.out.trimmed().toStdString(), R"({"ids": [1, 2], "user": "alice", "x": "caf\u00e9"})");

        // With another secret, Python refuses it.
        const testing::ProcessResult bad =
            testing::run_process(testing::python(), {"-c", script, "wrong", QString::fromStdString(cookie)});
        QVERIFY(bad.finished);
        QVERIFY(bad.exit_code != 0);
        QVERIFY(bad.err.contains("BadSignature") || bad.err.contains("BadTimeSignature"));
    }

    void signerMatchesItsdangerousExactly() {
        // Same secret, value and timestamp: the same signed string, byte for byte.
        const char* script = R"(
import sys
from itsdangerous import TimestampSigner
class Fixed(TimestampSigner):
    def get_timestamp(self):
        return int(sys.argv[3])
print(Fixed(sys.argv[1]).sign(sys.argv[2].encode('utf-8')).decode('utf-8'))
)";
        const SessionMiddleware mw = standalone({.secret_key = "k3y"});
        json::object data;
        data["a"] = 1;
        const std::string ours = mw.encode(data, 1700000000);
        const std::string payload = ours.substr(0, ours.find('.'));
        const testing::ProcessResult p =
            testing::run_process(testing::python(), {"-c", script, "k3y", QString::fromStdString(payload), "1700000000"});
        QVERIFY2(p.finished && p.exit_code == 0, qPrintable(p.err));
        COMPARE_STR(p.out.trimmed().toStdString(), ours);
    }
};

QTEST_APPLESS_MAIN(TestSessions)
#include "test_middleware_sessions.moc"
