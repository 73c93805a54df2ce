// LiveStats: per-route and per-layer counters for known requests to the demo app (run
// through the TestClient with a tracer), keys that line up with describe(), the histogram's
// percentiles against exact ones, and feeding from several threads.
#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/inspect/live_stats.hpp>
#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <thread>

#include <QtTest/QtTest>

#include "../web/web_test.hpp"
#include "demo_app.hpp"

using namespace asgiscope;
using inspect::LiveStats;

namespace {

/// A trace with one span of `duration_ns`, routed to `route` ("" for none).
std::shared_ptr<trace::Trace> synthetic(std::int64_t duration_ns, int status = 200, std::string route = "/x") {
    auto t = std::make_shared<trace::Trace>();
    t->duration_ns = duration_ns;
    trace::Span outer;
    outer.name = "ServerErrorMiddleware";
    outer.exit_ns = duration_ns;
    outer.self_ns = duration_ns / 2;
    trace::MessageEvent start;
    start.direction = trace::Direction::send;
    start.type = "http.response.start";
    start.status = status;
    outer.messages.push_back(start);
    t->spans.push_back(outer);
    if (!route.empty()) {
        trace::Span r;
        r.name = "Route " + route;
        r.kind = trace::SpanKind::route;
        r.parent = 0;
        r.depth = 1;
        r.scope.route_name = "x";
        t->spans.push_back(r);
    }
    return t;
}

std::int64_t exact_percentile(std::vector<std::int64_t> values, double q) {
    std::sort(values.begin(), values.end());
    const auto rank = std::max<std::size_t>(1, std::size_t(std::ceil(q * double(values.size()))));
    return values[rank - 1];
}

}  // namespace

