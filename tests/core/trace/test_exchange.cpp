// exchange_from_trace (the outside view of recorded traces: URL, bodies, cut flags, status,
// WebSocket frames and close) and to_curl, whose quoting is checked by bash itself.
#include <QtTest/QtTest>

#include <asgiscope/trace.hpp>
#include <test_support.hpp>

#include "trace_samples.hpp"

using namespace asgiscope;

namespace {

/// The argv bash builds from `command` when `curl` is a function printing its arguments.
QStringList bash_argv(const std::string& command) {
    const QString script = QStringLiteral("curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n") +
                           QString::fromStdString(command) + "\n";
    const auto r = testing::run_process("/bin/bash", {"-c", script});
    if (r.exit_code != 0) return {"<bash failed: " + r.err + ">"};
    QStringList out = r.out.split(QChar(0));
    if (!out.isEmpty() && out.back().isEmpty()) out.pop_back();
    return out;
}

QByteArray bash_argv_bytes(const std::string& command) {
    const QString script = QStringLiteral("curl() { for a in \"$@\"; do printf '%s\\n' \"$a\"; done; }\n") +
                           QString::fromStdString(command) + "\n";
    QProcess p;
    p.start("/bin/bash", {"-c", script});
    p.waitForFinished(20000);
    return p.readAllStandardOutput();
}

}  // namespace

class TestExchange : public QObject {
    Q_OBJECT

private slots:
    void httpExchangesFromRecordedTraces() {
        const auto traces = testing::recorded_traces();
        std::vector<trace::Exchange> xs;
        for (const auto& t : traces) {
            auto x = trace::exchange_from_trace(*t);
            QVERIFY(x);
            xs.push_back(std::move(*x));
        }
        QCOMPARE(xs.size(), std::size_t(7));

        const trace::Exchange& get = xs[0];
        QCOMPARE(get.kind, trace::TraceKind::http);
        QCOMPARE(get.request.method, std::string("GET"));
        QCOMPARE(get.request.url, std::string("http://testserver/hello?x=1&y=%20z"));
        QCOMPARE(get.request.http_version, std::string("1.1"));
        QVERIFY(asgi::find_header(get.request.headers, "accept") == std::string_view("text/plain"));
        QVERIFY(get.request.body.empty());
        QVERIFY(get.response);
        QCOMPARE(get.response->status, 200);
        QCOMPARE(get.response->reason, std::string("OK"));
        QCOMPARE(get.response->body.str(), std::string("Hello"));
        QCOMPARE(get.response->body_size, std::size_t(5));
        QVERIFY(asgi::find_header(get.response->headers, "content-type"));
        QCOMPARE(get.trace_id, traces[0]->id);
        QCOMPARE(get.start, traces[0]->start);
        QVERIFY(get.timings.wait_ns >= 0 && get.timings.receive_ns >= 0);
        QVERIFY(get.timings.wait_ns + get.timings.receive_ns <= get.timings.total_ns);
        QCOMPARE(get.origin, "trace " + std::to_string(traces[0]->id));

        const trace::Exchange& post = xs[1];
        QCOMPARE(post.request.method, std::string("POST"));
        QCOMPARE(post.request.body.str(), std::string("name=ann&age=7"));
        QVERIFY(!post.request.body_truncated);
        QCOMPARE(post.response->body.str(), std::string("name=ann&age=7"));

        // Over the tracer's 64-byte cap: cut, flagged, whole size kept.
        const trace::Exchange& put = xs[2];
        QCOMPARE(put.request.body.str(), std::string(64, 'q'));
        QVERIFY(put.request.body_truncated);
        QCOMPARE(put.response->body.str(), std::string(64, 'q'));
        QCOMPARE(put.response->body_size, std::size_t(200));
        QVERIFY(put.response->body_truncated());

        QCOMPARE(xs[3].response->body.str(), std::string("\x00\x01\xff\xfe png?", 10));
        QCOMPARE(xs[4].request.url, std::string("http://testserver/api/items/caf%C3%A9"));
        QCOMPARE(xs[4].response->body.str(), std::string("{\"name\":\"caf\xc3\xa9\"}"));
        QCOMPARE(xs[5].response->status, 500);
    }

