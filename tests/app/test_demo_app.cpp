// The built-in demo application (app/demo) against its reference table: every route, the
// middleware and the tour, in-process through the TestClient (expected values are what the
// demo's Starlette twin, tests/peer/demo_app.py, answers under Starlette's TestClient); then
// the demo on the real server, talked to by Python httpx and websockets, and by curl.
#include <demo_app.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <zlib.h>

#include <boost/json.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <asgiscope/web.hpp>

#include "../core/web/web_test.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
namespace json = boost::json;
using asgiscope::testing::python;
using asgiscope::testing::run_process;
using asgiscope::testing::RunningServer;

namespace {

asgi::App demo_app() { return demo::make_demo_app({.secret_key = "test"}); }

RequestOptions with_headers(asgi::Headers headers) {
    RequestOptions o;
    o.headers = std::move(headers);
    return o;
}

RequestOptions with_header(std::string name, std::string value) {
    asgi::Headers h;
    h.emplace_back(std::move(name), std::move(value));
    return with_headers(std::move(h));
}

RequestOptions json_body(std::string text) {
    RequestOptions o;
    o.json = json::parse(text);
    return o;
}

RequestOptions no_redirects() {
    RequestOptions o;
    o.follow_redirects = false;
    return o;
}

std::string header(const TestResponse& r, std::string_view name) {
    return std::string(r.headers.get(name).value_or("<none>"));
}

/// The whole of a gzip body; throws if it is not complete gzip data.
std::string gunzip(std::string_view data) {
    z_stream stream{};
    if (inflateInit2(&stream, 31) != Z_OK) throw std::runtime_error("inflateInit2");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[4096];
    int rc = Z_OK;
    do {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) throw std::runtime_error("not complete gzip data");
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string static_file(const std::string& name) { return read_file(demo::default_static_dir() + "/" + name); }

/// QCOMPARE for JSON values (objects compare regardless of key order).
#define COMPARE_JSON(actual, expected)                                                       \
    do {                                                                                     \
        const json::value actual_ = (actual);                                                \
        const json::value expected_ = json::parse(expected);                                 \
        if (actual_ != expected_) COMPARE_STR(json::serialize(actual_), json::serialize(expected_)); \
    } while (false)

const char* const kSetCookieAttributes = "; path=/; Max-Age=1209600; httponly; samesite=lax";

/// The value of a Set-Cookie header's cookie.
std::string cookie_value(std::string_view set_cookie) {
    const auto start = set_cookie.find('=') + 1;
    return std::string(set_cookie.substr(start, set_cookie.find(';') - start));
}

const QRegularExpression kSseEvents(
    "^id: 0\\ndata: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n\\n"
    "id: 1\\ndata: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n\\n$");

asgiscope::testing::ProcessResult curl(const QStringList& args) {
    return run_process("curl", QStringList{"-sS", "--max-time", "10"} + args, std::chrono::seconds(20));
}

}  // namespace

class TestDemoApp : public QObject {
    Q_OBJECT
private slots:
    void scratch() {
        TestClient client(demo_app(), {.raise_server_exceptions = false});
        std::ifstream in("/tmp/cases.txt");
        std::string m, u;
        std::ofstream out("/tmp/cases_cpp.txt");
        while (in >> m >> u) {
            RequestOptions o = with_header("accept-encoding", "identity");
            o.follow_redirects = false;
            TestResponse r;
            try { r = client.request(m, u, o); } catch (const std::exception& e) { out << m << " " << u << " -> EXC " << e.what() << "\n"; continue; }
            out << m << " " << u << " -> " << r.status_code;
            for (const char* k : {"content-type", "location", "set-cookie", "allow"})
                if (r.headers.contains(k)) out << " " << k << "=" << header(r, k);
            out << " " << r.content.substr(0, 80) << "\n";
        }
    }
    // ---- the application object ------------------------------------------------------

    void middlewareOuterToInner() {
        const Starlette app = demo::make_demo_application({.secret_key = "test"});
        std::vector<std::string> names;
        for (const auto& m : app.user_middleware()) names.push_back(m.name());
        QCOMPARE(names, (std::vector<std::string>{"CORSMiddleware", "GZipMiddleware", "SessionMiddleware"}));
    }

    void routeNames() {
        const Starlette app = demo::make_demo_application({.secret_key = "test"});
        COMPARE_STR(app.url_path_for("user", {{"id", 5}}).path, "/users/5");
        COMPARE_STR(app.url_path_for("plaintext").path, "/plaintext");
        COMPARE_STR(app.url_path_for("json").path, "/json");
        COMPARE_STR(app.url_path_for("item", {{"rest", "a/b/c.txt"}}).path, "/items/a/b/c.txt");
        COMPARE_STR(app.url_path_for("echo").path, "/echo");
        COMPARE_STR(app.url_path_for("session").path, "/session");
        COMPARE_STR(app.url_path_for("static", {{"path", "/style.css"}}).path, "/static/style.css");
        COMPARE_STR(app.url_path_for("api:todo", {{"id", 3}}).path, "/api/todos/3");
        COMPARE_STR(app.url_path_for("api:todos").path, "/api/todos");
        const URLPath ws = app.url_path_for("ws_echo");
        COMPARE_STR(ws.path, "/ws/echo");
        COMPARE_STR(ws.protocol, "websocket");
        COMPARE_STR(app.url_path_for("ws_chat").path, "/ws/chat");
    }