class TestLiveStats : public QObject {
    Q_OBJECT

private slots:
    void demoRequests() {
        auto hub = std::make_shared<trace::TraceHub>();
        auto tracer = std::make_shared<trace::Tracer>(hub);
        web::Starlette app = demo::make_demo_application({.secret_key = "test"});
        app.set_tracer(tracer);
        web::TestClient client(app, {.raise_server_exceptions = false});

        for (int i = 0; i < 3; ++i) QCOMPARE(client.get("/plaintext").status_code, 200);
        QCOMPARE(client.get("/users/7").status_code, 200);
        QCOMPARE(client.get("/users/abc").status_code, 404);  // the int convertor rejects it
        QCOMPARE(client.post("/plaintext").status_code, 405);
        QCOMPARE(client.get("/error").status_code, 500);
        QCOMPARE(client.get("/teapot").status_code, 418);
        QCOMPARE(client.get("/api/todos").status_code, 200);
        QCOMPARE(client.get("/static/style.css").status_code, 200);
        web::RequestOptions preflight;
        preflight.headers = {{"origin", "https://example.org"}, {"access-control-request-method", "GET"}};
        QCOMPARE(client.options("/plaintext", preflight).status_code, 200);  // CORS answers it

        LiveStats stats;
        stats.add(hub->snapshot());
        const auto s = stats.snapshot();
        QCOMPARE(s.requests, std::uint64_t(11));
        QCOMPARE(s.unmatched, std::uint64_t(2));  // /users/abc and the preflight
        QCOMPARE(s.status_classes[2], std::uint64_t(0));
        QCOMPARE(s.status_classes[3], std::uint64_t(3));  // 404, 405, 418
        QCOMPARE(s.status_classes[4], std::uint64_t(1));
        QCOMPARE(s.status_classes[1], std::uint64_t(7));

        const auto* plaintext = s.find_route("/plaintext", "plaintext");
        QVERIFY(plaintext);
        QCOMPARE(plaintext->hits, std::uint64_t(4));
        QCOMPARE(plaintext->status_classes[1], std::uint64_t(3));
        QCOMPARE(plaintext->status_classes[3], std::uint64_t(1));
        QCOMPARE(plaintext->last_status, 405);
        QCOMPARE(plaintext->latency.count, std::uint64_t(4));
        QVERIFY(plaintext->latency.p50_ns > 0);
        QVERIFY(plaintext->latency.p50_ns <= plaintext->latency.p95_ns);
        QVERIFY(plaintext->latency.p95_ns <= plaintext->latency.p99_ns);
        QVERIFY(plaintext->latency.p99_ns <= plaintext->latency.max_ns);

        QCOMPARE(s.find_route("/users/{id:int}", "user")->last_status, 200);
        QCOMPARE(s.find_route("/error", "error")->status_classes[4], std::uint64_t(1));
        QCOMPARE(s.find_route("/teapot", "teapot")->last_status, 418);
        const auto* todos = s.find_route("/api/todos", "api:todos");
        QVERIFY2(todos, "the route inside the Mount is keyed by its full path and qualified name");
        QCOMPARE(todos->hits, std::uint64_t(1));
        const auto* files = s.find_route("/static", "static");
        QVERIFY2(files, "an app mounted without routes counts under its Mount");
        QCOMPARE(files->kind, trace::SpanKind::mount);

        // Every key names a route describe() lists.
        const auto description = inspect::describe(app);
        for (const auto& r : s.routes) {
            bool found = false;
            for (const auto& [depth, info] : inspect::flatten(description.routes))
                found = found || (info->full_path == r.pattern && info->qualified_name == r.name);
            QVERIFY2(found, r.pattern.c_str());
        }

        // Layers: the stack as describe() builds it, outermost first.
        QCOMPARE(s.layers.size(), description.middleware.size());
        for (std::size_t i = 0; i < s.layers.size(); ++i)
            COMPARE_STR(s.layers[i].name, description.middleware[i].name);
        const auto* server_error = s.find_layer("ServerErrorMiddleware");
        QCOMPARE(server_error->requests, std::uint64_t(11));
        QCOMPARE(server_error->handled, std::uint64_t(1));  // the 500
        QCOMPARE(server_error->errors, std::uint64_t(1));   // ... which it re-raises
        QCOMPARE(server_error->self_time.count, std::uint64_t(11));
        QVERIFY(server_error->self_time.mean_ns > 0);
        const auto* cors = s.find_layer("CORSMiddleware");
        QCOMPARE(cors->short_circuits, std::uint64_t(1));
        QCOMPARE(cors->requests, std::uint64_t(11));
        // Behind CORS, the preflight never arrived.
        QCOMPARE(s.find_layer("GZipMiddleware")->requests, std::uint64_t(10));
        // 404, 405 and 418 are HTTPExceptions ExceptionMiddleware answers.
        QCOMPARE(s.find_layer("ExceptionMiddleware")->handled, std::uint64_t(3));
        const auto* router = s.find_layer("Router");
        QCOMPARE(router->requests, std::uint64_t(10));
        QCOMPARE(router->short_circuits, std::uint64_t(1));  // the 404 (no route called)

        stats.reset();
        QCOMPARE(stats.snapshot().requests, std::uint64_t(0));
        QVERIFY(stats.snapshot().routes.empty());
    }

    void websocketAndLifespan() {
        auto hub = std::make_shared<trace::TraceHub>();
        auto tracer = std::make_shared<trace::Tracer>(hub);
        web::Starlette app = demo::make_demo_application({.secret_key = "test"});
        app.set_tracer(tracer);
        {
            web::TestClient client(app);
            client.open();  // lifespan: traced, not counted
            {
                auto ws = client.websocket_connect("/ws/echo");
                ws.send_text("hi");
                COMPARE_STR(ws.receive_text(), "hi");
            }
            client.close();
        }
        LiveStats stats;
        for (const auto& t : hub->snapshot()) stats.add(*t);
        const auto s = stats.snapshot();
        QCOMPARE(s.requests, std::uint64_t(1));
        const auto* ws = s.find_route("/ws/echo", "ws_echo");
        QVERIFY(ws);
        QCOMPARE(ws->last_status, 101);
        QCOMPARE(ws->status_classes[0], std::uint64_t(1));
    }

