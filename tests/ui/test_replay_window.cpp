// The window's Replay panel and File menu, offscreen, against live servers on 127.0.0.1:
// captured requests replayed against the unchanged demo are all "same"; replayed against a
// second app where two routes changed they are "different", with the changed body lines
// shown side by side; Cancel stops a batch part way with a consistent result; the request
// editor; Save Session, then Open in a fresh window with no server; each export re-read by
// its reader; broken and foreign files reported in a dialog, without a crash. PNGs of the
// Replay panel go under the build tree.
#include <QBuffer>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/trace_json.hpp>
#include <asgiscope/web.hpp>

#include "demo_app.hpp"
#include "main_window/main_window.hpp"
#include "models/replay_results_model.hpp"
#include "models/replay_runner.hpp"
#include "models/server_controller.hpp"
#include "models/session_files.hpp"
#include "models/trace_store.hpp"
#include "replay/edit_request_dialog.hpp"
#include "replay/replay_panel.hpp"
#include "test_support.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"
#include "ui_test_support.hpp"

#ifndef ASGISCOPE_SCREENSHOT_DIR
#define ASGISCOPE_SCREENSHOT_DIR "screenshots"
#endif

using namespace asgiscope;
using namespace asgiscope::ui;
using State = ServerController::State;
using Verdict = ReplayResultsModel::Verdict;
using boost::asio::awaitable;

namespace {

int fetch(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& postBody = {}) {
    QNetworkRequest request(url);
    QNetworkReply* reply = nullptr;
    if (postBody.isNull()) {
        reply = nam.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        reply = nam.post(request, postBody);
    }
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

/// The five requests the replays use, fired at the window's server by an independent client.
const char* const paths[] = {"/plaintext", "/users/7", "/json", "/teapot", "/echo"};

void fireRequests(MainWindow& window) {
    QNetworkAccessManager nam;
    const QUrl base = window.controller()->url();
    for (const char* path : paths) {
        if (QLatin1String(path) == QLatin1String("/echo"))
            fetch(nam, base.resolved(QUrl(QLatin1String(path))), "{\"a\": [1, 2, 3]}");
        else
            fetch(nam, base.resolved(QUrl(QLatin1String(path))));
    }
}

/// The app the replays are compared against: the same paths, two of them answering otherwise.
awaitable<web::Response> changedUser(web::Request& request) {
    boost::json::object body;
    body["id"] = request.path_param<std::int64_t>("id");
    body["name"] = "changed";
    co_return web::JSONResponse(body);
}
awaitable<web::Response> changedPlaintext(web::Request&) {
    co_return web::PlainTextResponse("Hello, changed world!");
}

QString rowText(const QTableWidget* table, int row) {
    QStringList cells;
    for (int c = 0; c < table->columnCount(); ++c)
        cells << (table->item(row, c) ? table->item(row, c)->text() : QString());
    return cells.join(QLatin1Char('|'));
}

int rowOf(const ReplayResultsModel* model, const QString& pathEnd) {
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, ReplayResultsModel::UrlColumn).data().toString().endsWith(pathEnd))
            return r;
    return -1;
}

void saveGrab(QWidget* widget, const QString& name) {
    QDir().mkpath(QStringLiteral(ASGISCOPE_SCREENSHOT_DIR));
    const QString path = QStringLiteral(ASGISCOPE_SCREENSHOT_DIR "/%1.png").arg(name);
    QVERIFY2(widget->grab().save(path), qPrintable(path));
    QVERIFY(!QImage(path).isNull());
}

