// The HTTP/1.1 server on well-formed traffic, over real sockets on 127.0.0.1: curl and httpx,
// keep-alive, pipelining, streamed request bodies, back-pressure, Expect: 100-continue,
// chunked and HEAD responses, http.disconnect, slow clients, timeouts and the headers and
// scope keys that settings control.
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include <atomic>

#include "demo_app.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using testing::RawClient;
using testing::Recorder;
using testing::RunningServer;

namespace {

std::string get(const std::string& path, const std::string& extra = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}

constexpr auto& config = testing::test_config_without_lifespan;

QString base_url(const RunningServer& s) {
    return QStringLiteral("http://127.0.0.1:%1").arg(s.port());
}

/// An app that records every received message and answers with the body it got.
asgi::App recording_echo(Recorder& rec) {
    return [&rec](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
        std::string body;
        for (;;) {
            auto message = co_await receive();
            rec.add(testing::describe(message));
            auto* request = std::get_if<asgi::HttpRequest>(&message);
            if (!request) co_return;
            body += request->body.view();
            if (!request->more_body) break;
        }
        co_await testing::respond(send, 200, body);
    };
}

bool no_errors_logged(const RunningServer& s) { return !s.log_contains("ERROR:"); }

}  // namespace

class TestHttpServer : public QObject {
    Q_OBJECT
private slots:
    // ---- Real clients -------------------------------------------------------------------

    void curl_plaintext_and_json() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        auto r = testing::run_process(
            "curl", {"-s", "-i", "--noproxy", "*", "--max-time", "10", base_url(s) + "/plaintext"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.startsWith("HTTP/1.1 200 OK\r\n"), qPrintable(r.out));
        QVERIFY(r.out.contains("content-type: text/plain; charset=utf-8\r\n", Qt::CaseInsensitive));
        QVERIFY(r.out.contains("content-length: 13\r\n", Qt::CaseInsensitive));
        QVERIFY(r.out.endsWith("\r\n\r\nHello, world!"));

        // Two URLs in one curl run: the second reuses the kept-alive connection.
        r = testing::run_process("curl", {"-s", "-v", "--noproxy", "*", "--max-time", "10",
                                          base_url(s) + "/json", base_url(s) + "/plaintext"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QString(R"({"message":"Hello, world!"}Hello, world!)"));
        QVERIFY2(r.err.contains("Re-using existing connection"), qPrintable(r.err));
        QVERIFY(r.err.contains("content-type: application/json", Qt::CaseInsensitive));
        QVERIFY(no_errors_logged(s));
    }

    void curl_chunked_upload_with_expect_continue() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        QByteArray payload(200000, 'q');
        auto r = testing::run_process(
            "curl", {"-s", "-v", "--noproxy", "*", "--max-time", "10", "-H",
                     "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                     "--expect100-timeout", "5", "--data-binary", "@-", base_url(s) + "/echo"},
            10s, payload);
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.contains("HTTP/1.1 100 Continue"), qPrintable(r.err));
        QCOMPARE(r.out.size(), payload.size());
        QCOMPARE(r.out.toLatin1(), payload);
    }