    void percentilesAgainstExactOnes() {
        std::mt19937_64 random(42);
        std::lognormal_distribution<double> dist(12.0, 1.5);  // around 160 µs, long tail
        std::vector<std::int64_t> values;
        LiveStats stats;
        for (int i = 0; i < 5000; ++i) {
            const auto ns = std::int64_t(dist(random));
            values.push_back(ns);
            stats.add(*synthetic(ns));
        }
        const auto s = stats.snapshot();
        QCOMPARE(s.routes.size(), std::size_t(1));
        const auto& l = s.routes[0].latency;
        QCOMPARE(l.count, std::uint64_t(values.size()));
        QCOMPARE(l.max_ns, *std::max_element(values.begin(), values.end()));
        const std::pair<double, std::int64_t> checks[] = {{0.50, l.p50_ns}, {0.95, l.p95_ns}, {0.99, l.p99_ns}};
        for (const auto& [q, got] : checks) {
            const std::int64_t exact = exact_percentile(values, q);
            // Never below the exact value, at most one bucket (1/16 of a doubling) above it.
            QVERIFY2(got >= exact, qPrintable(QString("q=%1 got %2 exact %3").arg(q).arg(got).arg(exact)));
            QVERIFY2(double(got) <= double(exact) * (1.0 + 1.0 / 16) + 1024,
                     qPrintable(QString("q=%1 got %2 exact %3").arg(q).arg(got).arg(exact)));
        }
    }

    void histogramEdges() {
        using H = inspect::DurationHistogram;
        QCOMPARE(H::bucket_of(0), std::size_t(0));
        QCOMPARE(H::bucket_of(1024), std::size_t(0));
        QCOMPARE(H::bucket_of(1025), std::size_t(1));
        QCOMPARE(H::upper_edge(1), std::int64_t(1088));
        QCOMPARE(H::bucket_of(1088), std::size_t(1));
        QCOMPARE(H::bucket_of(1089), std::size_t(2));
        QCOMPARE(H::bucket_of(std::int64_t(1) << 50), H::bucket_count - 1);
        // Every bucket's upper edge falls in that bucket, and the next value in the next one.
        for (std::size_t b = 0; b + 1 < H::bucket_count; ++b) {
            QCOMPARE(H::bucket_of(H::upper_edge(b)), b);
            QCOMPARE(H::bucket_of(H::upper_edge(b) + 1), b + 1);
        }
        H h;
        QCOMPARE(h.percentile(0.5), std::int64_t(0));
        h.add(-5);  // a clock step backwards counts as 0
        h.add(std::int64_t(1) << 55);
        QCOMPARE(h.count(), std::uint64_t(2));
        QCOMPARE(h.min(), std::int64_t(0));
        QCOMPARE(h.percentile(1.0), std::int64_t(1) << 55);
    }

    void statusWithoutResponseAndUnmatched() {
        LiveStats stats;
        stats.add(*synthetic(1000, 0));
        stats.add(*synthetic(1000, 404, ""));
        const auto s = stats.snapshot();
        QCOMPARE(s.requests, std::uint64_t(2));
        QCOMPARE(s.unmatched, std::uint64_t(1));
        QCOMPARE(s.routes.at(0).no_status, std::uint64_t(1));
        QCOMPARE(s.routes.at(0).last_status, 0);
        QCOMPARE(s.status_classes[3], std::uint64_t(1));
    }

    void feedFromSeveralThreads() {
        LiveStats stats;
        std::atomic<bool> done{false};
        std::thread reader([&] {
            while (!done) (void)stats.snapshot();
        });
        std::vector<std::thread> writers;
        for (int w = 0; w < 4; ++w)
            writers.emplace_back([&, w] {
                trace::TraceBatch batch;
                for (int i = 0; i < 500; ++i) batch.push_back(synthetic(1000 + w * 100 + i, 200 + w * 100));
                for (const auto& t : batch) stats.add(*t);
            });
        for (auto& t : writers) t.join();
        done = true;
        reader.join();
        const auto s = stats.snapshot();
        QCOMPARE(s.requests, std::uint64_t(2000));
        QCOMPARE(s.routes.at(0).hits, std::uint64_t(2000));
        for (int c = 1; c < 5; ++c) QCOMPARE(s.status_classes[std::size_t(c)], std::uint64_t(500));
    }
};

QTEST_GUILESS_MAIN(TestLiveStats)
#include "test_live_stats.moc"
