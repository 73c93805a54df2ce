// Connection events (server::Config::trace_hub): a keep-alive client's three requests on one
// connection with the exact bytes it sent and received, the trace's connection id and request
// index, a keep-alive timeout, a TLS connection, a WebSocket session's frames (ping/pong and
// close codes) and the lifespan steps. The clients are Python's socket, ssl and websockets
// modules, not this project's code.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include "test_support.hpp"

using namespace asgiscope;
using namespace std::chrono_literals;
using boost::asio::awaitable;
using testing::RunningServer;
using trace::ConnectionEvent;
using trace::ConnectionEventKind;

namespace {

awaitable<web::Response> numbered(web::Request& request) {
    co_return web::PlainTextResponse("request " + std::to_string(request.path_param<std::int64_t>("n")));
}

awaitable<void> echo(web::WebSocket& ws) {
    co_await ws.accept();
    for (;;) {
        asgi::Message m = co_await ws.receive();
        auto* r = std::get_if<asgi::WebSocketReceive>(&m);
        if (!r) co_return;  // websocket.disconnect
        if (r->text) co_await ws.send_text(*r->text);
        else co_await ws.send_bytes(*r->bytes);
    }
}

/// The demo-like application of these tests, traced into `hub`.
web::Starlette traced_app(const std::shared_ptr<trace::TraceHub>& hub) {
    return web::Starlette({.routes = {web::Route("/r{n:int}", numbered), web::WebSocketRoute("/ws", echo)},
                           .tracer = std::make_shared<trace::Tracer>(hub)});
}

server::Config config_with(const std::shared_ptr<trace::TraceHub>& hub) {
    server::Config c = testing::test_config();
    c.trace_hub = hub;
    return c;
}

/// The events of connection `id`, in order.
std::vector<ConnectionEvent> events_of(const trace::ConnectionEventBatch& all, trace::ConnectionId id) {
    std::vector<ConnectionEvent> out;
    for (const auto& e : all)
        if (e.connection_id == id) out.push_back(e);
    return out;
}

/// The id of the only connection that closed, or 0.
trace::ConnectionId closed_connection(const trace::ConnectionEventBatch& all) {
    trace::ConnectionId id = 0;
    for (const auto& e : all)
        if (e.kind == ConnectionEventKind::closed) {
            if (id != 0) return 0;
            id = e.connection_id;
        }
    return id;
}

bool has_closed(const std::shared_ptr<trace::TraceHub>& hub) {
    for (const auto& e : hub->connection_snapshot())
        if (e.kind == ConnectionEventKind::closed) return true;
    return false;
}

QStringList kinds(const std::vector<ConnectionEvent>& events) {
    QStringList out;
    for (const auto& e : events) out << QString::fromUtf8(trace::to_string(e.kind).data(), int(trace::to_string(e.kind).size()));
    return out;
}

/// A Python client that sends three keep-alive requests on one socket, reads each response
/// by its Content-Length, closes, and prints the bytes it sent and received.
const char* kKeepAliveClient = R"(
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
sent = got = 0
buf = b''
for i in (1, 2, 3):
    req = ('GET /r%d HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: events-test\r\n\r\n' % i).encode()
    s.sendall(req)
    sent += len(req)
    while b'\r\n\r\n' not in buf:
        d = s.recv(65536)
        assert d, 'closed early'
        buf += d
        got += len(d)
    head, _, rest = buf.partition(b'\r\n\r\n')
    length = [int(l.split(b':', 1)[1]) for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')][0]
    while len(rest) < length:
        d = s.recv(65536)
        assert d, 'closed early'
        rest += d
        got += len(d)
    buf = rest[length:]
s.close()
print(sent, got)
)";

}  // namespace

class TestConnectionEvents : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    bool openssl(const QStringList& args) {
        auto r = testing::run_process("openssl", args, 30s);
        if (r.exit_code != 0) qWarning() << "openssl" << args << r.err;
        return r.exit_code == 0;
    }

