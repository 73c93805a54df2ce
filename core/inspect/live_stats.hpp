// LiveStats: running counters per route and per layer of an application, fed from its traces
// (the desktop app's Routes and Middleware panels show them next to the tree and the stack).
//
// Latencies and self times go into a fixed-bucket histogram: logarithmic buckets, 16 per
// doubling, from 1 µs (everything faster falls in the first bucket) to about 73 minutes
// (everything slower in the last one). Memory is fixed however many requests arrive; a
// percentile is the upper edge of the bucket holding it, clamped to the largest value seen,
// so it is at most 1/16 (about 4.4 %) above the exact figure. Count, sum, min and max are exact.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/trace.hpp>

namespace asgiscope::inspect {

/// A bounded histogram of durations in nanoseconds (see the file comment for its precision).
class DurationHistogram {
public:
    static constexpr int sub_buckets = 16;  ///< per doubling
    static constexpr int first_power = 10;  ///< the first bucket ends at 2^10 ns (about 1 µs)
    static constexpr int last_power = 42;   ///< the last regular bucket ends at 2^42 ns
    static constexpr std::size_t bucket_count = std::size_t(last_power - first_power) * sub_buckets + 2;

    void add(std::int64_t ns);
    std::uint64_t count() const { return count_; }
    std::int64_t min() const { return count_ ? min_ : 0; }
    std::int64_t max() const { return count_ ? max_ : 0; }
    std::int64_t mean() const { return count_ ? std::int64_t(sum_ / double(count_)) : 0; }
    /// The `q`-quantile (0 < q <= 1) as described above; 0 when empty.
    std::int64_t percentile(double q) const;

    /// The bucket `ns` falls in, and the largest duration that bucket holds.
    static std::size_t bucket_of(std::int64_t ns);
    static std::int64_t upper_edge(std::size_t bucket);

private:
    std::array<std::uint32_t, bucket_count> buckets_{};
    std::uint64_t count_ = 0;
    double sum_ = 0;
    std::int64_t min_ = 0;
    std::int64_t max_ = 0;
};

/// Percentiles of a histogram, in nanoseconds.
struct LatencySummary {
    std::uint64_t count = 0;
    std::int64_t mean_ns = 0;
    std::int64_t p50_ns = 0;
    std::int64_t p95_ns = 0;
    std::int64_t p99_ns = 0;
    std::int64_t max_ns = 0;
};

LatencySummary summarize(const DurationHistogram& histogram);

/// One route's counters. A route is the innermost Route, WebSocketRoute or Mount a request
/// was routed to, keyed by its full pattern and qualified name as inspect::describe() gives
/// them (RouteInfo::full_path, RouteInfo::qualified_name).
struct RouteStats {
    std::string pattern;  ///< full path: "/api/todos/{id:int}", "/static"
    std::string name;     ///< qualified: "api:todo"; "" if unnamed
    trace::SpanKind kind = trace::SpanKind::route;  ///< route or mount
    std::uint64_t hits = 0;
    /// Responses by class: [0] 1xx (101 for an accepted WebSocket) ... [4] 5xx.
    std::array<std::uint64_t, 5> status_classes{};
    /// Requests that ended without a status (the client went away first).
    std::uint64_t no_status = 0;
    int last_status = 0;  ///< 0: none yet (or none sent)
    LatencySummary latency;  ///< of the whole request (Trace::duration_ns)
};

/// One layer of the application's stack: ServerErrorMiddleware, the user middleware,
/// ExceptionMiddleware and the application's Router (the spans from the outermost down to and
/// including the first Router; a mounted Router counts under its route).
struct LayerStats {
    std::string name;  ///< the span name: "GZipMiddleware", "Router"
    std::uint64_t requests = 0;
    /// It answered without calling the layer inside it (Span::short_circuited).
    std::uint64_t short_circuits = 0;
    /// An exception was raised in it or left it (SpanException::raised_here or escaped).
    std::uint64_t errors = 0;
    /// It caught an exception from inside (SpanException::handled_here).
    std::uint64_t handled = 0;
    LatencySummary self_time;  ///< Span::self_ns
};

/// Everything at one moment.
struct LiveStatsSnapshot {
    std::uint64_t requests = 0;  ///< HTTP requests and WebSocket sessions counted (no lifespan)
    std::uint64_t unmatched = 0;  ///< no route took them (404, a redirect_slashes 307, ...)
    std::array<std::uint64_t, 5> status_classes{};
    std::vector<RouteStats> routes;  ///< in order of first hit
    std::vector<LayerStats> layers;  ///< outermost first (in order of first appearance)

    /// The route with this full pattern and qualified name, if it was hit.
    const RouteStats* find_route(std::string_view pattern, std::string_view name) const;
    const LayerStats* find_layer(std::string_view name) const;
};

/// The status a client got for a trace: the outermost span's http.response.start (or
/// websocket.http.response.start); 101 for an accepted WebSocket, 403 for one closed before
/// accepting; 0 when none was sent.
int response_status(const trace::Trace& trace);

/// Counters fed with traces from any thread (thread-safe); lifespan traces are ignored.
class LiveStats {
public:
    LiveStats() = default;
    LiveStats(const LiveStats&) = delete;
    LiveStats& operator=(const LiveStats&) = delete;

    void add(const trace::Trace& trace);
    void add(const trace::TraceBatch& batch);
    LiveStatsSnapshot snapshot() const;
    void reset();

private:
    struct RouteEntry {
        RouteStats stats;
        DurationHistogram latency;
    };
    struct LayerEntry {
        LayerStats stats;
        DurationHistogram self;
    };
    void add_locked(const trace::Trace& trace);

    mutable std::mutex mutex_;
    std::uint64_t requests_ = 0;
    std::uint64_t unmatched_ = 0;
    std::array<std::uint64_t, 5> status_classes_{};
    std::vector<RouteEntry> routes_;
    std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> route_index_;
    std::vector<LayerEntry> layers_;
    std::map<std::string, std::size_t, std::less<>> layer_index_;
};

}  // namespace asgiscope::inspect
