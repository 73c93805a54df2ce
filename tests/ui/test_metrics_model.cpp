// MetricsModel with synthetic traces at fixed past times (as an opened trace file has): bucket
// counts per second and the zero points of gaps, exact percentiles against a brute-force
// nearest-rank computation, status classes, the time window, the log-spaced histogram, and
// following a TraceStore through drops (cap) and clear.
#include <algorithm>
#include <chrono>
#include <random>

#include <QSignalSpy>
#include <QtTest/QtTest>

#include "models/metrics_model.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

// 2020-01-01T00:00:00Z, far from the wall clock: the model must use the traces' own times.
constexpr std::int64_t baseSecond = 1577836800;

TracePtr httpAt(trace::TraceId id, std::int64_t ms, double latencyMs, int status = 200,
                std::string route = "user") {
    auto t = std::make_shared<trace::Trace>(*testing::syntheticTrace(
        id, "GET", "/users/" + std::to_string(id), status, std::move(route), 10,
        static_cast<std::int64_t>(latencyMs * 1e6)));
    t->start = std::chrono::system_clock::time_point(std::chrono::milliseconds(baseSecond * 1000 + ms));
    return t;
}

TracePtr wsAt(trace::TraceId id, std::int64_t ms) {
    auto t = std::make_shared<trace::Trace>(*testing::syntheticWebSocket(id, 2));
    t->start = std::chrono::system_clock::time_point(std::chrono::milliseconds(baseSecond * 1000 + ms));
    return t;
}

/// Nearest rank the long way: the smallest sample with at least p% of all samples <= it.
double bruteForcePercentile(const std::vector<double>& samples, double p) {
    double best = 0;
    bool found = false;
    for (double candidate : samples) {
        const auto atOrBelow = std::count_if(samples.begin(), samples.end(),
                                             [&](double x) { return x <= candidate; });
        if (static_cast<double>(atOrBelow) * 100.0 >= p * static_cast<double>(samples.size()) &&
            (!found || candidate < best)) {
            best = candidate;
            found = true;
        }
    }
    return best;
}

const MetricsPoint* pointAt(const std::vector<MetricsPoint>& series, std::int64_t second) {
    for (const MetricsPoint& p : series)
        if (p.second == second) return &p;
    return nullptr;
}

}  // namespace

class TestMetricsModel : public QObject {
    Q_OBJECT

private slots:
    void bucketsPerSecondOfTraceTime() {
        MetricsModel m;
        QSignalSpy changed(&m, &MetricsModel::changed);
        // 3 in second 0, 1 in second 1, none in 2..4, 2 in second 5.
        m.addTrace(*httpAt(1, 0, 1));
        m.addTrace(*httpAt(2, 400, 2));
        m.addTrace(*httpAt(3, 999, 3));
        m.addTrace(*httpAt(4, 1000, 4));
        m.addTrace(*httpAt(5, 5001, 5));
        m.addTrace(*httpAt(6, 5999, 6));
        QVERIFY(changed.count() >= 6);
        QCOMPARE(m.totalRequests(), 6);
        QCOMPARE(m.firstSecond(), baseSecond);
        QCOMPARE(m.lastSecond(), baseSecond + 5);

        const auto s = m.series();
        // 0, 1, zero at 2, zero at 4, 5: a gap is two zero points, not one per idle second.
        QCOMPARE(s.size(), std::size_t(5));
        QCOMPARE(s[0].second, baseSecond);
        QCOMPARE(s[0].requests, 3);
        QCOMPARE(s[1].requests, 1);
        QCOMPARE(s[2].second, baseSecond + 2);
        QCOMPARE(s[2].requests, 0);
        QCOMPARE(s[3].second, baseSecond + 4);
        QCOMPARE(s[3].requests, 0);
        QCOMPARE(s[4].second, baseSecond + 5);
        QCOMPARE(s[4].requests, 2);
        int sum = 0;
        for (const auto& p : s) sum += p.requests;
        QCOMPARE(sum, 6);
        QCOMPARE(s[0].p50, 2.0);
        QCOMPARE(s[0].p99, 3.0);
        QCOMPARE(s[0].latencySamples, 3);
    }

