// MetricsModel: the session's traffic bucketed per second of the traces' own start times, for
// the Metrics panel's plots (requests/s, latency percentiles, status classes, per-route
// latency histogram).
//
// Widget-free. It follows a TraceStore (tracesAdded, tracesAboutToBeDropped, cleared) and keeps
// exactly the traces the store keeps, so opened trace files plot at the time they were taken,
// never at the wall clock's. Latency is a trace's duration; it is counted for HTTP exchanges
// only (a WebSocket session's length is not a latency), while requests/s and status classes
// count HTTP exchanges and WebSocket sessions alike. Lifespan traces are ignored.
//
// Percentiles are exact: nearest rank over the samples of the bucket (the smallest sample with
// at least p% of the samples at or below it). Every sample is kept, as the store keeps every
// trace; the cost is one double and one route index per exchange. A bucket's percentiles are
// computed when series() first needs them after the bucket changed, and kept: a redraw sorts
// only the seconds that changed since the last one (under live traffic, the current second).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QStringList>

#include "models/trace_store.hpp"

namespace asgiscope::ui {

/// Status classes counted per bucket: 1xx .. 5xx, and exchanges that got no response.
enum class StatusClass { c1xx, c2xx, c3xx, c4xx, c5xx, none };
inline constexpr int statusClassCount = 6;
/// The class of a status (0 or out of range: none).
StatusClass statusClassOf(int status);

/// One second of traffic, as the plots read it.
struct MetricsPoint {
    /// Start of the second, in seconds since the Unix epoch.
    std::int64_t second = 0;
    int requests = 0;
    /// Latency percentiles in milliseconds over the second's HTTP exchanges; 0 when it had none
    /// (see latencySamples).
    double p50 = 0;
    double p95 = 0;
    double p99 = 0;
    int latencySamples = 0;
    std::array<int, statusClassCount> statusClasses{};
};

/// Per-second buckets of a session's exchanges.
class MetricsModel : public QObject {
    Q_OBJECT
public:
    /// The per-route histogram's bins: log-spaced, `binsPerDecade` per decade from 1 µs up to
    /// 100 s; the first and last bins also take what falls outside.
    static constexpr int binsPerDecade = 4;
    static constexpr int histogramBins = 8 * binsPerDecade;  // 1e-3 ms .. 1e5 ms
    static constexpr double histogramMinMs = 1e-3;
    /// Bin i covers [binLowerMs(i), binLowerMs(i + 1)).
    static double binLowerMs(int bin);
    static int binOf(double ms);
    /// The name under which exchanges no route matched are listed.
    static QString noRouteName() { return tr("(no route)"); }

    explicit MetricsModel(QObject* parent = nullptr);

    /// Follows `store` from now on (null: none), starting from what it holds now.
    void setStore(TraceStore* store);
    TraceStore* store() const { return store_; }

    /// Counts one trace (lifespan traces are ignored); removes one counted earlier.
    void addTrace(const trace::Trace& t);
    void removeTrace(const trace::Trace& t);
    void clear();

    /// Exchanges counted (HTTP and WebSocket).
    int totalRequests() const { return total_; }
    bool isEmpty() const { return buckets_.empty(); }
    /// The first and last second with traffic (0 when empty).
    std::int64_t firstSecond() const;
    std::int64_t lastSecond() const;

    /// One point per second with traffic within the window, oldest first: the seconds from
    /// lastSecond() - windowSeconds + 1 to lastSecond() (windowSeconds <= 0: all). Seconds
    /// without traffic inside a gap are represented by zero points at both ends of the gap,
    /// so a step plot drops to zero without one point per idle second.
    std::vector<MetricsPoint> series(int windowSeconds = 0) const;

    /// The routes seen, sorted (route names; noRouteName() for unmatched).
    QStringList routes() const;
    /// Latency histogram of one route's HTTP exchanges within the window (as series()).
    std::vector<std::uint64_t> histogram(const QString& route, int windowSeconds = 0) const;

    /// Exact nearest-rank percentile (0 < p <= 100) of `sorted` (ascending); 0 when empty.
    static double percentile(const std::vector<double>& sorted, double p);

signals:
    /// The counts changed (the panel redraws on its own timer, not per signal).
    void changed();

private:
    struct Sample {
        double ms = 0;
        int route = 0;
    };
    struct Bucket {
        int requests = 0;
        std::array<int, statusClassCount> classes{};
        std::deque<Sample> samples;  // in arrival order: the store drops the oldest, at the front
        // The percentiles of `samples`, valid unless `stale` (set whenever samples change).
        mutable bool stale = true;
        mutable double p50 = 0, p95 = 0, p99 = 0;
    };
    /// Recomputes `b`'s percentiles if samples changed since they were last computed.
    static void refreshPercentiles(const Bucket& b);
    static std::int64_t secondOf(const trace::Trace& t);
    int routeIndex(const std::string& name);
    void apply(const trace::Trace& t, int sign);
    /// The first second of the window (windowSeconds <= 0: all).
    std::int64_t windowStart(int windowSeconds) const;

    QPointer<TraceStore> store_;
    std::map<std::int64_t, Bucket> buckets_;
    std::vector<std::string> routeNames_;
    std::vector<int> routeUse_;  // samples per route index; a route with 0 is not listed
    int total_ = 0;
};

}  // namespace asgiscope::ui
