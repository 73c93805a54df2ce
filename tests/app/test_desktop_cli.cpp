// `asgiscope` without a command, as a user starts it: the window (offscreen here) serves the
// demo on the asked port, SIGTERM closes it and stops the server cleanly; `asgiscope FILE`
// shows a trace file with no server; bad options and a missing display are clear errors
// before any window exists.
#include <signal.h>

#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <asgiscope/trace.hpp>

#include "serve_process.hpp"
#include "test_support.hpp"

using asgiscope::testing::free_port;
using asgiscope::testing::run_process;

namespace {

QString binary() {
    return qEnvironmentVariable("ASGISCOPE_BIN");
}

/// Runs the binary with `args` in `env`; returns exit code and stderr.
std::pair<int, QString> runWith(const QStringList& args, const QProcessEnvironment& env) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary(), args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return {-1, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromLocal8Bit(p.readAllStandardError())};
}

/// What `process` wrote on stderr until that contains `text`, it exits, or 30 s pass (its read
/// channel must be stderr).
QByteArray stderrUntil(QProcess& process, const char* text) {
    QByteArray err;
    QElapsedTimer t;
    t.start();
    while (!err.contains(text) && t.elapsed() < 30000 && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        err += process.readAllStandardError();
    }
    return err;
}

QProcessEnvironment offscreen() {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"),
               QDir::tempPath() + QStringLiteral("/asgiscope-test-desktop-config"));
    return env;
}

}  // namespace

