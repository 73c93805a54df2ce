// `asgiscope replay` as a user runs it: arguments, exit statuses and one-line errors.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.hpp"

using asgiscope::testing::run_process;

namespace {

QString binary() {
    return qEnvironmentVariable("ASGISCOPE_BIN");
}

asgiscope::testing::ProcessResult run(const QStringList& args) {
    return run_process(binary(), args, std::chrono::seconds(60));
}

QString write_file(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(content);
    return path;
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
