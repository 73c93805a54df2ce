// Malformed and oversized requests over raw sockets: each gets one standard error response,
// then the connection closes; nothing reaches the app, nothing else is answered (no request
// smuggling), and the server keeps serving.
#include <QtTest>

#include "test_support.hpp"

using namespace asgiscope;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using testing::RawClient;
using testing::Recorder;
using testing::RunningServer;

namespace {

constexpr auto& config = testing::test_config_without_lifespan;

/// Reads the whole body (so that body errors surface), then answers "<method> <path> <body>".
asgi::App reading_app(Recorder& rec) {
    return [&rec](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
        rec.add(scope.method + " " + scope.path);
        auto body = co_await testing::read_body(receive);
        if (!body) co_return;
        co_await testing::respond(send, 200, scope.method + " " + scope.path + " " + *body);
    };
}

std::string with_headers(const std::string& request_line, int count) {
    std::string r = request_line + "\r\nHost: x\r\n";
    for (int i = 0; i < count; ++i) r += "X-H" + std::to_string(i) + ": v\r\n";
    return r + "\r\n";
}

}  // namespace

class TestHttpBadInput : public QObject {
    Q_OBJECT
private slots:
    void rejected_and_closed_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("reaches_app");  // refused only once the app reads the body
        auto row = [](const char* name, const std::string& request, int status, bool app = false) {
            QTest::newRow(name) << QByteArray::fromStdString(request) << status << app;
        };
        // Request line
        row("garbage request line", "GARBAGE\r\n\r\n", 400);
        row("missing target", "GET HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        row("extra token", "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400);
        row("control character in target", std::string("GET /a\x01z HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        row("space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        row("relative target", "GET abc HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        row("lower-case protocol", "GET / http/1.1\r\nHost: x\r\n\r\n", 400);
        row("bad method characters", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        row("bare LF line endings", "GET / HTTP/1.1\nHost: x\n\n", 400);
        // Header fields
        row("header without colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400);
        row("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400);
        row("control character in value", std::string("GET / HTTP/1.1\r\nHost: x\r\nX: a\x01\r\n\r\n"), 400);
        row("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400);
        row("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        row("invalid Host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400);
        // Limits
        row("target longer than limit_request_line",
            "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        row("header block larger than limit",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n", 431);
        row("more fields than limit", with_headers("GET / HTTP/1.1", 100), 431);
        {
            // 60 fields of 300 bytes: each line is small, the block is over 16 KiB.
            std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
            for (int i = 0; i < 60; ++i)
                many += "X-F" + std::to_string(i) + ": " + std::string(300, 'f') + "\r\n";
            row("many small fields larger than limit", many + "\r\n", 431);
        }
        // Versions
        row("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505);
        row("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
        row("HTTP/0.9 version", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", 505);
        row("HTTP/3.1", "GET / HTTP/3.1\r\nHost: x\r\n\r\n", 505);
        row("HTTP/1.2", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505);
        row("malformed version", "GET / HTTP/1.x\r\nHost: x\r\n\r\n", 400);
        row("version without CRLF", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400);
        // Body framing
        row("Transfer-Encoding and Content-Length",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
            "0\r\n\r\n", 400);
        row("Content-Length and Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            "0\r\n\r\n", 400);
        row("two differing Content-Length",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400);
        row("differing Content-Length list",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello", 400);
        row("non-numeric Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400);
        row("negative Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400);
        row("signed Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", 400);
        row("gzip, chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                             "0\r\n\r\n", 501);
        row("chunked, gzip", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
                             "0\r\n\r\n", 400);
        row("gzip only", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400);
        row("chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        row("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                                             "0\r\n\r\n", 400);
        row("invalid chunk size",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            400, true);
        row("chunk size overflow",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "fffffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400, true);
        row("chunk data overrun",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n",
            400, true);
    }

    void rejected_and_closed() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(bool, reaches_app);
        Recorder rec;
        RunningServer s(reading_app(rec), config());
        QVERIFY(s.started());
        // Alone, and after a good request on the same kept-alive connection.
        for (bool after_good : {false, true}) {
            RawClient c(s.port());
            if (after_good) {
                QVERIFY(c.send("POST /good HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok"));
                auto r = c.read_response();
                QVERIFY(r);
                QCOMPARE(r->body, std::string("POST /good ok"));
            }
            QVERIFY(c.send(request.toStdString()));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, status);
            QCOMPARE(r->header("connection").value_or(""), std::string("close"));
            QVERIFY(!r->body.empty());
            std::string rest;
            QVERIFY(c.read_until_closed(&rest));  // closed, and nothing more was answered
            QCOMPARE(rest, std::string());
        }
        if (!reaches_app) QVERIFY2(rec.joined() == "POST /good", rec.joined().c_str());
        QVERIFY(!s.log_contains("ERROR:"));
        // The server is unharmed.
        RawClient c(s.port());
        QVERIFY(c.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }

    void no_smuggling_data() {
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("TE then CL") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n"
            "0\r\n\r\n");
        QTest::newRow("CL then TE") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            "0\r\n\r\n");
        QTest::newRow("obfuscated TE") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n"
            "\r\n0\r\n\r\n");
        QTest::newRow("duplicate CL") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n");
    }

    void no_smuggling() {
        QFETCH(QByteArray, prefix);
        Recorder rec;
        RunningServer s(reading_app(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(prefix.toStdString() + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        QCOMPARE(rest, std::string());  // exactly one response
        QCOMPARE(rec.size(), std::size_t(0));
    }

    void limits_are_exact() {
        Recorder rec;
        auto cfg = config();
        cfg.limit_request_fields = 4;  // Host + 3
        cfg.limit_request_line = 64;
        cfg.limit_request_header_bytes = 1024;
        RunningServer s(reading_app(rec), cfg);
        QVERIFY(s.started());
        auto status_of = [&](const std::string& request) {
            RawClient c(s.port());
            c.send(request);
            auto r = c.read_response();
            return r ? r->status : 0;
        };
        QCOMPARE(status_of(with_headers("GET / HTTP/1.1", 3)), 200);
        QCOMPARE(status_of(with_headers("GET / HTTP/1.1", 4)), 431);
        // Request line of exactly 64 bytes, then 65.
        const std::string line64 = "GET /" + std::string(64 - 14, 'a') + " HTTP/1.1";
        QCOMPARE(line64.size(), std::size_t(64));
        QCOMPARE(status_of(line64 + "\r\nHost: x\r\n\r\n"), 200);
        QCOMPARE(status_of("GET /a" + std::string(64 - 14, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
        // A long line not yet finished is refused as soon as it passes the limit.
        {
            RawClient c(s.port());
            QVERIFY(c.send("GET /" + std::string(200, 'a')));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 414);
        }
        QCOMPARE(status_of("GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(900, 'v') + "\r\n\r\n"), 200);
        QCOMPARE(status_of("GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(1100, 'v') + "\r\n\r\n"), 431);
        // The limit is on the whole block, not on each line.
        QCOMPARE(status_of("GET / HTTP/1.1\r\nHost: x\r\nA: " + std::string(400, 'v') + "\r\nB: " +
                           std::string(400, 'v') + "\r\nC: " + std::string(400, 'v') + "\r\n\r\n"),
                 431);
        // A field line longer than limit_request_line is not a request line (no 414), also
        // when it arrives in pieces after the request line was parsed.
        {
            RawClient c(s.port());
            QVERIFY(c.send("GET / HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(500, 'c')));
            QTest::qWait(100);
            QVERIFY(c.send("\r\n\r\n"));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
        }
        // A header block that never ends is refused once it passes the limit, without waiting.
        {
            RawClient c(s.port());
            QVERIFY(c.send("GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(1100, 'v')));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 431);
        }
    }

    // Found by fuzz_request_parser: a request line whose CR and LF arrive in different reads
    // was answered 400 instead of 505 (the answer depended on how the bytes were split).
    void unsupported_version_split_before_lf_is_505() {
        Recorder rec;
        RunningServer s(reading_app(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("GET / HTTP/2.1\r"));
        QTest::qWait(100);
        QVERIFY(c.send("\nHost: x\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 505);
        QCOMPARE(rec.size(), std::size_t(0));
    }

    void empty_lines_before_request_are_ignored() {
        Recorder rec;
        RunningServer s(reading_app(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send("\r\n\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("GET /x "));
    }

    void client_closing_mid_head_is_quiet() {
        Recorder rec;
        RunningServer s(reading_app(rec), config());
        QVERIFY(s.started());
        {
            RawClient c(s.port());
            QVERIFY(c.send("GET / HTTP/1.1\r\nHo"));
        }
        {
            RawClient c(s.port());
            QVERIFY(c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
            QTRY_COMPARE(rec.size(), std::size_t(1));
        }
        QTRY_COMPARE(s.server().open_connections(), std::uint64_t(0));
        QVERIFY(!s.log_contains("ERROR:"));
        QCOMPARE(rec.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestHttpBadInput)
#include "test_http_bad_input.moc"
