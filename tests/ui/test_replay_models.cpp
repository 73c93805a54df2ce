// The Replay panel's and File menu's widget-free parts: the side-by-side line diff (checked
// against a brute-force longest common subsequence on small inputs), bodies prepared for it
// (pretty JSON, text, a hex summary of bytes), the results model and the comparison built
// from the core's compare_exchanges(); and the session files: a save/open round trip, each
// export read back by its own reader, and broken files giving a message that names the file
// and the place.
#include <algorithm>
#include <random>

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/trace_json.hpp>

#include "models/line_diff.hpp"
#include "models/replay_results_model.hpp"
#include "models/session_files.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

/// The LCS length by trying every subsequence of `a` (small inputs only).
int bruteForceLcs(const QStringList& a, const QStringList& b) {
    int best = 0;
    const int n = static_cast<int>(a.size());
    for (int mask = 0; mask < (1 << n); ++mask) {
        QStringList sub;
        for (int i = 0; i < n; ++i)
            if (mask & (1 << i)) sub << a[i];
        if (sub.size() <= best) continue;
        // Is `sub` a subsequence of b?
        bool ok = true;
        qsizetype k = 0;
        for (const QString& s : sub) {
            while (k < b.size() && b[k] != s) ++k;
            if (k == b.size()) {
                ok = false;
                break;
            }
            ++k;
        }
        if (ok) best = static_cast<int>(sub.size());
    }
    return best;
}

/// The left and right columns read back, in order.
std::pair<QStringList, QStringList> sides(const LineDiff& d) {
    QStringList left, right;
    for (const DiffRow& r : d.rows) {
        if (r.leftLine) left << r.left;
        if (r.rightLine) right << r.right;
    }
    return {left, right};
}

trace::Exchange exchange(int status, std::string contentType, std::string body,
                         asgi::Headers extra = {}) {
    trace::Exchange x;
    x.request.method = "GET";
    x.request.url = "http://127.0.0.1:8000/users/7";
    trace::ResponseRecord r;
    r.status = status;
    r.headers = {{"content-type", contentType},
                 {"content-length", std::to_string(body.size())},
                 {"date", "Mon, 01 Jan 2024 10:00:00 GMT"}};
    for (auto& h : extra) r.headers.push_back(h);
    r.body = asgi::Bytes::copy(body);
    r.body_size = body.size();
    x.response = r;
    return x;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(bytes);
    return path;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Traces of a few requests to the demo (HTTP, an error, a WebSocket session).
trace::TraceBatch demoTraces(testing::TracedDemo& demo) {
    demo.client().get("/plaintext");
    demo.client().get("/users/7");
    web::RequestOptions o;
    o.content = "hello";
    demo.client().post("/echo", o);
    demo.client().get("/teapot");
    {
        auto ws = demo.client().websocket_connect("/ws/echo");
        ws.send_text("hi");
        (void)ws.receive_text();
        ws.close(1000);
    }
    trace::TraceBatch out;
    for (const auto& t : demo.all())
        if (t->kind != trace::TraceKind::lifespan) out.push_back(t);
    return out;
}

}  // namespace

class TestReplayModels : public QObject {
    Q_OBJECT

private slots:
    void diffOfEqualAndEmpty() {
        const QStringList a{"one", "two", "three"};
        const LineDiff same = diffLines(a, a);
        QCOMPARE(same.rows.size(), 3);
        QCOMPARE(same.changedRows(), 0);
        QVERIFY(!same.approximate);
        QCOMPARE(diffLines({}, {}).rows.size(), 0);
        const LineDiff added = diffLines({}, a);
        QCOMPARE(added.changedRows(), 3);
        for (const DiffRow& r : added.rows) QCOMPARE(r.kind, DiffRow::Kind::Added);
        const LineDiff removed = diffLines(a, {});
        for (const DiffRow& r : removed.rows) QCOMPARE(r.kind, DiffRow::Kind::Removed);
    }

    void diffPairsAChangedLine() {
        const LineDiff d = diffLines({"{", "  \"id\": 7,", "  \"name\": \"Ada\"", "}"},
                                     {"{", "  \"id\": 7,", "  \"name\": \"Grace\"", "}"});
        QCOMPARE(d.rows.size(), 4);
        QCOMPARE(d.changedRows(), 1);
        const DiffRow& r = d.rows[2];
        QCOMPARE(r.kind, DiffRow::Kind::Changed);
        QCOMPARE(r.leftLine, 3);
        QCOMPARE(r.rightLine, 3);
        QCOMPARE(r.left, QStringLiteral("  \"name\": \"Ada\""));
        QCOMPARE(r.right, QStringLiteral("  \"name\": \"Grace\""));
    }

