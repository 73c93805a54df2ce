// The WebSocket server (RFC 6455, ASGI websocket 2.4) over real sockets on 127.0.0.1: the
// Python `websockets` library and Qt's QWebSocket as clients nobody here wrote, and raw
// frames for invalid handshakes and every protocol error the server must catch.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QWebSocket>
#include <QtTest>

#include <atomic>
#include <thread>

#include <asgiscope/asgi/json.hpp>

#include "demo_app.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using testing::RawClient;
using testing::Recorder;
using testing::RunningServer;

namespace {

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455's sample key
constexpr std::string_view kAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

server::Config config() {
    auto c = testing::test_config_without_lifespan();
    c.ws_ping_interval = 0;
    return c;
}

std::string describe(const asgi::Message& m) {
    std::string out(asgi::type_name(m));
    if (auto* r = std::get_if<asgi::WebSocketReceive>(&m)) {
        if (r->text) out += " text " + *r->text;
        else out += " bytes " + std::to_string(r->bytes->size());
    } else if (auto* d = std::get_if<asgi::WebSocketDisconnect>(&m)) {
        out += ' ' + std::to_string(d->code);
        if (!d->reason.empty()) out += ' ' + d->reason;
    }
    return out;
}

/// Test app; the path picks the behaviour. Everything it sees goes to the recorder.
asgi::App ws_app(Recorder& rec, std::atomic<bool>* release = nullptr) {
    return [&rec, release](asgi::Scope& scope, asgi::Receive receive,
                           asgi::Send send) -> asio::awaitable<void> {
        if (scope.type == "http") {
            rec.add("http " + scope.path);
            co_await testing::respond(send, 200, "plain http");
            co_return;
        }
        if (scope.type != "websocket") co_return;
        const std::string path = scope.path;
        rec.add("scope " + path);
        rec.add(describe(co_await receive()));
        if (path == "/forbid") {
            co_await send(asgi::WebSocketClose(1000));
            co_return;
        }
        if (path == "/deny") {  // streamed denial: chunked
            asgi::Headers headers;
            headers.emplace_back("content-type", "text/plain");
            headers.emplace_back("x-why", "nope");
            co_await send(asgi::WebSocketHttpResponseStart(401, std::move(headers)));
            co_await send(asgi::WebSocketHttpResponseBody(asgi::Bytes::from_static("go "), true));
            co_await send(asgi::WebSocketHttpResponseBody(asgi::Bytes::from_static("away"), false));
            rec.add(describe(co_await receive()));
            co_return;
        }
        if (path == "/deny-length") {
            co_await send(asgi::WebSocketHttpResponseStart(418));
            co_await send(asgi::WebSocketHttpResponseBody(asgi::Bytes::from_static("teapot")));
            co_return;
        }
        if (path == "/raise-before") throw std::runtime_error("refusing by exception");
        if (path == "/return-before") co_return;

        if (path == "/late") co_await testing::wait_until([release] { return release->load(); }, 20s);
        std::optional<std::string> subprotocol;
        asgi::Headers headers;
        if (path == "/proto") {
            if (!scope.subprotocols.empty()) subprotocol = scope.subprotocols.back();
            headers.emplace_back("x-extra", "yes");
            headers.emplace_back("set-cookie", "a=1");
        }
        co_await send(asgi::WebSocketAccept(subprotocol, std::move(headers)));
        rec.add("accepted");

        if (path == "/scope") {
            co_await send(asgi::WebSocketSend(asgi::to_json_string(scope)));
        } else if (path == "/raise-after") {
            rec.add(describe(co_await receive()));
            throw std::runtime_error("failing after accept");
        } else if (path == "/return-after") {
            co_return;
        } else if (path == "/flood") {
            // 64 MiB to a client that does not read: each send waits for the socket.
            try {
                for (int i = 0; i < 64; ++i) {
                    co_await send(asgi::WebSocketSend(asgi::Bytes(std::string(1 << 20, 'f'))));
                    rec.add("sent");
                }
            } catch (const asgi::ClientDisconnected&) {
                rec.add("flood: ClientDisconnected");
            }
            co_return;
        } else if (path == "/close") {
            // The client says "CODE REASON"; the app closes with them.
            auto m = co_await receive();
            auto* r = std::get_if<asgi::WebSocketReceive>(&m);
            if (!r || !r->text) co_return;
            auto space = r->text->find(' ');
            int code = std::stoi(r->text->substr(0, space));
            co_await send(asgi::WebSocketClose(code, r->text->substr(space + 1)));
            rec.add(describe(co_await receive()));
            try {
                co_await send(asgi::WebSocketSend(std::string("too late")));
            } catch (const asgi::ProtocolError&) {
                rec.add("send after close: ProtocolError");
            }
            co_return;
        } else if (path == "/slow") {
            // Receives only once released: the queue fills and the server stops reading.
            co_await testing::wait_until([release] { return release->load(); }, 20s);
            rec.add("released");
        }
        std::size_t received = 0;
        for (;;) {
            auto m = co_await receive();
            if (path != "/slow") rec.add(describe(m));
            auto* in = std::get_if<asgi::WebSocketReceive>(&m);
            if (!in) {
                if (path == "/slow") rec.add(describe(m));
                break;
            }
            ++received;
            if (path == "/slow") continue;
            if (in->text) co_await send(asgi::WebSocketSend(std::move(*in->text)));
            else co_await send(asgi::WebSocketSend(std::move(*in->bytes)));
        }
        if (path == "/slow") rec.add("received " + std::to_string(received));
        try {
            co_await send(asgi::WebSocketSend(std::string("after disconnect")));
            rec.add("send after disconnect: no error");
        } catch (const asgi::ClientDisconnected&) {
            rec.add("send after disconnect: ClientDisconnected");
        }
    };
}

// Common start of the Python scripts: the websockets asyncio client without pings of its own.
const QString kPreamble = QStringLiteral(
    "import asyncio, sys, json, websockets\n"
    "from websockets.exceptions import ConnectionClosed, InvalidStatusCode\n"
    "def connect(path, **kw):\n"
    "    kw.setdefault('open_timeout', 10); kw.setdefault('close_timeout', 10)\n"
    "    kw.setdefault('ping_interval', None)\n"
    "    return websockets.connect(sys.argv[1] + path, **kw)\n");

testing::ProcessResult py(const QString& script, const QStringList& args = {},
                          std::chrono::milliseconds timeout = 60s) {
    return testing::run_process(testing::python(), QStringList{"-c", kPreamble + script} + args,
                                timeout);
}

QString ws_url(const RunningServer& s) { return QStringLiteral("ws://127.0.0.1:%1").arg(s.port()); }

std::string handshake(const std::string& path, const std::string& extra = {},
                      std::string_view key = kKey) {
    std::string r = "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
    if (!key.empty()) r += "Sec-WebSocket-Key: " + std::string(key) + "\r\n";
    return r + extra + "\r\n";
}

/// A client frame: masked unless told otherwise.
std::string frame(int opcode, std::string_view payload, bool fin = true, bool masked = true,
                  int rsv = 0) {
    std::string f;
    f += char((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    const char mask_bit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        f += char(mask_bit | char(payload.size()));
    } else if (payload.size() < 65536) {
        f += char(mask_bit | 126);
        f += char(payload.size() >> 8);
        f += char(payload.size() & 0xFF);
    } else {
        f += char(mask_bit | 127);
        for (int i = 7; i >= 0; --i) f += char((std::uint64_t(payload.size()) >> (8 * i)) & 0xFF);
    }
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    if (masked) f.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        f += masked ? char(payload[i] ^ char(mask[i % 4])) : payload[i];
    return f;
}

std::string close_payload(int code, std::string_view reason = {}) {
    std::string p;
    p += char(code >> 8);
    p += char(code & 0xFF);
    p += reason;
    return p;
}

struct Frame {
    int opcode = 0;
    bool fin = false;
    std::string payload;
    int close_code() const {
        return payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8) |
                                         static_cast<unsigned char>(payload[1])
                                   : 1005;
    }
};

/// Parses the server's (unmasked) frames.
std::vector<Frame> parse_frames(std::string_view data) {
    std::vector<Frame> out;
    while (data.size() >= 2) {
        Frame f;
        auto b0 = static_cast<unsigned char>(data[0]), b1 = static_cast<unsigned char>(data[1]);
        f.fin = b0 & 0x80;
        f.opcode = b0 & 0x0F;
        std::uint64_t len = b1 & 0x7F;
        std::size_t at = 2;
        if (len == 126) {
            if (data.size() < 4) break;
            len = (std::uint64_t(static_cast<unsigned char>(data[2])) << 8) | static_cast<unsigned char>(data[3]);
            at = 4;
        } else if (len == 127) {
            if (data.size() < 10) break;
            len = 0;
            for (int i = 0; i < 8; ++i) len = (len << 8) | static_cast<unsigned char>(data[2 + i]);
            at = 10;
        }
        if (data.size() < at + len) break;
        f.payload = std::string(data.substr(at, len));
        out.push_back(std::move(f));
        data.remove_prefix(at + len);
    }
    return out;
}

/// Opens a WebSocket with raw bytes; the 101 has been read when it returns true.
bool open_raw(RawClient& c, const std::string& path, const std::string& extra = {}) {
    if (!c.send(handshake(path, extra))) return false;
    auto r = c.read_response(true);
    return r && r->status == 101 && r->header("sec-websocket-accept") == std::string(kAccept);
}

/// Sends `bytes` on an open raw WebSocket and reads until the server closes; returns the
/// frames it sent.
std::vector<Frame> send_and_collect(RawClient& c, const std::string& bytes) {
    c.send(bytes);
    std::string rest;
    c.read_until_closed(&rest);
    c.close();  // the server waits for our end of the TCP connection before it tells the app
    return parse_frames(rest);
}

}  // namespace

