// The Traffic panel's data: TraceStore (batches, cap, pause, hub subscription), TrafficModel
// rows for real requests to the demo, the filter language (valid and invalid input), filtering
// and sorting through TrafficProxyModel, and 100,000 rows inserted in batches.
#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include "models/traffic_filter.hpp"
#include "models/traffic_model.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;
using testing::syntheticTrace;

namespace {

/// The demo, after a known set of requests.
struct DemoTraffic {
    testing::TracedDemo demo;
    TraceStore store;
    DemoTraffic() {
        demo.client().get("/plaintext");
        demo.client().get("/users/7");
        demo.client().get("/nope");
        web::RequestOptions o;
        o.content = "hello";
        demo.client().post("/echo", o);
        demo.client().get("/teapot");
        demo.client().get("/error");
        demo.client().get("/api/todos");
        {
            auto ws = demo.client().websocket_connect("/ws/echo");
            ws.send_text("hi");
            (void)ws.receive_text();
            ws.close(1000);
        }
        store.addTraces(demo.all());
    }
};

QString cell(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole) {
    return m.data(m.index(row, column), role).toString();
}

int rowOfPath(const QAbstractItemModel& m, const QString& path) {
    for (int r = 0; r < m.rowCount(); ++r)
        if (cell(m, r, TrafficModel::PathColumn) == path) return r;
    return -1;
}

QStringList paths(const QAbstractItemModel& m) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) out << cell(m, r, TrafficModel::PathColumn);
    return out;
}

}  // namespace

class TestTrafficModels : public QObject {
    Q_OBJECT

private slots:
    void storeBatchesCapAndPause() {
        TraceStore store;
        QSignalSpy added(&store, &TraceStore::tracesAdded);
        QSignalSpy dropping(&store, &TraceStore::tracesAboutToBeDropped);
        store.setCap(5);
        trace::TraceBatch batch;
        for (int i = 1; i <= 3; ++i) batch.push_back(syntheticTrace(i, "GET", "/a", 200, "a", 1, 1000));
        batch.push_back(nullptr);  // ignored
        store.addTraces(batch);
        QCOMPARE(store.count(), 3);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added[0][0].toInt(), 0);
        QCOMPARE(added[0][1].toInt(), 3);
        QCOMPARE(store.find(2)->id, trace::TraceId(2));
        QVERIFY(!store.find(99));

        // Over the cap: the oldest go first, announced before they go.
        batch.clear();
        for (int i = 4; i <= 7; ++i) batch.push_back(syntheticTrace(i, "GET", "/b", 200, "b", 1, 1000));
        store.addTraces(batch);
        QCOMPARE(store.count(), 5);
        QCOMPARE(dropping.size(), 1);
        QCOMPARE(dropping[0][0].toInt(), 2);
        QCOMPARE(store.at(0)->id, trace::TraceId(3));
        QCOMPARE(store.droppedCount(), std::uint64_t(2));
        QVERIFY(!store.find(1));

        // Paused: held and counted, not shown; resuming appends them.
        store.setPaused(true);
        store.addTraces({syntheticTrace(8, "GET", "/c", 200, "c", 1, 1000)});
        QCOMPARE(store.count(), 5);
        QCOMPARE(store.heldCount(), 1);
        store.setPaused(false);
        QCOMPARE(store.heldCount(), 0);
        QCOMPARE(store.at(store.count() - 1)->id, trace::TraceId(8));

        // A batch larger than the cap keeps its newest part.
        batch.clear();
        for (int i = 100; i < 120; ++i) batch.push_back(syntheticTrace(i, "GET", "/d", 200, "d", 1, 1000));
        store.addTraces(batch);
        QCOMPARE(store.count(), 5);
        QCOMPARE(store.at(0)->id, trace::TraceId(115));

