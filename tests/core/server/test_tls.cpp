// TLS: HTTPS and WSS with clients nobody here wrote (curl, httpx, Python websockets, Qt's
// QNetworkAccessManager), the scope's `tls` extension, client certificates in the three
// cert_reqs modes, plaintext on the TLS port, the handshake timeout and the startup errors
// for bad certificate settings. Certificates are made at test time with the `openssl`
// command in a temporary folder: no key is ever committed.
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "demo_app.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using testing::RawClient;
using testing::RunningServer;

namespace {

QString read_text(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

/// An app for WebSocket scopes: accepts, sends "scheme tls_version", then echoes one message.
asgi::App wss_app() {
    return [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
        if (scope.type != "websocket") {
            co_await testing::respond(send, 404, "");
            co_return;
        }
        co_await receive();  // websocket.connect
        co_await send(asgi::WebSocketAccept(std::nullopt));
        std::string info = scope.scheme + " " +
                           (scope.extensions.tls && scope.extensions.tls->tls_version
                                ? std::to_string(*scope.extensions.tls->tls_version)
                                : std::string("none"));
        co_await send(asgi::WebSocketSend(std::move(info)));
        auto m = co_await receive();
        if (auto* r = std::get_if<asgi::WebSocketReceive>(&m)) {
            if (r->text) co_await send(asgi::WebSocketSend(*r->text));
            else if (r->bytes) co_await send(asgi::WebSocketSend(*r->bytes));
        }
        co_await send(asgi::WebSocketClose(1000));
    };
}

}  // namespace

class TestTls : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    bool openssl(const QStringList& args) {
        auto r = testing::run_process("openssl", args, 30s);
        if (r.exit_code != 0) qWarning() << "openssl" << args << r.err;
        return r.exit_code == 0;
    }

    server::Config tls_config(int cert_reqs = 0) const {
        auto c = testing::test_config();
        c.lifespan = server::LifespanMode::Off;
        c.ssl_certfile = path("server.pem").toStdString();
        c.ssl_keyfile = path("server.key").toStdString();
        c.ssl_ca_certs = path("ca.pem").toStdString();
        c.ssl_cert_reqs = cert_reqs;
        return c;
    }

    static QString url(const RunningServer& s, const QString& p) {
        return QStringLiteral("https://127.0.0.1:%1%2").arg(s.port()).arg(p);
    }

    testing::ProcessResult curl(const QStringList& args) {
        return testing::run_process("curl", QStringList{"-sS", "--noproxy", "*", "--max-time", "10",
                                                        "--cacert", path("ca.pem")} + args);
    }

    /// GET /scope with curl; the scope's extensions.tls object (empty on failure).
    QJsonObject tls_of_scope(const RunningServer& s, const QStringList& extra = {},
                             QString* scheme = nullptr) {
        auto r = curl(extra + QStringList{url(s, "/scope")});
        if (r.exit_code != 0) {
            qWarning() << "curl failed:" << r.err;
            return {};
        }
        auto scope = QJsonDocument::fromJson(r.out.toUtf8()).object();
        if (scheme) *scheme = scope["scheme"].toString();
        return scope["extensions"].toObject()["tls"].toObject();
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString ext = path("ext.cnf");
        QFile f(ext);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[server]\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                "[client]\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
                "extendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        f.close();
        const QStringList ec{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
        QVERIFY(openssl(QStringList{"req", "-x509"} + ec +
                        QStringList{"-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2",
                                    "-subj", "/CN=asgiscope test CA"}));
        for (const QString name : {"server", "client"}) {
            QVERIFY(openssl(QStringList{"req"} + ec +
                            QStringList{"-keyout", path(name + ".key"), "-out", path(name + ".csr"),
                                        "-subj", name == "server" ? "/CN=localhost"
                                                                  : "/O=asgiscope/CN=test client"}));
            QVERIFY(openssl({"x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca.pem"),
                             "-CAkey", path("ca.key"), "-CAcreateserial", "-out",
                             path(name + ".pem"), "-days", "2", "-extfile", ext, "-extensions",
                             name}));
        }
        // A client certificate no CA here signed, an encrypted copy of the server key, and a
        // key that belongs to no certificate of ours.
        QVERIFY(openssl(QStringList{"req", "-x509"} + ec +
                        QStringList{"-keyout", path("rogue.key"), "-out", path("rogue.pem"),
                                    "-days", "2", "-subj", "/CN=rogue"}));
        QVERIFY(openssl({"pkey", "-in", path("server.key"), "-out", path("server-enc.key"),
                         "-aes256", "-passout", "pass:s3cret"}));
    }