    // ---- the reference table ---------------------------------------------------------

    void plaintext() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/plaintext");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "Hello, world!");
        COMPARE_STR(header(r, "content-type"), "text/plain; charset=utf-8");
        COMPARE_STR(header(r, "content-length"), "13");
        // Small bodies are not compressed, whatever the client accepts.
        const TestResponse g = client.get("/plaintext", with_header("accept-encoding", "gzip"));
        COMPARE_STR(g.text(), "Hello, world!");
        QVERIFY(!g.headers.contains("content-encoding"));
        QVERIFY(!g.headers.contains("vary"));
        // HEAD comes with GET; other methods get 405 with Allow.
        const TestResponse h = client.head("/plaintext");
        QCOMPARE(h.status_code, 200);
        COMPARE_STR(h.text(), "");
        COMPARE_STR(header(h, "content-length"), "13");
        const TestResponse p = client.post("/plaintext");
        QCOMPARE(p.status_code, 405);
        // (Starlette joins a set: the order of the two varies with Python's hash seed.)
        QVERIFY(header(p, "allow") == "GET, HEAD" || header(p, "allow") == "HEAD, GET");
        COMPARE_STR(p.text(), "Method Not Allowed");
    }

    void helloJson() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/json");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), R"({"message":"Hello, world!"})");
        COMPARE_STR(header(r, "content-type"), "application/json");
    }

    void userById() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/users/5");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), R"({"id":5})");
        COMPARE_STR(header(r, "content-type"), "application/json");
        COMPARE_STR(client.get("/users/1234567890123").text(), R"({"id":1234567890123})");
        // Not an int: no route.
        const TestResponse bad = client.get("/users/abc");
        QCOMPARE(bad.status_code, 404);
        COMPARE_STR(bad.text(), "Not Found");
        QCOMPARE(client.get("/users/").status_code, 404);
    }

    void itemsPath() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/items/a/b/c.txt");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), R"({"path":"a/b/c.txt"})");
        COMPARE_STR(client.get("/items/one").text(), R"({"path":"one"})");
        COMPARE_STR(client.get("/items/caf%C3%A9").text(), "{\"path\":\"caf\xC3\xA9\"}");
    }

    void echo() {
        TestClient client(demo_app());
        const TestResponse get = client.get("/echo");
        QCOMPARE(get.status_code, 200);
        COMPARE_STR(get.text(), "");
        QVERIFY(!get.headers.contains("content-type"));
        COMPARE_STR(header(get, "content-length"), "0");

        RequestOptions thing = with_header("content-type", "application/x-thing");
        thing.content = std::string("hi\0there", 8);
        const TestResponse post = client.post("/echo", thing);
        QCOMPARE(post.status_code, 200);
        COMPARE_STR(post.text(), std::string_view("hi\0there", 8));
        COMPARE_STR(header(post, "content-type"), "application/x-thing");

        const TestResponse j = client.post("/echo", json_body(R"({"a": [1, 2]})"));
        COMPARE_STR(j.text(), R"({"a":[1,2]})");
        COMPARE_STR(header(j, "content-type"), "application/json");

        // No content-type in: none out.
        RequestOptions raw;
        raw.content = "raw";
        const TestResponse r = client.post("/echo", raw);
        COMPARE_STR(r.text(), "raw");
        QVERIFY(!r.headers.contains("content-type"));

        // A large body comes back whole (gzipped on the way, as the client accepts it).
        RequestOptions big = with_header("content-type", "text/plain");
        big.content = std::string(100000, 'x');
        const TestResponse b = client.post("/echo", big);
        COMPARE_STR(header(b, "content-encoding"), "gzip");
        QVERIFY(gunzip(b.content) == *big.content);
        QCOMPARE(client.put("/echo").status_code, 405);
    }

    void query() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/query?a=1&b=2&b=3&a=4&c=");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(header(r, "content-type"), "application/json");
        COMPARE_STR(r.text(), R"({"a":["1","4"],"b":["2","3"],"c":""})");
        COMPARE_STR(client.get("/query").text(), "{}");
        COMPARE_STR(client.get("/query?x=%20y%26&x=2&x=3").text(), R"({"x":[" y&","2","3"]})");
        RequestOptions params;
        params.params = {{"k", "v"}, {"k", "w"}, {"one", "1"}};
        COMPARE_JSON(client.get("/query", params).json(), R"({"k":["v","w"],"one":"1"})");
    }

    void headers() {
        TestClient client(demo_app());
        asgi::Headers h;
        h.emplace_back("X-Custom", "Value");
        h.emplace_back("x-dup", "first");
        h.emplace_back("x-dup", "second");
        const TestResponse r = client.get("/headers", with_headers(h));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(header(r, "content-type"), "application/json");
        const json::object o = r.json().as_object();
        COMPARE_STR(o.at("x-custom").as_string(), "Value");
        COMPARE_STR(o.at("x-dup").as_string(), "first");
        COMPARE_STR(o.at("host").as_string(), "testserver");
        COMPARE_STR(o.at("user-agent").as_string(), "testclient");
        for (const auto& kv : o) {
            const std::string name(kv.key());
            QVERIFY2(QString::fromStdString(name) == QString::fromStdString(name).toLower(), name.c_str());
        }
        QVERIFY(!o.contains("X-Custom"));
    }

    void cookiesSet() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/cookies/set?name=flavour&value=oat");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), R"({"name":"flavour","value":"oat"})");
        COMPARE_STR(header(r, "content-type"), "application/json");
        COMPARE_STR(header(r, "set-cookie"), "flavour=oat; Path=/; SameSite=lax");
        QCOMPARE(client.cookies().at("flavour"), std::string("oat"));
        // The client sends it back.
        COMPARE_STR(client.get("/headers").json().at("cookie").as_string(), "flavour=oat");
        // No value: an empty one; no name: 400.
        const TestResponse empty = client.get("/cookies/set?name=x");
        COMPARE_STR(empty.text(), R"({"name":"x","value":""})");
        COMPARE_STR(header(empty, "set-cookie"), "x=\"\"; Path=/; SameSite=lax");
        const TestResponse bad = client.get("/cookies/set");
        QCOMPARE(bad.status_code, 400);
        COMPARE_STR(bad.text(), "'name' is required");
    }

    void redirect() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/redirect", no_redirects());
        QCOMPARE(r.status_code, 307);
        COMPARE_STR(header(r, "location"), "/plaintext");
        COMPARE_STR(r.text(), "");
        const TestResponse followed = client.get("/redirect");
        QCOMPARE(followed.status_code, 200);
        COMPARE_STR(followed.text(), "Hello, world!");
        COMPARE_STR(followed.url.str(), "http://testserver/plaintext");
        QCOMPARE(followed.history.size(), std::size_t(1));
        QCOMPARE(followed.history[0].status_code, 307);
    }

    void errorIs500() {
        {
            TestClient client(demo_app(), {.raise_server_exceptions = false});
            const TestResponse r = client.get("/error");
            QCOMPARE(r.status_code, 500);
            COMPARE_STR(r.text(), "Internal Server Error");
            COMPARE_STR(header(r, "content-type"), "text/plain; charset=utf-8");
        }
        // The default client raises the app's exception.
        TestClient raising(demo_app());
        try {
            raising.get("/error");
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "boom");
        }
    }

    void teapot() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/teapot");
        QCOMPARE(r.status_code, 418);
        COMPARE_STR(r.text(), "I'm a Teapot");
        COMPARE_STR(header(r, "content-type"), "text/plain; charset=utf-8");
    }

    void stream() {
        TestClient client(demo_app());
        const std::string lines = "chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n";
        const TestResponse r = client.get("/stream", with_header("accept-encoding", "identity"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), lines);
        COMPARE_STR(header(r, "content-type"), "text/plain; charset=utf-8");
        QVERIFY(!r.headers.contains("content-length"));
        QVERIFY(!r.headers.contains("content-encoding"));
        // A stream is compressed whatever its length when gzip is accepted.
        const TestResponse g = client.get("/stream", with_header("accept-encoding", "gzip"));
        COMPARE_STR(header(g, "content-encoding"), "gzip");
        COMPARE_STR(header(g, "vary"), "Accept-Encoding");
        COMPARE_STR(gunzip(g.content), lines);
        COMPARE_STR(client.get("/stream?n=2", with_header("accept-encoding", "identity")).text(), "chunk 0\nchunk 1\n");
        QCOMPARE(client.get("/stream?n=x").status_code, 400);
    }

    void formUrlEncoded() {
        TestClient client(demo_app());
        RequestOptions o;
        o.data = {{"a", "1"}, {"a", "2"}, {"b", "x y!"}};
        const TestResponse r = client.post("/form", o);
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(header(r, "content-type"), "application/json");
        COMPARE_STR(r.text(), R"({"fields":{"a":"2","b":"x y!"},"files":{}})");
        // The same, written by hand.
        RequestOptions raw = with_header("content-type", "application/x-www-form-urlencoded");
        raw.content = "a=1&a=2&b=x+y%21";
        COMPARE_STR(client.post("/form", raw).text(), R"({"fields":{"a":"2","b":"x y!"},"files":{}})");
        QCOMPARE(client.get("/form").status_code, 405);
    }

    void formMultipart() {
        TestClient client(demo_app());
        RequestOptions o;
        o.data = {{"name", "Ada"}, {"tag", "one"}, {"tag", "two"}};
        o.files.emplace_back("upload", RequestFile{"hello.txt", "hello world"});
        o.files.emplace_back("blob", RequestFile{"a.bin", std::string(3000, '\0'), "application/octet-stream"});
        const TestResponse r = client.post("/form", o);
        QCOMPARE(r.status_code, 200);
        COMPARE_JSON(r.json(), R"({"fields": {"name": "Ada", "tag": "two"},
            "files": {"upload": {"filename": "hello.txt", "size": 11, "content_type": "text/plain"},
                      "blob": {"filename": "a.bin", "size": 3000, "content_type": "application/octet-stream"}}})");
        // Starlette's key order: fields, then files, each in the order they came.
        QVERIFY(r.text().starts_with(R"({"fields":{"name":"Ada","tag":"two"},"files":{"upload":)"));
    }

    void largeIsGzipped() {
        TestClient client(demo_app());
        const std::string body(10000, 'a');
        const TestResponse g = client.get("/large", with_header("accept-encoding", "gzip"));
        QCOMPARE(g.status_code, 200);
        COMPARE_STR(header(g, "content-encoding"), "gzip");
        COMPARE_STR(header(g, "vary"), "Accept-Encoding");
        COMPARE_STR(header(g, "content-type"), "text/plain; charset=utf-8");
        QVERIFY(g.content.size() < 200);
        COMPARE_STR(header(g, "content-length"), std::to_string(g.content.size()));
        QVERIFY(gunzip(g.content) == body);
        // Not accepted: sent as is.
        const TestResponse plain = client.get("/large", with_header("accept-encoding", "identity"));
        QVERIFY(plain.content == body);
        COMPARE_STR(header(plain, "content-length"), "10000");
        QVERIFY(!plain.headers.contains("content-encoding"));
        QVERIFY(!plain.headers.contains("vary"));
    }

    void sessionCounts() {
        TestClient client(demo_app());
        const TestResponse first = client.get("/session");
        QCOMPARE(first.status_code, 200);
        COMPARE_STR(first.text(), R"({"count":1})");
        const std::string cookie = header(first, "set-cookie");
        QVERIFY2(cookie.starts_with("session=") && cookie.ends_with(kSetCookieAttributes), cookie.c_str());
        COMPARE_STR(header(first, "vary"), "Cookie");
        COMPARE_STR(client.get("/session").text(), R"({"count":2})");
        const TestResponse third = client.get("/session");
        COMPARE_STR(third.text(), R"({"count":3})");
        // A new client is a new session.
        TestClient other(demo_app());
        COMPARE_STR(other.get("/session").text(), R"({"count":1})");
        // The cookie is signed with the configured secret: another app with the same secret
        // reads it, one with another secret (or a forged cookie) starts over.
        RequestOptions with_cookie;
        with_cookie.cookies = {{"session", cookie_value(header(third, "set-cookie"))}};
        TestClient same(demo::make_demo_app({.secret_key = "test"}));
        COMPARE_STR(same.get("/session", with_cookie).text(), R"({"count":4})");
        TestClient different(demo::make_demo_app({.secret_key = "other"}));
        COMPARE_STR(different.get("/session", with_cookie).text(), R"({"count":1})");
        RequestOptions forged;
        forged.cookies = {{"session", "eyJjb3VudCI6IDk5fQ==.forged.signature"}};
        COMPARE_STR(same.get("/session", forged).text(), R"({"count":1})");
    }

    void staticFilesInHtmlMode() {
        TestClient client(demo_app());
        const TestResponse index = client.get("/static/");
        QCOMPARE(index.status_code, 200);
        COMPARE_STR(header(index, "content-type"), "text/html; charset=utf-8");
        const std::string html = static_file("index.html");
        QVERIFY(!html.empty());
        const std::string got = index.headers.contains("content-encoding") ? gunzip(index.content) : index.content;
        QVERIFY(got == html);
        QVERIFY(index.headers.contains("etag"));
        QVERIFY(index.headers.contains("last-modified"));
        QVERIFY(client.get("/static/index.html", with_header("accept-encoding", "identity")).content == html);
        // The mount without its slash: redirected.
        const TestResponse bare = client.get("/static", no_redirects());
        QCOMPARE(bare.status_code, 307);
        COMPARE_STR(header(bare, "location"), "http://testserver/static/");
        QVERIFY(client.get("/static", with_header("accept-encoding", "identity")).content == html);
        // Other files, and a missing one: 404.html with 404.
        const TestResponse css = client.get("/static/style.css", with_header("accept-encoding", "identity"));
        QCOMPARE(css.status_code, 200);
        COMPARE_STR(header(css, "content-type"), "text/css; charset=utf-8");
        QVERIFY(css.content == static_file("style.css"));
        const TestResponse missing = client.get("/static/nope", with_header("accept-encoding", "identity"));
        QCOMPARE(missing.status_code, 404);
        COMPARE_STR(header(missing, "content-type"), "text/html; charset=utf-8");
        QVERIFY(missing.content == static_file("404.html"));
        // A conditional request.
        const TestResponse again = client.get("/static/style.css", with_header("if-none-match", header(css, "etag")));
        QCOMPARE(again.status_code, 304);
        QCOMPARE(client.post("/static/style.css").status_code, 405);
    }

    void websocketEcho() {
        TestClient client(demo_app());
        auto ws = client.websocket_connect("/ws/echo");
        ws.send_text("hello");
        COMPARE_STR(ws.receive_text(), "hello");
        ws.send_bytes(std::string("\x00\x01\xff", 3));
        COMPARE_STR(ws.receive_bytes(), std::string_view("\x00\x01\xff", 3));
        ws.send_text("");
        COMPARE_STR(ws.receive_text(), "");
        ws.send_json(json::parse(R"({"a":1})"));
        COMPARE_STR(ws.receive_text(), R"({"a":1})");
        ws.close();
    }

    // ---- the middleware --------------------------------------------------------------

    void corsSimpleRequests() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/plaintext", with_header("origin", "http://example.com"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(header(r, "access-control-allow-origin"), "*");
        COMPARE_STR(r.text(), "Hello, world!");
        // Without an Origin: no CORS headers.
        QVERIFY(!client.get("/plaintext").headers.contains("access-control-allow-origin"));
        // With cookies, "*" would not do: the origin is echoed, with Vary: Origin.
        RequestOptions cookie = with_header("origin", "http://example.com");
        cookie.cookies = {{"flavour", "oat"}};
        const TestResponse c = client.get("/json", cookie);
        COMPARE_STR(header(c, "access-control-allow-origin"), "http://example.com");
        COMPARE_STR(header(c, "vary"), "Origin");
        // CORS is outside GZip: both apply.
        asgi::Headers h;
        h.emplace_back("origin", "http://example.com");
        h.emplace_back("accept-encoding", "gzip");
        const TestResponse g = client.get("/large", with_headers(h));
        COMPARE_STR(header(g, "access-control-allow-origin"), "*");
        COMPARE_STR(header(g, "content-encoding"), "gzip");
    }

    void corsPreflight() {
        TestClient client(demo_app());
        asgi::Headers h;
        h.emplace_back("origin", "http://example.com");
        h.emplace_back("access-control-request-method", "GET");
        const TestResponse r = client.options("/plaintext", with_headers(h));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "OK");
        COMPARE_STR(header(r, "access-control-allow-origin"), "*");
        COMPARE_STR(header(r, "access-control-allow-methods"), "GET");
        COMPARE_STR(header(r, "access-control-max-age"), "600");
        COMPARE_STR(header(r, "access-control-allow-headers"), "Accept, Accept-Language, Content-Language, Content-Type");
        // The preflight is answered by CORSMiddleware, before the session is looked at.
        QVERIFY(!r.headers.contains("set-cookie"));
        // Only GET is allowed (Starlette's default allow_methods), and the simple headers.
        asgi::Headers post;
        post.emplace_back("origin", "http://example.com");
        post.emplace_back("access-control-request-method", "POST");
        post.emplace_back("access-control-request-headers", "X-Custom");
        const TestResponse denied = client.options("/echo", with_headers(post));
        QCOMPARE(denied.status_code, 400);
        COMPARE_STR(denied.text(), "Disallowed CORS method, headers");
        // OPTIONS with an Origin but no Access-Control-Request-Method is not a preflight.
        const TestResponse plain = client.options("/plaintext", with_header("origin", "http://example.com"));
        QCOMPARE(plain.status_code, 405);
        COMPARE_STR(header(plain, "access-control-allow-origin"), "*");
    }

    // ---- the tour --------------------------------------------------------------------

    void indexPage() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/", with_header("accept-encoding", "identity"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(header(r, "content-type"), "text/html; charset=utf-8");
        QVERIFY(r.text().starts_with("<!doctype html>"));
        QVERIFY(r.text().find("<title>asgiscope demo</title>") != std::string::npos);
        for (const char* link : {"/plaintext", "/json", "/users/42", "/items/a/b/c.txt", "/echo", "/query?",
                                 "/headers", "/cookies/set?", "/redirect", "/error", "/teapot", "/stream",
                                 "/large", "/session", "/static/", "/api/todos", "/scope", "/slow?ms=",
                                 "/openapi.json"})
            QVERIFY2(r.text().find("href=\"" + std::string(link)) != std::string::npos, link);
        for (const char* part : {"action=\"/form\"", "new EventSource('/sse')", "/ws/chat"})
            QVERIFY2(r.text().find(part) != std::string::npos, part);
        // 500 bytes and more: gzipped for clients that take it.
        COMPARE_STR(header(client.get("/"), "content-encoding"), "gzip");
    }

    void scopeAndLifespan() {
        TestClient client(demo_app());
        client.open();
        const TestResponse r = client.get("/scope?q=%C3%A9");
        QCOMPARE(r.status_code, 200);
        const json::object scope = r.json().as_object();
        COMPARE_STR(scope.at("type").as_string(), "http");
        COMPARE_STR(scope.at("method").as_string(), "GET");
        COMPARE_STR(scope.at("path").as_string(), "/scope");
        COMPARE_STR(scope.at("query_string").as_string(), "q=%C3%A9");
        COMPARE_STR(scope.at("state").at("demo.started").as_string(), "yes");
        client.close();
    }

    void slow() {
        TestClient client(demo_app());
        QElapsedTimer t;
        t.start();
        const TestResponse r = client.get("/slow?ms=150");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "slept 150 ms");
        QVERIFY(t.elapsed() >= 140);
        COMPARE_STR(client.get("/slow?ms=0").text(), "slept 0 ms");
        const TestResponse bad = client.get("/slow?ms=soon");
        QCOMPARE(bad.status_code, 400);
        COMPARE_STR(bad.text(), "'ms' must be a whole number up to 60000");
        QCOMPARE(client.get("/slow?ms=60001").status_code, 400);
    }

    void openapi() {
        TestClient client(demo_app());
        const TestResponse r = client.get("/openapi.json", with_header("accept-encoding", "identity"));
        QCOMPARE(r.status_code, 200);
        const json::object schema = r.json().as_object();
        COMPARE_STR(schema.at("openapi").as_string(), "3.0.0");
        COMPARE_STR(schema.at("info").at("title").as_string(), "asgiscope demo");
        const json::object& paths = schema.at("paths").as_object();
        const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
            {"/plaintext", {"get"}},
            {"/json", {"get"}},
            {"/users/{id}", {"get"}},
            {"/items/{rest}", {"get"}},
            {"/echo", {"get", "post"}},
            {"/query", {"get"}},
            {"/headers", {"get"}},
            {"/cookies/set", {"get"}},
            {"/redirect", {"get"}},
            {"/error", {"get"}},
            {"/teapot", {"get"}},
            {"/stream", {"get"}},
            {"/form", {"post"}},
            {"/large", {"get"}},
            {"/session", {"get"}},
            {"/scope", {"get"}},
            {"/slow", {"get"}},
            {"/sse", {"get"}},
            {"/api/todos", {"get", "post"}},
            {"/api/todos/{id}", {"get", "put", "delete"}},
        };
        for (const auto& [path, methods] : expected) {
            QVERIFY2(paths.contains(path), path.c_str());
            const json::object& ops = paths.at(path).as_object();
            QCOMPARE(ops.size(), methods.size());
            for (const auto& m : methods) QVERIFY2(ops.contains(m), (path + " " + m).c_str());
        }
        // Only those: not the index, the schema itself, the mount or the WebSockets.
        QCOMPARE(paths.size(), expected.size());
        COMPARE_STR(paths.at("/plaintext").at("get").at("summary").as_string(), "Hello, world! as text");
    }

    void todoCrud() {
        TestClient client(demo_app());
        COMPARE_STR(client.get("/api/todos").text(), "[]");

        const TestResponse created = client.post("/api/todos", json_body(R"({"title": "write tests"})"));
        QCOMPARE(created.status_code, 201);
        COMPARE_STR(header(created, "location"), "http://testserver/api/todos/1");
        COMPARE_STR(header(created, "content-type"), "application/json");
        COMPARE_STR(created.text(), R"({"id":1,"title":"write tests","done":false})");
        const TestResponse second = client.post("/api/todos", json_body(R"({"title": "run them", "done": true})"));
        QCOMPARE(second.status_code, 201);
        COMPARE_STR(header(second, "location"), "http://testserver/api/todos/2");

        COMPARE_STR(client.get("/api/todos").text(),
                    R"([{"id":1,"title":"write tests","done":false},{"id":2,"title":"run them","done":true}])");
        COMPARE_STR(client.get("/api/todos/2").text(), R"({"id":2,"title":"run them","done":true})");

        const TestResponse updated = client.put("/api/todos/1", json_body(R"({"title": "write more tests", "done": true})"));
        QCOMPARE(updated.status_code, 200);
        COMPARE_STR(updated.text(), R"({"id":1,"title":"write more tests","done":true})");

        const TestResponse deleted = client.delete_("/api/todos/1");
        QCOMPARE(deleted.status_code, 204);
        COMPARE_STR(deleted.text(), "");
        COMPARE_STR(client.get("/api/todos").text(), R"([{"id":2,"title":"run them","done":true}])");

        // Unknown ids.
        for (const TestResponse& r : {client.get("/api/todos/1"), client.delete_("/api/todos/1"),
                                      client.put("/api/todos/99", json_body(R"({"title": "x"})"))}) {
            QCOMPARE(r.status_code, 404);
            QVERIFY2(r.text().starts_with("Todo ") && r.text().ends_with(" not found"), r.text().c_str());
        }
        QCOMPARE(client.get("/api/todos/abc").status_code, 404);
        // HEAD is GET without the body (HTTPEndpoint falls back to get()).
        const TestResponse head = client.head("/api/todos/2");
        QCOMPARE(head.status_code, 200);
        COMPARE_STR(head.text(), "");
        COMPARE_STR(header(head, "content-length"), std::to_string(client.get("/api/todos/2").content.size()));
        QCOMPARE(client.patch("/api/todos/2").status_code, 405);
        QCOMPARE(client.delete_("/api/todos").status_code, 405);
    }

    void todoBadBodies_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("detail");
        QTest::newRow("not json") << "title=x" << "The body must be JSON.";
        QTest::newRow("not an object") << "[1]" << "'title' must be a non-empty string.";
        QTest::newRow("no title") << "{}" << "'title' must be a non-empty string.";
        QTest::newRow("empty title") << "{\"title\": \"\"}" << "'title' must be a non-empty string.";
        QTest::newRow("title number") << "{\"title\": 5}" << "'title' must be a non-empty string.";
        QTest::newRow("done text") << "{\"title\": \"x\", \"done\": \"yes\"}" << "'done' must be true or false.";
    }
    void todoBadBodies() {
        QFETCH(QString, body);
        QFETCH(QString, detail);
        TestClient client(demo_app());
        RequestOptions o = with_header("content-type", "application/json");
        o.content = body.toStdString();
        const TestResponse r = client.post("/api/todos", o);
        QCOMPARE(r.status_code, 422);
        COMPARE_STR(header(r, "content-type"), "application/json");
        COMPARE_STR(r.json().at("detail").as_string(), detail.toStdString());
        // The same for PUT, and nothing was stored.
        client.post("/api/todos", json_body(R"({"title": "keep"})"));
        const TestResponse put = client.put("/api/todos/1", o);
        QCOMPARE(put.status_code, 422);
        COMPARE_STR(put.json().at("detail").as_string(), detail.toStdString());
        COMPARE_STR(client.get("/api/todos").text(), R"([{"id":1,"title":"keep","done":false}])");
    }

    void sseClock() {
        TestClient client(demo_app());
        QElapsedTimer t;
        t.start();
        const TestResponse r = client.get("/sse?count=2");  // the client accepts gzip
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(header(r, "content-type"), "text/event-stream; charset=utf-8");
        COMPARE_STR(header(r, "cache-control"), "no-cache");
        // Events are never compressed (they would be held back).
        QVERIFY(!r.headers.contains("content-encoding"));
        QVERIFY(!r.headers.contains("content-length"));
        QVERIFY2(kSseEvents.match(QString::fromStdString(r.text())).hasMatch(), r.text().c_str());
        QVERIFY(t.elapsed() >= 900);  // a second between events
        // Only whole numbers (std::stoul took "0x" as 0, an endless stream, and "-1" as 2^64-1).
        for (const char* bad : {"/sse?count=0x", "/sse?count=-1", "/sse?count=", "/sse?count=%202"}) {
            const TestResponse b = client.get(bad);
            QCOMPARE(b.status_code, 400);
            COMPARE_STR(b.text(), "'count' must be a whole number");
        }
    }

    void chat() {
        TestClient client(demo_app());
        auto a = client.websocket_connect("/ws/chat");
        COMPARE_JSON(a.receive_json(), R"({"from":"server","text":"guest-1 joined"})");
        {
            auto b = client.websocket_connect("/ws/chat");
            COMPARE_JSON(b.receive_json(), R"({"from":"server","text":"guest-2 joined"})");
            COMPARE_JSON(a.receive_json(), R"({"from":"server","text":"guest-2 joined"})");
            a.send_text("hello from a");
            COMPARE_JSON(a.receive_json(), R"({"from":"guest-1","text":"hello from a"})");
            COMPARE_JSON(b.receive_json(), R"({"from":"guest-1","text":"hello from a"})");
            b.send_text("hi from b");
            COMPARE_JSON(b.receive_json(), R"({"from":"guest-2","text":"hi from b"})");
            COMPARE_JSON(a.receive_json(), R"({"from":"guest-2","text":"hi from b"})");
            // The wire form: compact JSON, "from" first.
            a.send_text("order");
            COMPARE_STR(b.receive_text(), R"({"from":"guest-1","text":"order"})");
            COMPARE_STR(a.receive_text(), R"({"from":"guest-1","text":"order"})");
            b.close();
        }
        COMPARE_JSON(a.receive_json(), R"({"from":"server","text":"guest-2 left"})");
        a.close();
    }

    // ---- on the real server ------------------------------------------------------------

    void realServerWithHttpx() {
        RunningServer s(demo_app(), asgiscope::testing::test_config());
        QVERIFY(s.started());
        const QString script = QStringLiteral(
            "import httpx, json\n"
            "with httpx.Client(base_url='http://127.0.0.1:%1', timeout=10) as c:\n"
            "    print(c.get('/session').json()['count'], c.get('/session').json()['count'])\n"
            "    print(sorted(c.cookies.keys()))\n"
            "    r = c.get('/large')\n"
            "    print(r.headers['content-encoding'], r.headers['vary'], len(r.content), r.content == b'a' * 10000,\n"
            "          r.num_bytes_downloaded < 1000)\n"
            "    with c.stream('GET', '/stream', headers={'accept-encoding': 'identity'}) as r:\n"
            "        print(r.headers['transfer-encoding'], 'content-length' in r.headers, json.dumps(r.read().decode()))\n"
            "    r = c.get('/stream')\n"
            "    print(r.headers['transfer-encoding'], r.headers['content-encoding'], json.dumps(r.text))\n"
            "    r = c.post('/form', data={'name': 'Ada', 'tag': ['one', 'two']},\n"
            "               files={'upload': ('hello.txt', b'hello world', 'text/plain'),\n"
            "                      'blob': ('a.bin', bytes(3000))})\n"
            "    print(r.status_code, json.dumps(r.json(), sort_keys=True))\n"
            "    r = c.get('/redirect', follow_redirects=False)\n"
            "    print(r.status_code, r.headers['location'])\n"
            "    r = c.get('/teapot')\n"
            "    print(r.status_code, r.text)\n"
            "    r = c.get('/error')\n"
            "    print(r.status_code, r.text)\n"
            "    r = c.options('/plaintext', headers={'origin': 'http://example.com', 'access-control-request-method': 'GET'})\n"
            "    print(r.status_code, r.headers['access-control-allow-origin'])\n")
                                   .arg(s.port());
        auto r = run_process(python(), {"-c", script});
        QVERIFY2(r.finished && r.exit_code == 0, qPrintable(r.err));
        const QStringList expected = {
            "1 2",
            "['session']",
            "gzip Accept-Encoding 10000 True True",
            "chunked False \"chunk 0\\nchunk 1\\nchunk 2\\nchunk 3\\nchunk 4\\n\"",
            "chunked gzip \"chunk 0\\nchunk 1\\nchunk 2\\nchunk 3\\nchunk 4\\n\"",
            "200 {\"fields\": {\"name\": \"Ada\", \"tag\": \"two\"}, \"files\": {\"blob\": {\"content_type\": "
            "\"application/octet-stream\", \"filename\": \"a.bin\", \"size\": 3000}, \"upload\": {\"content_type\": "
            "\"text/plain\", \"filename\": \"hello.txt\", \"size\": 11}}}",
            "307 /plaintext",
            "418 I'm a Teapot",
            "500 Internal Server Error",
            "200 *",
        };
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), expected);
        QVERIFY2(s.log_contains("Application startup complete."), s.log_text().c_str());
    }

    void realServerWithWebsockets() {
        RunningServer s(demo_app(), asgiscope::testing::test_config());
        QVERIFY(s.started());
        const QString script = QStringLiteral(
            "import asyncio, json, websockets\n"
            "async def main():\n"
            "    base = 'ws://127.0.0.1:%1'\n"
            "    async with websockets.connect(base + '/ws/echo', open_timeout=10) as ws:\n"
            "        await ws.send('hello'); print(await ws.recv())\n"
            "        await ws.send(b'\\x00\\x01\\xff'); print(repr(await ws.recv()))\n"
            "    async with websockets.connect(base + '/ws/chat', open_timeout=10) as a:\n"
            "        print('a', await a.recv())\n"
            "        async with websockets.connect(base + '/ws/chat', open_timeout=10) as b:\n"
            "            print('b', await b.recv())\n"
            "            print('a', await a.recv())\n"
            "            await a.send('hello from a')\n"
            "            print('b', await b.recv())\n"
            "            print('a', await a.recv())\n"
            "            await b.send('hi from b')\n"
            "            print('a', await a.recv())\n"
            "            print('b', await b.recv())\n"
            "        print('a', await a.recv())\n"
            "        c = await websockets.connect(base + '/ws/chat', open_timeout=10)\n"
            "        print('c', await c.recv())\n"
            "        print('a', await a.recv())\n"
            "        c.transport.abort()\n"
            "        print('a', await a.recv())\n"
            "asyncio.run(asyncio.wait_for(main(), 20))\n")
                                   .arg(s.port());
        auto r = run_process(python(), {"-c", script});
        QVERIFY2(r.finished && r.exit_code == 0, qPrintable(r.err));
        const QStringList expected = {
            "hello",
            "b'\\x00\\x01\\xff'",
            "a {\"from\":\"server\",\"text\":\"guest-1 joined\"}",
            "b {\"from\":\"server\",\"text\":\"guest-2 joined\"}",
            "a {\"from\":\"server\",\"text\":\"guest-2 joined\"}",
            "b {\"from\":\"guest-1\",\"text\":\"hello from a\"}",
            "a {\"from\":\"guest-1\",\"text\":\"hello from a\"}",
            "a {\"from\":\"guest-2\",\"text\":\"hi from b\"}",
            "b {\"from\":\"guest-2\",\"text\":\"hi from b\"}",
            "a {\"from\":\"server\",\"text\":\"guest-2 left\"}",
            // A member that drops without a close frame leaves too.
            "c {\"from\":\"server\",\"text\":\"guest-3 joined\"}",
            "a {\"from\":\"server\",\"text\":\"guest-3 joined\"}",
            "a {\"from\":\"server\",\"text\":\"guest-3 left\"}",
        };
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), expected);
        QTRY_VERIFY(s.log_contains("\"WebSocket /ws/echo\" [accepted]"));
    }

    void realServerWithCurl() {
        RunningServer s(demo_app(), asgiscope::testing::test_config());
        QVERIFY(s.started());
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(s.port());

        auto large = curl({"-i", "--compressed", base + "/large"});
        QVERIFY2(large.exit_code == 0, qPrintable(large.err));
        QVERIFY(large.out.startsWith("HTTP/1.1 200 OK"));
        QVERIFY(large.out.contains("content-encoding: gzip"));
        QVERIFY(large.out.endsWith("\r\n\r\n" + QString(10000, 'a')));
        auto size = curl({"--compressed", "-o", "/dev/null", "-w", "%{size_download}", base + "/large"});
        QVERIFY(size.out.toInt() > 0 && size.out.toInt() < 1000);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath("hello.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("hello world");
        file.close();
        auto form = curl({"-F", "name=Ada", "-F", "upload=@" + file.fileName() + ";type=text/plain", base + "/form"});
        QVERIFY2(form.exit_code == 0, qPrintable(form.err));
        const QJsonObject parsed = QJsonDocument::fromJson(form.out.toUtf8()).object();
        QCOMPARE(parsed["fields"].toObject()["name"].toString(), QString("Ada"));
        const QJsonObject upload = parsed["files"].toObject()["upload"].toObject();
        QCOMPARE(upload["filename"].toString(), QString("hello.txt"));
        QCOMPARE(upload["size"].toInt(), 11);
        QCOMPARE(upload["content_type"].toString(), QString("text/plain"));

        auto sse = curl({"-N", "-i", base + "/sse?count=2"});
        QVERIFY2(sse.exit_code == 0, qPrintable(sse.err));
        QVERIFY(sse.out.contains("content-type: text/event-stream; charset=utf-8"));
        QVERIFY(sse.out.contains("transfer-encoding: chunked"));
        const QString events = sse.out.mid(sse.out.indexOf("\r\n\r\n") + 4);
        QVERIFY2(kSseEvents.match(events).hasMatch(), qPrintable(events));

        // Without a count the clock runs until the client goes; then the stream ends.
        auto cut = run_process("curl", {"-sS", "-N", "--max-time", "1.5", base + "/sse"}, std::chrono::seconds(20));
        QCOMPARE(cut.exit_code, 28);  // curl's timeout
        QVERIFY2(cut.out.startsWith("id: 0\ndata: ") && cut.out.contains("\n\nid: 1\ndata: "), qPrintable(cut.out));
        QTRY_VERIFY_WITH_TIMEOUT(s.log_contains("\"GET /sse HTTP/1.1\" 200"), 5000);
    }
};

QTEST_GUILESS_MAIN(TestDemoApp)
#include "test_demo_app.moc"