        // The byte cap: the oldest go until the rest fit.
        std::size_t each = store.at(0)->bytes;
        QVERIFY(each > 0);
        QCOMPARE(store.bytes(), each * 5);
        store.setByteCap(each * 3);
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.at(0)->id, trace::TraceId(117));
        store.addTraces({syntheticTrace(200, "GET", "/e", 200, "e", 1, 1000)});
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.at(2)->id, trace::TraceId(200));

        QSignalSpy cleared(&store, &TraceStore::cleared);
        store.clear();
        QCOMPARE(store.count(), 0);
        QCOMPARE(cleared.size(), 1);
    }

    void storeFollowsAHub() {
        auto hub = std::make_shared<trace::TraceHub>();
        hub->publish(syntheticTrace(1, "GET", "/early", 200, "", 0, 10));
        {
            TraceStore store;
            store.subscribeTo(hub);  // replays what the hub keeps
            hub->publish(syntheticTrace(2, "GET", "/late", 200, "", 0, 10));
            QTRY_COMPARE(store.count(), 2);
            QCOMPARE(store.at(0)->scope.path, std::string("/early"));
        }
        // The store is gone; publishing must not reach it.
        hub->publish(syntheticTrace(3, "GET", "/after", 200, "", 0, 10));
        hub->flush();
        QCOMPARE(hub->stats().subscribers, std::size_t(0));
    }

    void rowsOfDemoRequests() {
        DemoTraffic d;
        TrafficModel model(&d.store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(TrafficModel::ColumnCount));
        QCOMPARE(model.rowCount(), 8);  // the lifespan trace is not a row

        struct Expect {
            const char* path;
            const char* method;
            const char* status;
            const char* route;
            const char* proto;
        };
        const Expect expected[] = {
            {"/plaintext", "GET", "200", "plaintext", "http/1.1"}, {"/users/7", "GET", "200", "user", "http/1.1"},
            {"/nope", "GET", "404", "—", "http/1.1"},              {"/echo", "POST", "200", "echo", "http/1.1"},
            {"/teapot", "GET", "418", "teapot", "http/1.1"},       {"/error", "GET", "500", "error", "http/1.1"},
            {"/api/todos", "GET", "200", "api:todos", "http/1.1"}, {"/ws/echo", "WS", "101", "ws_echo", "ws"},
        };
        for (const Expect& e : expected) {
            const int r = rowOfPath(model, QString::fromUtf8(e.path));
            QVERIFY2(r >= 0, e.path);
            QCOMPARE(cell(model, r, TrafficModel::MethodColumn), QString::fromUtf8(e.method));
            QCOMPARE(cell(model, r, TrafficModel::StatusColumn), QString::fromUtf8(e.status));
            QCOMPARE(cell(model, r, TrafficModel::RouteColumn), QString::fromUtf8(e.route));
            QCOMPARE(cell(model, r, TrafficModel::ProtocolColumn), QString::fromUtf8(e.proto));
        }
        // Sizes: "Hello, world!" is 13 bytes; the echo sends back the 5 it got.
        QCOMPARE(cell(model, rowOfPath(model, "/plaintext"), TrafficModel::SizeColumn), QStringLiteral("13 B"));
        QCOMPARE(cell(model, rowOfPath(model, "/echo"), TrafficModel::SizeColumn), QStringLiteral("5 B"));
        QCOMPARE(model.data(model.index(rowOfPath(model, "/plaintext"), TrafficModel::SizeColumn), TrafficModel::SortRole)
                     .toLongLong(),
                 13);
        // Duration comes from the trace and is shown with a unit.
        const int r = rowOfPath(model, "/plaintext");
        QVERIFY(cell(model, r, TrafficModel::DurationColumn).contains(QRegularExpression("(µs|ms|s)$")));
        QVERIFY(model.data(model.index(r, TrafficModel::DurationColumn), TrafficModel::SortRole).toLongLong() > 0);
        // Status colours.
        auto color = [&](const char* path) {
            return model.data(model.index(rowOfPath(model, path), TrafficModel::StatusColumn), Qt::ForegroundRole)
                .value<QColor>();
        };
        QCOMPARE(color("/plaintext"), TrafficModel::statusColor(200));
        QCOMPARE(color("/nope"), TrafficModel::statusColor(404));
        QCOMPARE(color("/error"), TrafficModel::statusColor(500));
        QVERIFY(TrafficModel::statusColor(200) != TrafficModel::statusColor(302));
        QVERIFY(TrafficModel::statusColor(302) != TrafficModel::statusColor(404));
        QVERIFY(TrafficModel::statusColor(404) != TrafficModel::statusColor(503));
        QVERIFY(TrafficModel::statusColor(503).red() > 180);
        QVERIFY(TrafficModel::statusColor(201).green() > TrafficModel::statusColor(201).red());
        // Ids lead back to the trace.
        const auto id = model.data(model.index(r, 0), TrafficModel::TraceIdRole).toULongLong();
        QCOMPARE(d.store.find(id)->scope.path, std::string("/plaintext"));
        QCOMPARE(model.rowOf(id), r);
    }

    void parseFilter_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("terms");
        QTest::addColumn<QString>("error");  // a part of the first error, or empty
        QTest::newRow("empty") << "" << 0 << "";
        QTest::newRow("method") << "method:post" << 1 << "";
        QTest::newRow("statuses") << "status:5xx status:404 status:>=400 status:<300" << 4 << "";
        QTest::newRow("negated") << "-method:GET route:user path:/api" << 3 << "";
        QTest::newRow("quoted") << "route:\"a b\" \"free text\"" << 2 << "";
        QTest::newRow("exact") << "route:=user short:=CORSMiddleware" << 2 << "";
        QTest::newRow("unknown key") << "colour:red method:GET" << 1 << "Unknown key \"colour\"";
        QTest::newRow("bad status") << "status:abc" << 0 << "\"abc\" is not a status";
        QTest::newRow("bad class") << "status:7xx" << 0 << "is not a status";
        QTest::newRow("no value") << "method:" << 0 << "needs a value";
        QTest::newRow("open quote") << "path:\"/a" << 1 << "not closed";
    }

    void parseFilter() {
        QFETCH(QString, text);
        QFETCH(int, terms);
        QFETCH(QString, error);
        const TrafficFilter f = TrafficFilter::parse(text);
        QCOMPARE(int(f.terms().size()), terms);
        if (error.isEmpty()) {
            QVERIFY2(f.errors().isEmpty(), qPrintable(f.errors().join(u'|')));
        } else {
            QVERIFY(!f.errors().isEmpty());
            QVERIFY2(f.errors().first().contains(error), qPrintable(f.errors().first()));
        }
    }

    void filterAndSort_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("paths");  // in arrival order
        QTest::newRow("everything") << "" << QStringList{"/plaintext", "/users/7", "/nope", "/echo", "/teapot", "/error", "/api/todos", "/ws/echo"};
        QTest::newRow("post") << "method:POST" << QStringList{"/echo"};
        QTest::newRow("not get") << "-method:GET" << QStringList{"/echo", "/ws/echo"};
        QTest::newRow("5xx or 404") << "status:5xx status:404" << QStringList{"/nope", "/error"};
        QTest::newRow("4xx") << "status:4xx" << QStringList{"/nope", "/teapot"};
        QTest::newRow("route") << "route:user" << QStringList{"/users/7"};
        QTest::newRow("route exact") << "route:=api:todos" << QStringList{"/api/todos"};
        QTest::newRow("path") << "path:/api" << QStringList{"/api/todos"};
        QTest::newRow("free text") << "echo" << QStringList{"/echo", "/ws/echo"};
        QTest::newRow("keys and text") << "echo proto:ws" << QStringList{"/ws/echo"};
        QTest::newRow("router short-circuited") << "short:=Router" << QStringList{"/nope"};
        QTest::newRow("errored at endpoint") << "error:endpoint" << QStringList{"/teapot", "/error"};
        QTest::newRow("layer") << "layer:Mount" << QStringList{"/api/todos"};
        QTest::newRow("invalid term ignored") << "colour:red method:POST" << QStringList{"/echo"};
    }

    void filterAndSort() {
        QFETCH(QString, filter);
        QFETCH(QStringList, paths);
        DemoTraffic d;
        TrafficModel model(&d.store);
        TrafficProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setTrafficFilter(TrafficFilter::parse(filter));
        QCOMPARE(::paths(proxy), paths);
    }

    void sorting() {
        DemoTraffic d;
        TrafficModel model(&d.store);
        TrafficProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(TrafficModel::StatusColumn, Qt::DescendingOrder);
        QCOMPARE(cell(proxy, 0, TrafficModel::StatusColumn), QStringLiteral("500"));
        QCOMPARE(cell(proxy, proxy.rowCount() - 1, TrafficModel::StatusColumn).toInt(), 101);
        proxy.sort(TrafficModel::PathColumn, Qt::AscendingOrder);
        QCOMPARE(cell(proxy, 0, TrafficModel::PathColumn), QStringLiteral("/api/todos"));
        // New rows land sorted.
        d.store.addTraces({syntheticTrace(1000, "GET", "/aaa", 200, "", 0, 5)});
        QCOMPARE(cell(proxy, 0, TrafficModel::PathColumn), QStringLiteral("/aaa"));
    }

    void modelFollowsDropsAndClear() {
        TraceStore store;
        store.setCap(10);
        TrafficModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        trace::TraceBatch batch;
        for (int i = 1; i <= 8; ++i) batch.push_back(syntheticTrace(i, "GET", "/p" + std::to_string(i), 200, "", 0, 5));
        // A lifespan trace among them is kept by the store but is not a row.
        auto life = std::make_shared<trace::Trace>();
        life->id = 50;
        life->kind = trace::TraceKind::lifespan;
        batch.insert(batch.begin() + 1, life);
        store.addTraces(batch);
        QCOMPARE(store.count(), 9);
        QCOMPARE(model.rowCount(), 8);
        batch.clear();
        for (int i = 9; i <= 12; ++i) batch.push_back(syntheticTrace(i, "GET", "/p" + std::to_string(i), 200, "", 0, 5));
        store.addTraces(batch);  // drops the 3 oldest: /p1, the lifespan, /p2
        QCOMPARE(store.count(), 10);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(cell(model, 0, TrafficModel::PathColumn), QStringLiteral("/p3"));
        QCOMPARE(cell(model, 9, TrafficModel::PathColumn), QStringLiteral("/p12"));
        store.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void hundredThousandRowsInBatches() {
        TraceStore store;
        TrafficModel model(&store);
        TrafficProxyModel proxy;
        proxy.setSourceModel(&model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const int total = 100000;
        const int batchSize = 1000;  // what a 150 ms hub batch holds at ~6,700 requests/s
        std::vector<trace::TraceBatch> batches;
        const char* methods[] = {"GET", "POST", "PUT"};
        const int statuses[] = {200, 201, 404, 500, 302};
        for (int b = 0; b < total / batchSize; ++b) {
            trace::TraceBatch batch;
            for (int i = 0; i < batchSize; ++i) {
                const int n = b * batchSize + i;
                batch.push_back(syntheticTrace(n + 1, methods[n % 3], "/items/" + std::to_string(n), statuses[n % 5],
                                               n % 2 ? "item" : "other", std::size_t(n % 4096), 1000 + n));
            }
            batches.push_back(std::move(batch));
        }
        QElapsedTimer timer;
        timer.start();
        for (const auto& batch : batches) store.addTraces(batch);
        const qint64 insertMs = timer.elapsed();
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(proxy.rowCount(), total);
        QCOMPARE(inserted.size(), total / batchSize);  // one insert per batch, never per row
        timer.restart();
        proxy.setTrafficFilter(TrafficFilter::parse("method:POST status:5xx"));
        const int shown = proxy.rowCount();  // the proxy maps lazily: count it in
        const qint64 filterMs = timer.elapsed();
        int expected = 0;
        for (int n = 0; n < total; ++n) expected += (n % 3 == 1 && n % 5 == 3);
        QCOMPARE(shown, expected);
        timer.restart();
        proxy.setTrafficFilter({});
        proxy.sort(TrafficModel::DurationColumn, Qt::DescendingOrder);
        const qint64 sortMs = timer.elapsed();
        QCOMPARE(cell(proxy, 0, TrafficModel::PathColumn), QStringLiteral("/items/99999"));
        qInfo("100,000 rows: inserted in %lld ms (100 batches), filtered in %lld ms, sorted by duration in %lld ms",
              insertMs, filterMs, sortMs);
        QVERIFY2(insertMs < 5000, "inserting 100,000 rows should take well under a second");
    }
};

QTEST_GUILESS_MAIN(TestTrafficModels)
#include "test_traffic_models.moc"