private slots:
    void keep_alive_connection_and_trace_fields() {
        auto hub = std::make_shared<trace::TraceHub>();
        std::mutex mutex;
        trace::ConnectionEventBatch delivered;
        auto subscription = hub->subscribe_connections(
            [&](const trace::ConnectionEventBatch& batch) {
                std::lock_guard lock(mutex);
                delivered.insert(delivered.end(), batch.begin(), batch.end());
            },
            {.interval = 20ms});
        RunningServer s(traced_app(hub), config_with(hub));
        QVERIFY(s.started());

        auto r = testing::run_process(testing::python(), {"-c", kKeepAliveClient, QString::number(s.port())});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const QStringList counts = r.out.trimmed().split(' ');
        QCOMPARE(counts.size(), 2);
        const std::uint64_t sent = counts[0].toULongLong(), received = counts[1].toULongLong();
        QVERIFY(sent > 0 && received > 0);

        QTRY_VERIFY_WITH_TIMEOUT(has_closed(hub), 10000);
        hub->flush();
        trace::ConnectionEventBatch all;
        {
            std::lock_guard lock(mutex);
            all = delivered;
        }
        QCOMPARE(all.size(), hub->connection_snapshot().size());  // the subscriber got every one
        const trace::ConnectionId id = closed_connection(all);
        QVERIFY(id != 0);
        const auto events = events_of(all, id);
        QCOMPARE(kinds(events), QStringList({"opened", "request", "request", "request", "closed"}));

        const ConnectionEvent& opened = events.front();
        QVERIFY(opened.client && opened.server);
        QCOMPARE(opened.client->host, std::string("127.0.0.1"));
        QCOMPARE(opened.server->port, s.port());
        QVERIFY(!opened.secure);
        for (std::uint64_t i = 1; i <= 3; ++i) {
            QCOMPARE(events[i].request_index, i);
            QCOMPARE(events[i].method, std::string("GET"));
            QCOMPARE(events[i].path, "/r" + std::to_string(i));
        }
        const ConnectionEvent& closed = events.back();
        QCOMPARE(closed.requests, std::uint64_t(3));
        QCOMPARE(closed.bytes_in, sent);
        QCOMPARE(closed.bytes_out, received);
        QVERIFY(closed.reason.has_value());
        QCOMPARE(trace::to_string(*closed.reason), std::string_view("client_closed"));

        trace::ConnectionRecord record;
        for (const auto& e : all) record.apply(e);
        QCOMPARE(record.id, id);
        QVERIFY(!record.open());
        QVERIFY(record.reused());
        QCOMPARE(record.bytes_in, sent);
        QCOMPARE(record.requests, std::uint64_t(3));

        // The traces know their connection and their place on it.
        QTRY_COMPARE_WITH_TIMEOUT(hub->snapshot().size(), std::size_t(3), 10000);
        const trace::TraceBatch traces = hub->snapshot();
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(traces[i]->connection_id, id);
            QCOMPARE(traces[i]->request_index, std::uint64_t(i + 1));
            QCOMPARE(traces[i]->scope.connection_id, id);
            QCOMPARE(traces[i]->reused_connection(), i > 0);
        }
        QCOMPARE(s.stop(), 0);
    }

    void keep_alive_timeout_is_the_close_reason() {
        auto hub = std::make_shared<trace::TraceHub>();
        server::Config c = config_with(hub);
        c.timeout_keep_alive = 0.3;
        RunningServer s(traced_app(hub), c);
        QVERIFY(s.started());
        testing::RawClient client(s.port());
        const std::string request = "GET /r7 HTTP/1.1\r\nHost: x\r\n\r\n";
        QVERIFY(client.send(request));
        auto response = client.read_response();
        QVERIFY(response && response->body == "request 7");
        QVERIFY(client.read_until_closed());  // the server gives up on the idle connection
        QTRY_VERIFY_WITH_TIMEOUT(has_closed(hub), 10000);
        const auto all = hub->connection_snapshot();
        const auto events = events_of(all, closed_connection(all));
        QCOMPARE(kinds(events), QStringList({"opened", "request", "closed"}));
        QCOMPARE(trace::to_string(*events.back().reason), std::string_view("keep_alive_timeout"));
        QCOMPARE(events.back().bytes_in, std::uint64_t(request.size()));
        QCOMPARE(s.stop(), 0);
    }

    void tls_connection() {
        QVERIFY(dir_.isValid());
        QFile ext(path("ext.cnf"));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
        ext.close();
        const QStringList ec{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
        QVERIFY(openssl(QStringList{"req", "-x509"} + ec +
                        QStringList{"-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj",
                                    "/CN=events test CA"}));
        QVERIFY(openssl(QStringList{"req"} + ec +
                        QStringList{"-keyout", path("server.key"), "-out", path("server.csr"), "-subj",
                                    "/CN=localhost"}));
        QVERIFY(openssl({"x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                         "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("ext.cnf")}));

        auto hub = std::make_shared<trace::TraceHub>();
        server::Config c = config_with(hub);
        c.ssl_certfile = path("server.pem").toStdString();
        c.ssl_keyfile = path("server.key").toStdString();
        RunningServer s(traced_app(hub), c);
        QVERIFY2(s.started(), s.log_text().c_str());

        // Two requests on one TLS connection; the client reports what it negotiated.
        const char* client = R"(
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
raw = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s = ctx.wrap_socket(raw, server_hostname='localhost')
sent = got = 0
buf = b''
for i in (1, 2):
    req = ('GET /r%d HTTP/1.1\r\nHost: localhost\r\n\r\n' % i).encode()
    s.sendall(req)
    sent += len(req)
    while True:
        if b'\r\n\r\n' in buf:
            head, _, rest = buf.partition(b'\r\n\r\n')
            n = [int(l.split(b':', 1)[1]) for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')][0]
            if len(rest) >= n:
                buf = rest[n:]
                break
        d = s.recv(65536)
        assert d, 'closed early'
        buf += d
        got += len(d)
print(sent, got, s.version(), s.cipher()[0])
s.close()
)";
        auto r = testing::run_process(testing::python(),
                                      {"-c", client, QString::number(s.port()), path("ca.pem")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const QStringList out = r.out.trimmed().split(' ');
        QCOMPARE(out.size(), 4);

        QTRY_VERIFY_WITH_TIMEOUT(has_closed(hub), 10000);
        const auto all = hub->connection_snapshot();
        const auto events = events_of(all, closed_connection(all));
        QCOMPARE(kinds(events), QStringList({"opened", "tls", "request", "request", "closed"}));
        QVERIFY(events.front().secure);
        const auto& tls = events[1].tls;
        QVERIFY(tls.has_value());
        QCOMPARE(QString::fromStdString(tls->version), out[2]);
        QCOMPARE(QString::fromStdString(tls->cipher), out[3]);
        QCOMPARE(tls->sni, std::string("localhost"));
        QVERIFY(tls->alpn.empty());  // the client offered no ALPN
        const ConnectionEvent& closed = events.back();
        QVERIFY(closed.secure);
        QCOMPARE(closed.requests, std::uint64_t(2));
        QCOMPARE(closed.bytes_in, out[0].toULongLong());  // HTTP bytes, after decryption
        QCOMPARE(closed.bytes_out, out[1].toULongLong());
        QCOMPARE(s.stop(), 0);
    }

    void websocket_frames_ping_pong_and_close_code() {
        auto hub = std::make_shared<trace::TraceHub>();
        RunningServer s(traced_app(hub), config_with(hub));
        QVERIFY(s.started());
        const char* client = R"(
import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1], compression=None, ping_interval=None,
                                  open_timeout=10, close_timeout=10) as ws:
        await ws.send('hello')
        print(await ws.recv())
        await ws.send(b'\x00\x01\x02')
        print(len(await ws.recv()))
        pong = await ws.ping(b'pp')
        await asyncio.wait_for(pong, 10)
        await ws.close(4001, 'bye')
        print(ws.close_code)
asyncio.run(main())
)";
        auto r = testing::run_process(testing::python(),
                                      {"-c", client, QStringLiteral("ws://127.0.0.1:%1/ws").arg(s.port())});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), QStringList({"hello", "3", "4001"}));

        QTRY_VERIFY_WITH_TIMEOUT(has_closed(hub), 10000);
        const auto all = hub->connection_snapshot();
        const auto events = events_of(all, closed_connection(all));
        QStringList frames;
        for (const auto& e : events) {
            if (e.kind != ConnectionEventKind::websocket_frame) continue;
            QVERIFY(e.frame.has_value());
            QString line = QStringLiteral("%1 %2 %3")
                               .arg(e.frame->direction == trace::Direction::receive ? "in" : "out")
                               .arg(QString::fromUtf8(trace::to_string(e.frame->opcode).data()))
                               .arg(e.frame->payload_size);
            if (e.frame->opcode == trace::WebSocketOpcode::close)
                line += QStringLiteral(" %1 %2").arg(e.frame->close_code).arg(QString::fromStdString(e.frame->close_reason));
            QVERIFY(e.frame->fin);
            frames << line.trimmed();
        }
        QCOMPARE(frames, QStringList({"in text 5", "out text 5", "in binary 3", "out binary 3", "in ping 2",
                                      "out pong 2", "in close 5 4001 bye", "out close 2 4001"}));
        QCOMPARE(kinds(events).first(2), QStringList({"opened", "request"}));
        const ConnectionEvent& closed = events.back();
        QCOMPARE(closed.kind, ConnectionEventKind::closed);
        QCOMPARE(trace::to_string(*closed.reason), std::string_view("websocket_closed"));
        QCOMPARE(closed.requests, std::uint64_t(1));
        // The handshake and the frames were counted: more than the payloads alone.
        QVERIFY(closed.bytes_in > 5 + 3 + 2 + 5);
        QVERIFY(closed.bytes_out > 5 + 3 + 2 + 5);

        trace::ConnectionRecord record;
        for (const auto& e : events) record.apply(e);
        QVERIFY(record.websocket);
        QCOMPARE(record.frames_in, std::uint64_t(4));
        QCOMPARE(record.frames_out, std::uint64_t(4));
        QCOMPARE(record.close_code, std::optional<int>(4001));

        // The WebSocket session's trace is the connection's first request.
        QTRY_VERIFY_WITH_TIMEOUT(!hub->snapshot().empty(), 10000);
        const auto traces = hub->snapshot();
        QCOMPARE(traces.back()->kind, trace::TraceKind::websocket);
        QCOMPARE(traces.back()->connection_id, closed.connection_id);
        QCOMPARE(traces.back()->request_index, std::uint64_t(1));
        QCOMPARE(s.stop(), 0);
    }

    void lifespan_steps_are_events() {
        auto hub = std::make_shared<trace::TraceHub>();
        asgi::App app = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            if (scope.type == "lifespan") {
                co_await receive();
                co_await send(asgi::LifespanStartupComplete());
                co_await receive();
                co_await send(asgi::LifespanShutdownFailed("could not flush"));
                co_return;
            }
            co_await testing::respond(send, 200, "ok");
        };
        server::Config c = config_with(hub);
        c.lifespan = server::LifespanMode::On;
        {
            RunningServer s(app, c);
            QVERIFY(s.started());
            s.stop();
        }
        QStringList steps;
        for (const auto& e : hub->connection_snapshot()) {
            QCOMPARE(e.kind, ConnectionEventKind::lifespan);
            QCOMPARE(e.connection_id, trace::ConnectionId(0));
            steps << QString::fromStdString(e.detail);
        }
        QCOMPARE(steps, QStringList({"lifespan.startup", "lifespan.startup.complete", "lifespan.shutdown",
                                     "lifespan.shutdown.failed: could not flush"}));
    }

    void no_hub_no_events_and_still_numbered() {
        // Without a hub the server still numbers connections and requests in the scope.
        testing::Recorder rec;
        asgi::App app = [&rec](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> awaitable<void> {
            rec.add(std::to_string(scope.connection_id) + "/" + std::to_string(scope.request_index));
            co_await testing::respond(send, 200, "ok");
        };
        RunningServer s(app, testing::test_config_without_lifespan());
        QVERIFY(s.started());
        testing::RawClient client(s.port());
        for (int i = 0; i < 2; ++i) {
            QVERIFY(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            QVERIFY(client.read_response());
        }
        QCOMPARE(rec.size(), std::size_t(2));
        const auto items = rec.items();
        QVERIFY(items[0] != "0/1" && items[0].ends_with("/1"));
        QCOMPARE(items[1], items[0].substr(0, items[0].find('/')) + "/2");
        QCOMPARE(s.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConnectionEvents)
#include "test_connection_events.moc"