class TestWebSocket : public QObject {
    Q_OBJECT
private slots:
    // ---- Python websockets ------------------------------------------------------------------

    void python_echo_text_binary_and_deflate() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def main():
    async with connect('/ws/echo', max_size=None) as ws:
        await ws.send('héllo'); print(await ws.recv())
        await ws.send(b'\x00\x01\xff'); print(repr(await ws.recv()))
        print([e.name for e in ws.extensions])
        print(ws.response_headers.get('server'), ws.response_headers.get('upgrade'))
        big = bytes(range(256)) * 4096
        await ws.send(big); print(len(await ws.recv()) == len(big))
        text = 'x' * (1 << 20)
        await ws.send(text); print((await ws.recv()) == text)
    print(ws.close_code)
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"héllo", "b'\\x00\\x01\\xff'", "['permessage-deflate']",
                              "asgiscope websocket", "True", "True", "1000"}));
        QTRY_VERIFY(s.log_contains("\"WebSocket /ws/echo\" [accepted]"));
        QTRY_VERIFY(s.log_contains("connection closed"));
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void python_deflate_can_be_turned_off() {
        auto c = config();
        c.ws_per_message_deflate = false;
        RunningServer s(demo::make_demo_app(), c);
        QVERIFY(s.started());
        auto r = py(R"(
async def main():
    async with connect('/ws/echo') as ws:
        await ws.send('plain'); print(await ws.recv(), ws.extensions)
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QString("plain []"));
    }

    void python_subprotocol_and_accept_headers() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def main():
    async with connect('/proto', subprotocols=['chat.v1', 'chat.v2']) as ws:
        print(ws.subprotocol, ws.response_headers['x-extra'], ws.response_headers['set-cookie'])
        await ws.send('hi'); print(await ws.recv())
    async with connect('/echo') as ws:
        print(ws.subprotocol, 'x-extra' in ws.response_headers)
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"chat.v2 yes a=1", "hi", "None False"}));
    }

    void scope_of_a_websocket() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def main():
    async with connect('/scope?x=1', subprotocols=['a', 'b'],
                       extra_headers={'X-Forwarded-Proto': 'https', 'Sec-WebSocket-Protocol': 'c'}) as ws:
        print(await ws.recv())
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        auto scope = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(scope["type"].toString(), QString("websocket"));
        QCOMPARE(scope["scheme"].toString(), QString("wss"));  // proxy header from 127.0.0.1
        QCOMPARE(scope["path"].toString(), QString("/scope"));
        QCOMPARE(scope["query_string"].toString(), QString("x=1"));
        QCOMPARE(scope["http_version"].toString(), QString("1.1"));
        QCOMPARE(scope["asgi"].toObject()["spec_version"].toString(), QString("2.4"));
        QCOMPARE(scope["subprotocols"].toArray(), QJsonArray({"a", "b", "c"}));
        QVERIFY(scope["extensions"].toObject().contains("websocket.http.response"));
        QVERIFY(!scope.contains("method"));
        QCOMPARE(scope["client"].toArray()[0].toString(), QString("127.0.0.1"));
        bool has_key = false;
        for (const auto& h : scope["headers"].toArray())
            has_key = has_key || h.toArray()[0].toString() == "sec-websocket-key";
        QVERIFY(has_key);
    }

    void python_max_size_closes_1009() {
        auto c = config();
        c.ws_max_size = 1024;
        RunningServer s(demo::make_demo_app(), c);
        QVERIFY(s.started());
        // The limit applies to the decompressed message: 2000 'a's compress to a few bytes.
        auto r = py(R"(
async def attempt(size, compression):
    async with connect('/ws/echo', compression=compression) as ws:
        try:
            await ws.send('a' * size)
            print(size, compression, len(await ws.recv()))
        except ConnectionClosed as e:
            print(size, compression, 'closed', e.rcvd.code)
async def main():
    await attempt(1024, None)
    await attempt(1025, None)
    await attempt(2000, 'deflate')
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"1024 None 1024", "1025 None closed 1009", "2000 deflate closed 1009"}));
    }

    void python_default_16_mib_limit() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def attempt(size):
    async with connect('/ws/echo', compression=None, max_size=None) as ws:
        try:
            await ws.send(b'z' * size)
            print(size, len(await ws.recv()) == size)
        except ConnectionClosed as e:
            print(size, 'closed', e.rcvd.code)
