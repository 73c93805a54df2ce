// `asgiscope serve` as a user runs it: a real process, real flags, real clients (curl, httpx).
#include <signal.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "serve_process.hpp"
#include "test_support.hpp"

using asgiscope::testing::free_port;
using asgiscope::testing::python;
using asgiscope::testing::run_process;
using asgiscope::testing::ServeProcess;

namespace {

QString binary() { return asgiscope::testing::asgiscope_binary(); }

asgiscope::testing::ProcessResult curl(const QStringList& args) {
    return run_process("curl", QStringList{"-sS", "--max-time", "10"} + args);
}

}  // namespace

class TestServeCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp() {
        auto r = run_process(binary(), {"--version"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(r.out.startsWith("asgiscope "));
        auto help = run_process(binary(), {"serve", "--help"});
        QCOMPARE(help.exit_code, 0);
        for (auto flag : {"--timeout-keep-alive", "--limit-concurrency", "--proxy-headers",
                          "--forwarded-allow-ips", "--root-path", "--lifespan", "--workers",
                          "--ws-max-size", "--ws-max-queue", "--ws-ping-interval",
                          "--ws-ping-timeout", "--ws-per-message-deflate", "--ssl-certfile",
                          "--ssl-keyfile", "--ssl-keyfile-password", "--ssl-ca-certs",
                          "--ssl-cert-reqs", "--ssl-ciphers"})
            QVERIFY2(help.out.contains(flag), flag);
    }

    void badArgumentsGiveOneLineErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown flag") << QStringList{"serve", "--bogus"} << "Unknown option 'bogus'";
        QTest::newRow("port range") << QStringList{"serve", "--port", "70000"} << "--port must be";
        QTest::newRow("port text") << QStringList{"serve", "--port", "eighty"} << "--port must be";
        QTest::newRow("lifespan") << QStringList{"serve", "--lifespan", "maybe"} << "--lifespan must be";
        QTest::newRow("timeout") << QStringList{"serve", "--timeout-keep-alive", "soon"}
                                 << "--timeout-keep-alive must be";
        QTest::newRow("header") << QStringList{"serve", "--header", "novalue"} << "--header must";
        QTest::newRow("log level") << QStringList{"serve", "--log-level", "loud"} << "--log-level";
        QTest::newRow("root path") << QStringList{"serve", "--root-path", "api/"} << "root-path";
        QTest::newRow("ws max size") << QStringList{"serve", "--ws-max-size", "0"} << "--ws-max-size must be";
        QTest::newRow("ws ping") << QStringList{"serve", "--ws-ping-interval", "-1"} << "--ws-ping-interval must be";
        QTest::newRow("ws deflate") << QStringList{"serve", "--ws-per-message-deflate", "maybe"}
                                    << "--ws-per-message-deflate must be true or false";
        QTest::newRow("ssl certfile missing")
            << QStringList{"serve", "--ssl-certfile", "missing.pem", "--ssl-keyfile", "missing.key"}
            << "--ssl-certfile file 'missing.pem' does not exist";
        QTest::newRow("ssl cert reqs") << QStringList{"serve", "--ssl-cert-reqs", "3"}
                                       << "--ssl-cert-reqs must be 0 (none), 1 (optional) or 2 (required)";
        QTest::newRow("missing value") << QStringList{"serve", "--port"} << "Missing value";
        QTest::newRow("unknown command") << QStringList{"serf"} << "unknown command";
    }
    void badArgumentsGiveOneLineErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        auto r = run_process(binary(), args, std::chrono::seconds(10));
        QVERIFY(r.finished);
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
    }

    void portInUseSaysSo() {
        ServeProcess first;
        QVERIFY(first.waitReady());
        auto r = run_process(binary(), {"serve", "--port", QString::number(first.port())},
                             std::chrono::seconds(10));
        QVERIFY(r.finished);
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("Address already in use"), qPrintable(r.err));
    }

    void servesTechEmpowerRoutesToCurl() {
        ServeProcess s;
        QVERIFY(s.waitReady());
        auto plain = curl({"-i", s.url("/plaintext")});
        QCOMPARE(plain.exit_code, 0);
        QVERIFY(plain.out.startsWith("HTTP/1.1 200 OK"));
        QVERIFY(plain.out.contains("content-type: text/plain"));
        QVERIFY(plain.out.endsWith("\r\n\r\nHello, world!"));
        auto json = curl({s.url("/json")});
        QCOMPARE(json.out, QString(R"({"message":"Hello, world!"})"));
        // Access log: uvicorn's format plus the duration.
        QTRY_VERIFY(s.log().contains("\"GET /plaintext HTTP/1.1\" 200 OK"));
        QVERIFY(QRegularExpression(R"("GET /json HTTP/1\.1" 200 OK \d+\.\d\dms)").match(s.log()).hasMatch());
    }

    void servesHttpxWithKeepAlive() {
        ServeProcess s;
        QVERIFY(s.waitReady());
        const QString script = QStringLiteral(
            "import httpx, sys\n"
            "with httpx.Client(base_url='http://127.0.0.1:%1') as c:\n"
            "    for _ in range(20):\n"
            "        r = c.get('/plaintext'); assert r.status_code == 200 and r.text == 'Hello, world!', r\n"
            "        r = c.get('/json'); assert r.json() == {'message': 'Hello, world!'}, r.text\n"
            "        r = c.post('/echo', content=b'x' * 100000); assert r.content == b'x' * 100000\n"
            "    print('ok')\n").arg(s.port());
        auto r = run_process(python(), {"-c", script});
        QVERIFY2(r.exit_code == 0 && r.out.trimmed() == "ok", qPrintable(r.err));
        // 60 requests, and httpx reused one connection for all of them.
        const auto log = s.log();
        QCOMPARE(log.count("\"GET /plaintext HTTP/1.1\" 200"), 20);
        // (moc in Qt 6.4 cannot read raw strings with an odd number of quotes.)
        QRegularExpression peer("INFO:\\s+127\\.0\\.0\\.1:(\\d+) - \"");
        QSet<QString> ports;
        for (auto it = peer.globalMatch(log); it.hasNext();) ports.insert(it.next().captured(1));
        QCOMPARE(ports.size(), 1);
    }

    void headerFlags() {
        ServeProcess s({"--header", "X-Served-By: test", "--no-server-header", "--no-date-header"});
        QVERIFY(s.waitReady());
        auto r = curl({"-i", s.url("/plaintext")});
        QVERIFY(r.out.contains("x-served-by: test"));
        QVERIFY(!r.out.contains("server:", Qt::CaseInsensitive));
        QVERIFY(!r.out.contains("date:", Qt::CaseInsensitive));
        ServeProcess d;
        QVERIFY(d.waitReady());
        auto r2 = curl({"-i", d.url("/plaintext")});
        QVERIFY(r2.out.contains("server: asgiscope"));
        QVERIFY(QRegularExpression(R"(date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT)").match(r2.out).hasMatch());
    }

    void rootPathAndProxyHeaders() {
        ServeProcess s({"--root-path", "/api", "--forwarded-allow-ips", "127.0.0.1"});
        QVERIFY(s.waitReady());
        auto r = curl({"-H", "X-Forwarded-For: 203.0.113.7, 127.0.0.1", "-H",
                       "X-Forwarded-Proto: https", s.url("/scope?q=%C3%A9")});
        auto scope = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(scope["root_path"].toString(), QString("/api"));
        QCOMPARE(scope["path"].toString(), QString("/api/scope"));
        QCOMPARE(scope["query_string"].toString(), QString("q=%C3%A9"));
        QCOMPARE(scope["scheme"].toString(), QString("https"));
        QCOMPARE(scope["client"].toArray().at(0).toString(), QString("203.0.113.7"));
        // Untrusted peers' forwarding headers are ignored.
        ServeProcess u({"--forwarded-allow-ips", "10.0.0.1"});
        QVERIFY(u.waitReady());
        auto r2 = curl({"-H", "X-Forwarded-For: 203.0.113.7", "-H", "X-Forwarded-Proto: https",
                        u.url("/scope")});
        auto scope2 = QJsonDocument::fromJson(r2.out.toUtf8()).object();
        QCOMPARE(scope2["scheme"].toString(), QString("http"));
        QCOMPARE(scope2["client"].toArray().at(0).toString(), QString("127.0.0.1"));
    }

    void websocketEchoAndFlags() {
        ServeProcess s({"--root-path", "/api", "--ws-max-size", "100", "--ws-per-message-deflate",
                        "false", "--ws-ping-interval", "0.5"});
        QVERIFY(s.waitReady());
        const QString script = QStringLiteral(
            "import asyncio, websockets\n"
            "from websockets.exceptions import ConnectionClosed, InvalidStatusCode\n"
            "async def main():\n"
            "    base = 'ws://127.0.0.1:%1'\n"
            "    async with websockets.connect(base + '/ws/echo', open_timeout=10) as ws:\n"
            "        await ws.send('a' * 100); print(len(await ws.recv()), ws.extensions)\n"
            "        await ws.send(b'b' * 100); print(len(await ws.recv()))\n"
            "        await asyncio.sleep(1.2)\n"
            "        try:\n"
            "            await ws.send('c' * 101); await ws.recv()\n"
            "        except ConnectionClosed as e:\n"
            "            print('closed', e.rcvd.code)\n"
            "    try:\n"
            "        async with websockets.connect(base + '/ws/nowhere', open_timeout=10):\n"
            "            pass\n"
            "    except InvalidStatusCode as e:\n"
            "        print(e.status_code)\n"
            "asyncio.run(main())\n").arg(s.port());
        auto r = run_process(python(), {"-c", script});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), QStringList({"100 []", "100", "closed 1009", "403"}));
        QTRY_VERIFY(s.log().contains("\"WebSocket /api/ws/echo\" [accepted]"));
        QVERIFY(s.log().contains("\"WebSocket /api/ws/nowhere\" 403"));
    }

    void servesHttpsToCurl() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString cert = dir.filePath("cert.pem"), key = dir.filePath("key.pem");
        auto made = run_process("openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                                            key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                                            "-addext", "subjectAltName=IP:127.0.0.1"});
        QVERIFY2(made.exit_code == 0, qPrintable(made.err));
        ServeProcess s({"--ssl-certfile", cert, "--ssl-keyfile", key});
        QVERIFY(s.waitReady());
        const QString url = QStringLiteral("https://127.0.0.1:%1/scope").arg(s.port());
        QVERIFY(s.log().contains("running on https://127.0.0.1:"));
        auto r = curl({"--cacert", cert, url});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        auto scope = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(scope["scheme"].toString(), QString("https"));
        QCOMPARE(scope["extensions"].toObject()["tls"].toObject()["tls_version"].toInt(), 0x0304);
    }

    void lifespanStateReachesRequests() {
        ServeProcess s;
        QVERIFY(s.waitReady());
        QVERIFY(s.log().contains("Application startup complete."));
        auto scope = QJsonDocument::fromJson(curl({s.url("/scope")}).out.toUtf8()).object();
        QCOMPARE(scope["state"].toObject()["demo.started"].toString(), QString("yes"));
        ServeProcess off({"--lifespan", "off"});
        QVERIFY(off.waitReady());
        QVERIFY(!off.log().contains("Application startup complete."));
    }

    void sigtermFinishesRequestsInFlight() {
        ServeProcess s;
        QVERIFY(s.waitReady());
        QProcess client;
        client.start("curl", {"-sS", "--max-time", "10", "-i", s.url("/slow?ms=700")});
        QVERIFY(client.waitForStarted());
        QTest::qWait(300);  // the request is in the app's sleep now
        s.signal(SIGTERM);
        QVERIFY(client.waitForFinished(10000));
        const auto out = QString::fromUtf8(client.readAllStandardOutput());
        QVERIFY2(out.startsWith("HTTP/1.1 200 OK"), qPrintable(out));
        QVERIFY(out.contains("connection: close"));
        QVERIFY(out.endsWith("slept 700 ms"));
        QCOMPARE(s.waitExit(), 0);
        const auto log = s.log();
        QVERIFY(log.indexOf("Shutting down") < log.indexOf("\"GET /slow?ms=700 HTTP/1.1\" 200"));
        QVERIFY(log.contains("Application shutdown complete."));
        QVERIFY(log.contains("Finished server process"));
    }

    void sigintStopsAndGracefulTimeoutCutsOff() {
        ServeProcess s({"--timeout-graceful-shutdown", "0.3"});
        QVERIFY(s.waitReady());
        QProcess client;
        client.start("curl", {"-sS", "--max-time", "10", s.url("/slow?ms=5000")});
        QVERIFY(client.waitForStarted());
        QTest::qWait(300);
        QElapsedTimer t;
        t.start();
        s.signal(SIGINT);
        QCOMPARE(s.waitExit(), 0);
        QVERIFY2(t.elapsed() < 4000, "graceful timeout was not applied");
        QVERIFY(s.log().contains("timeout graceful shutdown exceeded"));
        QVERIFY(client.waitForFinished(10000));
        QVERIFY(client.exitCode() != 0);  // the cut-off request got no response
    }

    void workersShareLoad() {
        ServeProcess s({"--workers", "2", "--no-access-log"});
        QVERIFY(s.waitReady());
        const QString script = QStringLiteral(
            "import httpx, concurrent.futures as f\n"
            "def go(i):\n"
            "    with httpx.Client() as c:\n"
            "        return sum(c.get('http://127.0.0.1:%1/plaintext').text == 'Hello, world!' for _ in range(25))\n"
            "with f.ThreadPoolExecutor(8) as ex: print(sum(ex.map(go, range(8))))\n").arg(s.port());
        auto r = run_process(python(), {"-c", script});
        QCOMPARE(r.out.trimmed(), QString("200"));
    }
};

QTEST_GUILESS_MAIN(TestServeCli)
#include "test_serve_cli.moc"
