// The main window offscreen: it starts the demo on the next free port when the asked one is
// taken, a real request (QNetworkAccessManager) moves the counters it shows, closing it stops
// the server and frees the port; toolbar stop/start; the layout's save/restore round trip and
// "Restore default layout"; the selection relay; the match tester widget; and PNGs of the
// window and of each panel under the build tree for a person to look at.
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QTableView>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTreeView>
#include <QtTest/QtTest>

#include "demo_app.hpp"
#include "log/log_panel.hpp"
#include "main_window/main_window.hpp"
#include "inspector/inspector_view.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"
#include "models/traffic_model.hpp"
#include "middleware/middleware_panel.hpp"
#include "models/log_model.hpp"
#include "models/match_model.hpp"
#include "models/middleware_model.hpp"
#include "models/route_tree_model.hpp"
#include "models/server_controller.hpp"
#include "routes/match_tester.hpp"
#include "routes/routes_panel.hpp"

#ifndef ASGISCOPE_SCREENSHOT_DIR
#define ASGISCOPE_SCREENSHOT_DIR "screenshots"
#endif

using namespace asgiscope;
using namespace asgiscope::ui;
using State = ServerController::State;

namespace {

ServerController* makeController(std::uint16_t port) {
    server::Config config;
    config.host = "127.0.0.1";
    config.port = port;
    return new ServerController(demo::make_demo_application({.secret_key = "test"}), config,
                                QStringLiteral("demo"));
}

/// Whether a listener can bind 127.0.0.1:port now.
bool portFree(quint16 port) {
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, port);
}

struct Fetched {
    int status = 0;
    QByteArray body;
    QString error;
};

Fetched fetch(QNetworkAccessManager& nam, const QUrl& url) {
    QNetworkReply* reply = nam.get(QNetworkRequest(url));
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    Fetched f;
    f.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    f.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError) f.error = reply->errorString();
    reply->deleteLater();
    return f;
}

QString screenshotPath(const QString& name) {
    QDir().mkpath(QStringLiteral(ASGISCOPE_SCREENSHOT_DIR));
    return QStringLiteral(ASGISCOPE_SCREENSHOT_DIR "/%1.png").arg(name);
}

