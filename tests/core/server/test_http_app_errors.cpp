// Apps that fail or break the ASGI protocol: the client gets a 500 when nothing was sent yet,
// otherwise a closed connection; never malformed or extra bytes, never a response mixed up
// with the next one; every failure is logged by name, and a client that went away is not
// an application error.
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

std::string get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"; }

asgi::HttpResponseStart start_with_length(std::size_t length) {
    asgi::Headers headers;
    headers.emplace_back("content-type", "text/plain");
    headers.emplace_back("content-length", std::to_string(length));
    return asgi::HttpResponseStart(200, std::move(headers));
}

asgi::HttpResponseBody body(const char* text, bool more = false) {
    return asgi::HttpResponseBody(asgi::Bytes::from_static(text), more);
}

/// One route per way of failing.
asgi::App failing_app(Recorder& rec) {
    return [&rec](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
        const auto& p = scope.path;
        if (p == "/ok") {
            co_await testing::respond(send, 200, "ok");
        } else if (p == "/raise-before") {
            throw std::runtime_error("boom before start");
        } else if (p == "/raise-unknown") {
            throw 42;
        } else if (p == "/raise-after-start") {
            co_await send(asgi::HttpResponseStart(200));
            throw std::runtime_error("boom after start");
        } else if (p == "/raise-mid-body") {
            co_await send(asgi::HttpResponseStart(200));
            co_await send(body("part", true));
            throw std::runtime_error("boom mid body");
        } else if (p == "/no-response") {
            co_return;
        } else if (p == "/start-only") {
            co_await send(asgi::HttpResponseStart(200));
        } else if (p == "/partial-body") {
            co_await send(asgi::HttpResponseStart(200));
            co_await send(body("partial", true));
        } else if (p == "/body-before-start") {
            co_await send(body("oops"));
        } else if (p == "/double-start") {
            co_await send(asgi::HttpResponseStart(200));
            co_await send(asgi::HttpResponseStart(404));
        } else if (p == "/start-after-body") {
            co_await send(asgi::HttpResponseStart(200));
            co_await send(body("first", true));
            co_await send(asgi::HttpResponseStart(500));
        } else if (p == "/too-long") {
            co_await send(start_with_length(5));
            co_await send(body("hello world"));
        } else if (p == "/too-long-later") {
            co_await send(start_with_length(10));
            co_await send(body("hello", true));
            co_await send(body("SMUGGLED!!"));
        } else if (p == "/too-short") {
            co_await send(start_with_length(10));
            co_await send(body("hello"));
        } else if (p == "/after-complete") {
            co_await send(start_with_length(4));
            co_await send(body("done"));
            co_await send(body("EXTRA"));
        } else if (p == "/bad-status") {
            co_await send(asgi::HttpResponseStart(42));
        } else if (p == "/header-injection") {
            asgi::Headers headers;
            headers.emplace_back("x-evil", "a\r\nInjected: yes");
            asgi::HttpResponseStart start(200, std::move(headers));
            co_await send(std::move(start));
            co_await send(body("x"));
        } else if (p == "/wrong-type") {
            co_await send(asgi::WebSocketAccept());
        } else if (p == "/send-after-disconnect") {
            auto message = co_await receive();  // body (none)
            message = co_await receive();       // waits for the client to go away
            rec.add(testing::describe(message));
            try {
                co_await testing::respond(send, 200, "too late");
            } catch (const asgi::ClientDisconnected&) {
                rec.add("ClientDisconnected");
                throw;
            }
        } else if (p == "/stream-to-gone-client") {
            co_await send(asgi::HttpResponseStart(200));
            std::string chunk(64 * 1024, 'z');
            try {
                for (int i = 0; i < 4000; ++i) {
                    asgi::HttpResponseBody piece(asgi::Bytes::copy(chunk), true);
                    co_await send(std::move(piece));
                }
                rec.add("never noticed");
            } catch (const asgi::ClientDisconnected&) {
                rec.add("ClientDisconnected");
                throw;
            }
        } else {
            co_await testing::respond(send, 404, "not found");
        }
    };
}

/// Everything the server sends until it closes the connection (fails the test on timeout).
std::string all_until_closed(RawClient& c) {
    std::string out;
    if (!c.read_until_closed(&out)) return "<not closed>";
    return out;
}

}  // namespace

class TestHttpAppErrors : public QObject {
    Q_OBJECT

    std::unique_ptr<Recorder> rec_;
    std::unique_ptr<RunningServer> server_;

    RunningServer& s() { return *server_; }

private slots:
    void init() {
        server_.reset();
        rec_ = std::make_unique<Recorder>();
        server_ = std::make_unique<RunningServer>(failing_app(*rec_), config());
        QVERIFY(server_->started());
    }
    void cleanup() { server_.reset(); }

