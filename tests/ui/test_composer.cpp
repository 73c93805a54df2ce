// The Composer in the main window, offscreen, against the demo app on a free loopback port:
// a JSON POST to /echo over loopback (QNetworkAccessManager) and in-process (TestClient) comes
// back unchanged and shows in Traffic; invalid JSON disables Send; a route's path parameter
// is validated and fills the URL; a refused connection and a stopped server show an error;
// "Copy as cURL" (Traffic row and composer) run by the real curl gets the same body back;
// "Open in Composer" and "Import cURL" fill the editor; PNGs of the panel with responses.
#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QtTest/QtTest>

#include "composer/composer_panel.hpp"
#include "composer/composer_sender.hpp"
#include "composer/field_table.hpp"
#include "composer/response_viewer.hpp"
#include "demo_app.hpp"
#include "main_window/main_window.hpp"
#include "models/composer_history.hpp"
#include "models/exchange_summary.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "traffic/traffic_view.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;
using State = ServerController::State;

namespace {

ComposerRequest jsonPost(const QString& body) {
    ComposerRequest r;
    r.method = QStringLiteral("POST");
    r.url = QStringLiteral("/echo");
    r.bodyMode = ComposerBodyMode::Json;
    r.jsonBody = body;
    return r;
}

/// Runs a copied command line with bash and returns what curl printed.
QByteArray runCurl(const QString& command) {
    QProcess bash;
    bash.start(QStringLiteral("/bin/bash"),
               {QStringLiteral("-c"), command + QStringLiteral(" --silent --show-error --max-time 20")});
    if (!bash.waitForFinished(30000)) {
        bash.kill();
        bash.waitForFinished();
        return "<curl did not finish>";
    }
    if (bash.exitCode() != 0) return "<curl failed: " + bash.readAllStandardError() + ">";
    return bash.readAllStandardOutput();
}

QString screenshotPath(const QString& name) {
    return QString::fromStdString(asgiscope::testing::screenshotDir()) + QStringLiteral("/%1.png").arg(name);
}

}  // namespace

class TestComposer : public QObject {
    Q_OBJECT

    const QString jsonBody = QStringLiteral("{\n  \"greeting\": \"héllo wörld\",\n  \"n\": [1, 2.5, null],\n  \"q\": \"it's \\\"quoted\\\"\"\n}");

    /// Sends the composer's request and waits for the response (or error).
    static ComposerResponse sendAndWait(ComposerPanel* composer) {
        QSignalSpy shown(composer, &ComposerPanel::responseShown);
        composer->send();
        if (shown.isEmpty() && !shown.wait(20000)) {
            ComposerResponse none;
            none.error = QStringLiteral("<no response>");
            return none;
        }
        return shown.takeFirst().at(0).value<ComposerResponse>();
    }

private slots:
    void initTestCase() {
        testing::useFreshSettings(QStringLiteral("test_composer"));
    }

    void jsonEchoOverLoopbackAndInProcess() {
        MainWindow window(testing::makeDemoController());
        window.resize(1500, 950);
        window.show();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        ComposerPanel* composer = window.composerPanel();
        QVERIFY(composer);
        QVERIFY(window.dock(QStringLiteral("composerDock")));
        // Floating and large, so the screenshots show the panel at a useful size.
        window.dock(QStringLiteral("composerDock"))->setFloating(true);
        window.dock(QStringLiteral("composerDock"))->resize(1300, 720);
        window.dock(QStringLiteral("composerDock"))->raise();

        for (const bool inProcess : {false, true}) {
            composer->setInProcess(inProcess);
            composer->setRequest(jsonPost(jsonBody));
            QVERIFY(composer->sendButton()->isEnabled());
            const int rowsBefore = window.trafficView()->model()->rowCount();
            const ComposerResponse r = sendAndWait(composer);
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.inProcess, inProcess);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body, jsonBody.toUtf8());  // /echo sends the body back unchanged
            QVERIFY(r.header("content-type").startsWith("application/json"));
            ResponseViewer* viewer = composer->responseViewer();
            QVERIFY2(viewer->statusText().startsWith(QLatin1String("200")), qPrintable(viewer->statusText()));
            // The Body tab shows it pretty-printed: the same JSON value.
            QCOMPARE(QJsonDocument::fromJson(viewer->bodyText().toUtf8()), QJsonDocument::fromJson(jsonBody.toUtf8()));
            QVERIFY(viewer->headersTable()->rowCount() > 0);
            QVERIFY(viewer->timingText().contains(QLatin1String("ms")));

