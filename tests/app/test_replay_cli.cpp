// `asgiscope replay` as a user runs it: arguments, exit statuses and one-line errors.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "serve_process.hpp"
#include "test_support.hpp"

using asgiscope::testing::run_process;
using asgiscope::testing::ServeProcess;

namespace {

QString binary() { return asgiscope::testing::asgiscope_binary(); }

asgiscope::testing::ProcessResult run(const QStringList& args) {
    return run_process(binary(), args, std::chrono::seconds(60));
}

QString write_file(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(content);
    return path;
}

/// One HAR 1.2 entry: a GET and the demo's answer to it.
QByteArray har_entry(const QString& path, int status, const QString& type, const QString& text) {
    const QString escaped = QString(text).replace("\\", "\\\\").replace("\"", "\\\"");
    return QStringLiteral(
               "{\"startedDateTime\":\"2024-01-01T00:00:00.000Z\",\"time\":1,"
               "\"request\":{\"method\":\"GET\",\"url\":\"http://"
               "recorded.example:8000%1\",\"httpVersion\":\"HTTP/1.1\","
               "\"headers\":[{\"name\":\"Accept\",\"value\":\"*/"
               "*\"}],\"queryString\":[],\"cookies\":[],"
               "\"headersSize\":-1,\"bodySize\":0},"
               "\"response\":{\"status\":%2,\"statusText\":\"\",\"httpVersion\":\"HTTP/1.1\","
               "\"headers\":[{\"name\":\"content-type\",\"value\":\"%3\"},"
               "{\"name\":\"date\",\"value\":\"Mon, 01 Jan 2024 00:00:00 GMT\"}],\"cookies\":[],"
               "\"content\":{\"size\":%4,\"mimeType\":\"%3\",\"text\":\"%5\"},\"redirectURL\":\"\","
               "\"headersSize\":-1,\"bodySize\":%4},"
               "\"cache\":{},\"timings\":{\"send\":0,\"wait\":1,\"receive\":0}}")
        .arg(path)
        .arg(status)
        .arg(type)
        .arg(text.toUtf8().size())
        .arg(escaped)
        .toUtf8();
}

/// What the demo answers to three GETs, as a browser would have saved it.
QByteArray demo_har() {
    return "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"test\",\"version\":\"1\"},"
           "\"entries\":[" +
           har_entry("/plaintext", 200, "text/plain; charset=utf-8", "Hello, world!") + "," +
           har_entry("/json", 200, "application/json", "{\"message\": \"Hello, world!\"}") + "," +
           har_entry("/users/7", 200, "application/json", "{\"id\":7}") + "]}}";
}

}  // namespace