    void percentilesMatchBruteForce() {
        std::mt19937 rng(7);
        std::lognormal_distribution<double> latency(0.0, 1.5);
        const int sizes[] = {1, 2, 3, 7, 20, 99, 100, 101, 1000};
        MetricsModel m;
        trace::TraceId id = 1;
        std::vector<std::vector<double>> expected;
        for (std::size_t b = 0; b < std::size(sizes); ++b) {
            std::vector<double> samples;
            for (int i = 0; i < sizes[b]; ++i) {
                // Round-trip through nanoseconds, as the trace stores the duration.
                const auto ns = static_cast<std::int64_t>(latency(rng) * 1e6);
                samples.push_back(static_cast<double>(ns) / 1e6);
                m.addTrace(*httpAt(id++, static_cast<std::int64_t>(b) * 1000 + (i % 1000),
                                   static_cast<double>(ns) / 1e6));
            }
            expected.push_back(samples);
        }
        const auto s = m.series();
        QCOMPARE(s.size(), std::size(sizes));
        for (std::size_t b = 0; b < s.size(); ++b) {
            QCOMPARE(s[b].latencySamples, sizes[b]);
            QCOMPARE(s[b].p50, bruteForcePercentile(expected[b], 50));
            QCOMPARE(s[b].p95, bruteForcePercentile(expected[b], 95));
            QCOMPARE(s[b].p99, bruteForcePercentile(expected[b], 99));
        }
        // The helper on its own, on edges.
        QCOMPARE(MetricsModel::percentile({}, 50), 0.0);
        QCOMPARE(MetricsModel::percentile({5}, 1), 5.0);
        QCOMPARE(MetricsModel::percentile({1, 2, 3, 4}, 50), 2.0);
        QCOMPARE(MetricsModel::percentile({1, 2, 3, 4}, 51), 3.0);
        QCOMPARE(MetricsModel::percentile({1, 2, 3, 4}, 100), 4.0);
    }

    void percentilesFollowChangesAfterARedraw() {
        // series() keeps each second's percentiles between calls; adding to or removing from a
        // second already drawn must give that second's new figures, and leave the others.
        MetricsModel m;
        const auto a = httpAt(1, 100, 1.0), b = httpAt(2, 200, 2.0), c = httpAt(3, 300, 3.0);
        const auto other = httpAt(4, 1500, 7.0);
        m.addTrace(*a);
        m.addTrace(*other);
        auto s = m.series();
        QCOMPARE(pointAt(s, baseSecond)->p99, 1.0);
        m.addTrace(*b);
        m.addTrace(*c);
        s = m.series();
        QCOMPARE(pointAt(s, baseSecond)->latencySamples, 3);
        QCOMPARE(pointAt(s, baseSecond)->p50, 2.0);
        QCOMPARE(pointAt(s, baseSecond)->p99, 3.0);
        QCOMPARE(pointAt(s, baseSecond + 1)->p50, 7.0);
        m.removeTrace(*c);
        s = m.series();
        QCOMPARE(pointAt(s, baseSecond)->latencySamples, 2);
        QCOMPARE(pointAt(s, baseSecond)->p99, 2.0);
        QCOMPARE(pointAt(s, baseSecond)->p50, 1.0);
        // A window that starts later, then all again: the same figures.
        QCOMPARE(m.series(1).size(), std::size_t(1));
        QCOMPARE(pointAt(m.series(), baseSecond)->p99, 2.0);
    }

    void statusClasses() {
        QCOMPARE(statusClassOf(101), StatusClass::c1xx);
        QCOMPARE(statusClassOf(299), StatusClass::c2xx);
        QCOMPARE(statusClassOf(0), StatusClass::none);
        QCOMPARE(statusClassOf(600), StatusClass::none);
        MetricsModel m;
        const int statuses[] = {200, 204, 301, 404, 404, 500, 503, 503};
        trace::TraceId id = 1;
        for (int st : statuses) m.addTrace(*httpAt(id++, 10, 1, st));
        m.addTrace(*wsAt(id++, 20));  // an accepted WebSocket: 101
        const auto s = m.series();
        QCOMPARE(s.size(), std::size_t(1));
        const auto& c = s[0].statusClasses;
        QCOMPARE(c[0], 1);
        QCOMPARE(c[1], 2);
        QCOMPARE(c[2], 1);
        QCOMPARE(c[3], 2);
        QCOMPARE(c[4], 3);
        QCOMPARE(c[5], 0);
        QCOMPARE(s[0].requests, 9);
        // The WebSocket session counts as a request, not as a latency sample.
        QCOMPARE(s[0].latencySamples, 8);
    }