    void diffInsertionKeepsLineNumbers() {
        const LineDiff d = diffLines({"a", "b", "c"}, {"a", "x", "b", "c"});
        QCOMPARE(d.changedRows(), 1);
        QCOMPARE(d.rows[1].kind, DiffRow::Kind::Added);
        QCOMPARE(d.rows[1].leftLine, 0);
        QCOMPARE(d.rows[1].rightLine, 2);
        QCOMPARE(d.rows[2].leftLine, 2);
        QCOMPARE(d.rows[2].rightLine, 3);
    }

    void diffMatchesBruteForceLcs() {
        std::mt19937 rng(7);
        const QStringList alphabet{"a", "b", "c", "d"};
        for (int round = 0; round < 300; ++round) {
            QStringList a, b;
            const int n = int(rng() % 9), m = int(rng() % 9);
            for (int i = 0; i < n; ++i) a << alphabet[int(rng() % 4)];
            for (int i = 0; i < m; ++i) b << alphabet[int(rng() % 4)];
            const LineDiff d = diffLines(a, b);
            const auto [left, right] = sides(d);
            QCOMPARE(left, a);
            QCOMPARE(right, b);
            int same = 0;
            for (const DiffRow& r : d.rows)
                if (r.kind == DiffRow::Kind::Same) {
                    QCOMPARE(r.left, r.right);
                    ++same;
                }
            QVERIFY2(same == bruteForceLcs(a, b), qPrintable(a.join(',') + " | " + b.join(',')));
        }
    }

    void hugeDiffFallsBackToOneBlock() {
        QStringList a, b;
        for (int i = 0; i < 3000; ++i) {
            a << QString::number(i);
            b << QString::number(i * 7 + 1);
        }
        a.prepend(QStringLiteral("head"));
        b.prepend(QStringLiteral("head"));
        const LineDiff d = diffLines(a, b);
        QVERIFY(d.approximate);
        const auto [left, right] = sides(d);
        QCOMPARE(left, a);
        QCOMPARE(right, b);
        QCOMPARE(d.rows.front().kind, DiffRow::Kind::Same);
    }

    void bodiesForTheDiff() {
        const DiffBody json = diffBody("{\"b\":1,\"a\":[1,2]}", QStringLiteral("application/json"));
        QCOMPARE(json.mode, DiffBodyMode::Json);
        QVERIFY2(json.lines.size() > 3, qPrintable(json.lines.join('\n')));
        // Pretty-printed with sorted keys: "a" comes before "b".
        const qsizetype ia =
            json.lines.indexOf(QRegularExpression(QStringLiteral("^\\s+\"a\": \\[$")));
        const qsizetype ib =
            json.lines.indexOf(QRegularExpression(QStringLiteral("^\\s+\"b\": 1$")));
        QVERIFY2(ia >= 0 && ib > ia, qPrintable(json.lines.join('\n')));

        const DiffBody text = diffBody("line 1\r\nline 2\n", QStringLiteral("text/plain"));
        QCOMPARE(text.mode, DiffBodyMode::Text);
        QCOMPARE(text.lines, (QStringList{"line 1", "line 2"}));

        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImage(4, 4, QImage::Format_RGB32).save(&buffer, "PNG");
        const DiffBody binary = diffBody(png, QStringLiteral("image/png"), 32);
        QCOMPARE(binary.mode, DiffBodyMode::Binary);
        QCOMPARE(binary.lines.front(), QStringLiteral("%1 bytes").arg(png.size()));
        QVERIFY2(binary.lines[1].contains(QStringLiteral("89 50 4e 47")),
                 qPrintable(binary.lines[1]));
        QVERIFY(binary.lines.back().contains(QString::number(png.size() - 32)));
        QCOMPARE(diffBody({}, {}).mode, DiffBodyMode::Empty);
    }

    void comparisonShowsTheHeadersThatMatter() {
        const trace::Exchange recorded = exchange(
            200, "application/json", "{\"id\": 7, \"name\": \"Ada\"}", {{"x-version", "1"}});
        trace::Exchange replayed =
            exchange(200, "application/json; charset=utf-8", "{\"id\": 7, \"name\": \"Grace\"}",
                     {{"x-version", "2"}});
        replayed.response->headers[2].second = "Tue, 02 Jan 2024 10:00:00 GMT";  // date: ignored
        trace::ReplayResult result;
        result.replayed = replayed;
        trace::compare_exchanges(recorded, replayed, {}, result);
        QCOMPARE(result.outcome, trace::ReplayOutcome::different);
        const ReplayComparison c = compareForDisplay(recorded, result);
        QStringList names;
        for (const auto& f : c.fields) names << f.name;
        QCOMPARE(names.front(), QStringLiteral("status"));
        QVERIFY(!c.fields.front().differs);
        QVERIFY2(!names.contains(QStringLiteral("date")), qPrintable(names.join(',')));
        QVERIFY2(names.contains(QStringLiteral("x-version")), qPrintable(names.join(',')));
        for (const auto& f : c.fields) {
            if (f.name == QLatin1String("content-type") || f.name == QLatin1String("x-version"))
                QVERIFY2(f.differs, qPrintable(f.name));
        }
        QCOMPARE(c.originalBody.mode, DiffBodyMode::Json);
        QCOMPARE(c.bodyDiff.changedRows(), 1);
        bool sawGrace = false;
        for (const DiffRow& r : c.bodyDiff.rows)
            if (r.kind == DiffRow::Kind::Changed)
                sawGrace = r.right.contains(QStringLiteral("Grace"));
        QVERIFY(sawGrace);
        QVERIFY(!c.differences.isEmpty());
    }