            // The exchange reaches Traffic; its trace is found and "Show in Traffic" selects it.
            QTRY_VERIFY_WITH_TIMEOUT(viewer->traceId() != 0, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(window.trafficView()->model()->rowCount() > rowsBefore, 5000);
            const TracePtr t = window.traceStore()->find(viewer->traceId());
            QVERIFY(t);
            QCOMPARE(summarize(t).method(), std::string_view("POST"));
            QCOMPARE(summarize(t).path(), std::string_view("/echo"));
            // In-process requests come without a server connection.
            QCOMPARE(t->connection_id == 0, inProcess);
            QVERIFY(viewer->timingText().contains(QLatin1String("trace")));
            QVERIFY(viewer->showInTrafficButton()->isEnabled());
            viewer->showInTrafficButton()->click();
            QVERIFY(window.trafficView()->selectedTrace());
            QCOMPARE(window.trafficView()->selectedTrace()->id, viewer->traceId());

            const QString name = inProcess ? QStringLiteral("composer_in_process") : QStringLiteral("composer_json_echo");
            QVERIFY(composer->grab().save(screenshotPath(name)));
            QVERIFY(!QImage(screenshotPath(name)).isNull());
        }
        // Both went into the history, newest first.
        QVERIFY(composer->history()->count() >= 2);
        QCOMPARE(composer->history()->at(0).request.jsonBody, jsonBody);
        QCOMPARE(composer->history()->at(0).status, 200);