void saveGrab(QWidget* widget, const QString& name) {
    const QPixmap pixmap = widget->grab();
    QVERIFY2(!pixmap.isNull(), qPrintable(name));
    QVERIFY2(pixmap.save(screenshotPath(name)), qPrintable(screenshotPath(name)));
    QVERIFY(!QImage(screenshotPath(name)).isNull());
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("asgiscope-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
        QSettings().clear();
    }

    void nextFreePortCountersAndClose() {
        // Occupy a port; the window must take the first free one after it.
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        const quint16 taken = blocker.serverPort();

        MainWindow window(makeController(taken));
        ServerController* c = window.controller();
        window.show();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Running, 15000);
        const quint16 port = c->port();
        QVERIFY2(port > taken && port <= taken + ServerController::port_attempts,
                 qPrintable(QStringLiteral("taken %1, chose %2").arg(taken).arg(port)));
        for (quint16 p = taken + 1; p < port; ++p)
            QVERIFY2(!portFree(p), "a free port was skipped");
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QVERIFY2(window.statusText().contains(url), qPrintable(window.statusText()));
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("toolbarUrl"))->text().contains(url));

        // A real request from an independent client.
        QNetworkAccessManager nam;
        const Fetched got = fetch(nam, QUrl(url + QStringLiteral("/users/7")));
        QCOMPARE(got.status, 200);
        QCOMPARE(got.body, QByteArray("{\"id\":7}"));

        RouteTreeModel* routes = window.routesPanel()->model();
        const QModelIndex user =
            routes->findRoute(QStringLiteral("/users/{id:int}"), QStringLiteral("user"));
        QTRY_COMPARE_WITH_TIMEOUT(user.data(RouteTreeModel::HitsRole).toULongLong(), 1ull, 5000);
        QCOMPARE(user.data(RouteTreeModel::LastStatusRole).toInt(), 200);
        QTRY_VERIFY2_WITH_TIMEOUT(window.statusText().contains(QStringLiteral("1 request ")),
                                  qPrintable(window.statusText()), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(window.statusText().contains(QStringLiteral("traces 1 kept")),
                                  qPrintable(window.statusText()), 5000);
        QVERIFY(window.statusText().contains(QStringLiteral("tracing on")));
        // The trace reached the Traffic panel through the window's TraceStore.
        QTRY_COMPARE_WITH_TIMEOUT(window.trafficView()->model()->rowCount(), 1, 5000);
        MiddlewareModel* layers = window.middlewarePanel()->model();
        QTRY_COMPARE_WITH_TIMEOUT(
            layers->index(0, 0).data(MiddlewareModel::RequestsRole).toULongLong(), 1ull, 5000);

        // The access log line reached the Log panel.
        LogModel* log = window.logPanel()->model();
        auto logHas = [log](const QString& text) {
            for (int r = 0; r < log->rowCount(); ++r)
                if (log->index(r, LogModel::MessageColumn).data().toString().contains(text))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(logHas(QStringLiteral("GET /users/7")), 5000);

        // Tracing off: requests still counted, no new traces.
        window.findChild<QAction*>(QStringLiteral("tracingAction"))->trigger();
        QVERIFY(!c->tracingEnabled());
        QCOMPARE(fetch(nam, QUrl(url + QStringLiteral("/plaintext"))).status, 200);
        QTRY_VERIFY2_WITH_TIMEOUT(window.statusText().contains(QStringLiteral("2 requests")),
                                  qPrintable(window.statusText()), 5000);
        QVERIFY(window.statusText().contains(QStringLiteral("traces 1 kept")));
        QVERIFY(window.statusText().contains(QStringLiteral("tracing off")));

        // Closing the window stops the server: the port is free again.
        QVERIFY(window.close());
        QCOMPARE(c->state(), State::Stopped);
        QVERIFY(portFree(port));
        QVERIFY(logHas(QStringLiteral("Shutting down")) ||
                logHas(QStringLiteral("Finished server process")));
    }

    void stopAndStartFromTheToolbar() {
        MainWindow window(makeController(0));
        ServerController* c = window.controller();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Running, 15000);
        QAction* action = window.findChild<QAction*>(QStringLiteral("startStopAction"));
        QVERIFY(action);
        QSignalSpy stopped(c, &ServerController::stopped);
        action->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Stopped, 15000);
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(stopped.front().front().toInt(), 0);
        QVERIFY(window.statusText().contains(QStringLiteral("server stopped")));
        action->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Running, 15000);
        QNetworkAccessManager nam;
        QCOMPARE(fetch(nam, c->url().resolved(QUrl(QStringLiteral("/json")))).status, 200);
        QVERIFY(c->shutdown(std::chrono::seconds(10)));
    }

    void destroyWhileRunning() {
        quint16 port = 0;
        {
            MainWindow window(makeController(0));
            window.start();
            QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
            port = window.controller()->port();
            QVERIFY(!portFree(port));
        }  // no close(): the destructor stops the server
        QVERIFY(portFree(port));
    }

    void startFailsClearly() {
        server::Config config;
        config.host = "256.1.1.1";  // not an address
        config.port = 0;
        MainWindow window(new ServerController(demo::make_demo_application({.secret_key = "test"}),
                                               config, QStringLiteral("demo")));
        QSignalSpy failed(window.controller(), &ServerController::startFailed);
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
        QCOMPARE(window.controller()->state(), State::Stopped);
        QTRY_VERIFY_WITH_TIMEOUT(window.logPanel()->model()->rowCount() > 0, 5000);
    }

    void layoutRoundTrip() {
        {
            MainWindow window(makeController(0));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QCOMPARE(window.dockWidgetArea(window.dock(QStringLiteral("logDock"))),
                     Qt::BottomDockWidgetArea);
            window.addDockWidget(Qt::RightDockWidgetArea, window.dock(QStringLiteral("logDock")));
            window.dock(QStringLiteral("middlewareDock"))->hide();
            window.saveLayout();
        }
        MainWindow window(makeController(0));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The constructor restored the saved layout.
        QCOMPARE(window.dockWidgetArea(window.dock(QStringLiteral("logDock"))),
                 Qt::RightDockWidgetArea);
        QVERIFY(window.dock(QStringLiteral("middlewareDock"))->isHidden());
        QVERIFY(!window.dock(QStringLiteral("routesDock"))->isHidden());

        window.findChild<QAction*>(QStringLiteral("restoreDefaultLayoutAction"))->trigger();
        QCOMPARE(window.dockWidgetArea(window.dock(QStringLiteral("logDock"))),
                 Qt::BottomDockWidgetArea);
        QVERIFY(!window.dock(QStringLiteral("middlewareDock"))->isHidden());
        for (const char* name : {"routesDock", "middlewareDock", "trafficDock", "traceDock",
                                 "inspectorDock", "logDock"})
            QVERIFY2(window.dock(QLatin1String(name)), name);

        QSettings().clear();
        MainWindow fresh(makeController(0));
        QVERIFY(!fresh.restoreLayout());
    }

    void selectionRelay() {
        MainWindow window(makeController(0));
        QSignalSpy routeSpy(&window, &MainWindow::routeFilterRequested);
        QSignalSpy layerSpy(&window, &MainWindow::layerFilterRequested);
        QTreeView* tree = window.routesPanel()->view();
        const QModelIndex user = window.routesPanel()->model()->findRoute(
            QStringLiteral("/users/{id:int}"), QStringLiteral("user"));
        tree->setCurrentIndex(user);
        QCOMPARE(routeSpy.count(), 1);
        QCOMPARE(routeSpy.front().front().toString(), QStringLiteral("user"));
        QCOMPARE(window.filterEdit()->text(), QStringLiteral("route:user"));
        QListView* stack = window.middlewarePanel()->view();
        stack->setCurrentIndex(stack->model()->index(1, 0));
        QCOMPARE(layerSpy.count(), 1);
        QCOMPARE(layerSpy.front().front().toString(), QStringLiteral("CORSMiddleware"));
        // The layer becomes a `flagged:` term (short-circuited or errored there), and the
        // toolbar's filter drives the Traffic panel.
        QCOMPARE(window.filterEdit()->text(), QStringLiteral("flagged:=CORSMiddleware route:user"));
        QCOMPARE(window.trafficView()->filterText(), window.filterEdit()->text());
        QVERIFY(window.trafficView()->filterErrors().isEmpty());
        // The toolbar's box is the only place to type a filter: Traffic has none of its own.
        QCOMPARE(window.findChildren<QLineEdit*>(QStringLiteral("filterEdit")).size(), 1);
        QVERIFY(window.trafficView()->findChildren<QLineEdit*>().isEmpty());
    }

    void matchTesterWidget() {
        MainWindow window(makeController(0));
        MatchTester* tester = window.routesPanel()->matchTester();
        tester->explain(QStringLiteral("GET"), QStringLiteral("/users/abc"));
        QVERIFY2(tester->outcomeText().startsWith(QStringLiteral("→ 404")),
                 qPrintable(tester->outcomeText()));
        MatchModel* m = tester->model();
        bool sawConvertor = false;
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, MatchModel::RouteColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("/users/{id:int}"))) {
                QCOMPARE(m->index(r, MatchModel::VerdictColumn).data().toString(),
                         QStringLiteral("NONE"));
                sawConvertor = m->index(r, MatchModel::ReasonColumn)
                                   .data()
                                   .toString()
                                   .contains(QStringLiteral("int"));
            }
        QVERIFY(sawConvertor);

        tester->explain(QStringLiteral("POST"), QStringLiteral("http://127.0.0.1:8000/users/7"));
        QVERIFY2(tester->outcomeText().contains(QStringLiteral("405")),
                 qPrintable(tester->outcomeText()));
        QVERIFY(tester->outcomeText().contains(QStringLiteral("Allow: GET, HEAD")));

        tester->explain(QStringLiteral("GET"), QStringLiteral("/json/"));
        QVERIFY2(tester->outcomeText().startsWith(QStringLiteral("→ 307")),
                 qPrintable(tester->outcomeText()));
        QVERIFY(!tester->redirectSlashesText().isEmpty());

        tester->explain(QStringLiteral("GET"), QStringLiteral("not a url at all\x7f"));
        QVERIFY2(tester->outcomeText().startsWith(QStringLiteral("Cannot explain")) ||
                     tester->outcomeText().startsWith(QStringLiteral("→")),
                 qPrintable(tester->outcomeText()));

        tester->urlFor(QStringLiteral("user"), QStringLiteral("id=7"));
        QVERIFY(!tester->urlForFailed());
        QVERIFY2(tester->urlForText().contains(QStringLiteral("/users/7")),
                 qPrintable(tester->urlForText()));
        tester->urlFor(QStringLiteral("user"), QStringLiteral("id=seven"));
        QVERIFY(tester->urlForFailed());
        tester->urlFor(QStringLiteral("nope"), {});
        QVERIFY(tester->urlForFailed());
        QVERIFY2(tester->urlForText().contains(QStringLiteral("nope")),
                 qPrintable(tester->urlForText()));
        tester->urlFor(QStringLiteral("user"), QStringLiteral("id"));
        QVERIFY(tester->urlForFailed());
    }

    void renderScreenshots() {
        MainWindow window(makeController(0));
        window.resize(1400, 860);
        window.restoreDefaultLayout();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Running, 15000);
        QNetworkAccessManager nam;
        const QUrl base = window.controller()->url();
        for (const char* path : {"/plaintext", "/users/7", "/users/abc", "/error", "/teapot",
                                 "/api/todos", "/large", "/static/style.css", "/json"})
            fetch(nam, base.resolved(QUrl(QLatin1String(path))));
        QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains(QStringLiteral("9 requests")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(window.middlewarePanel()
                                         ->model()
                                         ->index(0, 0)
                                         .data(MiddlewareModel::RequestsRole)
                                         .toULongLong() == 9,
                                 5000);
        window.routesPanel()->matchTester()->explain(
            QStringLiteral("GET"), base.toString() + QStringLiteral("/users/abc"));
        // Selecting a Traffic row drives the Trace diagram and the Inspector.
        QTRY_COMPARE_WITH_TIMEOUT(window.trafficView()->model()->rowCount(), 9, 5000);
        window.trafficView()->table()->selectRow(1);
        QVERIFY(window.inspectorView()->trace() != nullptr);
        QCOMPARE(window.inspectorView()->trace(), window.trafficView()->selectedTrace());
        QVERIFY(!window.sequenceDiagram()->model().rows().empty());
        QTest::qWait(300);
        saveGrab(&window, QStringLiteral("main_window"));
        saveGrab(window.routesPanel(), QStringLiteral("routes_panel"));
        saveGrab(window.middlewarePanel(), QStringLiteral("middleware_panel"));
        saveGrab(window.logPanel(), QStringLiteral("log_panel"));
        window.routesPanel()->resize(700, 700);
        saveGrab(window.routesPanel(), QStringLiteral("routes_panel_large"));
        window.middlewarePanel()->resize(520, 640);
        saveGrab(window.middlewarePanel(), QStringLiteral("middleware_panel_large"));
        QVERIFY(window.controller()->shutdown(std::chrono::seconds(10)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