    void error_before_start_is_500_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("logged");
        QTest::newRow("exception") << "/raise-before"
                                   << "Exception in ASGI application: std::runtime_error: boom before start";
        QTest::newRow("non-std exception") << "/raise-unknown" << "Exception in ASGI application: unknown exception";
        QTest::newRow("returns without response") << "/no-response"
                                                  << "ASGI callable returned without starting response.";
        QTest::newRow("body before start")
            << "/body-before-start"
            << "Expected ASGI message 'http.response.start', but got 'http.response.body'";
        QTest::newRow("invalid status") << "/bad-status" << "Invalid HTTP status code 42";
        QTest::newRow("header injection") << "/header-injection" << "Invalid header name or value";
        QTest::newRow("websocket message on http") << "/wrong-type"
                                                   << "Unexpected ASGI message 'websocket.accept'";
    }
    void error_before_start_is_500() {
        QFETCH(QString, path);
        QFETCH(QString, logged);
        RawClient c(s().port());
        QVERIFY(c.send(get(path.toStdString())));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 500);
        QCOMPARE(r->reason, std::string("Internal Server Error"));
        QCOMPARE(r->body, std::string("Internal Server Error"));
        QCOMPARE(r->header("connection").value_or(""), std::string("close"));
        QVERIFY(!r->header("injected"));
        QCOMPARE(all_until_closed(c), std::string());
        QTRY_VERIFY2(s().log_contains(logged.toStdString()), s().log_text().c_str());
        QCOMPARE(s().log_count("ERROR:"), 1);
        QTRY_VERIFY(s().log_contains("\"GET " + path.toStdString() + " HTTP/1.1\" 500"));
    }

    void error_after_start_closes_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body_on_wire");  // what of the body may have gone out
        QTest::addColumn<QString>("logged");
        QTest::newRow("exception after start")
            << "/raise-after-start" << QByteArray() << "std::runtime_error: boom after start";
        QTest::newRow("exception mid body")
            << "/raise-mid-body" << QByteArray("4\r\npart\r\n") << "std::runtime_error: boom mid body";
        QTest::newRow("returns after start")
            << "/start-only" << QByteArray() << "ASGI callable returned without completing response.";
        QTest::newRow("returns mid body")
            << "/partial-body" << QByteArray("7\r\npartial\r\n")
            << "ASGI callable returned without completing response.";
        QTest::newRow("second start")
            << "/double-start" << QByteArray()
            << "Unexpected ASGI message 'http.response.start' sent, after response already started.";
        QTest::newRow("start after body")
            << "/start-after-body" << QByteArray("5\r\nfirst\r\n")
            << "Unexpected ASGI message 'http.response.start' sent, after response already started.";
        QTest::newRow("body longer than Content-Length")
            << "/too-long" << QByteArray() << "Response content longer than Content-Length";
        QTest::newRow("body longer than Content-Length later")
            << "/too-long-later" << QByteArray("hello") << "Response content longer than Content-Length";
        QTest::newRow("body shorter than Content-Length")
            << "/too-short" << QByteArray() << "Response content shorter than Content-Length";
    }
    void error_after_start_closes() {
        QFETCH(QString, path);
        QFETCH(QByteArray, body_on_wire);
        QFETCH(QString, logged);
        RawClient c(s().port());
        // A second request right behind it must not be answered on this connection.
        QVERIFY(c.send(get(path.toStdString()) + get("/ok")));
        std::string wire = all_until_closed(c);
        if (body_on_wire.isEmpty()) {
            QCOMPARE(wire, std::string());  // nothing at all went out
        } else {
            auto end = wire.find("\r\n\r\n");
            QVERIFY2(end != std::string::npos, wire.c_str());
            QVERIFY(wire.starts_with("HTTP/1.1 200 OK\r\n"));
            QCOMPARE(wire.substr(end + 4), body_on_wire.toStdString());  // and nothing after
        }
        QVERIFY(wire.find("SMUGGLED") == std::string::npos);
        QVERIFY(wire.find("HTTP/1.1", 1) == std::string::npos);
        QTRY_VERIFY2(s().log_contains(logged.toStdString()), s().log_text().c_str());
        QCOMPARE(s().log_count("ERROR:"), 1);
        QCOMPARE(s().server().requests_served(), std::uint64_t(1));
    }

    void body_after_complete_response() {
        RawClient c(s().port());
        QVERIFY(c.send(get("/after-complete")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, std::string("done"));
        QCOMPARE(all_until_closed(c), std::string());  // EXTRA never sent
        QTRY_VERIFY(s().log_contains(
            "Unexpected ASGI message 'http.response.body' sent, after response already completed."));
    }

    void error_after_good_response_on_keep_alive() {
        RawClient c(s().port());
        QVERIFY(c.send(get("/ok")));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("ok"));
        QVERIFY(c.send(get("/raise-before")));
        r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 500);
        QCOMPARE(all_until_closed(c), std::string());

        // Pipelined: good, failing, good: the first two answered in order, then closed.
        RawClient p(s().port());
        QVERIFY(p.send(get("/ok") + get("/raise-before") + get("/ok")));
        r = p.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, std::string("ok"));
        r = p.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 500);
        QCOMPARE(all_until_closed(p), std::string());

        // Good, then a response cut off mid-body: the good one is intact, then the close.
        RawClient q(s().port());
        QVERIFY(q.send(get("/ok") + get("/too-long-later") + get("/ok")));
        r = q.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("ok"));
        std::string wire = all_until_closed(q);
        QVERIFY2(wire.ends_with("\r\n\r\nhello"), wire.c_str());
        QVERIFY(wire.find("HTTP/1.1", 1) == std::string::npos);
    }

    void send_after_disconnect_raises_and_is_not_logged() {
        {
            RawClient c(s().port());
            QVERIFY(c.send(get("/send-after-disconnect")));
            QTest::qWait(50);
        }
        QTRY_COMPARE(rec_->joined(), std::string("http.disconnect | ClientDisconnected"));
        {
            // The client leaves while the app streams without ever calling receive: the
            // failing write raises ClientDisconnected.
            RawClient c(s().port());
            QVERIFY(c.send(get("/stream-to-gone-client")));
            QVERIFY(c.readable_within(5s));
        }
        QTRY_COMPARE(rec_->joined(),
                     std::string("http.disconnect | ClientDisconnected | ClientDisconnected"));
        QTRY_COMPARE(s().server().open_connections(), std::uint64_t(0));
        QVERIFY2(!s().log_contains("ERROR:"), s().log_text().c_str());
        QVERIFY(!s().log_contains("Exception"));
    }
};

QTEST_GUILESS_MAIN(TestHttpAppErrors)
#include "test_http_app_errors.moc"