/// The message box the window opened last, once it is there.
QMessageBox* waitForBox(MainWindow& window, const QString& objectName) {
    for (int i = 0; i < 100 && !(window.lastMessageBox() &&
                                 window.lastMessageBox()->objectName() == objectName);
         ++i)
        QTest::qWait(20);
    QMessageBox* box = window.lastMessageBox();
    return box && box->objectName() == objectName ? box : nullptr;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestReplayWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        testing::useFreshSettings(QStringLiteral("test_ui_replay_window"));
    }

    void replayUnchangedThenChanged() {
        MainWindow window(testing::makeDemoController());
        window.show();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        fireRequests(window);
        TrafficView* traffic = window.trafficView();
        QTRY_COMPARE_WITH_TIMEOUT(traffic->model()->rowCount(), 5, 5000);
        ReplayPanel* panel = window.replayPanel();
        QCOMPARE(panel->target(), window.controller()->url().toString());

        // Unchanged server: every row the same.
        traffic->table()->selectAll();
        QCOMPARE(traffic->selectedTraces().size(), 5);
        QSignalSpy finished(panel, &ReplayPanel::batchFinished);
        window.findChild<QAction*>(QStringLiteral("replaySelectedAction"))->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.front().front().toBool(), false);
        ReplayResultsModel* model = panel->model();
        QCOMPARE(model->rowCount(), 5);
        for (int r = 0; r < 5; ++r) {
            const QString why =
                model->index(r, ReplayResultsModel::UrlColumn).data().toString() + ": " +
                model->index(r, ReplayResultsModel::VerdictColumn).data(Qt::ToolTipRole).toString();
            QVERIFY2(model->verdict(r) == Verdict::Same, qPrintable(why));
            QCOMPARE(model->index(r, ReplayResultsModel::VerdictColumn).data().toString(),
                     QStringLiteral("same"));
        }
        QCOMPARE(panel->progressBar()->value(), 5);
        QCOMPARE(panel->summaryText(),
                 QStringLiteral("5 requests: 5 same, 0 different, 0 errors, 0 not replayed"));
        panel->selectRow(rowOf(model, QStringLiteral("/echo")));
        QVERIFY(panel->bodyDiffTable()->rowCount() > 0);
        for (int r = 0; r < panel->bodyDiffTable()->rowCount(); ++r)
            QCOMPARE(panel->bodyDiffTable()->item(r, 1)->text(),
                     panel->bodyDiffTable()->item(r, 3)->text());

        // A second app where /users/{id} and /plaintext answer otherwise.
        web::Starlette changed({.routes = {web::Route("/users/{id:int}", changedUser),
                                           web::Route("/plaintext", changedPlaintext)}});
        testing::RunningServer other(changed, testing::test_config());
        QVERIFY(other.started());
        panel->setTarget(QStringLiteral("http://127.0.0.1:%1").arg(other.port()));
        finished.clear();
        window.findChild<QAction*>(QStringLiteral("replaySelectedAction"))->trigger();
        QVERIFY(finished.wait(30000));
        const int user = rowOf(model, QStringLiteral("/users/7"));
        const int plain = rowOf(model, QStringLiteral("/plaintext"));
        const int json = rowOf(model, QStringLiteral("/json"));
        QVERIFY(user >= 0 && plain >= 0 && json >= 0);
        QCOMPARE(model->verdict(user), Verdict::Different);
        QCOMPARE(model->verdict(plain), Verdict::Different);
        QCOMPARE(model->verdict(json), Verdict::Different);  // not found there: 200 -> 404
        QCOMPARE(model->index(json, ReplayResultsModel::ReplayedColumn).data().toInt(), 404);
        QCOMPARE(model->index(user, ReplayResultsModel::OriginalColumn).data().toInt(), 200);
        QCOMPARE(model->index(user, ReplayResultsModel::ReplayedColumn).data().toInt(), 200);

        // The selected row's comparison: the body diff side by side, the changed line marked.
        panel->selectRow(user);
        QTableWidget* diff = panel->bodyDiffTable();
        QVERIFY(diff->rowCount() > 0);
        int changedRow = -1;
        for (int r = 0; r < diff->rowCount(); ++r)
            if (diff->item(r, 3)->text().contains(QStringLiteral("\"changed\""))) changedRow = r;
        QVERIFY2(changedRow >= 0, qPrintable(rowText(diff, 0)));
        QVERIFY(diff->item(changedRow, 3)->background().color().isValid());
        QVERIFY(diff->item(changedRow, 3)->background().style() != Qt::NoBrush);
        QVERIFY(!diff->item(changedRow, 1)->text().contains(QStringLiteral("changed")));
        // Unchanged lines are not highlighted.
        for (int r = 0; r < diff->rowCount(); ++r)
            if (diff->item(r, 1)->text() == diff->item(r, 3)->text())
                QCOMPARE(diff->item(r, 3)->background().style(), Qt::NoBrush);
        QTableWidget* fields = panel->fieldsTable();
        QCOMPARE(fields->item(0, 0)->text(), QStringLiteral("status"));
        QVERIFY2(fields->item(0, 1)->text().startsWith(QStringLiteral("200")), qPrintable(rowText(fields, 0)));
        panel->resize(1300, 600);
        saveGrab(panel, QStringLiteral("replay_panel"));
        panel->selectRow(plain);
        bool sawPlain = false;
        for (int r = 0; r < diff->rowCount(); ++r)
            sawPlain =
                sawPlain || (diff->item(r, 1)->text() == QLatin1String("Hello, world!") &&
                             diff->item(r, 3)->text() == QLatin1String("Hello, changed world!"));
        QVERIFY2(sawPlain, qPrintable(rowText(diff, 0)));

        // Replay again, one row, back against the demo: that row becomes "same" again.
        panel->setTarget(window.controller()->url().toString());
        finished.clear();
        panel->replayAgain(user);
        QVERIFY(finished.wait(30000));
        QCOMPARE(model->verdict(user), Verdict::Same);
        QCOMPARE(model->verdict(plain), Verdict::Different);
        QVERIFY(window.controller()->shutdown(std::chrono::seconds(10)));
        QCOMPARE(other.stop(), 0);
    }

    void cancelMidBatch() {
        MainWindow window(testing::makeDemoController());
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        // 20 requests of 150 ms each: a batch of about 3 s, cancelled after the first answer.
        std::vector<trace::Exchange> batch;
        for (int i = 0; i < 20; ++i) {
            trace::Exchange x;
            x.request.url = window.controller()->url().toString().toStdString() + "/slow?ms=150";
            trace::ResponseRecord r;
            r.status = 200;
            r.headers = {{"content-type", "text/plain; charset=utf-8"}};
            r.body = asgi::Bytes::copy("slept 150 ms");
            r.body_size = r.body.size();
            x.response = r;
            batch.push_back(x);
        }
        ReplayPanel* panel = window.replayPanel();
        QSignalSpy finished(panel, &ReplayPanel::batchFinished);
        QSignalSpy progress(panel->runner(), &ReplayRunner::progress);
        panel->replay(batch);
        QVERIFY(panel->cancelButton()->isEnabled());
        QVERIFY(progress.wait(10000));
        QElapsedTimer timer;
        timer.start();
        panel->cancelButton()->click();
        QVERIFY(finished.wait(10000));
        const qint64 ms = timer.elapsed();
        QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));  // one exchange under way at most
        QCOMPARE(finished.front().front().toBool(), true);
        ReplayResultsModel* model = panel->model();
        // Replayed rows have a verdict of their own (same, unless the demo adds a header the
        // hand-made recording lacks); the rest are marked as not replayed.
        const int replayed = model->count(Verdict::Same) + model->count(Verdict::Different);
        const int skipped = model->count(Verdict::Skipped);
        QVERIFY2(replayed >= 1 && skipped >= 1, qPrintable(model->summary()));
        QCOMPARE(replayed + skipped, 20);  // every row either replayed or marked as not replayed
        QCOMPARE(model->count(Verdict::Pending) + model->count(Verdict::Running) + model->count(Verdict::Error), 0);
        // The replayed rows come first, then the skipped ones: nothing out of order.
        for (int r = 0; r < 20; ++r)
            QCOMPARE(model->verdict(r) == Verdict::Skipped, r >= replayed);
        QVERIFY(model->result(0).has_value());
        QCOMPARE(model->result(0)->replayed.response->status, 200);
        QCOMPARE(panel->progressBar()->value(), replayed);
        QVERIFY(!panel->cancelButton()->isEnabled());
        QVERIFY(panel->summaryText().contains(QStringLiteral("%1 not replayed").arg(skipped)));
        QVERIFY(window.controller()->shutdown(std::chrono::seconds(10)));
    }

    void editBeforeReplay() {
        MainWindow window(testing::makeDemoController());
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        fireRequests(window);
        TrafficView* traffic = window.trafficView();
        QTRY_COMPARE_WITH_TIMEOUT(traffic->model()->rowCount(), 5, 5000);
        int userRow = -1;
        for (int r = 0; r < traffic->proxy()->rowCount(); ++r)
            for (int c = 0; c < traffic->proxy()->columnCount(); ++c)
                if (traffic->proxy()->index(r, c).data().toString() == QLatin1String("/users/7"))
                    userRow = r;
        QVERIFY(userRow >= 0);
        traffic->table()->selectRow(userRow);
        window.findChild<QAction*>(QStringLiteral("editAndReplayAction"))->trigger();
        auto* dialog = window.replayPanel()->findChild<EditRequestDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        // A bad header line is refused with a message; the dialog stays open.
        dialog->headersEdit()->setPlainText(QStringLiteral("no colon here"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->error().contains(QStringLiteral("line 1")), qPrintable(dialog->error()));
        dialog->headersEdit()->setPlainText(QStringLiteral("Accept: application/json"));
        const QString url = dialog->urlEdit()->text();
        QVERIFY2(url.endsWith(QStringLiteral("/users/7")), qPrintable(url));
        dialog->urlEdit()->setText(url.left(url.size() - 1) + QStringLiteral("8"));
        QSignalSpy finished(window.replayPanel(), &ReplayPanel::batchFinished);
        dialog->accept();
        QVERIFY(finished.wait(30000));
        ReplayResultsModel* model = window.replayPanel()->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->verdict(0), Verdict::Different);
        QVERIFY2(model->result(0)->replayed.request.url.find("/users/8") != std::string::npos,
                 model->result(0)->replayed.request.url.c_str());
        const QString why =
            model->index(0, ReplayResultsModel::VerdictColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(why.contains(QStringLiteral("$.id: 7 -> 8")), qPrintable(why));
        QVERIFY(window.controller()->shutdown(std::chrono::seconds(10)));
    }

    void saveOpenExportRoundTrip() {
        QTemporaryDir dir;
        const QString session = dir.filePath(QStringLiteral("session.jsonl"));
        int rows = 0;
        std::size_t diagramRows = 0;
        {
            MainWindow live(testing::makeDemoController());
            live.start();
            QTRY_COMPARE_WITH_TIMEOUT(live.controller()->state(), State::Running, 15000);
            fireRequests(live);
            QTRY_COMPARE_WITH_TIMEOUT(live.trafficView()->model()->rowCount(), 5, 5000);
            rows = live.trafficView()->model()->rowCount();
            live.trafficView()->table()->selectRow(1);
            diagramRows = live.sequenceDiagram()->model().rows().size();
            QVERIFY(diagramRows > 0);
            QVERIFY2(live.saveSession(session), qPrintable(live.lastError()));

            // Exports of everything, each re-read by its own reader.
            const QString har = dir.filePath(QStringLiteral("all.har"));
            const QString chrome = dir.filePath(QStringLiteral("all.json"));
            const QString json = dir.filePath(QStringLiteral("all.jsonl"));
            QVERIFY(live.exportTraces(har, int(ExportFormat::Har), false));
            QVERIFY(live.exportTraces(chrome, int(ExportFormat::ChromeTrace), false));
            QVERIFY(live.exportTraces(json, int(ExportFormat::TraceJson), false));
            std::size_t entries = 0;
            trace::read_har_file(har.toStdString(),
                                 [&](trace::Exchange&&) { return ++entries, true; });
            QCOMPARE(entries, std::size_t(rows));
            QCOMPARE(
                trace::read_trace_file(json.toStdString(), [](trace::Trace&&) { return true; }),
                std::size_t(live.traceStore()->count()));
            const QJsonDocument doc = QJsonDocument::fromJson(readAll(chrome));
            QSet<qint64> pids;
            for (const QJsonValue& e : doc.object().value(QStringLiteral("traceEvents")).toArray())
                if (e.toObject().value(QStringLiteral("ph")).toString() == QLatin1String("X"))
                    pids.insert(e.toObject().value(QStringLiteral("pid")).toInteger());
            qsizetype withSpans = 0;
            for (int i = 0; i < live.traceStore()->count(); ++i)
                if (!live.traceStore()->at(i)->spans.empty()) ++withSpans;
            QCOMPARE(pids.size(), withSpans);

            // Only the selected rows.
            live.trafficView()->table()->clearSelection();
            QVERIFY(!live.exportTraces(dir.filePath(QStringLiteral("none.har")),
                                       int(ExportFormat::Har), true));
            QVERIFY(live.lastError().contains(QStringLiteral("Select one or more rows")));
            live.trafficView()->table()->selectRow(0);
            live.trafficView()->table()->selectionModel()->select(
                live.trafficView()->proxy()->index(2, 0),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
            const QString two = dir.filePath(QStringLiteral("two.har"));
            QVERIFY(live.exportTraces(two, int(ExportFormat::Har), true));
            entries = 0;
            trace::read_har_file(two.toStdString(),
                                 [&](trace::Exchange&&) { return ++entries, true; });
            QCOMPARE(entries, std::size_t(2));
            QVERIFY(live.controller()->shutdown(std::chrono::seconds(10)));
        }

        // A fresh window that never starts its server shows the saved session.
        MainWindow opened(testing::makeDemoController());
        QVERIFY2(opened.openFile(session), qPrintable(opened.lastError()));
        QCOMPARE(opened.controller()->state(), State::Stopped);
        QCOMPARE(opened.openedFile(), session);
        QVERIFY(opened.windowTitle().contains(QStringLiteral("session.jsonl")));
        QCOMPARE(opened.trafficView()->model()->rowCount(), rows);
        opened.trafficView()->table()->selectRow(1);
        QCOMPARE(opened.sequenceDiagram()->model().rows().size(), diagramRows);
        QVERIFY(opened.trafficView()->selectedTrace() != nullptr);

        // A HAR has no traces: opening it offers its requests to Replay and says why.
        QVERIFY(!opened.openFile(dir.filePath(QStringLiteral("all.har"))));
        QMessageBox* offer = waitForBox(opened, QStringLiteral("replayOfferMessageBox"));
        QVERIFY(offer);
        QVERIFY2(offer->text().contains(QStringLiteral("not traces")), qPrintable(offer->text()));
        QCOMPARE(opened.trafficView()->model()->rowCount(), rows);  // unchanged
        offer->findChild<QPushButton*>(QStringLiteral("acceptButton"))->click();
        QTRY_COMPARE(opened.replayPanel()->model()->rowCount(), rows);
    }

    void brokenFilesAreReported() {
        QTemporaryDir dir;
        MainWindow window(testing::makeDemoController());
        auto write = [&](const QString& name, const QByteArray& bytes) {
            const QString path = dir.filePath(name);
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return path;
        };
        struct Case {
            QString name;
            QByteArray bytes;
            QString expected;
        };
        QByteArray png;
        {
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            QImage(8, 8, QImage::Format_RGB32).save(&buffer, "PNG");
        }
        QByteArray noise;
        for (int i = 0; i < 2048; ++i) noise.append(char((i * 131 + 7) % 256));
        const QList<Case> cases = {
            {QStringLiteral("empty.jsonl"), QByteArray(), QStringLiteral("empty file")},
            {QStringLiteral("noise.bin"), noise, QStringLiteral("not a trace file")},
            {QStringLiteral("picture.har"), png, QStringLiteral("not a trace file")},
            {QStringLiteral("truncated.har"),
             QByteArray("{\"log\": {\"version\": \"1.2\", \"entries\": [{\"req"),
             QStringLiteral("byte")},
            {QStringLiteral("header.jsonl"),
             QByteArray("{\"format\": \"asgiscope-trace\", \"version\": 1\n"),
             QStringLiteral("header.jsonl:1")},
        };
        for (const Case& c : cases) {
            QVERIFY(!window.openFile(write(c.name, c.bytes)));
            QMessageBox* box = waitForBox(window, QStringLiteral("errorMessageBox"));
            QVERIFY2(box, qPrintable(c.name));
            QVERIFY2(box->text().contains(c.name) && box->text().contains(c.expected),
                     qPrintable(box->text()));
            box->close();
            QTRY_VERIFY(!window.lastMessageBox());
            QCOMPARE(window.trafficView()->model()->rowCount(), 0);
            QVERIFY(window.openedFile().isEmpty());
        }

        // A trace file cut part way: where, how many were read, and an offer to show them.
        MainWindow live(testing::makeDemoController());
        live.start();
        QTRY_COMPARE_WITH_TIMEOUT(live.controller()->state(), State::Running, 15000);
        fireRequests(live);
        QTRY_COMPARE_WITH_TIMEOUT(live.trafficView()->model()->rowCount(), 5, 5000);
        const QString whole = dir.filePath(QStringLiteral("whole.jsonl"));
        QVERIFY(live.saveSession(whole));
        QVERIFY(live.controller()->shutdown(std::chrono::seconds(10)));
        const QList<QByteArray> lines = readAll(whole).split('\n');
        const QByteArray cut =
            lines[0] + '\n' + lines[1] + '\n' + lines[2] + '\n' + lines[3].left(40);
        int exchanges = 0;  // of the two whole traces, those Traffic lists (not a lifespan trace)
        for (int i = 1; i <= 2; ++i)
            if (trace::parse_trace_json_line(lines[i].toStdString()).kind !=
                trace::TraceKind::lifespan)
                ++exchanges;
        QVERIFY(!window.openFile(write(QStringLiteral("cut.jsonl"), cut)));
        QMessageBox* partial = waitForBox(window, QStringLiteral("partialFileMessageBox"));
        QVERIFY(partial);
        QVERIFY2(partial->text().contains(QStringLiteral("cut.jsonl:4")),
                 qPrintable(partial->text()));
        QVERIFY2(partial->text().contains(QStringLiteral("2 record(s) were read")),
                 qPrintable(partial->text()));
        partial->findChild<QPushButton*>(QStringLiteral("acceptButton"))->click();
        QTRY_COMPARE(window.trafficView()->model()->rowCount(), exchanges);
        QCOMPARE(window.traceStore()->count(), 2);
        QVERIFY(window.openedFile().endsWith(QStringLiteral("cut.jsonl")));
    }
};

QTEST_MAIN(TestReplayWindow)
#include "test_replay_window.moc"
