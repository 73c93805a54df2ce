// Responses against Starlette's behaviour: headers, rendering, cookies, redirects, streaming,
// and each response driven as an ASGI app through the TestClient.
#include <asgiscope/web/responses.hpp>
#include <asgiscope/web/testclient.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

// The set-cookie values of a response, in order.
std::vector<std::string> setCookies(const Response& r) {
    std::vector<std::string> out;
    for (const auto& [k, v] : r.raw_headers)
        if (k == "set-cookie") out.push_back(v);
    return out;
}

bool matchesHttpDate(const std::string& s) {
    return QRegularExpression("^[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT$")
        .match(QString::fromStdString(s))
        .hasMatch();
}

std::string httpDate(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);  // C locale names
    return buf;
}

// An endpoint-like coroutine that builds its response inside the coroutine (the g++ 12
// pitfalls concern exactly this place).
awaitable<Response> makeInCoroutine() {
    asgi::Headers headers;
    headers.emplace_back("x-made", "inside");
    co_return PlainTextResponse("made in a coroutine", 201, std::move(headers));
}

}  // namespace

class TestResponses : public QObject {
    Q_OBJECT

private slots:
    void plainResponseHeaders() {
        const Response r("hello");
        QCOMPARE(r.status_code, 200);
        QVERIFY(r.raw_headers == (asgi::Headers{{"content-length", "5"}}));
        COMPARE_STR(r.body.view(), "hello");
        QVERIFY(!r.is_streaming());
    }

    void mediaTypesAndCharset() {
        COMPARE_STR(PlainTextResponse("x").headers()["content-type"], "text/plain; charset=utf-8");
        COMPARE_STR(HTMLResponse("<p>").headers()["content-type"], "text/html; charset=utf-8");
        COMPARE_STR(JSONResponse(nullptr).headers()["content-type"], "application/json");
        COMPARE_STR(Response("x", 200, {}, "image/png").headers()["content-type"], "image/png");
        // A text type that names its charset keeps it (Starlette 1.x).
        COMPARE_STR(Response("x", 200, {}, "text/csv; Charset=latin-1").headers()["content-type"],
                    "text/csv; Charset=latin-1");
        // Content-Length comes first, then Content-Type.
        QVERIFY(PlainTextResponse("ab").raw_headers ==
                (asgi::Headers{{"content-length", "2"}, {"content-type", "text/plain; charset=utf-8"}}));
    }

    void mediaTypeAccessor() {
        // The media type is the Content-Type without its parameters.
        QCOMPARE(PlainTextResponse("x").media_type(), std::optional<std::string_view>("text/plain"));
        QCOMPARE(JSONResponse(nullptr).media_type(), std::optional<std::string_view>("application/json"));
        QCOMPARE(Response("x", 200, {}, "text/csv ; Charset=latin-1").media_type(),
                 std::optional<std::string_view>("text/csv"));
        QVERIFY(!Response("x").media_type());
        // A given Content-Type header is what the response declares.
        QCOMPARE(JSONResponse(nullptr, 200, {{"Content-Type", "application/problem+json"}}).media_type(),
                 std::optional<std::string_view>("application/problem+json"));
        // A media type built at the call site is read before the temporary goes away.
        const Response built("x", 200, {}, std::string("image/") + "webp");
        COMPARE_STR(built.headers()["content-type"], "image/webp");
        const StreamingResponse stream([](StreamWriter) -> boost::asio::awaitable<void> { co_return; }, 200, {},
                                       std::string("text/") + "event-stream");
        COMPARE_STR(stream.headers()["content-type"], "text/event-stream; charset=utf-8");
    }

    void givenHeadersWin() {
        const Response r("abc", 200, {{"Content-Type", "application/x-mine"}, {"X-Extra", "1"}}, "text/plain");
        QVERIFY(r.raw_headers == (asgi::Headers{{"content-type", "application/x-mine"}, {"x-extra", "1"}, {"content-length", "3"}}));
        const Response own("abc", 200, {{"content-length", "99"}});
        QVERIFY(own.raw_headers == (asgi::Headers{{"content-length", "99"}}));
    }

    void noContentLengthWithoutBodyStatus() {
        for (int status : {100, 101, 204, 304}) QVERIFY2(!Response("", status).headers().contains("content-length"), "status");
        QVERIFY(Response("", 205).headers().contains("content-length"));
        QVERIFY(!Response("", 204, {}, "text/plain").headers().contains("content-length"));
    }