    void websocketExchangeFromARecordedTrace() {
        const auto traces = testing::recorded_traces();
        const auto x = trace::exchange_from_trace(*traces.back());
        QVERIFY(x);
        QCOMPARE(x->kind, trace::TraceKind::websocket);
        QCOMPARE(x->request.url, std::string("ws://testserver/ws"));
        QCOMPARE(x->request.method, std::string("GET"));
        QVERIFY(x->response);
        QCOMPARE(x->response->status, 101);
        QVERIFY(asgi::find_header(x->response->headers, "sec-websocket-protocol") == std::nullopt ||
                *asgi::find_header(x->response->headers, "sec-websocket-protocol") == "chat");
        QCOMPARE(x->frames.size(), std::size_t(4));
        QVERIFY(x->frames[0].from_client && x->frames[0].text);
        QCOMPARE(x->frames[0].data.str(), std::string("hello"));
        QVERIFY(!x->frames[1].from_client && x->frames[1].text);
        QCOMPARE(x->frames[1].data.str(), std::string("HELLO"));
        QVERIFY(x->frames[2].from_client && !x->frames[2].text);
        QCOMPARE(x->frames[2].data.str(), std::string("\x01\x02", 2));
        QCOMPARE(x->frames[3].data.str(), std::string("\x01\x02\xff", 3));
        for (std::size_t i = 1; i < x->frames.size(); ++i) QVERIFY(x->frames[i - 1].time_ns <= x->frames[i].time_ns);
        QCOMPARE(x->close_code, std::optional<int>(4000));
        QCOMPARE(x->close_reason, std::string("done"));
    }

    void handmadeTraceAndEdgeCases() {
        // The hand-made trace: wss, Host header, raw_path with root_path.
        const auto x = trace::exchange_from_trace(testing::handmade_trace());
        QVERIFY(x);
        QCOMPARE(x->request.url, std::string("wss://example.test:8443/r/ws/caf%C3%A9?token=\xff"));
        QCOMPARE(x->close_code, std::optional<int>(4001));
        QCOMPARE(x->frames[0].size, std::size_t(100));  // cut: whole size kept

        // Without a Host header the server address is used, IPv6 in brackets.
        trace::Trace t = testing::handmade_trace();
        t.scope.headers.clear();
        QCOMPARE(trace::exchange_from_trace(t)->request.url, std::string("wss://[::1]:8443/r/ws/caf%C3%A9?token=\xff"));
        t.scope.server = asgi::Address{"example.test", 443};
        t.scope.raw_path.clear();
        t.scope.query_string.clear();
        QCOMPARE(trace::exchange_from_trace(t)->request.url, std::string("wss://example.test/r/ws/caf%C3%A9"));

        // Lifespan traces and empty traces have no outside view.
        trace::Trace life;
        life.kind = trace::TraceKind::lifespan;
        QVERIFY(!trace::exchange_from_trace(life));
        trace::Trace empty;
        QVERIFY(!trace::exchange_from_trace(empty));

        // A WebSocket closed before accept: the 403 denial.
        trace::Trace denied = testing::handmade_trace();
        auto& msgs = denied.spans[0].messages;
        msgs.erase(msgs.begin() + 1);  // no accept
        const auto d = trace::exchange_from_trace(denied);
        QCOMPARE(d->response->status, 403);
    }

    void curlCommandsQuoteForBash() {
        trace::RequestRecord r;
        r.method = "PUT";
        r.url = "http://127.0.0.1:8000/a b?q='x'";
        r.headers = {{"host", "127.0.0.1:8000"},
                     {"Content-Type", "text/plain"},
                     {"X-Quote", "it's $HOME `date` \"q\" !x"},
                     {"X-Empty", ""},
                     {"content-length", "99"}};
        r.body = asgi::Bytes(std::string("line1\nline2\ttab \\ back 'q' caf\xc3\xa9"));
        const std::string cmd = trace::to_curl(r);
        const QStringList argv = bash_argv(cmd);
        const QStringList expected{"http://127.0.0.1:8000/a b?q='x'",
                                   "-X",
                                   "PUT",
                                   "-H",
                                   "Content-Type: text/plain",
                                   "-H",
                                   "X-Quote: it's $HOME `date` \"q\" !x",
                                   "-H",
                                   "X-Empty;",
                                   "--data-raw",
                                   QString::fromUtf8("line1\nline2\ttab \\ back 'q' caf\xc3\xa9")};
        QCOMPARE(argv, expected);

        // Bytes that are not UTF-8 and control characters come through $'\xHH'.
        trace::RequestRecord b;
        b.url = "http://h/";
        b.method = "POST";
        b.body = asgi::Bytes(std::string("\x01\xff\x7f\r", 4));
        const QByteArray out = bash_argv_bytes(trace::to_curl(b));
        QCOMPARE(out, QByteArray("http://h/\n-H\nContent-Type:\n--data-raw\n\x01\xff\x7f\r\n", 43));

        // HEAD is -I; GET with a body needs -X; WebSocket URLs become http.
        trace::RequestRecord h;
        h.method = "HEAD";
        h.url = "ws://h/ws";
        QCOMPARE(bash_argv(trace::to_curl(h)), (QStringList{"http://h/ws", "-I"}));
        trace::RequestRecord g;
        g.url = "https://h/";
        g.body = asgi::Bytes(std::string("x"));
        QCOMPARE(bash_argv(trace::to_curl(g)), (QStringList{"https://h/", "-X", "GET", "-H", "Content-Type:", "--data-raw", "x"}));
    }
};

QTEST_GUILESS_MAIN(TestExchange)
#include "test_exchange.moc"