class TestReplayCli : public QObject {
    Q_OBJECT
private slots:
    void help() {
        const auto r = run({"replay", "--help"});
        QCOMPARE(r.exit_code, 0);
        for (auto option :
             {"--target", "--in-process", "--app", "--ignore-header", "--compare-all-headers",
              "--compare-cookie-values", "--timeout", "--verbose"})
            QVERIFY2(r.out.contains(option), option);
        QVERIFY(run({"--help"}).out.contains("replay"));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no file") << QStringList{"replay", "--target", "http://127.0.0.1:1"}
                                 << "expected one FILE";
        QTest::newRow("two files")
            << QStringList{"replay", "a", "b", "--target", "http://127.0.0.1:1"}
            << "expected one FILE";
        QTest::newRow("no target") << QStringList{"replay", "FILE"} << "--target URL is required";
        QTest::newRow("app without in-process")
            << QStringList{"replay", "FILE", "--target", "http://127.0.0.1:1", "--app", "x.so"}
            << "--app needs --in-process";
        QTest::newRow("bad timeout")
            << QStringList{"replay", "FILE", "--target", "http://127.0.0.1:1", "--timeout", "soon"}
            << "--timeout must be a positive number";
        QTest::newRow("missing file")
            << QStringList{"replay", "/nonexistent/capture.har", "--target", "http://127.0.0.1:1"}
            << "cannot open '/nonexistent/capture.har'";
        QTest::newRow("unknown option")
            << QStringList{"replay", "--bogus"} << "Unknown option 'bogus'";
    }

    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString file = write_file(dir, "empty.txt", "");
        for (QString& a : args)
            if (a == "FILE") a = file;
        const auto r = run(args);
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.startsWith("asgiscope replay: error: "), qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(!r.err.trimmed().contains('\n'), qPrintable(r.err));
    }

    void harAgainstTheDemo() {
        QTemporaryDir dir;
        const QString har = write_file(dir, "capture.har", demo_har());
        ServeProcess demo({"--no-access-log"});
        QVERIFY2(demo.waitReady(), qPrintable(demo.log()));
        const auto same = run({"replay", har, "--target", demo.target()});
        QVERIFY2(same.exit_code == 0, qPrintable(same.out + same.err));
        QVERIFY2(same.out.contains("3 exchanges: 3 same, 0 different, 0 errors"),
                 qPrintable(same.out));
        QVERIFY2(same.out.contains("(HAR, " + demo.target() + ")"), qPrintable(same.out));
        // --verbose lists each exchange; the JSON written differently is a note, not a difference.
        const auto verbose = run({"replay", har, "--target", demo.target(), "--verbose"});
        QCOMPARE(verbose.exit_code, 0);
        QVERIFY2(verbose.out.contains("[2/3] SAME  GET " + demo.target() + "/json"),
                 qPrintable(verbose.out));
        // Without the default ignore list, the live server's date header differs from the
        // capture's.
        const auto strict =
            run({"replay", har, "--target", demo.target(), "--compare-all-headers"});
        QCOMPARE(strict.exit_code, 1);
        QVERIFY2(strict.out.contains("header date: Mon, 01 Jan 2024 00:00:00 GMT -> "),
                 qPrintable(strict.out));

        // In-process against the demo: the same answers, no sockets.
        const auto local = run({"replay", har, "--in-process"});
        QVERIFY2(local.exit_code == 0, qPrintable(local.out + local.err));
        QVERIFY2(local.out.contains("3 exchanges: 3 same"), qPrintable(local.out));
    }

    void harAgainstAChangedApp() {
        QTemporaryDir dir;
        const QString har = write_file(dir, "capture.har", demo_har());
        // Another app on the same address: none of the demo's routes exist there.
        ServeProcess other({"--no-access-log", "--app", PLUGIN_APP});
        QVERIFY2(other.waitReady(), qPrintable(other.log()));
        const auto r = run({"replay", har, "--target", other.target()});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.out.contains("[1/3] DIFF  GET " + other.target() + "/plaintext"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("    status: 200 -> 404"), qPrintable(r.out));
        QVERIFY2(r.out.contains("header x-powered-by: (absent) -> bookshelf"), qPrintable(r.out));
        QVERIFY2(r.out.contains("3 exchanges: 0 same, 3 different, 0 errors"), qPrintable(r.out));
        // --ignore-header takes a header out of the comparison.
        const auto ignoring =
            run({"replay", har, "--target", other.target(), "--ignore-header", "X-Powered-By"});
        QVERIFY(!ignoring.out.contains("x-powered-by"));
        // In-process against the plugin's app gives the same verdict.
        const auto local = run({"replay", har, "--in-process", "--app", PLUGIN_APP});
        QCOMPARE(local.exit_code, 1);
        QVERIFY2(local.out.contains("3 exchanges: 0 same, 3 different, 0 errors"),
                 qPrintable(local.out));
        // Nobody listening: every exchange is an error, the command still ends with a summary.
        const auto refused =
            run({"replay", har, "--target",
                 QStringLiteral("http://127.0.0.1:%1").arg(asgiscope::testing::free_port())});
        QCOMPARE(refused.exit_code, 1);
        QVERIFY2(refused.out.contains("error: connection refused to 127.0.0.1:"),
                 qPrintable(refused.out));
        QVERIFY2(refused.out.contains("3 exchanges: 0 same, 0 different, 3 errors"),
                 qPrintable(refused.out));
    }

    void curlLinesAndBadFiles() {
        QTemporaryDir dir;
        ServeProcess demo({"--no-access-log"});
        QVERIFY2(demo.waitReady(), qPrintable(demo.log()));
        // cURL lines have no recorded answer: they are replayed, with nothing to compare.
        const QString curl = write_file(
            dir, "requests.sh",
            "curl 'http://127.0.0.1:8000/plaintext'\n"
            "curl 'http://127.0.0.1:8000/echo' -H 'Content-Type: text/plain' --data-raw 'hi'\n");
        const auto r = run({"replay", curl, "--target", demo.target(), "--verbose"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("2 exchanges: 2 same") && r.out.contains("(cURL commands,"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("note: nothing recorded to compare with"), qPrintable(r.out));

        const QString truncated = write_file(dir, "broken.har", demo_har().left(300));
        const auto bad = run({"replay", truncated, "--target", demo.target()});
        QCOMPARE(bad.exit_code, 2);
        QVERIFY2(bad.err.startsWith("asgiscope replay: error: cannot read HAR file"),
                 qPrintable(bad.err));
        QVERIFY2(bad.err.contains("broken.har"), qPrintable(bad.err));
        QVERIFY2(!bad.err.trimmed().contains('\n'), qPrintable(bad.err));

        const QString plugin_error = write_file(dir, "ok.har", demo_har());
        const auto broken =
            run({"replay", plugin_error, "--in-process", "--app", PLUGIN_WRONG_ABI});
        QCOMPARE(broken.exit_code, 2);
        QVERIFY2(broken.err.contains("cannot load app from") &&
                     broken.err.contains("plugin ABI version 999"),
                 qPrintable(broken.err));
    }

    void badTargetAndBrokenPlugin() {
        QTemporaryDir dir;
        const QString file =
            write_file(dir, "one.curl", "curl 'http://127.0.0.1:8000/plaintext'\n");
        // Once the file is read: a target that is not http:// is a usage error too.
        const auto target = run({"replay", file, "--target", "ftp://127.0.0.1:21"});
        QCOMPARE(target.exit_code, 2);
        QVERIFY2(target.err.startsWith("asgiscope replay: error: "), qPrintable(target.err));
    }
};

QTEST_GUILESS_MAIN(TestReplayCli)
#include "test_replay_cli.moc"