    void jsonRendersAsPython() {
        boost::json::value v = boost::json::parse(
            "{\"a\":\"\xc3\xa9\",\"b\":[1,2.5,null],\"c\":1e16,\"d\":2.0,\"e\":0.0001,\"f\":1.5e-5,"
            "\"g\":\"\\u0001\\\"\\\\\\n\\t\\u007f\",\"h\":true,\"i\":-0.0,\"j\":123456789.125,\"k\":1e15,"
            "\"l\":1.2345678901234567e-7,\"m\":-3,\"n\":18446744073709551615,\"o\":{},\"p\":[],"
            "\"q\":0.30000000000000004,\"r\":5e-324,\"s\":1.7976931348623157e308}");
        // Boost 1.81's parser may round a long mantissa 1 ulp off: set this one exactly.
        v.as_object()["l"] = 1.2345678901234567e-7;
        COMPARE_STR(JSONResponse::render(v),
                    "{\"a\":\"\xc3\xa9\",\"b\":[1,2.5,null],\"c\":1e+16,\"d\":2.0,\"e\":0.0001,\"f\":1.5e-05,"
                    "\"g\":\"\\u0001\\\"\\\\\\n\\t\x7f\",\"h\":true,\"i\":-0.0,\"j\":123456789.125,"
                    "\"k\":1000000000000000.0,\"l\":1.2345678901234566e-07,\"m\":-3,\"n\":18446744073709551615,"
                    "\"o\":{},\"p\":[],\"q\":0.30000000000000004,\"r\":5e-324,\"s\":1.7976931348623157e+308}");
        const JSONResponse r(boost::json::object{{"message", "Hello, world!"}});
        COMPARE_STR(r.body.view(), "{\"message\":\"Hello, world!\"}");
        COMPARE_STR(r.headers()["content-length"], "27");
    }

