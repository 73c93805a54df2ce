// The widget-free models on the demo app: the route tree's rows against describe(), live hits
// in it; the match model's verdicts for a convertor mismatch, a 405 and a redirect_slashes
// case; the middleware model's layer order against describe(); the log model's cap and level
// filter. Every model also runs under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

#include <asgiscope/inspect.hpp>
#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include "demo_app.hpp"
#include "models/http_status_style.hpp"
#include "models/log_model.hpp"
#include "models/match_model.hpp"
#include "models/middleware_model.hpp"
#include "models/route_tree_model.hpp"
#include "models/server_controller.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

web::Starlette demoApp() {
    return demo::make_demo_application({.secret_key = "test"});
}

/// The rows of a tree, depth first: "depth|route|methods|name|params".
QStringList treeRows(const QAbstractItemModel& model, const QModelIndex& parent = {},
                     int depth = 0) {
    QStringList out;
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        out << QStringLiteral("%1|%2|%3")
                   .arg(depth)
                   .arg(i.data(RouteTreeModel::FullPathRole).toString(),
                        i.data(RouteTreeModel::QualifiedNameRole).toString());
        out += treeRows(model, i, depth + 1);
    }
    return out;
}

int rowOf(const MatchModel& model, const QString& routeStartsWith) {
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, MatchModel::RouteColumn)
                .data()
                .toString()
                .trimmed()
                .startsWith(routeStartsWith))
            return r;
    return -1;
}

QString cell(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole) {
    return m.index(row, column).data(role).toString();
}

}  // namespace

class TestUiModels : public QObject {
    Q_OBJECT

private slots:
    void routeTreeRowsForTheDemo() {
        const web::Starlette app = demoApp();
        const inspect::AppDescription d = inspect::describe(app);
        RouteTreeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDescription(d);
        QCOMPARE(model.rowCount(), 1);  // the Router
        const QModelIndex router = model.index(0, 0);
        QCOMPARE(router.data().toString(), QStringLiteral("Router"));
        QCOMPARE(model.rowCount(router), int(d.routes.size()));

        // Depth first, the tree is describe()'s flattened list.
        QStringList expected;
        for (const auto& [depth, info] : inspect::flatten(d.routes))
            expected << QStringLiteral("%1|%2|%3")
                            .arg(depth + 1)
                            .arg(QString::fromStdString(info->full_path),
                                 QString::fromStdString(info->qualified_name));
        QCOMPARE(treeRows(model, router, 1), expected);

        const QModelIndex user =
            model.findRoute(QStringLiteral("/users/{id:int}"), QStringLiteral("user"));
        QVERIFY(user.isValid());
        QCOMPARE(user.parent(), router);
        QCOMPARE(model.index(user.row(), RouteTreeModel::MethodsColumn, router).data().toString(),
                 QStringLiteral("GET, HEAD"));
        QCOMPARE(model.index(user.row(), RouteTreeModel::ParamsColumn, router).data().toString(),
                 QStringLiteral("id: int"));
        const QModelIndex api = model.findRoute(QStringLiteral("/api"), QStringLiteral("api"));
        QVERIFY(api.isValid());
        QCOMPARE(api.data().toString(), QStringLiteral("Mount /api"));
        QVERIFY(model.rowCount(api) >= 2);
        const QModelIndex ws =
            model.findRoute(QStringLiteral("/ws/echo"), QStringLiteral("ws_echo"));
        QCOMPARE(model.index(ws.row(), RouteTreeModel::MethodsColumn, router).data().toString(),
                 QStringLiteral("WS"));
    }