async def main():
    await attempt(16 * 1024 * 1024)
    await attempt(16 * 1024 * 1024 + 1)
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"16777216 True", "16777217 closed 1009"}));
    }

    void python_close_codes_both_directions() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def main():
    async with connect('/echo') as ws:
        await ws.send('one'); await ws.recv()
        await ws.close(4001, 'bye from client')
    print('client closed', ws.close_code)
    async with connect('/close') as ws:
        await ws.send('4002 done here')
        try:
            await ws.recv()
        except ConnectionClosed as e:
            print('server closed', e.rcvd.code, e.rcvd.reason)
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"client closed 4001", "server closed 4002 done here"}));
        QTRY_VERIFY2(rec.contains("websocket.disconnect 4001 bye from client"), rec.joined().c_str());
        QTRY_VERIFY2(rec.contains("websocket.disconnect 4002 done here"), rec.joined().c_str());
        QVERIFY(rec.contains("send after disconnect: ClientDisconnected"));
        QVERIFY(rec.contains("send after close: ProtocolError"));
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void python_refusals_have_http_status() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def attempt(path):
    try:
        async with connect(path) as ws:
            print(path, 'opened')
    except InvalidStatusCode as e:
        print(path, e.status_code)
async def main():
    for path in ['/forbid', '/deny', '/deny-length', '/raise-before', '/return-before']:
        await attempt(path)
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"/forbid 403", "/deny 401", "/deny-length 418", "/raise-before 500",
                              "/return-before 500"}));
        QTRY_VERIFY(s.log_contains("\"WebSocket /forbid\" 403"));
        QVERIFY(s.log_contains("Exception in ASGI application: std::runtime_error: refusing by exception"));
        QVERIFY(s.log_contains("ASGI callable returned without sending handshake."));
        QVERIFY(!rec.contains("accepted"));
        QVERIFY2(rec.contains("websocket.disconnect 1006"), rec.joined().c_str());  // after the denial
    }

    void python_app_error_after_accept_closes_1011_and_return_1000() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        auto r = py(R"(
async def attempt(path):
    async with connect(path) as ws:
        try:
            if path == '/raise-after': await ws.send('boom')
            await ws.recv()
        except ConnectionClosed as e:
            print(path, e.rcvd.code)
async def main():
    await attempt('/raise-after')
    await attempt('/return-after')
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"/raise-after 1011", "/return-after 1000"}));
        QTRY_VERIFY(s.log_contains("Exception in ASGI application: std::runtime_error: failing after accept"));
    }

    void shutdown_closes_1012() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        QProcess client;
        client.start(testing::python(), {"-c", kPreamble + QStringLiteral(R"(
async def main():
    async with connect('/echo') as ws:
        await ws.send('ready'); print(await ws.recv(), flush=True)
        try:
            await ws.recv()
        except ConnectionClosed as e:
            print('closed', e.rcvd.code)
asyncio.run(main())
)"), ws_url(s)});
        QTRY_VERIFY_WITH_TIMEOUT(rec.contains("websocket.receive text ready"), 10000);
        QCOMPARE(s.stop(), 0);
        QVERIFY(client.waitForFinished(10000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        QCOMPARE(QString::fromUtf8(client.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts),
                 QStringList({"ready", "closed 1012"}));
        QVERIFY2(rec.contains("websocket.disconnect 1012"), rec.joined().c_str());
        QVERIFY(rec.contains("send after disconnect: ClientDisconnected"));
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void shutdown_before_accept_closes_right_after_it() {
        Recorder rec;
        std::atomic<bool> release{false};
        RunningServer s(ws_app(rec, &release), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(c.send(handshake("/late")));
        QTRY_VERIFY(rec.contains("websocket.connect"));
        std::thread stopper([&s] { s.stop(); });
        struct Join {
            std::thread& t;
            ~Join() { t.join(); }
        } join{stopper};
        QTest::qWait(200);  // the server is draining: the app has not decided yet
        release = true;
        auto r = c.read_response(true);
        QVERIFY(r);
        QCOMPARE(r->status, 101);
        auto frames = send_and_collect(c, frame(0x8, close_payload(1012)));
        QVERIFY(!frames.empty());
        QCOMPARE(frames[0].opcode, 0x8);
        QCOMPARE(frames[0].close_code(), 1012);
        QTRY_VERIFY2(rec.contains("websocket.disconnect 1012"), rec.joined().c_str());
    }

    // ---- Raw sockets: handshakes ----------------------------------------------------------

    void invalid_handshakes_never_reach_101() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        struct Case {
            std::string request;
            int status;
        };
        const std::vector<Case> cases = {
            {handshake("/echo", {}, {}), 400},                                       // no key
            {handshake("/echo", "Sec-WebSocket-Key: " + std::string(kKey) + "\r\n"), 400},  // two
            {handshake("/echo", {}, "dGhlIHNhbXBsZSBub25jZQ"), 400},      // no padding
            {handshake("/echo", {}, "dGhlIHNhbXBsZSBub25j"), 400},        // 15 bytes
            {handshake("/echo", {}, "dGhlIHNhbXBsZSBub25jZR=="), 400},    // stray bits
            {handshake("/echo", {}, "dGhlIHNhbXBsZSBub25jZ!=="), 400},    // not base64
            {"GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: " + std::string(kKey) + "\r\nSec-WebSocket-Version: 8\r\n\r\n", 426},
            {"GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: " + std::string(kKey) + "\r\n\r\n", 426},                    // none
            {"GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Content-Length: 3\r\nSec-WebSocket-Key: " + std::string(kKey) +
             "\r\nSec-WebSocket-Version: 13\r\n\r\nabc", 400},                                // body
        };
        for (const auto& c : cases) {
            RawClient client(s.port());
            QVERIFY(client.send(c.request));
            auto r = client.read_response();
            QVERIFY2(r, c.request.c_str());
            QCOMPARE(r->status, c.status);
            if (c.status == 426) QCOMPARE(r->header("sec-websocket-version"), std::string("13"));
            QVERIFY(client.read_until_closed());
        }
        QVERIFY2(rec.size() == 0, rec.joined().c_str());
    }

    void other_upgrades_are_plain_http() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        for (const std::string& request : std::vector<std::string>{
                 // h2c, not websocket
                 std::string("GET /a HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"),
                 // websocket without Connection: upgrade
                 "GET /b HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                 "Sec-WebSocket-Key: " + std::string(kKey) + "\r\n\r\n",
                 // not GET
                 std::string("POST /c HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                 "Content-Length: 0\r\n\r\n"),
                 // HTTP/1.0
                 std::string("GET /d HTTP/1.0\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n")}) {
            RawClient client(s.port());
            QVERIFY(client.send(request));
            auto r = client.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QCOMPARE(r->body, std::string("plain http"));
        }
        QCOMPARE(rec.joined(), std::string("http /a | http /b | http /c | http /d"));
    }

    void raw_101_and_denial_bodies() {
        Recorder rec;
        auto c = config();
        c.server_header = false;
        c.headers.emplace_back("x-default", "on");
        RunningServer s(ws_app(rec), c);
        QVERIFY(s.started());
        {
            RawClient client(s.port());
            QVERIFY(client.send(handshake("/echo")));
            auto r = client.read_response(true);
            QVERIFY(r);
            QCOMPARE(r->status, 101);
            QCOMPARE(r->header("sec-websocket-accept"), std::string(kAccept));
            QCOMPARE(r->header("x-default"), std::string("on"));
            QVERIFY(!r->header("server"));  // not even Beast's
            QVERIFY(r->header("date"));
        }
        {
            RawClient client(s.port());
            QVERIFY(client.send(handshake("/deny")));
            auto r = client.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 401);
            QVERIFY(r->chunked);
            QCOMPARE(r->body, std::string("go away"));
            QCOMPARE(r->header("x-why"), std::string("nope"));
            QCOMPARE(r->header("connection"), std::string("close"));
            QVERIFY(client.read_until_closed());
        }
        {
            RawClient client(s.port());
            QVERIFY(client.send(handshake("/deny-length")));
            auto r = client.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 418);
            QCOMPARE(r->header("content-length"), std::string("6"));
            QCOMPARE(r->body, std::string("teapot"));
        }
    }

    // ---- Raw sockets: frames ----------------------------------------------------------------

    void fragments_and_ping_between_them() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(open_raw(c, "/ws/echo"));
        std::string bytes = frame(0x1, "Hel", false) + frame(0x9, "are you there") +
                            frame(0x0, "lo, ", false) + frame(0x0, "world") +
                            frame(0x2, std::string("\x01\x02", 2)) +
                            frame(0x8, close_payload(1000, "done"));
        auto frames = send_and_collect(c, bytes);
        QCOMPARE(frames.size(), std::size_t(4));
        QCOMPARE(frames[0].opcode, 0xA);  // the pong, between the fragments
        QCOMPARE(frames[0].payload, std::string("are you there"));
        QCOMPARE(frames[1].opcode, 0x1);
        QCOMPARE(frames[1].payload, std::string("Hello, world"));
        QCOMPARE(frames[2].opcode, 0x2);
        QCOMPARE(frames[2].payload, std::string("\x01\x02", 2));
        QCOMPARE(frames[3].opcode, 0x8);
        QCOMPARE(frames[3].close_code(), 1000);
    }

    void protocol_errors_close_with_the_right_code_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        auto row = [](const char* name, const std::string& bytes, int code) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << code;
        };
        row("unmasked frame", frame(0x1, "hi", true, false), 1002);
        row("reserved bit", frame(0x1, "hi", true, true, 4), 1002);
        row("reserved opcode", frame(0x3, "hi"), 1002);
        row("reserved control opcode", frame(0xB, "hi"), 1002);
        row("fragmented ping", frame(0x9, "p", false), 1002);
        row("ping over 125 bytes", frame(0x9, std::string(126, 'p')), 1002);
        row("continuation without start", frame(0x0, "x"), 1002);
        row("new message inside a fragmented one", frame(0x1, "a", false) + frame(0x1, "b"), 1002);
        row("invalid utf-8", frame(0x1, "\xC3\x28"), 1007);
        row("invalid utf-8 across fragments", frame(0x1, "ok\xE2\x82", false) + frame(0x0, "x"), 1007);
        row("close code 1005", frame(0x8, close_payload(1005)), 1002);
        row("close code 999", frame(0x8, close_payload(999)), 1002);
        row("close code 2000", frame(0x8, close_payload(2000)), 1002);
        row("close payload of one byte", frame(0x8, "x"), 1002);
        row("close reason not utf-8", frame(0x8, close_payload(1000, "\xFF")), 1002);
    }
    void protocol_errors_close_with_the_right_code() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(open_raw(c, "/echo"));
        auto frames = send_and_collect(c, bytes.toStdString());
        QVERIFY(!frames.empty());
        QCOMPARE(frames.back().opcode, 0x8);
        QCOMPARE(frames.back().close_code(), code);
        QTRY_VERIFY2(rec.contains("websocket.disconnect " + std::to_string(code)), rec.joined().c_str());
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void connection_lost_is_1006_and_send_raises() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        {
            RawClient c(s.port());
            QVERIFY(open_raw(c, "/echo"));
            QVERIFY(c.send(frame(0x1, "x")));
            QTRY_VERIFY(rec.contains("websocket.receive text x"));
        }  // closed without a close frame
        QTRY_VERIFY2(rec.contains("websocket.disconnect 1006"), rec.joined().c_str());
        QTRY_VERIFY(rec.contains("send after disconnect: ClientDisconnected"));
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void server_pings_and_drops_silent_clients() {
        Recorder rec;
        auto cfg = config();
        cfg.ws_ping_interval = 0.2;
        cfg.ws_ping_timeout = 0.4;
        RunningServer s(ws_app(rec), cfg);
        QVERIFY(s.started());
        // websockets answers pings: the connection outlives many ping intervals.
        auto r = py(R"(
async def main():
    async with connect('/echo') as ws:
        await asyncio.sleep(1.2)
        await ws.send('still here'); print(await ws.recv())
asyncio.run(main())
)", {ws_url(s)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QString("still here"));
        // A raw client that never answers: a ping arrives, then the server hangs up.
        RawClient c(s.port());
        QVERIFY(open_raw(c, "/echo"));
        QElapsedTimer t;
        t.start();
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        auto frames = parse_frames(rest);
        QVERIFY(!frames.empty());
        QCOMPARE(frames.front().opcode, 0x9);
        QVERIFY2(t.elapsed() >= 400 && t.elapsed() < 3000, std::to_string(t.elapsed()).c_str());
        QTRY_VERIFY2(rec.contains("websocket.disconnect 1006"), rec.joined().c_str());
    }

    void full_queue_stops_reading() {
        Recorder rec;
        std::atomic<bool> release{false};
        auto cfg = config();
        cfg.ws_max_queue = 2;
        RunningServer s(ws_app(rec, &release), cfg);
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(open_raw(c, "/slow"));
        // 64 messages of 512 KiB: far more than the queue and the socket buffers hold.
        const std::string message = frame(0x2, std::string(512 * 1024, 'm'));
        std::string all;
        for (int i = 0; i < 64; ++i) all += message;
        auto sent = c.send_until_stalled(all, 500ms);
        QVERIFY2(sent < all.size(), std::to_string(sent).c_str());
        release = true;
        QVERIFY(c.send(std::string_view(all).substr(sent)));
        auto frames = send_and_collect(c, frame(0x8, close_payload(1000)));
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].close_code(), 1000);
        QTRY_VERIFY2(rec.contains("received 64"), rec.joined().c_str());
    }

    void frames_sent_with_the_handshake_are_kept() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        // Too eager (a client should wait for the 101), but nothing is lost.
        QVERIFY(c.send(handshake("/ws/echo") + frame(0x1, "early")));
        auto r = c.read_response(true);
        QVERIFY(r);
        QCOMPARE(r->status, 101);
        auto frames = send_and_collect(c, frame(0x8, close_payload(1000)));
        QCOMPARE(frames.size(), std::size_t(2));
        QCOMPARE(frames[0].payload, std::string("early"));
        QCOMPARE(frames[1].close_code(), 1000);
    }

    void send_waits_for_the_socket() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(open_raw(c, "/flood"));
        auto sent = [&rec] {
            auto items = rec.items();
            return std::count(items.begin(), items.end(), std::string("sent"));
        };
        QTest::qWait(800);
        const auto stalled_at = sent();
        QVERIFY2(stalled_at < 64, std::to_string(stalled_at).c_str());
        QTest::qWait(300);
        QCOMPARE(sent(), stalled_at);
        c.close();  // unread data: the connection is reset
        QTRY_VERIFY2(rec.contains("flood: ClientDisconnected"), rec.joined().c_str());
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void forced_shutdown_with_a_silent_client() {
        Recorder rec;
        auto cfg = config();
        cfg.timeout_graceful_shutdown = 0.3;
        RunningServer s(ws_app(rec), cfg);
        QVERIFY(s.started());
        RawClient c(s.port());
        QVERIFY(open_raw(c, "/echo"));
        QTRY_VERIFY(rec.contains("accepted"));
        QElapsedTimer t;
        t.start();
        QCOMPARE(s.stop(), 0);  // the client never answers the close frame
        QVERIFY2(t.elapsed() < 5000, std::to_string(t.elapsed()).c_str());
        std::string rest;
        QVERIFY(c.read_until_closed(&rest));
        auto frames = parse_frames(rest);
        QVERIFY(!frames.empty());
        QCOMPARE(frames[0].opcode, 0x8);
        QCOMPARE(frames[0].close_code(), 1012);
        QVERIFY2(rec.contains("websocket.disconnect 1012"), rec.joined().c_str());
    }

    // ---- Qt's QWebSocket --------------------------------------------------------------------

    void qt_websocket_echo() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        QWebSocket socket;
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QSignalSpy text(&socket, &QWebSocket::textMessageReceived);
        QSignalSpy binary(&socket, &QWebSocket::binaryMessageReceived);
        QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/echo").arg(s.port())));
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 10000);
        socket.sendTextMessage(QStringLiteral("from Qt ✓"));
        QTRY_COMPARE(text.size(), 1);
        QCOMPARE(text[0][0].toString(), QStringLiteral("from Qt ✓"));
        socket.sendBinaryMessage(QByteArray(100000, 'q'));
        QTRY_COMPARE(binary.size(), 1);
        QCOMPARE(binary[0][0].toByteArray(), QByteArray(100000, 'q'));
        socket.close(QWebSocketProtocol::CloseCodeNormal, "bye");
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
        QCOMPARE(socket.closeCode(), QWebSocketProtocol::CloseCodeNormal);
        QTRY_VERIFY(s.log_contains("connection closed"));
    }

    // QWebSocket drops the TCP connection right after its close frame, so the server's close
    // reply may fail; the app must still see the client's code and reason, not 1006.
    void qt_websocket_close_code_reaches_the_app() {
        Recorder rec;
        RunningServer s(ws_app(rec), config());
        QVERIFY(s.started());
        for (int round = 0; round < 5; ++round) {
            QWebSocket socket;
            QSignalSpy connected(&socket, &QWebSocket::connected);
            QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
            socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/echo").arg(s.port())));
            QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 10000);
            const QString reason = QStringLiteral("bye %1").arg(round);
            socket.close(QWebSocketProtocol::CloseCode(4001), reason);
            QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
            const std::string expected = "websocket.disconnect 4001 " + reason.toStdString();
            QTRY_VERIFY2(rec.contains(expected), rec.joined().c_str());
        }
        QVERIFY(!rec.contains("websocket.disconnect 1006"));
    }
};

QTEST_GUILESS_MAIN(TestWebSocket)
#include "test_websocket.moc"