    void jsonRefusesNanAndRepairsText() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, JSONResponse(boost::json::value(std::nan(""))));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 JSONResponse(boost::json::array{1, std::numeric_limits<double>::infinity()}));
        COMPARE_STR(JSONResponse::render(boost::json::string("a\xff" "b")), "\"a\xef\xbf\xbd" "b\"");
    }

    void redirectQuotesLocation() {
        const RedirectResponse r("/a b/\xc3\xbc?x=1 2#f");
        QCOMPARE(r.status_code, 307);
        COMPARE_STR(r.headers()["location"], "/a%20b/%C3%BC?x=1%202#f");
        COMPARE_STR(r.headers()["content-length"], "0");
        QCOMPARE(RedirectResponse(URL("https://ex.org/"), 301).status_code, 301);
        COMPARE_STR(RedirectResponse("/x?a=[1]&b=$'()*+,;@!").headers()["location"], "/x?a=[1]&b=$'()*+,;@!");
    }

    void setCookieAsPython() {
        Response r("x");
        r.set_cookie("a", "b c", {.max_age = 10, .expires = std::int64_t(100), .domain = "ex.org", .secure = true,
                                  .httponly = true, .samesite = "strict"});
        r.set_cookie("e", "v;\"\\x\xc3\xa9");
        const auto fixed = std::chrono::sys_days(std::chrono::year(2024) / 3 / 1) + std::chrono::hours(12);
        r.set_cookie("f", "plain", {.expires = fixed, .path = std::nullopt, .samesite = std::nullopt});
        r.set_cookie("g", "a b", {.expires = std::string("Wed, 21 Oct 2015 07:28:00 GMT"), .domain = "", .samesite = "none"});
        r.set_cookie("h", "", {.max_age = -1, .httponly = true});
        r.set_cookie("i", "x,y=z{}[]()<>/?@ ", {.secure = true});
        r.set_cookie("j", "v", {.partitioned = true});
        const auto c = setCookies(r);
        QCOMPARE(c.size(), std::size_t(7));
        // a="b c"; Domain=ex.org; expires=<in 100 s>; HttpOnly; Max-Age=10; Path=/; SameSite=strict; Secure
        const std::string head = "a=\"b c\"; Domain=ex.org; expires=";
        QVERIFY2(c[0].starts_with(head), c[0].c_str());
        const std::string rest = c[0].substr(head.size());
        const auto semi = rest.find(';');
        QVERIFY2(matchesHttpDate(rest.substr(0, semi)), rest.c_str());
        COMPARE_STR(rest.substr(semi), "; HttpOnly; Max-Age=10; Path=/; SameSite=strict; Secure");
        COMPARE_STR(c[1], "e=\"v\\073\\\"\\\\x\\351\"; Path=/; SameSite=lax");
        COMPARE_STR(c[2], "f=plain; expires=Fri, 01 Mar 2024 12:00:00 GMT");
        COMPARE_STR(c[3], "g=\"a b\"; expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/; SameSite=none");
        COMPARE_STR(c[4], "h=\"\"; HttpOnly; Max-Age=-1; Path=/; SameSite=lax");
        COMPARE_STR(c[5], "i=\"x\\054y=z{}[]()<>/?@ \"; Path=/; SameSite=lax; Secure");
        COMPARE_STR(c[6], "j=v; Partitioned; Path=/; SameSite=lax");
    }

    void deleteCookieExpiresNow() {
        Response r;
        const auto before = std::chrono::system_clock::now();
        r.delete_cookie("d", {.domain = "ex.org", .secure = true});
        const std::string c = setCookies(r).at(0);
        const std::string head = "d=\"\"; Domain=ex.org; expires=";
        QVERIFY2(c.starts_with(head), c.c_str());
        const std::string date = c.substr(head.size(), c.find(';', head.size()) - head.size());
        COMPARE_STR(c.substr(head.size() + date.size()), "; Max-Age=0; Path=/; SameSite=lax; Secure");
        // "now": the time of the call, to the second.
        const auto after = std::chrono::system_clock::now();
        QVERIFY2(date == httpDate(before) || date == httpDate(after), date.c_str());
    }

    void badCookiesAreRefused() {
        Response r;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.set_cookie("bad key", "v"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.set_cookie("", "v"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.set_cookie("Path", "v"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.set_cookie("k", "v", {.samesite = "sometimes"}));
        r.set_cookie("k", "v", {.samesite = "Strict"});
        COMPARE_STR(setCookies(r).at(0), "k=v; Path=/; SameSite=Strict");
    }

    void responsesAreAsgiApps() {
        PlainTextResponse r("hello", 201, {{"x-a", "1"}});
        r.set_cookie("s", "1");
        TestClient client(r);
        for (int i = 0; i < 2; ++i) {  // callable repeatedly
            const TestResponse got = client.get("/anything");
            QCOMPARE(got.status_code, 201);
            COMPARE_STR(got.text(), "hello");
            QVERIFY(got.headers.raw() == (asgi::Headers{{"x-a", "1"}, {"content-length", "5"},
                                                         {"content-type", "text/plain; charset=utf-8"},
                                                         {"set-cookie", "s=1; Path=/; SameSite=lax"}}));
        }
        // HEAD: same headers, no body.
        const TestResponse head = client.head("/");
        COMPARE_STR(head.headers["content-length"], "5");
        QVERIFY(head.content.empty());
    }

    void jsonThroughClient() {
        TestClient client(JSONResponse(boost::json::object{{"id", 7}, {"tags", boost::json::array{"a"}}}));
        const TestResponse got = client.get("/");
        COMPARE_STR(got.text(), "{\"id\":7,\"tags\":[\"a\"]}");
        QCOMPARE(got.json().at("id").as_int64(), std::int64_t(7));
    }

    void redirectThroughClient() {
        TestClient client(RedirectResponse("/next"));
        const TestResponse got = client.get("/start", {.follow_redirects = false});
        QCOMPARE(got.status_code, 307);
        COMPARE_STR(got.headers["location"], "/next");
    }

    void streamingSendsChunks() {
        StreamingResponse r(
            [](StreamWriter write) -> awaitable<void> {
                for (int i = 0; i < 5; ++i) co_await write("chunk " + std::to_string(i) + "\n");
                co_await write(asgi::Bytes::from_static("end"));
            },
            200, {}, "text/plain");
        QVERIFY(r.is_streaming());
        QVERIFY(!r.headers().contains("content-length"));
        COMPARE_STR(r.headers()["content-type"], "text/plain; charset=utf-8");

        // Record the messages the response sends.
        std::vector<std::string> seen;
        asgi::App recorder = [&](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            asgi::Send spy = [&seen, send](asgi::Message m) -> awaitable<void> {
                if (auto* b = std::get_if<asgi::HttpResponseBody>(&m))
                    seen.push_back(b->body.str() + (b->more_body ? "|more" : "|last"));
                co_await send(std::move(m));
            };
            co_await r(scope, std::move(receive), std::move(spy));
        };
        TestClient client(recorder);
        const TestResponse got = client.get("/");
        COMPARE_STR(got.text(), "chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\nend");
        QVERIFY(!got.headers.contains("content-length"));
        QCOMPARE(seen.size(), std::size_t(7));
        COMPARE_STR(seen[0], "chunk 0\n|more");
        COMPARE_STR(seen[5], "end|more");
        COMPARE_STR(seen[6], "|last");
    }

    void streamingErrorPropagates() {
        StreamingResponse r([](StreamWriter write) -> awaitable<void> {
            co_await write(std::string("partial"));
            throw std::runtime_error("generator failed");
        });
        TestClient client(r);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, client.get("/"));
    }

    void builtInsideCoroutine() {
        asgi::App app = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            Response response = co_await makeInCoroutine();
            co_await response(scope, std::move(receive), std::move(send));
        };
        TestClient client(app);
        const TestResponse got = client.get("/");
        QCOMPARE(got.status_code, 201);
        COMPARE_STR(got.headers["x-made"], "inside");
        COMPARE_STR(got.text(), "made in a coroutine");
    }
};

QTEST_APPLESS_MAIN(TestResponses)
#include "test_responses.moc"