    void resultsModel() {
        ReplayResultsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<trace::Exchange> xs;
        for (int i = 0; i < 4; ++i) xs.push_back(exchange(200, "text/plain", "hi"));
        model.setExchanges(xs);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.verdict(0), ReplayResultsModel::Verdict::Pending);
        trace::ReplayResult same;
        same.outcome = trace::ReplayOutcome::same;
        same.replayed = exchange(200, "text/plain", "hi");
        model.setResult(0, same);
        trace::ReplayResult failed;
        failed.outcome = trace::ReplayOutcome::error;
        failed.error = "connection refused to 127.0.0.1:9";
        model.setResult(1, failed);
        model.setRunning(2);
        model.skipUnfinished();
        QCOMPARE(model.count(ReplayResultsModel::Verdict::Same), 1);
        QCOMPARE(model.count(ReplayResultsModel::Verdict::Error), 1);
        QCOMPARE(model.count(ReplayResultsModel::Verdict::Skipped), 2);
        QCOMPARE(model.summary(),
                 QStringLiteral("4 requests: 1 same, 0 different, 1 errors, 2 not replayed"));
        QCOMPARE(model.index(0, ReplayResultsModel::VerdictColumn).data().toString(),
                 QStringLiteral("same"));
        QCOMPARE(model.index(0, ReplayResultsModel::ReplayedColumn).data().toInt(), 200);
        QVERIFY(model.index(1, ReplayResultsModel::VerdictColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("connection refused")));
        QCOMPARE(model.index(1, ReplayResultsModel::UrlColumn).data().toString(), QStringLiteral("/users/7"));
        QCOMPARE(model.index(1, ReplayResultsModel::UrlColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("http://127.0.0.1:8000/users/7"));
        trace::RequestRecord edited = xs[0].request;
        edited.url = "/users/8";
        model.setRequest(0, edited);
        QCOMPARE(model.verdict(0), ReplayResultsModel::Verdict::Pending);
        QVERIFY(!model.result(0).has_value());
        QCOMPARE(model.index(0, ReplayResultsModel::UrlColumn).data().toString(),
                 QStringLiteral("/users/8"));
    }

    void saveAndOpenRoundTrip() {
        testing::TracedDemo demo;
        const trace::TraceBatch traces = demoTraces(demo);
        QCOMPARE(traces.size(), std::size_t(5));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.jsonl"));
        const WriteResult written =
            writeTraces({traces.begin(), traces.end()}, ExportFormat::TraceJson, path);
        QVERIFY2(written.ok(), qPrintable(written.error));
        QCOMPARE(written.written, 5);
        const OpenedFile opened = openTraceFile(path);
        QVERIFY2(opened.ok(), qPrintable(opened.error));
        QVERIFY(opened.isTraceFile);
        QCOMPARE(opened.format, QStringLiteral("trace JSON"));
        QCOMPARE(opened.traces.size(), traces.size());
        for (std::size_t i = 0; i < traces.size(); ++i) {
            QCOMPARE(opened.traces[i]->id, traces[i]->id);
            QCOMPARE(opened.traces[i]->spans.size(), traces[i]->spans.size());
            QCOMPARE(opened.traces[i]->scope.path, traces[i]->scope.path);
        }
    }

