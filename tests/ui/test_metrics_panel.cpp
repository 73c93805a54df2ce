// The Metrics panel: in the main window after N real requests to the demo (QNetworkAccessManager)
// its requests/s plot holds N, the status plot N 2xx and the route histogram N; it redraws on
// its timer only when dirty and only while visible; PNG and PDF export (and export errors);
// the time window and "Follow live"; traces from the past (an opened file) plot at their own
// time. Renders the panel and its plots to PNGs under the build tree.
#include <QDockWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include "demo_app.hpp"
#include "main_window/main_window.hpp"
#include "metrics/metrics_panel.hpp"
#include "models/metrics_model.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

double sumGraph(QCPGraph* g) {
    double s = 0;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) s += it->value;
    return s;
}

double sumBars(QCPBars* b) {
    double s = 0;
    for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it) s += it->value;
    return s;
}

QString shotPath(const QString& name) {
    return QString::fromStdString(testing::screenshotDir()) + u'/' + name;
}

}  // namespace

class TestMetricsPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        testing::useFreshSettings(QStringLiteral("test_metrics_panel"));
    }

    void liveRequestsPlotAndExport() {
        MainWindow window(testing::makeDemoController());
        window.show();
        window.start();
        ServerController* c = window.controller();
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), ServerController::State::Running, 15000);
        MetricsPanel* panel = window.metricsPanel();
        QVERIFY(panel);
        QDockWidget* dock = window.dock(QStringLiteral("metricsDock"));
        QVERIFY(dock);
        // Tabbed with the Log by default; behind it the panel is hidden and its timer stops.
        window.dock(QStringLiteral("logDock"))->raise();
        QVERIFY(!window.tabifiedDockWidgets(dock).isEmpty());
        // (Qt keeps a dock tabbed behind another "visible" but off screen: nothing of it shows.)
        QTRY_VERIFY_WITH_TIMEOUT(panel->visibleRegion().isEmpty(), 5000);

        constexpr int n = 25;
        QNetworkAccessManager nam;
        int done = 0;
        for (int i = 0; i < n; ++i) {
            QNetworkReply* reply = nam.get(QNetworkRequest(
                QUrl(QStringLiteral("http://127.0.0.1:%1/users/%2").arg(c->port()).arg(i))));
            connect(reply, &QNetworkReply::finished, reply, [&done, reply] {
                ++done;
                reply->deleteLater();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, n, 20000);
        MetricsModel* model = panel->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->totalRequests(), n, 10000);
        QTest::qWait(2 * MetricsPanel::redrawIntervalMs);
        QVERIFY(panel->isDirty());  // behind the Log: nothing redrawn yet

        dock->raise();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->visibleRegion().isEmpty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isDirty(), 5000);  // the timer redrew once shown

        QCustomPlot* requests = panel->plot(MetricsPanel::RequestsPlot);
        QCOMPARE(sumGraph(requests->graph(0)), double(n));
        QCustomPlot* status = panel->plot(MetricsPanel::StatusPlot);
        double all = 0;
        double ok = 0;
        for (int i = 0; i < status->plottableCount(); ++i) {
            auto* bars = qobject_cast<QCPBars*>(status->plottable(i));
            QVERIFY(bars);
            all += sumBars(bars);
            if (bars->name() == QLatin1String("2xx")) ok = sumBars(bars);
        }
        QCOMPARE(all, double(n));
        QCOMPARE(ok, double(n));
        QVERIFY(panel->routeCombo()->findText(QStringLiteral("user")) >= 0);
        panel->routeCombo()->setCurrentText(QStringLiteral("user"));
        auto* hist = qobject_cast<QCPBars*>(panel->plot(MetricsPanel::HistogramPlot)->plottable(0));
        QCOMPARE(sumBars(hist), double(n));
        // Latency: p50 <= p95 <= p99 at every point with samples.
        QCustomPlot* latency = panel->plot(MetricsPanel::LatencyPlot);
        QCOMPARE(latency->graphCount(), 3);
        QVERIFY(!latency->graph(0)->data()->isEmpty());

        // Following live: the time axis ends just after the newest second.
        QVERIFY(panel->followLive());
        QCOMPARE(requests->xAxis->range().upper, double(model->lastSecond() + 1));
        QCOMPARE(requests->xAxis->range().size(), 60.0);
        panel->setWindowSeconds(300);
        QCOMPARE(requests->xAxis->range().size(), 300.0);
        QCOMPARE(panel->plot(MetricsPanel::StatusPlot)->xAxis->range().size(), 300.0);
        // Panning one time plot pans the others and stops following.
        requests->xAxis->moveRange(-100);
        QCOMPARE(latency->xAxis->range().upper, requests->xAxis->range().upper);
        panel->setFollowLive(false);
        panel->redraw();
        QCOMPARE(requests->xAxis->range().upper, double(model->lastSecond() + 1 - 100));
        panel->setFollowLive(true);
        QCOMPARE(requests->xAxis->range().upper, double(model->lastSecond() + 1));

        // Export: a PNG that loads and a PDF that is one.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString png = dir.filePath(QStringLiteral("requests.png"));
        const QString pdf = dir.filePath(QStringLiteral("requests.pdf"));
        QVERIFY2(panel->savePlot(MetricsPanel::RequestsPlot, png, &error), qPrintable(error));
        QVERIFY2(panel->savePlot(MetricsPanel::LatencyPlot, pdf, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 100);
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.size() > 100);
        QCOMPARE(pdfFile.read(5), QByteArray("%PDF-"));
        // Errors: an unknown suffix, a missing folder.
        QVERIFY(!panel->savePlot(MetricsPanel::RequestsPlot, dir.filePath(QStringLiteral("x.gif")), &error));
        QVERIFY(error.contains(QStringLiteral(".png")));
        QVERIFY(!panel->savePlot(MetricsPanel::RequestsPlot,
                                 dir.filePath(QStringLiteral("no/such/folder/x.png")), &error));
        QVERIFY2(error.contains(QStringLiteral("folder")), qPrintable(error));

        // A new trace marks the panel dirty; the timer redraws it.
        QNetworkReply* one = nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/users/99").arg(c->port()))));
        QTRY_VERIFY_WITH_TIMEOUT(one->isFinished(), 10000);
        one->deleteLater();
        QTRY_COMPARE_WITH_TIMEOUT(model->totalRequests(), n + 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(sumGraph(requests->graph(0)), double(n + 1), 5000);

        // Screenshots for people: the panel in its dock and each plot at a readable size.
        dock->setFloating(true);
        dock->resize(900, 420);
        QTRY_VERIFY(panel->width() > 500);
        panel->setCurrentPlot(MetricsPanel::StatusPlot);
        panel->redraw();
        QVERIFY(panel->grab().save(shotPath(QStringLiteral("metrics_panel.png"))));
        QVERIFY(!QImage(shotPath(QStringLiteral("metrics_panel.png"))).isNull());
        const char* names[] = {"metrics_requests", "metrics_latency", "metrics_status", "metrics_histogram"};
        for (int p = 0; p < MetricsPanel::PlotCount; ++p)
            QVERIFY(panel->savePlot(static_cast<MetricsPanel::Plot>(p),
                                    shotPath(QLatin1String(names[p]) + QStringLiteral(".png")), &error));
    }

    void openedTracesPlotAtTheirOwnTime() {
        // Traces from 2020 (an opened file, no server): the plots show 2020, not now.
        TraceStore store;
        const std::int64_t base = 1577836800;
        trace::TraceBatch batch;
        for (int i = 0; i < 30; ++i) {
            auto t = std::make_shared<trace::Trace>(*testing::syntheticTrace(
                trace::TraceId(i + 1), "GET", "/users/1", i % 10 == 0 ? 500 : 200, "user", 10,
                std::int64_t(1'000'000) * (1 + i)));
            t->start = std::chrono::system_clock::time_point(std::chrono::seconds(base + i / 10));
            batch.push_back(t);
        }
        store.addTraces(batch);
        MetricsPanel panel(&store);
        panel.resize(800, 400);
        panel.show();
        panel.setWindowSeconds(0);
        panel.redraw();
        QCustomPlot* requests = panel.plot(MetricsPanel::RequestsPlot);
        QCOMPARE(sumGraph(requests->graph(0)), 30.0);
        QCOMPARE(requests->xAxis->range().lower, double(base));
        QCOMPARE(requests->xAxis->range().upper, double(base + 3));
        // p99 of the second second (11..20 ms): nearest rank 10 of 10 -> 20 ms.
        QCPGraph* p99 = panel.plot(MetricsPanel::LatencyPlot)->graph(2);
        bool found = false;
        for (auto it = p99->data()->constBegin(); it != p99->data()->constEnd(); ++it)
            if (it->key == double(base + 1) + 0.5) {
                QCOMPARE(it->value, 20.0);
                found = true;
            }
        QVERIFY(found);
        // Clearing the store empties the plots at the next redraw.
        store.clear();
        QVERIFY(panel.isDirty());
        panel.redraw();
        QVERIFY(requests->graph(0)->data()->isEmpty());
    }
};

QTEST_MAIN(TestMetricsPanel)
#include "test_metrics_panel.moc"