    void windowTrimming() {
        MetricsModel m;
        m.addTrace(*httpAt(1, 0, 1));            // second 0
        m.addTrace(*httpAt(2, 120'000, 2));      // second 120
        m.addTrace(*httpAt(3, 299'500, 3));      // second 299
        m.addTrace(*httpAt(4, 300'000, 4));      // second 300
        QCOMPARE(m.lastSecond(), baseSecond + 300);
        // Last minute: seconds 241..300.
        auto last = m.series(60);
        int n = 0;
        for (const auto& p : last) {
            QVERIFY(p.second >= baseSecond + 241);
            n += p.requests;
        }
        QCOMPARE(n, 2);
        QVERIFY(pointAt(last, baseSecond + 120) == nullptr);
        // 5 minutes: seconds 1..300 (second 0 just outside).
        n = 0;
        for (const auto& p : m.series(300)) n += p.requests;
        QCOMPARE(n, 3);
        n = 0;
        for (const auto& p : m.series(0)) n += p.requests;
        QCOMPARE(n, 4);
        // The histogram follows the window too.
        auto sum = [](const std::vector<std::uint64_t>& bins) {
            std::uint64_t s = 0;
            for (auto b : bins) s += b;
            return s;
        };
        QCOMPARE(sum(m.histogram(QStringLiteral("user"), 60)), std::uint64_t(2));
        QCOMPARE(sum(m.histogram(QStringLiteral("user"), 0)), std::uint64_t(4));
    }

    void histogramBins() {
        // Every bin's lower bound falls in that bin; the bins are log-spaced.
        for (int i = 0; i < MetricsModel::histogramBins; ++i) {
            QCOMPARE(MetricsModel::binOf(MetricsModel::binLowerMs(i)), i);
            QCOMPARE(MetricsModel::binOf(MetricsModel::binLowerMs(i) * 1.0001), i);
        }
        QCOMPARE(MetricsModel::binLowerMs(MetricsModel::binsPerDecade) / MetricsModel::binLowerMs(0), 10.0);
        QCOMPARE(MetricsModel::binOf(0), 0);
        QCOMPARE(MetricsModel::binOf(-3), 0);
        QCOMPARE(MetricsModel::binOf(1e9), MetricsModel::histogramBins - 1);

        MetricsModel m;
        m.addTrace(*httpAt(1, 0, 1.5, 200, "user"));
        m.addTrace(*httpAt(2, 0, 1.6, 200, "user"));
        m.addTrace(*httpAt(3, 0, 150, 200, "user"));
        m.addTrace(*httpAt(4, 0, 2, 404, ""));  // no route matched
        QCOMPARE(m.routes(), QStringList({MetricsModel::noRouteName(), QStringLiteral("user")}));
        const auto bins = m.histogram(QStringLiteral("user"));
        QCOMPARE(bins[static_cast<std::size_t>(MetricsModel::binOf(1.5))], std::uint64_t(2));
        QCOMPARE(bins[static_cast<std::size_t>(MetricsModel::binOf(150))], std::uint64_t(1));
        QVERIFY(MetricsModel::binOf(1.5) != MetricsModel::binOf(150));
        QCOMPARE(m.histogram(MetricsModel::noRouteName())[static_cast<std::size_t>(MetricsModel::binOf(2))],
                 std::uint64_t(1));
        QCOMPARE(m.histogram(QStringLiteral("nope")), std::vector<std::uint64_t>(MetricsModel::histogramBins, 0));
    }

    void followsStoreDropsAndClear() {
        TraceStore store;
        store.setCap(5);
        // Three traces before the model follows the store: counted from its contents.
        trace::TraceBatch first;
        for (int i = 0; i < 3; ++i) first.push_back(httpAt(trace::TraceId(i + 1), i * 1000, 1.0 + i));
        store.addTraces(first);
        MetricsModel m;
        m.setStore(&store);
        QCOMPARE(m.totalRequests(), 3);
        // Five more: the cap drops the three oldest (seconds 0..2).
        trace::TraceBatch more;
        for (int i = 3; i < 8; ++i) more.push_back(httpAt(trace::TraceId(i + 1), i * 1000, 1.0 + i));
        store.addTraces(more);
        QCOMPARE(store.count(), 5);
        QCOMPARE(m.totalRequests(), 5);
        QCOMPARE(m.firstSecond(), baseSecond + 3);
        QCOMPARE(m.lastSecond(), baseSecond + 7);
        const auto s = m.series();
        QCOMPARE(s.size(), std::size_t(5));
        QCOMPARE(s.front().p50, 4.0);
        QCOMPARE(m.histogram(QStringLiteral("user")).size(), std::size_t(MetricsModel::histogramBins));
        std::uint64_t inHistogram = 0;
        for (auto b : m.histogram(QStringLiteral("user"))) inHistogram += b;
        QCOMPARE(inHistogram, std::uint64_t(5));

        store.clear();
        QCOMPARE(m.totalRequests(), 0);
        QVERIFY(m.isEmpty());
        QVERIFY(m.series().empty());
        QVERIFY(m.routes().isEmpty());

        // Removing a trace never counted is harmless.
        m.removeTrace(*httpAt(99, 0, 1));
        QCOMPARE(m.totalRequests(), 0);
        // Lifespan traces are not exchanges.
        auto life = std::make_shared<trace::Trace>();
        life->kind = trace::TraceKind::lifespan;
        m.addTrace(*life);
        QCOMPARE(m.totalRequests(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMetricsModel)
#include "test_metrics_model.moc"
