#include <asgiscope/inspect/live_stats.hpp>

#include <algorithm>
#include <optional>
#include <bit>
#include <cmath>
#include <limits>

namespace asgiscope::inspect {

// ---- DurationHistogram ------------------------------------------------------------------

std::size_t DurationHistogram::bucket_of(std::int64_t ns) {
    if (ns <= (std::int64_t(1) << first_power)) return 0;
    if (ns > (std::int64_t(1) << last_power)) return bucket_count - 1;
    // Upper edges are inclusive: (edge - step, edge] holds edge.
    const auto v = std::uint64_t(ns - 1);
    const int power = std::bit_width(v) - 1;
    const auto sub = std::size_t((v >> (power - 4)) & (sub_buckets - 1));
    return 1 + std::size_t(power - first_power) * sub_buckets + sub;
}

std::int64_t DurationHistogram::upper_edge(std::size_t bucket) {
    if (bucket == 0) return std::int64_t(1) << first_power;
    if (bucket >= bucket_count - 1) return std::numeric_limits<std::int64_t>::max();
    const std::size_t k = bucket - 1;
    const int power = first_power + int(k / sub_buckets);
    const auto sub = std::int64_t(k % sub_buckets);
    return (std::int64_t(1) << power) + (sub + 1) * (std::int64_t(1) << (power - 4));
}

void DurationHistogram::add(std::int64_t ns) {
    ns = std::max<std::int64_t>(ns, 0);
    auto& bucket = buckets_[bucket_of(ns)];
    if (bucket < std::numeric_limits<std::uint32_t>::max()) ++bucket;
    if (count_ == 0 || ns < min_) min_ = ns;
    if (count_ == 0 || ns > max_) max_ = ns;
    ++count_;
    sum_ += double(ns);
}

std::int64_t DurationHistogram::percentile(double q) const {
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    std::uint64_t total = 0;
    for (auto b : buckets_) total += b;
    const auto rank = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(q * double(total))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::clamp(upper_edge(i), min_, max_);
    }
    return max_;
}

LatencySummary summarize(const DurationHistogram& h) {
    return {.count = h.count(),
            .mean_ns = h.mean(),
            .p50_ns = h.percentile(0.50),
            .p95_ns = h.percentile(0.95),
            .p99_ns = h.percentile(0.99),
            .max_ns = h.max()};
}

// ---- helpers ----------------------------------------------------------------------------

namespace {

/// "Route /users/{id}" → "/users/{id}"; "Mount /api" → "/api".
std::string_view detail_of(std::string_view span_name) {
    const auto space = span_name.find(' ');
    return space == std::string_view::npos ? std::string_view() : span_name.substr(space + 1);
}

int status_class(int status) { return status >= 100 && status < 600 ? status / 100 - 1 : -1; }

}  // namespace

int response_status(const trace::Trace& trace) {
    if (trace.spans.empty()) return 0;
    for (const auto& m : trace.spans.front().messages) {
        if (m.direction != trace::Direction::send) continue;
        if (m.type == "http.response.start" || m.type == "websocket.http.response.start") return m.status;
        if (m.type == "websocket.accept") return 101;
        if (m.type == "websocket.close") return 403;  // closed before accepting
    }
    return 0;
}

const RouteStats* LiveStatsSnapshot::find_route(std::string_view pattern, std::string_view name) const {
    for (const auto& r : routes)
        if (r.pattern == pattern && r.name == name) return &r;
    return nullptr;
}

const LayerStats* LiveStatsSnapshot::find_layer(std::string_view name) const {
    for (const auto& l : layers)
        if (l.name == name) return &l;
    return nullptr;
}

// ---- LiveStats --------------------------------------------------------------------------

void LiveStats::add(const trace::Trace& trace) {
    std::lock_guard lock(mutex_);
    add_locked(trace);
}

void LiveStats::add(const trace::TraceBatch& batch) {
    std::lock_guard lock(mutex_);
    for (const auto& t : batch)
        if (t) add_locked(*t);
}

