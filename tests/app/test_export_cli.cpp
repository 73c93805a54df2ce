// `asgiscope serve --trace FILE` and `asgiscope export` as a user runs them: a real server
// process traced while curl and Python's websockets talk to it, stopped with SIGTERM, then its
// trace file exported to trace JSON, HAR (checked by the HAR 1.2 structure check and imported
// back) and Chrome trace events (loaded by Python's json); bad input and usage errors.
#include <fstream>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <asgiscope/trace.hpp>

#include "serve_process.hpp"
#include "test_support.hpp"

using asgiscope::testing::ServeProcess;
using asgiscope::testing::python;
using asgiscope::testing::run_process;
namespace trace = asgiscope::trace;

namespace {

QString binary() { return asgiscope::testing::asgiscope_binary(); }
QString source(const QString& path) { return qEnvironmentVariable("ASGISCOPE_SOURCE_DIR") + "/" + path; }

asgiscope::testing::ProcessResult asgiscope_run(const QStringList& args) { return run_process(binary(), args); }

std::string read_all(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

class TestExportCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString traces_;  // written by serveWritesATraceFile, used by the export tests

private slots:
    void serveWritesATraceFile() {
        traces_ = dir_.filePath("traces.jsonl");
        ServeProcess server({"--trace", traces_, "--trace-max-body", "100", "--no-access-log"});
        QVERIFY2(server.waitReady(), qPrintable(server.log()));
        const QString base = server.target();
        QCOMPARE(run_process("curl", {"-sS", "--max-time", "10", base + "/plaintext"}).out, QString("Hello, world!"));
        QCOMPARE(run_process("curl", {"-sS", "--max-time", "10", "-X", "POST", base + "/echo", "--data-raw",
                                      QString(300, 'b')})
                     .exit_code,
                 0);
        QCOMPARE(run_process("curl", {"-sS", "--max-time", "10", base + "/users/7?x=1"}).exit_code, 0);
        const QString ws_script = QStringLiteral(
                                      "import asyncio, websockets\n"
                                      "async def main():\n"
                                      "    async with websockets.connect('ws://127.0.0.1:%1/ws/echo') as ws:\n"
                                      "        await ws.send('ping')\n"
                                      "        print(await ws.recv())\n"
                                      "asyncio.run(main())\n")
                                      .arg(server.port());
        const auto ws = run_process(python(), {"-c", ws_script});
        QVERIFY2(ws.exit_code == 0, qPrintable(ws.err));
        // Traces are appended while the server runs.
        QTRY_VERIFY_WITH_TIMEOUT(read_all(traces_).find("/users/7") != std::string::npos, 5000);
        QCOMPARE(server.stop(), 0);  // SIGTERM: a clean exit
        QVERIFY2(server.log().contains("wrote 5 traces to"), qPrintable(server.log()));

        std::vector<trace::Trace> all;
        trace::read_trace_file(traces_.toStdString(), [&](trace::Trace&& x) {
            all.push_back(std::move(x));
            return true;
        });
        QCOMPARE(all.size(), std::size_t(5));  // 3 HTTP, 1 WebSocket, the lifespan (written at shutdown)
        int http = 0, websocket = 0, lifespan = 0;
        for (const auto& x : all) {
            http += x.kind == trace::TraceKind::http;
            websocket += x.kind == trace::TraceKind::websocket;
            lifespan += x.kind == trace::TraceKind::lifespan;
        }
        QCOMPARE(http, 3);
        QCOMPARE(websocket, 1);
        QCOMPARE(lifespan, 1);
        QCOMPARE(all.back().kind, trace::TraceKind::lifespan);
        for (const auto& x : all) {
            const auto ex = trace::exchange_from_trace(x);
            if (!ex || x.scope.path != "/echo") continue;
            // The body was cut at --trace-max-body and says so.
            QCOMPARE(ex->request.url, "http://127.0.0.1:" + std::to_string(server.port()) + "/echo");
            QCOMPARE(ex->request.body.str(), std::string(100, 'b'));
            QVERIFY(ex->request.body_truncated);
            QCOMPARE(ex->response->body_size, std::size_t(300));
        }
    }

    void exportToHar() {
        QVERIFY(!traces_.isEmpty());
        const QString har = dir_.filePath("out.har");
        const auto r = asgiscope_run({"export", "--format", "har", traces_, "-o", har});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("wrote 4 entries"));
        const auto check = run_process(python(), {source("tests/core/trace/validate_har.py"), har, "--entries", "4"});
        QVERIFY2(check.exit_code == 0, qPrintable(check.out + check.err));
        // Imported back, the entries are the traces' exchanges.
        std::vector<trace::Exchange> expected;
        trace::read_trace_file(traces_.toStdString(), [&](trace::Trace&& t) {
            if (auto x = trace::exchange_from_trace(t)) expected.push_back(std::move(*x));
            return true;
        });
        std::vector<trace::Exchange> back;
        trace::read_har_file(har.toStdString(), [&](trace::Exchange&& x) {
            back.push_back(std::move(x));
            return true;
        });
        QCOMPARE(back.size(), expected.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].request.url, expected[i].request.url);
            QCOMPARE(back[i].request.method, expected[i].request.method);
            QCOMPARE(back[i].request.body.str(), expected[i].request.body.str());
            QCOMPARE(back[i].response->status, expected[i].response->status);
            QCOMPARE(back[i].response->body.str(), expected[i].response->body.str());
            QCOMPARE(back[i].frames.size(), expected[i].frames.size());
        }
        // HAR in, HAR out.
        const QString again = dir_.filePath("again.har");
        QCOMPARE(asgiscope_run({"export", "--format", "har", har, "-o", again}).exit_code, 0);
        QCOMPARE(run_process(python(), {source("tests/core/trace/validate_har.py"), again, "--entries", "4"}).exit_code, 0);
    }

    void exportToChromeAndJson() {
        QVERIFY(!traces_.isEmpty());
        const QString chrome = dir_.filePath("out.trace.json");
        QCOMPARE(asgiscope_run({"export", "--format", "chrome", traces_, "-o", chrome}).exit_code, 0);
        std::size_t spans = 0;
        trace::read_trace_file(traces_.toStdString(), [&](trace::Trace&& t) {
            spans += t.spans.size();
            return true;
        });
        // An independent reader: Python's json module.
        const auto count = run_process(
            python(), {"-c",
                       "import json,sys; d=json.load(open(sys.argv[1])); "
                       "print(sum(1 for e in d['traceEvents'] if e['ph']=='X'), len({e['pid'] for e in d['traceEvents']}))",
                       chrome});
        QCOMPARE(count.out.trimmed(), QStringLiteral("%1 5").arg(spans));

        const QString json = dir_.filePath("out.jsonl");
        QCOMPARE(asgiscope_run({"export", "--format", "json", traces_, "-o", json}).exit_code, 0);
        const std::string a = read_all(traces_), b = read_all(json);
        QCOMPARE(b.substr(b.find('\n')), a.substr(a.find('\n')));  // the same traces, line for line
        // '-' writes to standard output.
        const auto out = asgiscope_run({"export", "--format", "json", traces_, "-o", "-"});
        QCOMPARE(out.exit_code, 0);
        QVERIFY(out.out.startsWith("{\"format\":\"asgiscope-trace\""));
    }

    void errors() {
        const QString garbage = dir_.filePath("garbage.bin");
        std::ofstream(garbage.toStdString(), std::ios::binary) << std::string("\x00\x01\xff\xfe\n{", 6);
        const QString out = dir_.filePath("never.har");
        auto r = asgiscope_run({"export", "--format", "har", garbage, "-o", out});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(garbage + ":1: not valid JSON"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));  // nothing half-written left behind

        const QString v2 = dir_.filePath("v2.jsonl");
        std::ofstream(v2.toStdString()) << "{\"format\":\"asgiscope-trace\",\"version\":2}\n";
        r = asgiscope_run({"export", "--format", "chrome", v2, "-o", out});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(v2 + ":1: unsupported trace file version 2"), qPrintable(r.err));

        r = asgiscope_run({"export", "--format", "chrome", source("tests/core/trace/data/chrome.har"), "-o", out});
        QCOMPARE(r.exit_code, 2);
        QVERIFY(r.err.contains("is a HAR file"));
        QCOMPARE(asgiscope_run({"export", traces_, "-o", out}).exit_code, 2);
        QCOMPARE(asgiscope_run({"export", "--format", "xml", traces_, "-o", out}).exit_code, 2);
        QCOMPARE(asgiscope_run({"export", "--format", "har", traces_}).exit_code, 2);
        QCOMPARE(asgiscope_run({"export", "--format", "har", "-o", out}).exit_code, 2);
        r = asgiscope_run({"export", "--format", "har", dir_.filePath("missing.jsonl"), "-o", out});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("missing.jsonl: cannot open"));
        r = asgiscope_run({"export", "--format", "har", traces_, "-o", "/nonexistent-dir/out.har"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("/nonexistent-dir/out.har"));
        // serve --trace into a place that cannot be written: a usage error before serving.
        r = asgiscope_run({"serve", "--port", "0", "--trace", "/nonexistent-dir/t.jsonl"});
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains("/nonexistent-dir/t.jsonl"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestExportCli)
#include "test_export_cli.moc"
