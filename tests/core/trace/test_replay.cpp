// Replay (core/trace/replay.hpp): comparing answers, replaying against a live asgiscope server
// (unchanged, changed, refusing connections, slow), a WebSocket echo session, in-process
// replay agreeing with live replay, progress and cancellation, and a live replay against an
// independent server (Python's http.server).
#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include <thread>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "../web/web_test.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using trace::Exchange;
using trace::ReplayOutcome;

namespace {

namespace json = boost::json;

// ---- the app, version 1 and version 2 (one route changed, one body value changed) ----------

awaitable<Response> hello(Request&) {
    co_return PlainTextResponse("Hello, world!");
}
awaitable<Response> hello_v2(Request&) {
    co_return PlainTextResponse("Hello, world!\nand more\n", 200);
}

awaitable<Response> user(Request& request) {
    json::object body;
    body["id"] = request.path_param<std::int64_t>("id");
    body["x"] = std::string(request.query_params().get("x").value_or(""));
    body["host"] = std::string(request.headers().get("host").value_or(""));
    co_return JSONResponse(body);
}

awaitable<Response> user_v2(Request& request) {
    json::object body;
    body["id"] = request.path_param<std::int64_t>("id");
    body["x"] = "changed";
    body["host"] = std::string(request.headers().get("host").value_or(""));
    co_return JSONResponse(body);
}

awaitable<Response> echo(Request& request) {
    const asgi::Bytes body = co_await request.body();
    std::string text = request.method() + " " + body.str();
    if (auto t = request.headers().get("x-token")) text += " token=" + std::string(*t);
    co_return PlainTextResponse(text);
}

awaitable<Response> cookie(Request&) {
    Response r = PlainTextResponse("cookie");
    r.set_cookie("session", "value-" + std::to_string(std::rand()),
                 {.path = "/", .httponly = true});
    co_return r;
}

awaitable<Response> slow(Request&) {
    co_await testing::sleep_for(std::chrono::milliseconds(3000));
    co_return PlainTextResponse("late");
}

awaitable<void> ws_echo(WebSocket& ws) {
    co_await ws.accept();
    while (auto text = co_await ws.next_text()) co_await ws.send_text("echo: " + *text);
}

awaitable<void> ws_shout(WebSocket& ws) {
    co_await ws.accept();
    while (auto text = co_await ws.next_text()) {
        std::string upper = *text;
        for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
        co_await ws.send_text("echo: " + upper);
    }
}

Starlette make_app(bool v2) {
    return Starlette({.routes = {
                          Route("/hello", v2 ? Endpoint(hello_v2) : Endpoint(hello)),
                          Route("/users/{id:int}", v2 ? Endpoint(user_v2) : Endpoint(user)),
                          Route("/echo", echo, {.methods = {"POST", "PUT"}}),
                          Route("/cookie", cookie),
                          Route("/slow", slow),
                          WebSocketRoute("/ws", v2 ? WebSocketEndpointFunction(ws_shout)
                                                   : WebSocketEndpointFunction(ws_echo)),
                      }});
}

// ---- recordings ------------------------------------------------------------------------

trace::ResponseRecord response(int status, std::string content_type, std::string body) {
    trace::ResponseRecord r;
    r.status = status;
    r.headers = {{"content-type", std::move(content_type)},
                 {"content-length", std::to_string(body.size())}};
    r.body_size = body.size();
    r.body = asgi::Bytes(std::move(body));
    return r;
}

Exchange http(std::string method, std::string url, trace::ResponseRecord answer,
              std::string body = {}, asgi::Headers headers = {}) {
    Exchange e;
    e.request.method = std::move(method);
    e.request.url = std::move(url);
    e.request.headers = std::move(headers);
    e.request.body = asgi::Bytes(std::move(body));
    e.response = std::move(answer);
    return e;
}

trace::WebSocketFrame frame(bool from_client, std::string text) {
    trace::WebSocketFrame f;
    f.from_client = from_client;
    f.text = true;
    f.size = text.size();
    f.data = asgi::Bytes(std::move(text));
    return f;
}

Exchange ws_session() {
    Exchange e;
    e.kind = trace::TraceKind::websocket;
    e.request.url = "ws://recorded.example:8000/ws";
    trace::ResponseRecord accepted;
    accepted.status = 101;
    e.response = accepted;
    e.frames = {frame(true, "hi"), frame(false, "echo: hi"), frame(true, "bye"),
                frame(false, "echo: bye")};
    e.close_code = 1000;
    return e;
}

/// What app version 1 answers, written by hand (recorded from another host: replay must
/// send the path and query to the target and set Host itself).
std::vector<Exchange> recordings(std::uint16_t port) {
    const std::string host = "127.0.0.1:" + std::to_string(port);
    return {
        http("GET", "http://recorded.example:8000/hello",
             response(200, "text/plain; charset=utf-8", "Hello, world!")),
        http("GET", "http://recorded.example:8000/users/7?x=1",
             response(200, "application/json",
                      "{\"host\": \"" + host + "\", \"x\": \"1\", \"id\": 7}")),
        http("POST", "/echo",
             response(200, "text/plain; charset=utf-8", "POST some body token=abc"), "some body",
             {{"X-Token", "abc"},
              {"Connection", "keep-alive"},
              {"Content-Length", "999"},
              {"Host", "elsewhere"}}),
        http("GET", "http://recorded.example:8000/nothing-here",
             response(404, "text/plain; charset=utf-8", "Not Found")),
        ws_session(),
    };
}

trace::ReplayOptions live_options(std::uint16_t port) {
    trace::ReplayOptions o;
    o.target = "http://127.0.0.1:" + std::to_string(port);
    o.timeout = std::chrono::seconds(10);
    return o;
}

std::string lines(const trace::ReplayResult& r) {
    std::string out = std::string(trace::to_string(r.outcome)) + " " + r.error;
    for (const auto& d : r.differences) out += " | " + d;
    for (const auto& n : r.notes) out += " | note: " + n;
    return out;
}

bool has_line(const std::vector<std::string>& lines, const std::string& text) {
    for (const auto& l : lines)
        if (l.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

class TestReplay : public QObject {
    Q_OBJECT
private slots:
    void compareStatusHeadersAndBodies() {
        Exchange recorded =
            http("GET", "/", response(200, "text/plain", "line one\nline two\nline three\n"));
        recorded.response->headers.emplace_back("date", "Mon, 01 Jan 2024 00:00:00 GMT");
        recorded.response->headers.emplace_back("x-version", "1");
        Exchange replayed =
            http("GET", "/", response(404, "application/json", "line one\nline 2\nline three\n"));
        replayed.response->headers.emplace_back("date", "Tue, 02 Jan 2024 00:00:00 GMT");
        replayed.response->headers.emplace_back("server", "asgiscope");
        trace::ReplayResult r;
        trace::compare_exchanges(recorded, replayed, {}, r);
        QCOMPARE(r.outcome, ReplayOutcome::different);
        QVERIFY2(has_line(r.differences, "status: 200 -> 404"), lines(r).c_str());
        QVERIFY2(has_line(r.differences, "header content-type: text/plain -> application/json"),
                 lines(r).c_str());
        QVERIFY2(has_line(r.differences, "header x-version: 1 -> (absent)"), lines(r).c_str());
        QVERIFY2(has_line(r.differences,
                          "body: differs at byte 14 ('two\\nline thr' -> '2\\nline three')"),
                 lines(r).c_str());
        // Volatile headers (date, server) and content-length are ignored by default.
        QVERIFY2(!has_line(r.differences, "date") && !has_line(r.differences, "server") &&
                     !has_line(r.differences, "content-length"),
                 lines(r).c_str());
        QVERIFY2(r.body_diff.find("-line two\n+line 2\n") != std::string::npos,
                 r.body_diff.c_str());
        QVERIFY2(r.body_diff.find(" line one\n") != std::string::npos, r.body_diff.c_str());

        // With an empty ignore list, date and server are compared too.
        trace::CompareOptions strict;
        strict.ignore_headers.clear();
        trace::ReplayResult s;
        trace::compare_exchanges(recorded, replayed, strict, s);
        QVERIFY2(has_line(s.differences,
                          "header date: Mon, 01 Jan 2024 00:00:00 GMT -> Tue, 02 Jan 2024"),
                 lines(s).c_str());
        QVERIFY2(has_line(s.differences, "header server: (absent) -> asgiscope"), lines(s).c_str());

        // A custom ignore list, any case.
        trace::CompareOptions custom;
        custom.ignore_headers = {"Content-Type", "X-Version", "date", "server", "content-length"};
        trace::ReplayResult c;
        trace::compare_exchanges(recorded, replayed, custom, c);
        QVERIFY2(!has_line(c.differences, "header"), lines(c).c_str());
    }

    void compareJsonByValue() {
        const Exchange recorded =
            http("GET", "/",
                 response(200, "application/json", "{\"a\": 1, \"b\": [1, 2, {\"c\": \"x\"}]}"));
        const Exchange reordered = http(
            "GET", "/", response(200, "application/json", "{\"b\":[1,2,{\"c\":\"x\"}],\"a\":1.0}"));
        trace::ReplayResult same;
        trace::compare_exchanges(recorded, reordered, {}, same);
        QVERIFY2(same.outcome == ReplayOutcome::same, lines(same).c_str());
        QVERIFY2(has_line(same.notes, "the same JSON written differently"), lines(same).c_str());

        const Exchange changed = http(
            "GET", "/", response(200, "application/json", "{\"a\":1,\"b\":[1,2,{\"c\":\"y\"}]}"));
        trace::ReplayResult d;
        trace::compare_exchanges(recorded, changed, {}, d);
        QCOMPARE(d.outcome, ReplayOutcome::different);
        QVERIFY2(has_line(d.differences, "body: JSON differs at $.b[2].c: \"x\" -> \"y\""),
                 lines(d).c_str());

        // JSON-aware off: bytes.
        trace::CompareOptions bytes;
        bytes.json_aware = false;
        trace::ReplayResult b;
        trace::compare_exchanges(recorded, reordered, bytes, b);
        QCOMPARE(b.outcome, ReplayOutcome::different);
        QVERIFY2(
            has_line(
                b.differences,
                "body: differs at byte 2 ('a\": 1, \"b\": ' -> 'b\":[1,2,{\"c\"'), 33 -> 29 bytes"),
            lines(b).c_str());
    }

    void compareTruncatedRecordingAndCookies() {
        Exchange recorded = http("GET", "/", response(200, "text/plain", std::string(100, 'x')));
        recorded.response->body_size = 1000;  // the recording kept the first 100 of 1000 bytes
        trace::ReplayResult prefix;
        trace::compare_exchanges(
            recorded, http("GET", "/", response(200, "text/plain", std::string(1000, 'x'))), {},
            prefix);
        QVERIFY2(prefix.outcome == ReplayOutcome::same, lines(prefix).c_str());
        QVERIFY2(
            has_line(
                prefix.notes,
                "the recorded body was cut at 100 of 1000 bytes: compared the first 100 bytes"),
            lines(prefix).c_str());
        trace::ReplayResult shorter;
        trace::compare_exchanges(
            recorded, http("GET", "/", response(200, "text/plain", std::string(50, 'x') + "y")), {},
            shorter);
        QVERIFY2(has_line(shorter.differences, "body size: 1000 -> 51 bytes"),
                 lines(shorter).c_str());
        QVERIFY2(has_line(shorter.differences, "body: differs at byte 50"), lines(shorter).c_str());

        Exchange a = http("GET", "/", response(200, "text/plain", "x"));
        Exchange b = a;
        a.response->headers.emplace_back("set-cookie", "session=abc; Path=/; HttpOnly");
        b.response->headers.emplace_back("set-cookie", "session=xyz; Path=/; HttpOnly");
        trace::ReplayResult values;
        trace::compare_exchanges(a, b, {}, values);
        QVERIFY2(values.outcome == ReplayOutcome::same, lines(values).c_str());
        b.response->headers.back().second = "session=xyz; Path=/";
        trace::ReplayResult attributes;
        trace::compare_exchanges(a, b, {}, attributes);
        QVERIFY2(
            has_line(
                attributes.differences,
                "header set-cookie: session=<value>; Path=/; HttpOnly -> session=<value>; Path=/"),
            lines(attributes).c_str());
    }

    void liveAgainstUnchangedServer() {
        testing::RunningServer server(make_app(false), testing::test_config());
        QVERIFY(server.started());
        std::vector<std::pair<std::size_t, std::size_t>> progress;
        trace::ReplayOptions options = live_options(server.port());
        options.on_progress = [&](std::size_t done, std::size_t total) {
            progress.emplace_back(done, total);
        };
        const auto exchanges = recordings(server.port());
        const trace::ReplayReport report = trace::replay(exchanges, options);
        QCOMPARE(report.results.size(), exchanges.size());
        for (const auto& r : report.results)
            QVERIFY2(r.outcome == ReplayOutcome::same, lines(r).c_str());
        QVERIFY(report.all_same());
        QCOMPARE(report.summary(), std::string("5 exchanges: 5 same, 0 different, 0 errors"));
        QCOMPARE(progress.size(), exchanges.size());
        QCOMPARE(progress.back(), std::make_pair(std::size_t(5), std::size_t(5)));
        // What went out: the path and query on the target, Host set to the target.
        COMPARE_STR(report.results[1].replayed.request.url,
                    "http://127.0.0.1:" + std::to_string(server.port()) + "/users/7?x=1");
        // The live server added date and server headers the recording does not have.
        QVERIFY(
            asgi::find_header(report.results[0].replayed.response->headers, "date").has_value());
        // The WebSocket session went both ways.
        const Exchange& ws = report.results[4].replayed;
        QCOMPARE(ws.frames.size(), std::size_t(4));
        COMPARE_STR(ws.frames[3].data.view(), "echo: bye");
        QVERIFY(!ws.frames[3].from_client);
    }

    void liveAgainstChangedServer() {
        testing::RunningServer server(make_app(true), testing::test_config());
        QVERIFY(server.started());
        const trace::ReplayReport report =
            trace::replay(recordings(server.port()), live_options(server.port()));
        QCOMPARE(report.same, std::size_t(2));  // /echo and the 404
        QCOMPARE(report.different, std::size_t(3));
        QVERIFY(!report.all_same());
        const auto& hello = report.results[0];
        QVERIFY2(has_line(hello.differences, "body: differs at byte 13"), lines(hello).c_str());
        QVERIFY2(hello.body_diff.find("+and more") != std::string::npos, hello.body_diff.c_str());
        const auto& user = report.results[1];
        QVERIFY2(has_line(user.differences, "body: JSON differs at $.x: \"1\" -> \"changed\""),
                 lines(user).c_str());
        const auto& ws = report.results[4];
        QVERIFY2(has_line(ws.differences, "server message 1: differs at byte 6 ('hi' -> 'HI')"),
                 lines(ws).c_str());
        QVERIFY2(has_line(ws.differences, "server message 2"), lines(ws).c_str());
    }

    void volatileHeadersAreIgnoredUnlessAsked() {
        testing::RunningServer server(make_app(false), testing::test_config());
        QVERIFY(server.started());
        std::vector<Exchange> one = {recordings(server.port())[0]};
        QVERIFY(trace::replay(one, live_options(server.port())).all_same());
        trace::ReplayOptions strict = live_options(server.port());
        strict.compare.ignore_headers = {"content-length"};
        const auto report = trace::replay(one, strict);
        QCOMPARE(report.different, std::size_t(1));
        QVERIFY2(has_line(report.results[0].differences, "header date: (absent) -> "),
                 lines(report.results[0]).c_str());
        QVERIFY2(has_line(report.results[0].differences, "header server: (absent) -> "),
                 lines(report.results[0]).c_str());
        // A session cookie's value changes every time; its name and attributes do not.
        const std::vector<Exchange> cookie = {
            http("GET", "/cookie", response(200, "text/plain; charset=utf-8", "cookie"))};
        Exchange recorded = cookie[0];
        recorded.response->headers.emplace_back("set-cookie",
                                                "session=value-1; HttpOnly; Path=/; SameSite=lax");
        const auto cookies = trace::replay({recorded}, live_options(server.port()));
        QVERIFY2(cookies.all_same(), lines(cookies.results[0]).c_str());
    }

    void connectionRefusedIsPerExchange() {
        const std::uint16_t port = testing::free_port();  // nothing listens there
        trace::ReplayOptions options = live_options(port);
        const auto report = trace::replay(recordings(port), options);
        QCOMPARE(report.results.size(), std::size_t(5));
        QCOMPARE(report.errors, std::size_t(5));
        for (const auto& r : report.results) {
            QCOMPARE(r.outcome, ReplayOutcome::error);
            QVERIFY2(r.error == "connection refused to 127.0.0.1:" + std::to_string(port),
                     r.error.c_str());
        }
        QCOMPARE(report.summary(), std::string("5 exchanges: 0 same, 0 different, 5 errors"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 trace::replay({}, trace::ReplayOptions{.target = "ftp://x"}));
    }

    void badRecordingsAreErrorsAndOddUrlsAreEncoded() {
        testing::RunningServer server(make_app(false), testing::test_config());
        QVERIFY(server.started());
        const std::string host = "127.0.0.1:" + std::to_string(server.port());
        std::vector<Exchange> exchanges = {
            http("GET", "/hello", response(200, "text/plain; charset=utf-8", "Hello, world!"), "",
                 {{"x-injected", "a\r\nx-evil: 1"}}),
            http("G ET", "/hello", response(200, "text/plain; charset=utf-8", "Hello, world!")),
            // A space and a non-ASCII character where a request line cannot carry them.
            http("GET", "/users/7?x=a b\xc3\xa9",
                 response(200, "application/json",
                          "{\"id\":7,\"x\":\"a b\xc3\xa9\",\"host\":\"" + host + "\"}")),
        };
        const auto live = trace::replay(exchanges, live_options(server.port()));
        const auto local =
            trace::replay_in_process(exchanges, make_app(false), live_options(server.port()));
        for (const auto* report : {&live, &local}) {
            QCOMPARE(report->results[0].outcome, ReplayOutcome::error);
            COMPARE_STR(report->results[0].error,
                        "the recorded header 'x-injected' has a line break or NUL in its value");
            QCOMPARE(report->results[1].outcome, ReplayOutcome::error);
            COMPARE_STR(report->results[1].error,
                        "the recorded method 'G ET' is not an HTTP method");
            QVERIFY2(report->results[2].outcome == ReplayOutcome::same,
                     lines(report->results[2]).c_str());
        }
        COMPARE_STR(live.results[2].replayed.request.url,
                    "http://" + host + "/users/7?x=a%20b%C3%A9");
    }

    void timeoutAndCancellation() {
        testing::RunningServer server(make_app(false), testing::test_config());
        QVERIFY(server.started());
        trace::ReplayOptions options = live_options(server.port());
        options.timeout = std::chrono::milliseconds(300);
        std::vector<Exchange> exchanges = {
            http("GET", "/slow", response(200, "text/plain", "late")),
            recordings(server.port())[0]};
        QElapsedTimer t;
        t.start();
        auto report = trace::replay(exchanges, options);
        QVERIFY(t.elapsed() < 2500);
        QCOMPARE(report.results[0].outcome, ReplayOutcome::error);
        COMPARE_STR(report.results[0].error, "timed out after 300 ms");
        QCOMPARE(report.results[1].outcome, ReplayOutcome::same);

        // Cancelled after the first exchange: the rest are not replayed.
        options.timeout = std::chrono::seconds(10);
        options.cancel = std::make_shared<std::atomic<bool>>(false);
        options.on_progress = [&](std::size_t, std::size_t) { options.cancel->store(true); };
        report = trace::replay(recordings(server.port()), options);
        QCOMPARE(report.same, std::size_t(1));
        QCOMPARE(report.skipped, std::size_t(4));
        QVERIFY(report.cancelled);
        QVERIFY2(report.summary().find("4 not replayed (cancelled)") != std::string::npos,
                 report.summary().c_str());

        // Cancelled while an exchange is under way (/slow answers after 3 s): that exchange is
        // abandoned at once and reported, with the rest, as not replayed.
        options.on_progress = nullptr;
        options.cancel->store(false);
        std::vector<Exchange> slow_first = {http("GET", "/slow", response(200, "text/plain", "late")),
                                            recordings(server.port())[0]};
        std::thread canceller([cancel = options.cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel->store(true);
        });
        t.restart();
        report = trace::replay(slow_first, options);
        const qint64 took = t.elapsed();
        canceller.join();
        QVERIFY2(took < 1500, qPrintable(QString::number(took)));  // not the 3 s of /slow
        QVERIFY(report.cancelled);
        QCOMPARE(report.results[0].outcome, ReplayOutcome::skipped);
        QCOMPARE(report.results[1].outcome, ReplayOutcome::skipped);
        QCOMPARE(report.skipped, std::size_t(2));
    }

    void inProcessEqualsLive() {
        const Starlette v1 = make_app(false);
        const Starlette v2 = make_app(true);
        for (const Starlette& app : {v1, v2}) {
            testing::RunningServer server(app, testing::test_config());
            QVERIFY(server.started());
            // The target gives both the same Host, so /users/7 answers the same.
            const auto exchanges = recordings(server.port());
            const auto live = trace::replay(exchanges, live_options(server.port()));
            const auto local =
                trace::replay_in_process(exchanges, app, live_options(server.port()));
            QCOMPARE(local.results.size(), live.results.size());
            for (std::size_t i = 0; i < live.results.size(); ++i) {
                const auto& a = live.results[i];
                const auto& b = local.results[i];
                QVERIFY2(a.outcome == b.outcome, (lines(a) + " vs " + lines(b)).c_str());
                QVERIFY2(a.differences == b.differences, (lines(a) + " vs " + lines(b)).c_str());
                QCOMPARE(a.replayed.response->status, b.replayed.response->status);
                COMPARE_STR(a.replayed.response->body.view(), b.replayed.response->body.view());
                QCOMPARE(a.replayed.frames.size(), b.replayed.frames.size());
            }
            // In-process, the server's own headers are absent; the app's are the same.
            QVERIFY(!asgi::find_header(local.results[0].replayed.response->headers, "date"));
        }
    }

    void recordedFromTracesOfATracedServer() {
        // Record: a traced server, curl as the client; the traces become Exchanges.
        auto hub = std::make_shared<trace::TraceHub>();
        Starlette recorded_app = make_app(false);
        recorded_app.set_tracer(std::make_shared<trace::Tracer>(hub));
        std::vector<Exchange> exchanges;
        {
            testing::RunningServer server(recorded_app, testing::test_config());
            QVERIFY(server.started());
            const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
            for (const QStringList& args :
                 {QStringList{base + "/hello"}, QStringList{base + "/users/7?x=1"},
                  QStringList{"-H", "x-token: abc", "--data-raw", "traced body", base + "/echo"},
                  QStringList{base + "/nothing-here"}}) {
                const auto r =
                    testing::run_process("curl", QStringList{"-sS", "--max-time", "10"} + args);
                QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            }
            QTRY_COMPARE(hub->snapshot().size(), std::size_t(4));
            for (const auto& t : hub->snapshot())
                if (auto e = trace::exchange_from_trace(*t)) exchanges.push_back(std::move(*e));
        }
        QCOMPARE(exchanges.size(), std::size_t(4));
        COMPARE_STR(exchanges[2].request.body.view(), "traced body");

        // Replay: against the same app on another port nothing differs, but for /users/7, which
        // echoes the Host header: replay sends the target's.
        testing::RunningServer same(make_app(false), testing::test_config());
        QVERIFY(same.started());
        const auto unchanged = trace::replay(exchanges, live_options(same.port()));
        for (std::size_t i : {0, 2, 3})
            QVERIFY2(unchanged.results[i].outcome == ReplayOutcome::same,
                     lines(unchanged.results[i]).c_str());
        QVERIFY2(has_line(unchanged.results[1].differences,
                          "body: JSON differs at $.host: \"127.0.0.1:"),
                 lines(unchanged.results[1]).c_str());
        QVERIFY2(has_line(unchanged.results[1].differences,
                          "\" -> \"127.0.0.1:" + std::to_string(same.port()) + "\""),
                 lines(unchanged.results[1]).c_str());
        // ...in-process (the recorded URL's host) nothing at all...
        const auto local = trace::replay_in_process(exchanges, make_app(false), {});
        for (const auto& r : local.results)
            QVERIFY2(r.outcome == ReplayOutcome::same, lines(r).c_str());
        // ...and against version 2 the two changed routes do.
        testing::RunningServer changed(make_app(true), testing::test_config());
        QVERIFY(changed.started());
        const auto report = trace::replay(exchanges, live_options(changed.port()));
        QCOMPARE(report.different, std::size_t(2));
        QVERIFY2(has_line(report.results[0].differences, "body: differs at byte 13"),
                 lines(report.results[0]).c_str());
        QCOMPARE(report.results[1].outcome, ReplayOutcome::different);
    }

    void inProcessRunsTheLifespan() {
        auto started = std::make_shared<bool>(false);
        Starlette app({.routes = {Route("/state",
                                        [](Request& request) -> awaitable<Response> {
                                            co_return PlainTextResponse(
                                                request.state().get<std::string>("db"));
                                        })},
                       .lifespan = [started](LifespanContext& lifespan) -> awaitable<void> {
                           *started = true;
                           asgi::State state;
                           state["db"] = std::string("connected");
                           co_await lifespan.serve(state);
                       }});
        const auto report = trace::replay_in_process(
            {http("GET", "/state", response(200, "text/plain; charset=utf-8", "connected"))}, app,
            {});
        QVERIFY(*started);
        QVERIFY2(report.all_same(), lines(report.results[0]).c_str());
    }

    void liveAgainstPythonHttpServer() {
        // An independent server: Python's http.server serving a directory.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath("data.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("served by python\n");
        file.close();
        const std::uint16_t port = testing::free_port();
        QProcess python;
        python.setWorkingDirectory(dir.path());
        python.start(testing::python(),
                     {"-m", "http.server", "--bind", "127.0.0.1", QString::number(port)});
        QVERIFY(python.waitForStarted());
        std::vector<Exchange> exchanges = {
            http("GET", "/data.txt", response(200, "text/plain", "served by python\n")),
            http("GET", "/missing.txt", response(404, "text/html;charset=utf-8", "")),
        };
        trace::ReplayOptions options = live_options(port);
        options.compare.ignore_headers.push_back("last-modified");
        options.compare.ignore_headers.push_back("content-type");
        trace::ReplayReport report;
        for (int attempt = 0; attempt < 100; ++attempt) {  // until it listens
            report = trace::replay(exchanges, options);
            if (report.errors == 0) break;
            QTest::qWait(50);
        }
        python.kill();
        python.waitForFinished();
        QVERIFY2(report.results[0].outcome == ReplayOutcome::same,
                 lines(report.results[0]).c_str());
        QCOMPARE(report.results[1].replayed.response->status, 404);
        QVERIFY2(has_line(report.results[1].differences, "body: differs at byte 0"),
                 lines(report.results[1]).c_str());
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "test_replay.moc"