    // ---- HTTPS with real clients ------------------------------------------------------------

    void curl_https_and_scope() {
        RunningServer s(demo::make_demo_app(), tls_config());
        QVERIFY(s.started());
        QVERIFY2(s.log_contains("running on https://127.0.0.1:"), s.log_text().c_str());
        auto r = curl({"-i", url(s, "/plaintext")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("HTTP/1.1 200 OK\r\n"), qPrintable(r.out));
        QVERIFY(r.out.endsWith("\r\n\r\nHello, world!"));

        QString scheme;
        auto tls = tls_of_scope(s, {"--tlsv1.3"}, &scheme);
        QCOMPARE(scheme, QString("https"));
        QCOMPARE(tls["tls_version"].toInt(), 0x0304);
        const int suite = tls["cipher_suite"].toInt();
        QVERIFY2(suite >= 0x1301 && suite <= 0x1305, qPrintable(QString::number(suite, 16)));
        QCOMPARE(tls["server_cert"].toString().trimmed(), read_text(path("server.pem")).trimmed());
        QVERIFY(tls["client_cert_chain"].toArray().isEmpty());
        QVERIFY(tls["client_cert_name"].isNull());
        QVERIFY(tls["client_cert_error"].isNull());

        // TLS 1.2: another version and an IANA suite number from the TLS 1.2 registry.
        // The default cipher list "TLSv1" offers TLS 1.2 clients the suites that exist since
        // TLS 1.0 (CBC with SHA-1), not the TLS 1.2-only AEAD suites, as uvicorn's does.
        tls = tls_of_scope(s, {"--tlsv1.2", "--tls-max", "1.2", "--ciphers",
                               "ECDHE-ECDSA-AES128-SHA"});
        QCOMPARE(tls["tls_version"].toInt(), 0x0303);
        QCOMPARE(tls["cipher_suite"].toInt(), 0xC009);
        QVERIFY(curl({"--tlsv1.2", "--tls-max", "1.2", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256",
                      url(s, "/plaintext")}).exit_code != 0);

        // Keep-alive over TLS: the second URL reuses the connection.
        r = curl({"-v", url(s, "/json"), url(s, "/plaintext")});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QString(R"({"message":"Hello, world!"}Hello, world!)"));
        QVERIFY2(r.err.contains("Re-using existing connection"), qPrintable(r.err));
        QVERIFY2(!s.log_contains("ERROR"), s.log_text().c_str());
        QCOMPARE(s.stop(), int(server::ExitCode::Ok));
    }