void LiveStats::add_locked(const trace::Trace& t) {
    if (t.kind == trace::TraceKind::lifespan || t.spans.empty()) return;
    ++requests_;
    const int status = response_status(t);
    const int cls = status_class(status);
    if (cls >= 0) ++status_classes_[std::size_t(cls)];

    // The route: the innermost Route/WebSocketRoute span, else the innermost Mount (an app
    // mounted without routes, such as StaticFiles).
    std::optional<std::size_t> target;
    for (std::size_t i = t.spans.size(); i-- > 0;)
        if (t.spans[i].kind == trace::SpanKind::route) {
            target = i;
            break;
        }
    if (!target)
        for (std::size_t i = t.spans.size(); i-- > 0;)
            if (t.spans[i].kind == trace::SpanKind::mount) {
                target = i;
                break;
            }
    if (!target) {
        ++unmatched_;
    } else {
        const trace::Span& span = t.spans[*target];
        std::string pattern(detail_of(span.name));
        for (int p = span.parent; p >= 0 && std::size_t(p) < t.spans.size(); p = t.spans[std::size_t(p)].parent)
            if (t.spans[std::size_t(p)].kind == trace::SpanKind::mount)
                pattern.insert(0, detail_of(t.spans[std::size_t(p)].name));
        auto key = std::make_pair(std::move(pattern), span.scope.route_name);
        auto it = route_index_.find(key);
        if (it == route_index_.end()) {
            RouteEntry entry;
            entry.stats.pattern = key.first;
            entry.stats.name = key.second;
            entry.stats.kind = span.kind;
            routes_.push_back(std::move(entry));
            it = route_index_.emplace(std::move(key), routes_.size() - 1).first;
        }
        RouteEntry& entry = routes_[it->second];
        ++entry.stats.hits;
        if (cls >= 0) ++entry.stats.status_classes[std::size_t(cls)];
        else ++entry.stats.no_status;
        entry.stats.last_status = status;
        entry.latency.add(t.duration_ns);
    }

    // The application's stack: middleware spans down to the first Router.
    for (const trace::Span& span : t.spans) {
        if (span.kind != trace::SpanKind::middleware && span.kind != trace::SpanKind::router) break;
        auto it = layer_index_.find(span.name);
        if (it == layer_index_.end()) {
            LayerEntry entry;
            entry.stats.name = span.name;
            layers_.push_back(std::move(entry));
            it = layer_index_.emplace(span.name, layers_.size() - 1).first;
        }
        LayerEntry& entry = layers_[it->second];
        ++entry.stats.requests;
        if (span.short_circuited) ++entry.stats.short_circuits;
        if (span.exception) {
            if (span.exception->raised_here || span.exception->escaped) ++entry.stats.errors;
            if (span.exception->handled_here) ++entry.stats.handled;
        }
        entry.self.add(span.self_ns);
        if (span.kind == trace::SpanKind::router) break;
    }
}

LiveStatsSnapshot LiveStats::snapshot() const {
    std::lock_guard lock(mutex_);
    LiveStatsSnapshot s;
    s.requests = requests_;
    s.unmatched = unmatched_;
    s.status_classes = status_classes_;
    s.routes.reserve(routes_.size());
    for (const auto& r : routes_) {
        s.routes.push_back(r.stats);
        s.routes.back().latency = summarize(r.latency);
    }
    s.layers.reserve(layers_.size());
    for (const auto& l : layers_) {
        s.layers.push_back(l.stats);
        s.layers.back().self_time = summarize(l.self);
    }
    return s;
}

void LiveStats::reset() {
    std::lock_guard lock(mutex_);
    requests_ = 0;
    unmatched_ = 0;
    status_classes_ = {};
    routes_.clear();
    route_index_.clear();
    layers_.clear();
    layer_index_.clear();
}

}  // namespace asgiscope::inspect