    void routeTreeLiveHits() {
        auto hub = std::make_shared<trace::TraceHub>();
        web::Starlette app = demoApp();
        app.set_tracer(std::make_shared<trace::Tracer>(hub));
        RouteTreeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDescription(inspect::describe(app));
        web::TestClient client(app);
        client.get("/users/1");
        client.get("/users/2");
        client.get("/api/todos");
        client.get("/api/todos/99");  // 404 from the endpoint: still that route's hit
        inspect::LiveStats stats;
        stats.add(hub->snapshot());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStats(stats.snapshot());
        QVERIFY(!changed.isEmpty());
        const QModelIndex router = model.index(0, 0);
        const QModelIndex user =
            model.findRoute(QStringLiteral("/users/{id:int}"), QStringLiteral("user"));
        QCOMPARE(user.data(RouteTreeModel::HitsRole).toULongLong(), 2ull);
        QCOMPARE(user.data(RouteTreeModel::LastStatusRole).toInt(), 200);
        QCOMPARE(model.index(user.row(), RouteTreeModel::HitsColumn, router).data().toString(),
                 QStringLiteral("2"));
        const QModelIndex item =
            model.findRoute(QStringLiteral("/api/todos/{id:int}"), QStringLiteral("api:todo"));
        QVERIFY(item.isValid());
        QCOMPARE(item.data(RouteTreeModel::LastStatusRole).toInt(), 404);
        QCOMPARE(model.index(item.row(), RouteTreeModel::StatusColumn, item.parent())
                     .data(Qt::ForegroundRole)
                     .value<QColor>(),
                 statusColor(404, false));
        // A Mount counts what its routes got; the Router every request that reached it.
        QCOMPARE(model.findRoute(QStringLiteral("/api"), QStringLiteral("api"))
                     .data(RouteTreeModel::HitsRole)
                     .toULongLong(),
                 2ull);
        QCOMPARE(router.data(RouteTreeModel::HitsRole).toULongLong(), 4ull);
        // Same numbers again: nothing changes.
        changed.clear();
        model.setStats(stats.snapshot());
        QVERIFY(changed.isEmpty());
    }

    void matchConvertorRejects() {
        const web::Starlette app = demoApp();
        MatchModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setExplanation(inspect::explain_match(app, "GET", "/users/abc"));
        const int user = rowOf(model, QStringLiteral("/users/{id:int}"));
        QVERIFY(user >= 0);
        QCOMPARE(cell(model, user, MatchModel::VerdictColumn), QStringLiteral("NONE"));
        QVERIFY2(cell(model, user, MatchModel::ReasonColumn).contains(QStringLiteral("int")),
                 qPrintable(cell(model, user, MatchModel::ReasonColumn)));
        QVERIFY(cell(model, user, MatchModel::ReasonColumn).contains(QStringLiteral("abc")));
        QCOMPARE(model.index(user, 0).data(Qt::ForegroundRole).value<QColor>(),
                 noMatchColor(false));
        for (int r = 0; r < model.rowCount(); ++r) {
            QVERIFY(!model.index(r, 0).data(MatchModel::ChosenRole).toBool());
            QVERIFY(cell(model, r, MatchModel::VerdictColumn) != QStringLiteral("FULL"));
        }
        const QString outcome = MatchModel::outcomeText(*model.explanation());
        QVERIFY2(outcome.startsWith(QStringLiteral("→ 404")), qPrintable(outcome));
        QVERIFY2(outcome.contains(QStringLiteral("redirect_slashes")), qPrintable(outcome));
    }