    void exportsReadBackByTheirReaders() {
        testing::TracedDemo demo;
        const trace::TraceBatch traces = demoTraces(demo);
        const std::vector<TracePtr> all(traces.begin(), traces.end());
        QTemporaryDir dir;

        const QString har = dir.filePath(QStringLiteral("x.har"));
        QVERIFY(writeTraces(all, ExportFormat::Har, har).ok());
        std::size_t harEntries = 0;
        trace::read_har_file(har.toStdString(),
                             [&](trace::Exchange&&) { return ++harEntries, true; });
        QCOMPARE(harEntries, traces.size());
        const OpenedFile openedHar = openTraceFile(har);
        QVERIFY2(openedHar.ok(), qPrintable(openedHar.error));
        QVERIFY(!openedHar.isTraceFile);
        QCOMPARE(openedHar.exchanges.size(), traces.size());

        const QString chrome = dir.filePath(QStringLiteral("x.chrome.json"));
        QVERIFY(writeTraces(all, ExportFormat::ChromeTrace, chrome).ok());
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(readAll(chrome), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QSet<qint64> pids;
        for (const QJsonValue& e : doc.object().value(QStringLiteral("traceEvents")).toArray())
            if (e.toObject().value(QStringLiteral("ph")).toString() == QLatin1String("X"))
                pids.insert(e.toObject().value(QStringLiteral("pid")).toInteger());
        QCOMPARE(pids.size(), qsizetype(traces.size()));

        const QString json = dir.filePath(QStringLiteral("x.jsonl"));
        QVERIFY(writeTraces(all, ExportFormat::TraceJson, json).ok());
        const std::size_t n =
            trace::read_trace_file(json.toStdString(), [](trace::Trace&&) { return true; });
        QCOMPARE(n, traces.size());

        // A file that cannot be created: the error names it.
        const WriteResult bad =
            writeTraces(all, ExportFormat::Har, dir.filePath(QStringLiteral("no/such/dir/x.har")));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error.contains(QStringLiteral("x.har")), qPrintable(bad.error));
    }

    void brokenFilesSayWhatAndWhere() {
        testing::TracedDemo demo;
        const trace::TraceBatch traces = demoTraces(demo);
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good.jsonl"));
        QVERIFY(writeTraces({traces.begin(), traces.end()}, ExportFormat::TraceJson, good).ok());
        const QByteArray whole = readAll(good);
        const QList<QByteArray> lines = whole.split('\n');
        QVERIFY(lines.size() >= 4);

        // Cut in the middle of the third line (the second trace): one trace read, line 3 named.
        const QByteArray cut =
            lines[0] + '\n' + lines[1] + '\n' + lines[2].left(lines[2].size() / 2);
        OpenedFile f = openTraceFile(writeFile(dir, QStringLiteral("cut.jsonl"), cut));
        QVERIFY(!f.ok());
        QVERIFY(f.isTraceFile);
        QCOMPARE(f.recordsRead(), 1);
        QVERIFY2(f.error.contains(QStringLiteral("cut.jsonl:3")), qPrintable(f.error));

        f = openTraceFile(writeFile(dir, QStringLiteral("empty.json"), {}));
        QVERIFY(!f.ok());
        QVERIFY2(f.error.contains(QStringLiteral("empty.json")) &&
                     f.error.contains(QStringLiteral("empty file")),
                 qPrintable(f.error));

        std::mt19937 rng(42);
        QByteArray noise;
        for (int i = 0; i < 4096; ++i) noise.append(char(rng() % 256));
        noise[0] = char(0x01);
        f = openTraceFile(writeFile(dir, QStringLiteral("noise.bin"), noise));
        QVERIFY(!f.ok());
        QCOMPARE(f.recordsRead(), 0);
        QVERIFY2(f.error.contains(
                     QStringLiteral("expected an asgiscope trace file, a HAR 1.2 file or cURL")),
                 qPrintable(f.error));

        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImage(8, 8, QImage::Format_RGB32).save(&buffer, "PNG");
        f = openTraceFile(writeFile(dir, QStringLiteral("picture.har"), png));
        QVERIFY(!f.ok());
        QVERIFY2(f.error.contains(QStringLiteral("picture.har")) &&
                     f.error.contains(QStringLiteral("not a trace file")),
                 qPrintable(f.error));

        // A HAR cut short: the byte offset is named.
        const QString har = dir.filePath(QStringLiteral("whole.har"));
        QVERIFY(writeTraces({traces.begin(), traces.end()}, ExportFormat::Har, har).ok());
        const QByteArray harBytes = readAll(har);
        f = openTraceFile(
            writeFile(dir, QStringLiteral("cut.har"), harBytes.left(harBytes.size() * 2 / 3)));
        QVERIFY(!f.ok());
        QVERIFY2(
            f.error.contains(QStringLiteral("cut.har")) && f.error.contains(QStringLiteral("byte")),
            qPrintable(f.error));

        f = openTraceFile(dir.filePath(QStringLiteral("missing.jsonl")));
        QVERIFY(!f.ok());
        QVERIFY(f.error.contains(QStringLiteral("no such file")));
        f = openTraceFile(dir.path());
        QVERIFY(!f.ok());
        QVERIFY(f.error.contains(QStringLiteral("folder")));
        // A trace file of another version.
        f = openTraceFile(writeFile(dir, QStringLiteral("v9.jsonl"),
                                    "{\"format\": \"asgiscope-trace\", \"version\": 9}\n"));
        QVERIFY(!f.ok());
        QVERIFY2(f.error.contains(QStringLiteral("9")), qPrintable(f.error));
    }
};

QTEST_GUILESS_MAIN(TestReplayModels)
#include "test_replay_models.moc"
