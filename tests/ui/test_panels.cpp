// The Traffic, Trace and Inspector panels as widgets, offscreen: rows for demo requests,
// filter errors at the top of the panel (the box is the window's), auto-scroll only at the bottom, selection signals, clicking an
// arrow in the diagram, painting only the visible rows of a long session, the Inspector's body
// switch; each panel is rendered to a PNG under the build tree for people to look at.
#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTreeView>
#include <QtTest/QtTest>

#include "inspector/inspector_view.hpp"
#include "inspector/waterfall_view.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

void save(QWidget& w, const char* name) {
    const QString path = QString::fromStdString(testing::screenshotDir()) + u'/' + QLatin1String(name) + ".png";
    QVERIFY2(w.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

/// Lets queued and posted events run (layouts, paints).
void settle(QWidget& w) {
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QApplication::processEvents();
}

int messageIndex(const trace::Span& s, std::string_view type) {
    for (int k = 0; k < int(s.messages.size()); ++k)
        if (s.messages[std::size_t(k)].type == type) return k;
    return -1;
}

}  // namespace

class TestPanels : public QObject {
    Q_OBJECT

private slots:
    void trafficPanel() {
        testing::TracedDemo demo;
        TraceStore store;
        store.subscribeTo(demo.hub());
        demo.client().get("/plaintext");
        demo.client().get("/users/7");
        demo.client().get("/nope");
        web::RequestOptions o;
        o.content = "{\"title\": \"write tests\"}";
        o.headers.emplace_back("content-type", "application/json");
        demo.client().post("/api/todos", o);
        demo.client().get("/error");
        demo.client().get("/redirect");
        TrafficView view(&store);
        view.resize(900, 320);
        settle(view);
        QTRY_COMPARE(view.model()->rowCount(), 7);  // /redirect is followed: two rows
        QCOMPARE(view.table()->model()->rowCount(), 7);

        // Selecting a row announces its trace.
        QSignalSpy selected(&view, &TrafficView::traceSelected);
        view.table()->selectRow(1);
        QCOMPARE(selected.size(), 1);
        const TracePtr t = selected[0][0].value<TracePtr>();
        QVERIFY(t);
        QCOMPARE(t->scope.path, std::string("/users/7"));
        QCOMPARE(view.selectedTrace(), t);
        save(view, "traffic");

        // Several rows can be selected; selectedTraces() gives them in the order shown.
        view.table()->selectionModel()->select(view.table()->model()->index(3, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QList<TracePtr> several = view.selectedTraces();
        QCOMPARE(several.size(), 2);
        QCOMPARE(several[0], t);
        QCOMPARE(several[1]->scope.path, std::string("/api/todos"));
        QCOMPARE(view.table()->contextMenuPolicy(), Qt::ActionsContextMenu);
        view.table()->selectRow(1);
        QCOMPARE(view.selectedTraces().size(), 1);

        // Filters: text, route, layer (each announced for the window's box); mistakes shown at
        // the top of the panel.
        QSignalSpy texts(&view, &TrafficView::filterTextChanged);
        view.setFilterText(QStringLiteral("status:4xx status:5xx"));
        QCOMPARE(texts.size(), 1);
        QCOMPARE(view.table()->model()->rowCount(), 2);
        view.filterByRoute(QStringLiteral("user"));
        QCOMPARE(view.filterText(), QStringLiteral("route:=user"));
        QCOMPARE(texts.last().first().toString(), QStringLiteral("route:=user"));
        QCOMPARE(view.table()->model()->rowCount(), 1);
        view.filterByLayer(QStringLiteral("Router"), TrafficView::LayerFilter::ShortCircuited);
        QCOMPARE(view.table()->model()->rowCount(), 1);  // the 404
        view.filterByLayer(QStringLiteral("ServerErrorMiddleware"), TrafficView::LayerFilter::Errored);
        QCOMPARE(view.table()->model()->rowCount(), 1);  // the 500
        QSignalSpy errors(&view, &TrafficView::filterErrorsChanged);
        view.setFilterText(QStringLiteral("colour:red"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(view.filterErrors().size(), 1);
        const auto labels = view.findChildren<QLabel*>();
        bool shown = false;
        for (QLabel* l : labels) shown |= l->isVisible() && l->text().contains(QStringLiteral("Unknown key"));
        QVERIFY(shown);
        save(view, "traffic_filter_error");
        view.setFilterText({});
        QCOMPARE(view.table()->model()->rowCount(), 7);

        // Pause holds rows back; Clear empties.
        view.setPaused(true);
        demo.client().get("/json");
        demo.hub()->flush();
        QTest::qWait(50);
        QCOMPARE(view.model()->rowCount(), 7);
        QTRY_COMPARE(store.heldCount(), 1);
        view.setPaused(false);
        QCOMPARE(view.model()->rowCount(), 8);
        view.clear();
        QCOMPARE(view.model()->rowCount(), 0);
    }

    void autoScrollOnlyAtTheBottom() {
        TraceStore store;
        TrafficView view(&store);
        view.resize(700, 240);
        settle(view);
        trace::TraceId next = 1;
        auto addBatch = [&](int n) {
            trace::TraceBatch batch;
            for (int i = 0; i < n; ++i, ++next)
                batch.push_back(testing::syntheticTrace(next, "GET", "/r/" + std::to_string(next), 200, "r", 10, 1000));
            store.addTraces(batch);
            QApplication::processEvents();
        };
        addBatch(200);
        QScrollBar* bar = view.table()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());  // it started at the bottom and followed
        addBatch(50);
        QCOMPARE(bar->value(), bar->maximum());
        // The user scrolls up: new rows do not move the view.
        bar->setValue(10);
        addBatch(50);
        QCOMPARE(bar->value(), 10);
        QVERIFY(bar->maximum() > 10);
        // Back at the bottom: following again.
        bar->setValue(bar->maximum());
        addBatch(50);
        QCOMPARE(bar->value(), bar->maximum());
    }

    void hundredThousandRowsInTheView() {
        TraceStore store;
        TrafficView view(&store);
        view.resize(900, 400);
        settle(view);
        std::vector<trace::TraceBatch> batches;
        for (int b = 0; b < 100; ++b) {
            trace::TraceBatch batch;
            for (int i = 0; i < 1000; ++i) {
                const int n = b * 1000 + i;
                batch.push_back(testing::syntheticTrace(n + 1, n % 2 ? "GET" : "POST", "/v/" + std::to_string(n),
                                                        n % 7 ? 200 : 503, "v", 100, 1000 + n));
            }
            batches.push_back(std::move(batch));
        }
        QElapsedTimer timer;
        timer.start();
        qint64 worst = 0;
        for (const auto& batch : batches) {
            QElapsedTimer one;
            one.start();
            store.addTraces(batch);
            view.table()->viewport()->repaint();  // what the user sees after each batch
            worst = std::max(worst, one.elapsed());
        }
        const qint64 total = timer.elapsed();
        QCOMPARE(view.table()->model()->rowCount(), 100000);
        QScrollBar* bar = view.table()->verticalScrollBar();
        QCOMPARE(bar->value(), bar->maximum());  // followed to the bottom
        timer.restart();
        view.setFilterText(QStringLiteral("status:5xx"));
        const int shown = view.table()->model()->rowCount();  // the proxy maps lazily: count it in
        view.table()->viewport()->repaint();
        const qint64 filterMs = timer.elapsed();
        QCOMPARE(shown, (100000 + 6) / 7);
        qInfo("TrafficView, 100,000 rows in 100 batches with a repaint after each: %lld ms in all, slowest batch "
              "%lld ms; filter status:5xx and repaint: %lld ms",
              total, worst, filterMs);
        save(view, "traffic_100k");
    }

    void traceDiagram() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/users/7");
        SequenceDiagram diagram;
        diagram.resize(1300, 420);
        settle(diagram);
        diagram.showTrace(t);
        QCOMPARE(int(diagram.model().lanes().size()), int(t->spans.size()) + 1);
        QApplication::processEvents();
        save(diagram, "trace_users");

        // Click the middle of the response start's arrow into the client.
        const auto& rows = diagram.model().rows();
        int row = -1;
        for (int r = 0; r < int(rows.size()); ++r)
            if (rows[std::size_t(r)].label.startsWith(QStringLiteral("http.response.start"))) row = r;
        QVERIFY(row >= 0);
        const auto& last = rows[std::size_t(row)].segments.back();  // ServerErrorMiddleware -> client
        const QPoint at((diagram.laneX(last.fromLane) + diagram.laneX(last.toLane)) / 2,
                        diagram.rowY(row) + SequenceDiagram::rowHeight / 2);
        QSignalSpy picked(&diagram, &SequenceDiagram::messageSelected);
        QTest::mouseClick(diagram.viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(picked.size(), 1);
        QCOMPARE(picked[0][0].toInt(), last.span);
        QCOMPARE(picked[0][1].toInt(), last.message);
        QCOMPARE(last.span, 0);
        QCOMPARE(diagram.selectedMessage(), std::make_pair(last.span, last.message));

        // More traces worth a look: the teapot (exception), gzip (⟳), a Mount.
        web::RequestOptions gzip;
        gzip.headers.emplace_back("accept-encoding", "gzip");
        diagram.showTrace(demo.get("/large", gzip));
        QApplication::processEvents();
        save(diagram, "trace_gzip");
        diagram.showTrace(demo.get("/teapot"));
        QApplication::processEvents();
        save(diagram, "trace_teapot");
        diagram.showTrace(demo.get("/nope"));
        QApplication::processEvents();
        save(diagram, "trace_404");
        testing::TracedBodyReader reader;
        diagram.showTrace(reader.post("payload"));
        QApplication::processEvents();
        save(diagram, "trace_body_read_in_middleware");
        diagram.clearTrace();
        QApplication::processEvents();
        QVERIFY(!diagram.model().trace());
    }

    void longSessionPaintsOnlyVisibleRows() {
        SequenceDiagram diagram;
        diagram.resize(700, 400);
        settle(diagram);
        diagram.showTrace(testing::syntheticWebSocket(7, 3000));
        QCOMPARE(int(diagram.model().rows().size()), 6003);
        diagram.repaint();
        const int visible = (diagram.viewport()->height() - SequenceDiagram::headerHeight) / SequenceDiagram::rowHeight;
        QVERIFY(diagram.lastPaintedRows() > 0);
        QVERIFY2(diagram.lastPaintedRows() <= visible + 3, qPrintable(QString::number(diagram.lastPaintedRows())));
        // Selecting a message far down scrolls to it.
        diagram.selectMessage(1, 5000);
        diagram.repaint();
        QVERIFY(diagram.verticalScrollBar()->value() > 0);
        QVERIFY2(diagram.lastPaintedRows() <= visible + 3, qPrintable(QString::number(diagram.lastPaintedRows())));
        save(diagram, "trace_long_websocket");
    }

    void inspectorPanel() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/json");
        InspectorView view;
        view.resize(520, 640);
        settle(view);
        view.showTrace(t);
        QCOMPARE(int(view.waterfall()->model().bars().size()), int(t->spans.size()));
        QVERIFY(view.treeModel()->topLevel(QStringLiteral("layer ServerErrorMiddleware")));
        const int endpoint = int(t->spans.size()) - 1;
        view.showMessage(endpoint, messageIndex(t->spans.back(), asgi::HttpResponseBody::type));
        QCOMPARE(view.bodyFormat(), BodyFormat::Json);
        QCOMPARE(view.bodyText(), QStringLiteral("{\n    \"message\": \"Hello, world!\"\n}"));
        QApplication::processEvents();
        save(view, "inspector_json");
        view.setBodyFormat(BodyFormat::Hex);
        QVERIFY(view.bodyText().startsWith(QStringLiteral("00000000  7b 22")));
        view.setBodyFormat(BodyFormat::Text);
        QCOMPARE(view.bodyText(), QStringLiteral("{\"message\":\"Hello, world!\"}"));

        // The response start: headers in the tree, no body pane.
        view.showMessage(endpoint, messageIndex(t->spans.back(), asgi::HttpResponseStart::type));
        QVERIFY(view.treeModel()->messageHeadersIndex().isValid());
        QVERIFY(view.treeView()->isExpanded(view.treeModel()->messageHeadersIndex()));
        QApplication::processEvents();
        save(view, "inspector_headers");

        // Clicking a waterfall bar shows that layer.
        QSignalSpy layer(&view, &InspectorView::layerSelected);
        const int h = view.waterfall()->fontMetrics().height() + 6;
        QTest::mouseClick(view.waterfall(), Qt::LeftButton, {}, QPoint(40, h * 2 + h / 2));
        QCOMPARE(layer.size(), 1);
        QCOMPARE(layer[0][0].toInt(), 1);
        QVERIFY(view.treeModel()->topLevel(QStringLiteral("layer CORSMiddleware")));
        save(view, "inspector_layer");
    }

    void panelsTogether() {
        // The wiring the window does: Traffic -> Trace and Inspector, Trace -> Inspector.
        testing::TracedDemo demo;
        TraceStore store;
        demo.client().get("/users/7");
        store.addTraces(demo.all());
        TrafficView traffic(&store);
        SequenceDiagram diagram;
        InspectorView inspector;
        connect(&traffic, &TrafficView::traceSelected, &diagram, &SequenceDiagram::showTrace);
        connect(&traffic, &TrafficView::traceSelected, &inspector, &InspectorView::showTrace);
        connect(&diagram, &SequenceDiagram::messageSelected, &inspector, &InspectorView::showMessage);
        traffic.table()->selectRow(0);
        QVERIFY(diagram.model().trace());
        QCOMPARE(inspector.trace(), diagram.model().trace());
        emit diagram.messageSelected(0, 0);
        QVERIFY(inspector.treeModel()->topLevel(QStringLiteral("message 1 of")));
    }
};

QTEST_MAIN(TestPanels)
#include "test_panels.moc"