class TestDesktopCli : public QObject {
    Q_OBJECT

private slots:
    void opensAndServesUntilSignalled_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("body");
        QTest::newRow("demo") << QStringList{} << QStringLiteral("/plaintext") << QStringLiteral("Hello, world!");
        QTest::newRow("plugin") << QStringList{QStringLiteral("--app"), QStringLiteral(PLUGIN_APP)}
                                << QStringLiteral("/") << QStringLiteral("bookshelf says hello");
    }

    void opensAndServesUntilSignalled() {
        QFETCH(QStringList, extra);
        QFETCH(QString, path);
        QFETCH(QString, body);
        const quint16 port = free_port();
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.start(binary(), QStringList{QStringLiteral("--port"), QString::number(port)} + extra);
        QVERIFY(app.waitForStarted());
        // The demo answers on the port once the window has started the server.
        QElapsedTimer t;
        t.start();
        asgiscope::testing::ProcessResult r;
        while (t.elapsed() < 30000 && app.state() == QProcess::Running) {
            r = run_process(
                QStringLiteral("curl"),
                {QStringLiteral("-s"), QStringLiteral("--max-time"), QStringLiteral("5"),
                 QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)});
            if (r.exit_code == 0) break;
            QTest::qWait(200);
        }
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, body);
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        // Stopped: nothing listens any more.
        r = run_process(QStringLiteral("curl"),
                        {QStringLiteral("-s"), QStringLiteral("--max-time"), QStringLiteral("2"),
                         QStringLiteral("http://127.0.0.1:%1/plaintext").arg(port)});
        QVERIFY(r.exit_code != 0);
    }

    // `asgiscope FILE` and `asgiscope open FILE`: the window shows a trace file written by
    // `serve --trace`, says so on the terminal, and starts no server; a corrupt file is named
    // with its problem; `open` without a file is a usage error.
    void opensATraceFileWithoutAServer_data() {
        QTest::addColumn<bool>("withOpen");
        QTest::newRow("asgiscope FILE") << false;
        QTest::newRow("asgiscope open FILE") << true;
    }

    void opensATraceFileWithoutAServer() {
        QFETCH(bool, withOpen);
        QTemporaryDir dir;
        const QString traces = dir.filePath(QStringLiteral("session.jsonl"));
        {
            asgiscope::testing::ServeProcess server({QStringLiteral("--trace"), traces, QStringLiteral("--no-access-log")});
            QVERIFY2(server.waitReady(), qPrintable(server.log()));
            for (const char* path : {"/plaintext", "/json"})
                QCOMPARE(run_process(QStringLiteral("curl"), {QStringLiteral("-sS"), server.url(QLatin1String(path))}).exit_code, 0);
            QCOMPARE(server.stop(), 0);
        }
        std::size_t in_file = 0;
        asgiscope::trace::read_trace_file(traces.toStdString(), [&](asgiscope::trace::Trace&&) {
            ++in_file;
            return true;
        });
        QVERIFY(in_file >= 2);  // the two requests (and the lifespan)

        const quint16 port = free_port();
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.setReadChannel(QProcess::StandardError);
        const QStringList args = withOpen ? QStringList{QStringLiteral("open"), traces, QStringLiteral("--port"), QString::number(port)}
                                          : QStringList{QStringLiteral("--port"), QString::number(port), traces};
        app.start(binary(), args);
        QVERIFY(app.waitForStarted());
        const QByteArray err = stderrUntil(app, "showing");
        const QByteArray expected = QStringLiteral("asgiscope: showing %1 traces from %2 (no server running)")
                                        .arg(in_file)
                                        .arg(traces)
                                        .toUtf8();
        QVERIFY2(err.contains(expected), err.constData());
        // The window is up and nothing listens on the port it would have served.
        QCOMPARE(app.state(), QProcess::Running);
        const auto r = run_process(QStringLiteral("curl"),
                                   {QStringLiteral("-s"), QStringLiteral("--max-time"), QStringLiteral("2"),
                                    QStringLiteral("http://127.0.0.1:%1/plaintext").arg(port)});
        QCOMPARE(r.exit_code, 7);  // curl: could not connect
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }

    void openingACorruptFileNamesTheProblem() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.jsonl"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"this is\": not a trace file\n");
        f.close();
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.setReadChannel(QProcess::StandardError);
        app.start(binary(), {bad});
        QVERIFY(app.waitForStarted());
        const QByteArray err = stderrUntil(app, "error");
        QVERIFY2(err.contains("asgiscope: error: Cannot open broken.jsonl:"), err.constData());
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitCode(), 0);

        const auto [code, usage] = runWith({QStringLiteral("open")}, offscreen());
        QCOMPARE(code, 2);
        QVERIFY2(usage.contains(QStringLiteral("open needs a FILE")), qPrintable(usage));
    }

    // The hidden --screenshot options behind scripts/screenshot.sh (which runs them under Xvfb
    // for the README): each preset runs, grabs a real window image and exits 0; the composer
    // preset sends its JSON POST first; an unknown dock is named.
    void screenshotPresets_data() {
        QTest::addColumn<QString>("dock");
        QTest::addColumn<QString>("message");
        QTest::newRow("window") << QString() << QString();
        QTest::newRow("composer") << QStringLiteral("composerDock") << QString();
        QTest::newRow("trace") << QStringLiteral("traceDock") << QString();
        QTest::newRow("unknown dock") << QStringLiteral("nope") << QStringLiteral("--raise-dock: no dock named 'nope'");
    }

    void screenshotPresets() {
        QFETCH(QString, dock);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("shot.png"));
        QStringList args{QStringLiteral("--port"), QString::number(free_port()), QStringLiteral("--screenshot"), file,
                         QStringLiteral("--screenshot-delay"), QStringLiteral("1000")};
        if (!dock.isEmpty()) args << QStringLiteral("--raise-dock") << dock;
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.start(binary(), args);
        QVERIFY(app.waitForFinished(60000));
        const QString out = QString::fromLocal8Bit(app.readAllStandardOutput());
        const QString err = QString::fromLocal8Bit(app.readAllStandardError());
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QVERIFY2(app.exitCode() == 0, qPrintable(err));
        QVERIFY2(out.contains(QStringLiteral("written to ") + file), qPrintable(out));
        if (!message.isEmpty()) QVERIFY2(err.contains(message), qPrintable(err));
        const QImage image(file);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 400 && image.height() >= 400);
        // A drawn window, not an empty frame: text, tables and icons give many distinct colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    void badOptionsAreUsageErrors() {
        const auto env = offscreen();
        auto [code, err] = runWith({QStringLiteral("--port"), QStringLiteral("http")}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("--port must be an integer")), qPrintable(err));
        std::tie(code, err) = runWith({QStringLiteral("--port")}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("needs a value")), qPrintable(err));
        std::tie(code, err) = runWith({QStringLiteral("--colour"), QStringLiteral("blue")}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("unknown option")), qPrintable(err));
        // Plugins that cannot be used: one line naming the file, before any window opens.
        std::tie(code, err) =
            runWith({QStringLiteral("--app"), QStringLiteral("./no-such-libmyapp.so")}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("no-such-libmyapp.so")), qPrintable(err));
        std::tie(code, err) = runWith({QStringLiteral("--app"), QStringLiteral(PLUGIN_WRONG_ABI)}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("plugin_wrong_abi")), qPrintable(err));
        std::tie(code, err) = runWith({QStringLiteral("--app"), QStringLiteral(PLUGIN_BARE)}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("bare ASGI app")), qPrintable(err));
    }

    void noDisplayIsAClearError() {
        auto env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        const auto [code, err] = runWith({}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("no display")) &&
                     err.contains(QStringLiteral("asgiscope serve")),
                 qPrintable(err));
        // The headless commands still work there.
        const auto [routes_code, routes_err] = runWith({QStringLiteral("routes")}, env);
        QVERIFY2(routes_code == 0, qPrintable(routes_err));
    }

    void helpNamesTheDesktopOptions() {
        const auto r = run_process(binary(), {QStringLiteral("--help")});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(r.out.contains(QStringLiteral("--port PORT")));
        QVERIFY(r.out.contains(QStringLiteral("serve")));
    }
};

QTEST_GUILESS_MAIN(TestDesktopCli)
#include "test_desktop_cli.moc"