    void match405() {
        const web::Starlette app = demoApp();
        MatchModel model;
        model.setExplanation(inspect::explain_match(app, "DELETE", "/plaintext"));
        const int plaintext = rowOf(model, QStringLiteral("/plaintext"));
        QCOMPARE(cell(model, plaintext, MatchModel::VerdictColumn), QStringLiteral("PARTIAL"));
        QVERIFY(model.index(plaintext, 0).data(MatchModel::ChosenRole).toBool());
        QVERIFY(model.index(plaintext, 0).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(model.index(plaintext, 0).data(Qt::ForegroundRole).value<QColor>(),
                 partialMatchColor(false));
        QVERIFY(
            cell(model, plaintext, MatchModel::ReasonColumn).contains(QStringLiteral("DELETE")));
        const QString outcome = MatchModel::outcomeText(*model.explanation());
        QVERIFY2(outcome.contains(QStringLiteral("405")), qPrintable(outcome));
        QVERIFY2(outcome.contains(QStringLiteral("Allow: GET, HEAD")), qPrintable(outcome));
    }

    void matchFullAndMount() {
        const web::Starlette app = demoApp();
        MatchModel model;
        model.setExplanation(inspect::explain_match(app, "GET", "/api/todos/3"));
        const int api = rowOf(model, QStringLiteral("Mount /api"));
        QVERIFY(api >= 0);
        QCOMPARE(cell(model, api, MatchModel::VerdictColumn), QStringLiteral("FULL"));
        // The mounted routes follow the Mount, one level in, numbered under it.
        const int inner = rowOf(model, QStringLiteral("/todos/{id:int}"));
        QVERIFY(inner > api);
        QCOMPARE(model.index(inner, 0).data(MatchModel::DepthRole).toInt(), 1);
        QVERIFY(cell(model, inner, MatchModel::NumberColumn)
                    .startsWith(cell(model, api, MatchModel::NumberColumn) + "."));
        QVERIFY(model.index(inner, 0).data(MatchModel::ChosenRole).toBool());
        QCOMPARE(cell(model, inner, MatchModel::ParamsColumn), QStringLiteral("id=3"));
        // Routes after the winning FULL match are never asked.
        const int ws = rowOf(model, QStringLiteral("WS /ws/echo"));
        QVERIFY(ws > api);
        QVERIFY(!model.index(ws, 0).data(MatchModel::TriedRole).toBool());
        QVERIFY(MatchModel::outcomeText(*model.explanation()).contains(QStringLiteral("api:todo")));
    }

    void matchRedirectSlashes() {
        const web::Starlette app = demoApp();
        MatchModel model;
        model.setExplanation(inspect::explain_match(app, "GET", "/plaintext/"));
        QCOMPARE(model.explanation()->outcome, inspect::Outcome::Redirect);
        const QString outcome = MatchModel::outcomeText(*model.explanation());
        QVERIFY2(outcome.startsWith(QStringLiteral("→ 307")), qPrintable(outcome));
        QVERIFY2(outcome.contains(QStringLiteral("/plaintext")), qPrintable(outcome));
        QVERIFY(!MatchModel::redirectSlashesText(*model.explanation()).isEmpty());
    }

    void middlewareOrderIsDescribes() {
        auto hub = std::make_shared<trace::TraceHub>();
        web::Starlette app = demoApp();
        app.set_tracer(std::make_shared<trace::Tracer>(hub));
        const inspect::AppDescription d = inspect::describe(app);
        MiddlewareModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDescription(d);
        QCOMPARE(model.rowCount(), int(d.middleware.size()));
        QStringList names;
        for (int r = 0; r < model.rowCount(); ++r)
            names << cell(model, r, MiddlewareModel::LayerColumn);
        QStringList expected;
        for (const auto& m : d.middleware) expected << QString::fromStdString(m.name);
        QCOMPARE(names, expected);
        QCOMPARE(names.front(), QStringLiteral("ServerErrorMiddleware"));
        QCOMPARE(names.back(), QStringLiteral("Router"));
        const int gzip = int(names.indexOf(QStringLiteral("GZipMiddleware")));
        QVERIFY(cell(model, gzip, MiddlewareModel::OptionsColumn)
                    .contains(QStringLiteral("minimum_size=500")));
        QVERIFY(model.index(gzip, 0).data(MiddlewareModel::UserLayerRole).toBool());
        const int exception = int(names.indexOf(QStringLiteral("ExceptionMiddleware")));
        QVERIFY(cell(model, exception, MiddlewareModel::HandlersColumn)
                    .contains(QStringLiteral("HTTPException")));

        web::TestClient client(app);
        web::RequestOptions preflight;
        preflight.headers = {{"origin", "https://example.org"},
                             {"access-control-request-method", "GET"}};
        client.options("/plaintext", preflight);
        client.get("/plaintext");
        inspect::LiveStats stats;
        stats.add(hub->snapshot());
        model.setStats(stats.snapshot());
        const int cors = int(names.indexOf(QStringLiteral("CORSMiddleware")));
        QCOMPARE(model.index(cors, 0).data(MiddlewareModel::RequestsRole).toULongLong(), 2ull);
        QCOMPARE(model.index(cors, 0).data(MiddlewareModel::ShortCircuitsRole).toULongLong(), 1ull);
        QCOMPARE(model.index(gzip, 0).data(MiddlewareModel::RequestsRole).toULongLong(), 1ull);
        QVERIFY(model.index(cors, 0)
                    .data(MiddlewareModel::StatsTextRole)
                    .toString()
                    .contains(QStringLiteral("1 short-circuit")));
        QVERIFY(model.index(cors, 0).data(MiddlewareModel::MeanSelfRole).toLongLong() > 0);
    }

    void serverControllerLifecycle() {
        server::Config config;
        config.port = 0;
        ServerController c(demoApp(), config, QStringLiteral("demo"));
        QSignalSpy started(&c, &ServerController::started);
        QSignalSpy stopped(&c, &ServerController::stopped);
        QSignalSpy logs(&c, &ServerController::logLinesAdded);
        QVERIFY(c.url().isEmpty());
        c.start();
        QCOMPARE(c.state(), ServerController::State::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ServerController::State::Running, 15000);
        QCOMPARE(started.count(), 1);
        QVERIFY(c.port() != 0);
        QCOMPARE(c.url().port(), int(c.port()));
        {
            testing::RawClient client(c.port());
            QVERIFY(client.send("GET /users/5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            const auto response = client.read_response();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
        }
        QTRY_COMPARE_WITH_TIMEOUT(c.requestsServed(), std::uint64_t(1), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(c.liveStats().find_route("/users/{id:int}", "user"), 5000);
        QCOMPARE(c.liveStats().find_route("/users/{id:int}", "user")->hits, std::uint64_t(1));
        QCOMPARE(c.hubStats().kept, std::size_t(1));
        QTRY_VERIFY_WITH_TIMEOUT(!logs.isEmpty(), 5000);  // startup lines, in batches

        c.clearTraces();
        QCOMPARE(c.hubStats().kept, std::size_t(0));
        QCOMPARE(c.liveStats().requests, std::uint64_t(0));

        c.stop();
        QCOMPARE(c.state(), ServerController::State::Stopping);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ServerController::State::Stopped, 15000);
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(stopped.front().front().toInt(), 0);
        QCOMPARE(c.openConnections(), std::uint64_t(0));
        // Started again, the same application serves; the count goes on.
        c.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ServerController::State::Running, 15000);
        QCOMPARE(c.requestsServed(), std::uint64_t(1));
        // Stop while starting or running, then the destructor: nothing hangs.
        QVERIFY(c.shutdown(std::chrono::seconds(10)));
        QCOMPARE(c.state(), ServerController::State::Stopped);
        c.start();
        c.stop();  // before it has even bound
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ServerController::State::Stopped, 15000);
    }

    void logCapAndLevels() {
        LogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaxLines(5);
        QVector<LogLine> lines;
        const auto now = QDateTime::currentDateTime();
        lines.push_back(
            {now, server::LogLevel::Info, QStringLiteral("INFO:     Started server process [1]")});
        lines.push_back({now, server::LogLevel::Info,
                         QStringLiteral("ERROR:    Exception in ASGI application")});
        lines.push_back({now, server::LogLevel::Warning, QStringLiteral("no prefix here")});
        model.appendLines(lines);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1, 0).data(LogModel::LevelRole).toInt(),
                 int(server::LogLevel::Error));  // read from the line
        QCOMPARE(model.index(2, 0).data(LogModel::LevelRole).toInt(),
                 int(server::LogLevel::Warning));  // the sink's

        LogFilterModel filter;
        filter.setSourceModel(&model);
        filter.setMinimumLevel(server::LogLevel::Warning);
        QCOMPARE(filter.rowCount(), 2);
        filter.setText(QStringLiteral("exception"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        filter.setMinimumLevel(server::LogLevel::Trace);
        QCOMPARE(filter.rowCount(), 3);

        QVector<LogLine> many;
        for (int i = 0; i < 8; ++i)
            many.push_back(
                {now, server::LogLevel::Info, QStringLiteral("INFO:     line %1").arg(i)});
        model.appendLines(many);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(4, LogModel::MessageColumn).data().toString(),
                 QStringLiteral("INFO:     line 7"));
        QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(),
                 QStringLiteral("INFO:     line 3"));
        QCOMPARE(model.droppedLines(), quint64(6));
    }
};

QTEST_GUILESS_MAIN(TestUiModels)
#include "test_ui_models.moc"