        // In-process works with the server stopped, and is still traced.
        composer->setInProcess(true);
        window.controller()->stop();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Stopped, 15000);
        composer->setRequest(jsonPost(QStringLiteral("[1]")));
        ComposerResponse r = sendAndWait(composer);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.body, QByteArrayLiteral("[1]"));
        QTRY_VERIFY_WITH_TIMEOUT(composer->responseViewer()->traceId() != 0, 10000);

        // Over loopback to the stopped server: a clear error.
        composer->setInProcess(false);
        r = sendAndWait(composer);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(r.error));
        QVERIFY(composer->responseViewer()->statusText().contains(QLatin1String("refused"), Qt::CaseInsensitive));
        QCOMPARE(composer->history()->at(0).status, 0);
    }

    void connectionRefused() {
        ComposerPanel composer;
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }  // closed: nothing listens there now
        ComposerRequest r;
        r.url = QStringLiteral("http://127.0.0.1:%1/plaintext").arg(port);
        composer.setRequest(r);
        const ComposerResponse got = sendAndWait(&composer);
        QVERIFY(!got.ok());
        QCOMPARE(got.status, 0);
        QVERIFY2(got.error.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(got.error));
        QVERIFY(composer.sendButton()->isEnabled());  // ready for the next one

        // A relative URL with no server known: said so, nothing sent.
        r.url = QStringLiteral("/plaintext");
        composer.setRequest(r);
        composer.send();
        QVERIFY(!composer.sender()->isBusy());
        QVERIFY(composer.messageLabel()->text().contains(QLatin1String("stopped")));
    }

    void timeoutShown() {
        // A listener that accepts and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ComposerPanel composer;
        composer.sender()->setTimeoutMs(500);
        ComposerRequest r;
        r.url = QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort());
        composer.setRequest(r);
        const ComposerResponse got = sendAndWait(&composer);
        QVERIFY(!got.ok());
        QVERIFY2(got.error.contains(QLatin1String("timed out")), qPrintable(got.error));
    }

    void cancelWhileUnderWay() {
        MainWindow window(testing::makeDemoController());
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), ServerController::State::Running, 15000);
        ComposerPanel* composer = window.composerPanel();
        QVERIFY(composer);
        composer->setInProcess(false);
        ComposerRequest r;
        r.url = window.controller()->url().toString(QUrl::StripTrailingSlash) + QStringLiteral("/slow?ms=5000");
        composer->setRequest(r);
        QSignalSpy shown(composer, &ComposerPanel::responseShown);
        QCOMPARE(composer->sendButton()->text(), QStringLiteral("Send"));
        composer->sendButton()->click();
        QVERIFY(composer->sender()->isBusy());
        // While it is under way the button cancels it.
        QCOMPARE(composer->sendButton()->text(), QStringLiteral("Cancel"));
        QVERIFY(composer->sendButton()->isEnabled());
        QTest::qWait(200);
        QElapsedTimer t;
        t.start();
        composer->sendButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 3000);  // (an abort reports at once)
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));  // not the 5 s of /slow
        const auto got = shown.front().front().value<ComposerResponse>();
        QVERIFY(!got.ok());
        QVERIFY2(got.error.contains(QLatin1String("cancelled")), qPrintable(got.error));
        QVERIFY(composer->responseViewer()->statusText().contains(QLatin1String("cancelled")));
        QCOMPARE(composer->sendButton()->text(), QStringLiteral("Send"));
        QVERIFY(composer->sendButton()->isEnabled());
        QVERIFY(!composer->sender()->isBusy());

        // In-process: the button reads Cancel but cannot cancel; the request runs to its end.
        composer->setInProcess(true);
        r.url = QStringLiteral("/slow?ms=300");
        composer->setRequest(r);
        composer->sendButton()->click();
        QVERIFY(composer->sender()->isBusy());
        QCOMPARE(composer->sendButton()->text(), QStringLiteral("Cancel"));
        QVERIFY(!composer->sendButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 10000);
        QVERIFY(shown.back().front().value<ComposerResponse>().ok());
        QCOMPARE(composer->sendButton()->text(), QStringLiteral("Send"));
        QVERIFY(window.controller()->shutdown(std::chrono::seconds(10)));
    }

    void invalidJsonDisablesSend() {
        ComposerPanel composer;
        composer.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1")));
        composer.setRequest(jsonPost(QStringLiteral("{\n  \"a\": 1,\n  \"b\": \n}")));
        QVERIFY(!composer.sendButton()->isEnabled());
        QVERIFY2(composer.jsonError().contains(QLatin1String("Line 4, column 1")), qPrintable(composer.jsonError()));
        composer.send();  // refused quietly
        QVERIFY(!composer.sender()->isBusy());
        composer.setRequest(jsonPost(QStringLiteral("{\"a\": 1}")));
        QVERIFY(composer.sendButton()->isEnabled());
        QVERIFY(composer.jsonError().isEmpty());
    }

    void routeParamsAndCurl() {
        MainWindow window(testing::makeDemoController());
        window.show();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        ComposerPanel* composer = window.composerPanel();
        composer->setInProcess(false);

        // Choosing a route gives one field per parameter; an int convertor refuses "abc".
        composer->setRequest(ComposerRequest{});
        composer->chooseRoute(QStringLiteral("/users/{id:int}"));
        QLineEdit* id = composer->paramEdits().value(QStringLiteral("id"));
        QVERIFY(id);
        id->setText(QStringLiteral("abc"));
        QVERIFY(composer->messageLabel()->isVisible() || !composer->messageLabel()->isHidden());
        QVERIFY2(composer->messageLabel()->text().contains(QLatin1String("int")), qPrintable(composer->messageLabel()->text()));
        QCOMPARE(composer->urlEdit()->text(), QStringLiteral("/users/{id:int}"));
        id->setText(QStringLiteral("31"));
        QCOMPARE(composer->urlEdit()->text(), QStringLiteral("/users/31"));
        ComposerResponse r = sendAndWait(composer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArrayLiteral("{\"id\":31}"));

        // The query table and the URL follow each other.
        composer->urlEdit()->setText(QStringLiteral("/query"));
        composer->urlEdit()->textEdited(QStringLiteral("/query"));
        QTest::keyClicks(composer->urlEdit(), QStringLiteral("?a=1&b=two%20words"));
        QCOMPARE(composer->queryTable()->fields().size(), 2);
        QCOMPARE(composer->queryTable()->fields()[1].value, QStringLiteral("two words"));
        composer->queryTable()->item(0, 1)->setText(QStringLiteral("x&y"));
        QCOMPARE(composer->urlEdit()->text(), QStringLiteral("/query?a=x%26y&b=two%20words"));
        r = sendAndWait(composer);
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("a")).toString(), QStringLiteral("x&y"));

        // Copy as cURL: the composer's request, run by the real curl, gets the same body back.
        composer->setRequest(jsonPost(jsonBody));
        ComposerRequest withHeader = composer->request();
        withHeader.headers = {ComposerField{QStringLiteral("X-Note"), QStringLiteral("it's $HOME"), true, false}};
        composer->setRequest(withHeader);
        r = sendAndWait(composer);
        QCOMPARE(r.status, 200);
        const QString composerCurl = composer->currentCurl();
        QVERIFY(composerCurl.startsWith(QLatin1String("curl ")));
        QCOMPARE(runCurl(composerCurl), r.body);

        // ... and the Traffic row's "Copy as cURL" as well.
        QTRY_VERIFY_WITH_TIMEOUT(composer->responseViewer()->traceId() != 0, 10000);
        window.trafficView()->selectTrace(composer->responseViewer()->traceId());
        QVERIFY(window.trafficView()->table()->actions().contains(window.copyAsCurlAction()));
        const QString rowCurl = window.copySelectedAsCurl();
        QVERIFY2(rowCurl.contains(QLatin1String("/echo")), qPrintable(rowCurl));
        QCOMPARE(runCurl(rowCurl), jsonBody.toUtf8());

        // Open in Composer loads the captured request.
        composer->setRequest(ComposerRequest{});
        window.openInComposerAction()->trigger();
        const ComposerRequest loaded = composer->request();
        QCOMPARE(loaded.method, QStringLiteral("POST"));
        QVERIFY(loaded.url.endsWith(QLatin1String("/echo")));
        QCOMPARE(loaded.bodyMode, ComposerBodyMode::Json);
        QCOMPARE(loaded.jsonBody, jsonBody);
        QVERIFY(std::any_of(loaded.headers.begin(), loaded.headers.end(),
                            [](const ComposerField& f) { return f.key.compare(QLatin1String("x-note"), Qt::CaseInsensitive) == 0; }));

        // Import cURL: a good command fills the editor; a bad one shows the parser's error.
        QString error;
        QVERIFY(composer->importCurl(QStringLiteral("curl -X PATCH 'http://127.0.0.1:1/echo' -H 'X-A: 1' -H 'Content-Type: text/plain' --data-raw $'a\\nb'"), &error));
        QCOMPARE(composer->request().method, QStringLiteral("PATCH"));
        QCOMPARE(composer->request().rawBody, QStringLiteral("a\nb"));
        const ComposerRequest before = composer->request();
        QVERIFY(!composer->importCurl(QStringLiteral("curl 'http://127.0.0.1/oops"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(composer->messageLabel()->text().contains(error));
        QCOMPARE(composer->request(), before);  // nothing changed
    }

    void htmlAndImagePreview() {
        MainWindow window(testing::makeDemoController());
        window.show();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        ComposerPanel* composer = window.composerPanel();
        composer->resize(1200, 700);
        ComposerRequest r;
        r.url = QStringLiteral("/");
        composer->setRequest(r);
        const ComposerResponse got = sendAndWait(composer);
        QCOMPARE(got.status, 200);
        QVERIFY(got.header("content-type").startsWith("text/html"));
        composer->responseViewer()->bodyTabs()->setCurrentIndex(1);
        QTest::qWait(100);  // let the layouts take the new texts before the grab
        QVERIFY(composer->grab().save(screenshotPath(QStringLiteral("composer_html_preview"))));

        // A binary body goes to hex; the viewer never chokes on it.
        ComposerResponse binary;
        binary.status = 200;
        binary.headers = {{"content-type", "application/octet-stream"}};
        binary.body = QByteArray("\x00\x01\x02\xff", 4);
        composer->responseViewer()->showResponse(binary);
        QVERIFY2(composer->responseViewer()->bodyText().contains(QLatin1String("00 01 02 ff")),
                 qPrintable(composer->responseViewer()->bodyText()));
        // An image shows in the preview.
        QImage image(8, 6, QImage::Format_RGB32);
        image.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(image.save(&buffer, "PNG"));
        ComposerResponse pic;
        pic.status = 200;
        pic.headers = {{"content-type", "image/png"}};
        pic.body = png;
        composer->responseViewer()->showResponse(pic);
        QCOMPARE(composer->responseViewer()->bodyTabs()->currentIndex(), 1);
        QVERIFY(composer->responseViewer()->bodyText().contains(QStringLiteral("8 × 6")));
    }
};

QTEST_MAIN(TestComposer)
#include "test_composer.moc"