    void httpx_https() {
        RunningServer s(demo::make_demo_app(), tls_config());
        QVERIFY(s.started());
        const char* script = R"(
import sys, httpx
base, ca = sys.argv[1], sys.argv[2]
with httpx.Client(trust_env=False, timeout=10, verify=ca) as c:
    r = c.get(base + "/plaintext")
    print(r.status_code, r.text)
    r = c.post(base + "/echo", content=b"x" * 300000)
    print(r.status_code, len(r.content), r.content == b"x" * 300000)
    s = c.get(base + "/scope").json()
    print(s["scheme"], s["extensions"]["tls"]["tls_version"])
)";
        auto r = testing::run_process(testing::python(),
                                      {"-c", script, url(s, ""), path("ca.pem")}, 30s);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        auto lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("200 Hello, world!"));
        QCOMPARE(lines[1], QString("200 300000 True"));
        QCOMPARE(lines[2], QString("https 772"));
        QVERIFY2(!s.log_contains("ERROR"), s.log_text().c_str());
    }

    void websockets_wss() {
        RunningServer s(wss_app(), tls_config());
        QVERIFY(s.started());
        const char* script = R"(
import asyncio, ssl, sys, websockets
async def main():
    ctx = ssl.create_default_context(cafile=sys.argv[2])
    async with websockets.connect(sys.argv[1], ssl=ctx, open_timeout=10, close_timeout=10,
                                  ping_interval=None) as ws:
        print(await ws.recv())
        await ws.send("x" * 100000)
        print(len(await ws.recv()))
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosedOK as e:
            print("closed", e.rcvd.code)
asyncio.run(main())
)";
        auto r = testing::run_process(
            testing::python(),
            {"-c", script, QStringLiteral("wss://127.0.0.1:%1/ws").arg(s.port()), path("ca.pem")},
            30s);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err + "\n" + QString::fromStdString(s.log_text())));
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"wss 772", "100000", "closed 1000"}));
        QVERIFY2(!s.log_contains("ERROR"), s.log_text().c_str());
        // The session ended: nothing is left open.
        QTRY_COMPARE_WITH_TIMEOUT(s.server().open_connections(), std::uint64_t(0), 5000);
    }

    void wss_graceful_shutdown_closes_1012() {
        RunningServer s(demo::make_demo_app(), tls_config());
        QVERIFY(s.started());
        const char* script = R"(
import asyncio, ssl, sys, websockets
async def main():
    ctx = ssl.create_default_context(cafile=sys.argv[2])
    async with websockets.connect(sys.argv[1], ssl=ctx, open_timeout=10, close_timeout=10,
                                  ping_interval=None) as ws:
        await ws.send("hi")
        print(await ws.recv(), flush=True)
        try:
            await ws.recv()
        except websockets.exceptions.ConnectionClosed as e:
            print("closed", e.rcvd.code if e.rcvd else None, flush=True)
asyncio.run(main())
)";
        QProcess client;
        client.start(testing::python(),
                     {"-c", script, QStringLiteral("wss://127.0.0.1:%1/ws/echo").arg(s.port()),
                      path("ca.pem")});
        QVERIFY(client.waitForReadyRead(10000));
        QCOMPARE(client.readLine().trimmed(), QByteArray("hi"));
        QElapsedTimer t;
        t.start();
        QCOMPARE(s.stop(), int(server::ExitCode::Ok));
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(client.waitForFinished(10000));
        QCOMPARE(client.readAll().trimmed(), QByteArray("closed 1012"));
        QVERIFY2(!s.log_contains("ERROR"), s.log_text().c_str());
    }

    void key_inside_certfile() {
        const QString both = path("both.pem");
        QFile out(both);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(read_text(path("server.pem")).toUtf8() + read_text(path("server.key")).toUtf8());
        out.close();
        auto c = tls_config();
        c.ssl_certfile = both.toStdString();
        c.ssl_keyfile.clear();
        RunningServer s(demo::make_demo_app(), c);
        QVERIFY2(s.started(), s.log_text().c_str());
        QCOMPARE(curl({url(s, "/plaintext")}).out, QString("Hello, world!"));
    }

    void qt_network_access_manager() {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here (QSslSocket::supportsSsl() is false)");
        RunningServer s(demo::make_demo_app(), tls_config());
        QVERIFY(s.started());
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(url(s, "/scope")));
        auto ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(path("ca.pem")));
        request.setSslConfiguration(ssl);
        QNetworkReply* reply = nam.get(request);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(reply->isFinished());
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        auto scope = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(scope["scheme"].toString(), QString("https"));
        QVERIFY(scope["extensions"].toObject()["tls"].toObject()["cipher_suite"].toInt() > 0);
        reply->deleteLater();
    }

    // ---- Client certificates ------------------------------------------------------------------

    void client_cert_required() {
        RunningServer s(demo::make_demo_app(), tls_config(2));
        QVERIFY(s.started());
        auto r = curl({url(s, "/plaintext")});
        QVERIFY2(r.exit_code != 0, qPrintable(r.out));
        QCOMPARE(s.server().requests_served(), std::uint64_t(0));
        // A certificate from another CA is refused too.
        r = curl({"--cert", path("rogue.pem"), "--key", path("rogue.key"), url(s, "/plaintext")});
        QVERIFY2(r.exit_code != 0, qPrintable(r.out));
        QCOMPARE(s.server().requests_served(), std::uint64_t(0));

        auto tls = tls_of_scope(s, {"--cert", path("client.pem"), "--key", path("client.key")});
        // Leaf first; curl (OpenSSL) also sends the CA it built the chain with.
        auto chain = tls["client_cert_chain"].toArray();
        QVERIFY(chain.size() == 1 || chain.size() == 2);
        QCOMPARE(chain[0].toString().trimmed(), read_text(path("client.pem")).trimmed());
        if (chain.size() == 2)
            QCOMPARE(chain[1].toString().trimmed(), read_text(path("ca.pem")).trimmed());
        QCOMPARE(tls["client_cert_name"].toString(), QString("CN=test client,O=asgiscope"));
        QVERIFY(tls["client_cert_error"].isNull());
        // The next TLS client without a certificate still fails, the server keeps serving.
        QVERIFY(curl({url(s, "/plaintext")}).exit_code != 0);
        QVERIFY2(!s.log_contains("ERROR"), s.log_text().c_str());
    }

    void client_cert_optional() {
        RunningServer s(demo::make_demo_app(), tls_config(1));
        QVERIFY(s.started());
        auto tls = tls_of_scope(s);
        QVERIFY(!tls.isEmpty());
        QVERIFY(tls["client_cert_chain"].toArray().isEmpty());
        QVERIFY(tls["client_cert_name"].isNull());

        tls = tls_of_scope(s, {"--cert", path("client.pem"), "--key", path("client.key")});
        QVERIFY(!tls["client_cert_chain"].toArray().isEmpty());
        QCOMPARE(tls["client_cert_name"].toString(), QString("CN=test client,O=asgiscope"));
        QVERIFY(tls["client_cert_error"].isNull());

        // Unverifiable: accepted, and the app is told why verification failed.
        tls = tls_of_scope(s, {"--cert", path("rogue.pem"), "--key", path("rogue.key")});
        QCOMPARE(tls["client_cert_name"].toString(), QString("CN=rogue"));
        QVERIFY2(tls["client_cert_error"].toString().contains("self-signed", Qt::CaseInsensitive) ||
                     tls["client_cert_error"].toString().contains("self signed", Qt::CaseInsensitive),
                 qPrintable(tls["client_cert_error"].toString()));
    }

    // ---- Hostile or odd peers -------------------------------------------------------------------

    void plaintext_on_tls_port() {
        RunningServer s(demo::make_demo_app(), tls_config());
        QVERIFY(s.started());
        {
            RawClient c(s.port());
            QVERIFY(c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"));
            std::string got;
            QVERIFY(c.read_until_closed(&got));
            QVERIFY2(got.starts_with("HTTP/1.1 400 Bad Request\r\n"), got.c_str());
            QVERIFY(got.ends_with("\r\n\r\nThis port speaks TLS"));
        }
        auto r = curl({url(s, "/plaintext")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QString("Hello, world!"));
        QCOMPARE(s.server().requests_served(), std::uint64_t(1));
        QVERIFY2(!s.log_contains("ERROR"), s.log_text().c_str());
    }

    void handshake_timeout() {
        auto c = tls_config();
        c.timeout_header_read = 0.5;
        RunningServer s(demo::make_demo_app(), c);
        QVERIFY(s.started());
        QElapsedTimer t;
        t.start();
        RawClient silent(s.port());
        RawClient partial(s.port());
        QVERIFY(partial.send(std::string("\x16\x03\x01\x02\x00", 5)));  // a ClientHello begins
        QVERIFY(silent.read_until_closed());
        QVERIFY(partial.read_until_closed());
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(curl({url(s, "/plaintext")}).exit_code == 0);
    }

    void graceful_stop_with_idle_tls_connection() {
        RunningServer s(demo::make_demo_app(), tls_config());
        QVERIFY(s.started());
        // A keep-alive client that stays connected and silent after its response.
        const char* script = R"(
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as c:
        c.sendall(b"GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n")
        print(c.recv(4096).split(b"\r\n")[0].decode(), flush=True)
        c.settimeout(10)
        print("eof" if c.recv(4096) == b"" else "data", flush=True)
)";
        QProcess client;
        client.start(testing::python(), {"-c", script, QString::number(s.port()), path("ca.pem")});
        QVERIFY(client.waitForReadyRead(10000));
        QCOMPARE(client.readLine().trimmed(), QByteArray("HTTP/1.1 200 OK"));
        QElapsedTimer t;
        t.start();
        QCOMPARE(s.stop(), int(server::ExitCode::Ok));
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(client.waitForFinished(10000));
        // Our close_notify arrived: a clean TLS end of stream, not a truncation.
        QCOMPARE(client.readAll().trimmed(), QByteArray("eof"));
    }

    // ---- Bad settings -------------------------------------------------------------------------

    void startup_errors_data() {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("ciphers");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing cert") << "missing.pem" << "server.key" << "" << "TLSv1"
                                      << "SSL: cannot read certificate file '%1': No such file";
        QTest::newRow("missing key") << "server.pem" << "missing.key" << "" << "TLSv1"
                                     << "SSL: cannot read key file '%2': No such file";
        QTest::newRow("not a cert") << "ext.cnf" << "server.key" << "" << "TLSv1"
                                    << "SSL: cannot load certificate file '%1'";
        QTest::newRow("wrong password") << "server.pem" << "server-enc.key" << "wrong" << "TLSv1"
                                        << "SSL: cannot load key file '%2': wrong password";
        QTest::newRow("no password") << "server.pem" << "server-enc.key" << "" << "TLSv1"
                                     << "SSL: cannot load key file '%2': encrypted key and no password";
        QTest::newRow("mismatched key") << "server.pem" << "client.key" << "" << "TLSv1"
                                        << "SSL: key does not match certificate '%2'";
        QTest::newRow("bad ciphers") << "server.pem" << "server.key" << "" << "NOPE"
                                     << "SSL: no usable cipher in ssl-ciphers 'NOPE'";
    }

    void startup_errors() {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, password);
        QFETCH(QString, ciphers);
        QFETCH(QString, message);
        auto c = tls_config();
        c.ssl_certfile = path(cert).toStdString();
        c.ssl_keyfile = path(key).toStdString();
        c.ssl_keyfile_password = password.toStdString();
        c.ssl_ciphers = ciphers.toStdString();
        RunningServer s(demo::make_demo_app(), c);
        QVERIFY(!s.started());
        QCOMPARE(s.stop(), int(server::ExitCode::StartupError));
        auto expected =
            message.replace("%1", path(cert)).replace("%2", path(key)).toStdString();
        QVERIFY2(s.log_contains(expected), (expected + "\n--- log:\n" + s.log_text()).c_str());
        QCOMPARE(s.log_count("SSL: "), 1);
    }

    void encrypted_key_with_password() {
        auto c = tls_config();
        c.ssl_keyfile = path("server-enc.key").toStdString();
        c.ssl_keyfile_password = "s3cret";
        RunningServer s(demo::make_demo_app(), c);
        QVERIFY2(s.started(), s.log_text().c_str());
        QCOMPARE(curl({url(s, "/plaintext")}).out, QString("Hello, world!"));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "test_tls.moc"