    void httpx_plaintext_json_and_bodies() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        const char* script = R"(
import json, sys, httpx
base = sys.argv[1]
with httpx.Client(trust_env=False, timeout=10) as c:
    r = c.get(base + "/plaintext")
    print(r.status_code, r.http_version, r.headers["content-type"], r.text)
    r = c.get(base + "/json")
    print(r.status_code, r.headers["content-type"], json.dumps(r.json()))
    r = c.post(base + "/echo", content=b"x" * 300000)
    print(r.status_code, len(r.content), r.content == b"x" * 300000)
    def parts():
        for i in range(3):
            yield b"part%d;" % i
    r = c.post(base + "/echo", content=parts())
    print(r.status_code, r.headers.get("transfer-encoding"), r.text)
    r = c.get(base + "/stream", params={"n": "2"})
    print(r.status_code, r.headers.get("transfer-encoding"), repr(r.text))
)";
        auto r = testing::run_process(testing::python(), {"-c", script, base_url(s)}, 30s);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        auto lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0], QString("200 HTTP/1.1 text/plain; charset=utf-8 Hello, world!"));
        QCOMPARE(lines[1], QString(R"(200 application/json {"message": "Hello, world!"})"));
        QCOMPARE(lines[2], QString("200 300000 True"));
        // The demo's /echo reads the whole body, then answers with a Content-Length (as Starlette's
        // Response(await request.body()) does).
        QCOMPARE(lines[3], QString("200 None part0;part1;part2;"));
        QCOMPARE(lines[4], QString(R"(200 chunked 'chunk 0\nchunk 1\n')"));
        QVERIFY(no_errors_logged(s));
    }

    // ---- Connection reuse ---------------------------------------------------------------

    void keep_alive_reuses_connection() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        for (int i = 0; i < 5; ++i) {
            QVERIFY(c.send(get(i % 2 ? "/json" : "/plaintext")));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QCOMPARE(r->body, std::string(i % 2 ? R"({"message":"Hello, world!"})" : "Hello, world!"));
            QVERIFY(!r->header("connection"));
        }
        QCOMPARE(s.server().open_connections(), std::uint64_t(1));
        QCOMPARE(s.server().requests_served(), std::uint64_t(5));
        // Connection: close from the client is honoured.
        QVERIFY(c.send(get("/plaintext", "Connection: close\r\n")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->header("connection").value_or(""), std::string("close"));
        QVERIFY(c.read_until_closed());
    }

    void pipelined_requests_answered_in_order() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        // One write: a slow request first, a body the app reads, a body the app ignores,
        // a streamed response, and the last one closes.
        QVERIFY(c.send(get("/slow?ms=100") +
                       "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
                       get("/json") +
                       "GET /plaintext HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" +
                       get("/stream?n=2") + get("/plaintext", "Connection: close\r\n")));
        const std::vector<std::string> expected{
            "slept 100 ms", "hello", R"({"message":"Hello, world!"})", "Hello, world!",
            "chunk 0\nchunk 1\n", "Hello, world!"};
        for (const auto& body : expected) {
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QCOMPARE(r->body, body);
        }
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        QCOMPARE(rest, std::string());
        QCOMPARE(s.server().requests_served(), std::uint64_t(6));
    }

    // ---- Request bodies ------------------------------------------------------------------

    void content_length_body_streamed_in_parts() {
        Recorder rec;
        RunningServer s(recording_echo(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n\r\naaaaa"));
        QTRY_COMPARE(rec.size(), std::size_t(1));
        QVERIFY(c.send("bbbbb"));
        QTRY_COMPARE(rec.size(), std::size_t(2));
        QVERIFY(c.send("ccccc"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("aaaaabbbbbccccc"));
        QCOMPARE(rec.joined(), std::string("http.request 5 more | http.request 5 more | "
                                           "http.request 5 last"));
    }

    void chunked_body_streamed_in_parts() {
        Recorder rec;
        RunningServer s(recording_echo(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "5\r\naaaaa\r\n"));
        QTRY_COMPARE(rec.size(), std::size_t(1));
        QVERIFY(c.send("7;ext=1\r\nbbbbbbb\r\n"));
        QTRY_COMPARE(rec.size(), std::size_t(2));
        QVERIFY(c.send("0\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("aaaaabbbbbbb"));
        QCOMPARE(rec.joined(), std::string("http.request 5 more | http.request 7 more | "
                                           "http.request 0 last"));
        // The connection stays usable after a chunked body.
        QVERIFY(c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "3\r\nxyz\r\n0\r\nTrailer: t\r\n\r\n"));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("xyz"));
    }

    void back_pressure_when_app_does_not_receive() {
        std::atomic<bool> entered{false}, release{false};
        Recorder rec;
        auto app = [&](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
            entered = true;
            co_await testing::wait_until([&] { return release.load(); }, 30s);
            std::size_t total = 0;
            for (;;) {
                auto message = co_await receive();
                auto* request = std::get_if<asgi::HttpRequest>(&message);
                if (!request) co_return;
                if (rec.size() == 0) rec.add("first receive");
                total += request->body.size();
                if (!request->more_body) break;
            }
            co_await testing::respond(send, 200, std::to_string(total));
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port(), 30s);
        constexpr std::size_t kSize = 50u << 20;
        std::string body(kSize, 'b');
        QVERIFY(c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                       std::to_string(kSize) + "\r\n\r\n"));
        QTRY_VERIFY(entered.load());
        // The app does not call receive: the server must not read the body, so the client's
        // sends stall once the socket buffers are full.
        std::size_t sent = c.send_until_stalled(body, 300ms);
        QVERIFY2(sent < kSize / 2, qPrintable(QString::number(sent)));
        QCOMPARE(rec.size(), std::size_t(0));
        // Once the app reads, the rest flows.
        release = true;
        QVERIFY(c.send(std::string_view(body).substr(sent)));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::to_string(kSize));
    }

    // ---- Expect: 100-continue ------------------------------------------------------------

    void expect_continue_sent_when_app_receives() {
        Recorder rec;
        auto app = [&rec](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
            co_await testing::sleep_for(200ms);
            rec.add("receiving");
            auto body = co_await testing::read_body(receive);
            co_await testing::respond(send, 200, body.value_or("?"));
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port());
        const std::string head =
            "POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
        QVERIFY(c.send(head));
        QVERIFY(!c.readable_within(100ms));  // nothing before the app asks for the body
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 100);
        QVERIFY(rec.contains("receiving"));
        QVERIFY(c.send("hello"));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, std::string("hello"));
        QVERIFY(!r->header("connection"));
        // Same connection, the client sends the body without waiting: still fine.
        QVERIFY(c.send(head + "world"));
        r = c.read_response();
        QVERIFY(r);
        if (r->status == 100) r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("world"));
    }

    void expect_continue_not_sent_when_app_answers_without_receiving() {
        auto app = [](asgi::Scope&, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            co_await testing::respond(send, 413, "too large");
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                       "Content-Length: 100000000\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 413);
        QCOMPARE(r->body, std::string("too large"));
        // The body was never asked for, so the connection cannot be reused.
        QCOMPARE(r->header("connection").value_or(""), std::string("close"));
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        QCOMPARE(rest, std::string());
    }

    // ---- Response framing ----------------------------------------------------------------

    void chunked_response_without_length() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(get("/stream?n=3")));
        auto r = c.read_response();
        QVERIFY(r);
        QVERIFY(r->chunked);
        QVERIFY(!r->header("content-length"));
        QCOMPARE(r->body, std::string("chunk 0\nchunk 1\nchunk 2\n"));
        // With a declared length the body is sent as is.
        QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd"));
        r = c.read_response();
        QVERIFY(r);
        QVERIFY(!r->chunked);
        QCOMPARE(r->header("content-length").value_or(""), std::string("4"));
        QCOMPARE(r->body, std::string("abcd"));
        // An HTTP/1.0 client cannot take chunks: the end of the connection ends the body.
        RawClient old(s.port());
        QVERIFY(old.send("GET /stream?n=2 HTTP/1.0\r\n\r\n"));
        r = old.read_response();
        QVERIFY(r);
        QVERIFY(!r->chunked);
        QVERIFY(!r->header("transfer-encoding"));
        QCOMPARE(r->body, std::string("chunk 0\nchunk 1\n"));
    }

    void head_has_length_but_no_body() {
        auto demo_app = demo::make_demo_app();
        auto app = [demo_app](asgi::Scope& scope, asgi::Receive receive,
                              asgi::Send send) -> asio::awaitable<void> {
            if (scope.path == "/nolength") {
                co_await testing::respond(send, 200, "abcdef", false);
                co_return;
            }
            co_await demo_app(scope, std::move(receive), std::move(send));
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("HEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"));
        auto r = c.read_response(true);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("content-length").value_or(""), std::string("13"));
        QCOMPARE(r->header("content-type").value_or(""), std::string("text/plain; charset=utf-8"));
        QVERIFY(c.pending().empty());
        QVERIFY(c.send("HEAD /nolength HTTP/1.1\r\nHost: x\r\n\r\n"));
        r = c.read_response(true);
        QVERIFY(r);
        QCOMPARE(r->header("content-length").value_or(""), std::string("6"));
        QVERIFY(c.send("HEAD /stream?n=3 HTTP/1.1\r\nHost: x\r\n\r\n"));
        r = c.read_response(true);
        QVERIFY(r);
        QCOMPARE(r->header("transfer-encoding").value_or(""), std::string("chunked"));
        // Had any body byte been sent, this response would be garbled.
        QVERIFY(c.send(get("/json")));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, std::string(R"({"message":"Hello, world!"})"));
    }

    // ---- http.disconnect -----------------------------------------------------------------

    void disconnect_mid_body() {
        Recorder rec;
        auto app = [&rec](asgi::Scope&, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
            for (;;) {
                auto message = co_await receive();
                rec.add(testing::describe(message));
                if (std::holds_alternative<asgi::HttpDisconnect>(message)) break;
            }
            try {
                co_await testing::respond(send, 200, "late");
            } catch (const asgi::ClientDisconnected&) {
                rec.add("ClientDisconnected");
                throw;
            }
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        {
            RawClient c(s.port());
            QVERIFY(c.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
            QTRY_COMPARE(rec.size(), std::size_t(1));
        }
        QTRY_COMPARE(rec.joined(), std::string("http.request 10 more | http.disconnect | "
                                               "ClientDisconnected"));
        QTRY_COMPARE(s.server().open_connections(), std::uint64_t(0));
        QVERIFY2(no_errors_logged(s), s.log_text().c_str());
    }

    void disconnect_after_response_and_while_waiting() {
        Recorder rec;
        auto app = [&rec](asgi::Scope& scope, asgi::Receive receive,
                          asgi::Send send) -> asio::awaitable<void> {
            auto body = co_await testing::read_body(receive);
            rec.add(scope.path + " body " + body.value_or("-"));
            if (scope.path == "/after") {
                co_await testing::respond(send, 200, "done");
                auto message = co_await receive();  // the response is complete
                rec.add(scope.path + " " + testing::describe(message));
                co_return;
            }
            // /waiting: wait for the client to go away before answering.
            auto message = co_await receive();
            rec.add(scope.path + " " + testing::describe(message));
            try {
                co_await testing::respond(send, 200, "late");
            } catch (const asgi::ClientDisconnected&) {
                rec.add("ClientDisconnected");
            }
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("POST /after HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("done"));
        QTRY_VERIFY(rec.contains("/after http.disconnect"));  // while still connected

        QVERIFY(c.send("POST /waiting HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nyo"));
        QTRY_VERIFY(rec.contains("/waiting body yo"));
        QVERIFY(!c.readable_within(100ms));
        QCOMPARE(rec.size(), std::size_t(3));  // no disconnect while the client is there
        c.close();
        QTRY_VERIFY(rec.contains("/waiting http.disconnect"));
        QTRY_VERIFY(rec.contains("ClientDisconnected"));
        QVERIFY2(no_errors_logged(s), s.log_text().c_str());
    }

    // ---- Slow clients and timeouts -------------------------------------------------------

    void slow_client_within_header_timeout() {
        auto cfg = config();
        cfg.timeout_header_read = 1.0;
        RunningServer s(demo::make_demo_app(), cfg);
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send_slowly(get("/plaintext"), 5ms));  // ~200 ms in all
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("Hello, world!"));
    }

    void stalled_head_closed_after_header_timeout() {
        auto cfg = config();
        cfg.timeout_header_read = 0.5;
        RunningServer s(demo::make_demo_app(), cfg);
        QVERIFY(s.started());
        RawClient c(s.port(), 5s);
        QElapsedTimer t;
        t.start();
        QVERIFY(c.send("GET /plaintext HTTP/1.1\r\nHo"));
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        QVERIFY2(t.elapsed() >= 400 && t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(rest.find("200 OK") == std::string::npos);
        // A connection that sends nothing at all is closed too.
        RawClient silent(s.port(), 5s);
        t.restart();
        QVERIFY(silent.read_until_closed());
        QVERIFY(t.elapsed() >= 400 && t.elapsed() < 3000);
    }

    void idle_keep_alive_closed_after_timeout() {
        auto cfg = config();
        cfg.timeout_keep_alive = 0.5;
        RunningServer s(demo::make_demo_app(), cfg);
        QVERIFY(s.started());
        RawClient c(s.port(), 5s);
        QVERIFY(c.send(get("/plaintext")));
        QVERIFY(c.read_response());
        QTest::qWait(100);  // well within the timeout: still open
        QVERIFY(c.send(get("/plaintext")));
        QVERIFY(c.read_response());
        QElapsedTimer t;
        t.start();
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        QVERIFY2(t.elapsed() >= 350 && t.elapsed() < 2500, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(rest, std::string());
        QTRY_COMPARE(s.server().open_connections(), std::uint64_t(0));
    }

    // ---- Headers and scope ---------------------------------------------------------------

    void date_server_and_default_headers() {
        {
            RunningServer s(demo::make_demo_app(), config());
            QVERIFY(s.started());
            RawClient c(s.port());
            QVERIFY(c.send(get("/plaintext")));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->header("server").value_or(""), std::string("asgiscope"));
            QRegularExpression imf(R"(^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$)");
            QVERIFY(imf.match(QString::fromStdString(r->header("date").value_or(""))).hasMatch());
        }
        auto cfg = config();
        cfg.server_header = false;
        cfg.date_header = false;
        cfg.headers.emplace_back("X-Extra", "one");
        cfg.headers.emplace_back("X-Powered-By", "flag");
        auto app = [](asgi::Scope&, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            asgi::Headers headers;
            headers.emplace_back("x-powered-by", "app");
            headers.emplace_back("content-length", "2");
            asgi::HttpResponseStart start(200, std::move(headers));
            co_await send(std::move(start));
            asgi::HttpResponseBody body(asgi::Bytes::from_static("ok"));
            co_await send(std::move(body));
        };
        RunningServer s(app, cfg);
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(get("/")));
        auto r = c.read_response();
        QVERIFY(r);
        QVERIFY(!r->header("server"));
        QVERIFY(!r->header("date"));
        QCOMPARE(r->header("x-extra").value_or(""), std::string("one"));
        QCOMPARE(r->header_count("x-powered-by"), 1);  // the app's value wins
        QCOMPARE(r->header("x-powered-by").value_or(""), std::string("app"));
        QCOMPARE(r->body, std::string("ok"));
    }

    void root_path_in_scope() {
        auto cfg = config();
        cfg.root_path = "/api";
        auto app = [](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            co_await testing::respond(send, 200,
                                      scope.root_path + "|" + scope.path + "|" + scope.raw_path +
                                          "|" + scope.query_string);
        };
        RunningServer s(app, cfg);
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(get("/items/a%20b?x=1&y")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("/api|/api/items/a b|/api/items/a%20b|x=1&y"));
    }

    void path_is_percent_decoded_as_python_unquote() {
        // Decoded bytes that are not UTF-8 become U+FFFD, one per maximal ill-formed subpart,
        // as urllib.parse.unquote(..., errors="replace") gives: "%E2%82x" -> "\uFFFDx".
        auto app = [](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            co_await testing::respond(send, 200, scope.path);
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(get("/caf%C3%A9/%E2%82x/%FF%25zz")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("/caf\xC3\xA9/\xEF\xBF\xBDx/\xEF\xBF\xBD%zz"));
    }

    void absolute_form_and_asterisk_targets() {
        auto app = [](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            co_await testing::respond(send, 200, scope.method + " " + scope.path + " ?" + scope.query_string);
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("GET http://example.com/a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("GET /a/b ?x=1"));
        QVERIFY(c.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("OPTIONS * ?"));
    }

    void several_workers_serve_concurrent_connections() {
        auto cfg = config();
        cfg.workers = 2;
        std::atomic<int> waiting{0};
        auto app = [&waiting](asgi::Scope&, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            // Every request waits until all four are in: they must be served concurrently.
            ++waiting;
            bool all = co_await testing::wait_until([&] { return waiting.load() >= 4; }, 5s);
            co_await testing::respond(send, 200, all ? "together" : "alone");
        };
        RunningServer s(app, cfg);
        QVERIFY(s.started());
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 4; ++i) {
            clients.push_back(std::make_unique<RawClient>(s.port()));
            QVERIFY(clients.back()->send(get("/")));
        }
        for (auto& c : clients) {
            auto r = c->read_response();
            QVERIFY(r);
            QCOMPARE(r->body, std::string("together"));
        }
        clients.clear();
        QTRY_COMPARE(s.server().open_connections(), std::uint64_t(0));
        QCOMPARE(s.stop(), 0);
    }

    void proxy_headers_only_from_trusted_peers() {
        auto app = [](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            co_await testing::respond(send, 200, scope.scheme + " " + scope.client->host);
        };
        const std::string forwarded = get("/", "X-Forwarded-For: 203.0.113.7, 127.0.0.1\r\n"
                                               "X-Forwarded-Proto: https\r\n");
        auto ask = [&](const server::Config& cfg) {
            RunningServer s(app, cfg);
            RawClient c(s.port());
            c.send(forwarded);
            auto r = c.read_response();
            return r ? r->body : std::string("no response");
        };
        QCOMPARE(ask(config()), std::string("https 203.0.113.7"));  // 127.0.0.1 is trusted
        auto untrusted = config();
        untrusted.forwarded_allow_ips = {"10.0.0.1"};
        QCOMPARE(ask(untrusted), std::string("http 127.0.0.1"));
        auto all = config();
        all.forwarded_allow_ips = {"*"};
        QCOMPARE(ask(all), std::string("https 203.0.113.7"));
        auto off = config();
        off.proxy_headers = false;
        QCOMPARE(ask(off), std::string("http 127.0.0.1"));
    }

    void scope_of_a_request() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("GET /scope?a=b HTTP/1.1\r\nHost: example\r\nX-Dup: 1\r\nX-Dup: 2\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r->body)).object();
        QCOMPARE(doc["type"].toString(), QString("http"));
        QCOMPARE(doc["http_version"].toString(), QString("1.1"));
        QCOMPARE(doc["method"].toString(), QString("GET"));
        QCOMPARE(doc["path"].toString(), QString("/scope"));
        QCOMPARE(doc["query_string"].toString(), QString("a=b"));
        QCOMPARE(doc["scheme"].toString(), QString("http"));
        QCOMPARE(doc["asgi"].toObject()["version"].toString(), QString("3.0"));
        const auto headers = QJsonDocument(doc["headers"].toArray()).toJson(QJsonDocument::Compact);
        QCOMPARE(headers, QByteArray(R"([["host","example"],["x-dup","1"],["x-dup","2"]])"));
        QCOMPARE(doc["server"].toArray()[1].toInt(), int(s.port()));
        QCOMPARE(doc["client"].toArray()[0].toString(), QString("127.0.0.1"));
    }

    void http_1_0_keep_alive_rules() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->header("connection").value_or(""), std::string("keep-alive"));
        QVERIFY(c.send("GET /json HTTP/1.0\r\n\r\n"));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("connection").value_or(""), std::string("close"));
        QVERIFY(c.read_until_closed());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_http_server.moc"
