#include "models/metrics_model.hpp"

#include <algorithm>
#include <cmath>

#include "models/exchange_summary.hpp"

namespace asgiscope::ui {

StatusClass statusClassOf(int status) {
    if (status < 100 || status > 599) return StatusClass::none;
    return static_cast<StatusClass>(status / 100 - 1);
}

double MetricsModel::binLowerMs(int bin) {
    return histogramMinMs * std::pow(10.0, static_cast<double>(bin) / binsPerDecade);
}

int MetricsModel::binOf(double ms) {
    if (!(ms > histogramMinMs)) return 0;
    int bin = static_cast<int>(std::floor(std::log10(ms / histogramMinMs) * binsPerDecade));
    // Guard the floating-point edge: the bin's lower bound must not exceed the sample.
    if (bin > 0 && binLowerMs(bin) > ms) --bin;
    if (bin + 1 < histogramBins && binLowerMs(bin + 1) <= ms) ++bin;
    return std::clamp(bin, 0, histogramBins - 1);
}

MetricsModel::MetricsModel(QObject* parent) : QObject(parent) {}

void MetricsModel::setStore(TraceStore* store) {
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    clear();
    if (!store) return;
    for (int i = 0; i < store->count(); ++i) addTrace(*store->at(i));
    connect(store, &TraceStore::tracesAdded, this, [this](int first, int count) {
        for (int i = first; i < first + count; ++i) addTrace(*store_->at(i));
    });
    // The dropped traces are still in the store when it announces them: take them back out.
    connect(store, &TraceStore::tracesAboutToBeDropped, this, [this](int count) {
        for (int i = 0; i < count && i < store_->count(); ++i) removeTrace(*store_->at(i));
    });
    connect(store, &TraceStore::cleared, this, &MetricsModel::clear);
    emit changed();
}

std::int64_t MetricsModel::secondOf(const trace::Trace& t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.start.time_since_epoch()).count();
    // Floor division: a start before the epoch still lands in the second that holds it.
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

int MetricsModel::routeIndex(const std::string& name) {
    const auto it = std::find(routeNames_.begin(), routeNames_.end(), name);
    if (it != routeNames_.end()) return static_cast<int>(it - routeNames_.begin());
    routeNames_.push_back(name);
    routeUse_.push_back(0);
    return static_cast<int>(routeNames_.size()) - 1;
}

void MetricsModel::addTrace(const trace::Trace& t) { apply(t, +1); }

void MetricsModel::removeTrace(const trace::Trace& t) { apply(t, -1); }

void MetricsModel::apply(const trace::Trace& t, int sign) {
    if (!isExchange(t)) return;
    const TracePtr view(TracePtr(), &t);  // non-owning: summarize() only reads it
    const ExchangeSummary s = summarize(view);
    const std::int64_t second = secondOf(t);
    const bool http = t.kind == trace::TraceKind::http;
    const double ms = static_cast<double>(t.duration_ns) / 1e6;
    const std::string route =
        s.routeName.empty() ? noRouteName().toStdString() : std::string(s.routeName);

    if (sign > 0) {
        Bucket& b = buckets_[second];
        ++b.requests;
        ++b.classes[static_cast<std::size_t>(statusClassOf(s.status))];
        if (http) {
            const int r = routeIndex(route);
            b.samples.push_back({ms, r});
            b.stale = true;
            ++routeUse_[static_cast<std::size_t>(r)];
        }
        ++total_;
    } else {
        const auto it = buckets_.find(second);
        if (it == buckets_.end()) return;  // never counted
        Bucket& b = it->second;
        --b.requests;
        --b.classes[static_cast<std::size_t>(statusClassOf(s.status))];
        if (http) {
            const int r = routeIndex(route);
            const auto sample = std::find_if(b.samples.begin(), b.samples.end(), [&](const Sample& x) {
                return x.route == r && x.ms == ms;
            });
            if (sample != b.samples.end()) {
                b.samples.erase(sample);
                b.stale = true;
                --routeUse_[static_cast<std::size_t>(r)];
            }
        }
        --total_;
        if (b.requests <= 0) buckets_.erase(it);
    }
    emit changed();
}

void MetricsModel::clear() {
    buckets_.clear();
    routeNames_.clear();
    routeUse_.clear();
    total_ = 0;
    emit changed();
}

std::int64_t MetricsModel::firstSecond() const {
    return buckets_.empty() ? 0 : buckets_.begin()->first;
}

std::int64_t MetricsModel::lastSecond() const {
    return buckets_.empty() ? 0 : buckets_.rbegin()->first;
}

std::int64_t MetricsModel::windowStart(int windowSeconds) const {
    if (windowSeconds <= 0 || buckets_.empty()) return firstSecond();
    return lastSecond() - windowSeconds + 1;
}

double MetricsModel::percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const double n = static_cast<double>(sorted.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

void MetricsModel::refreshPercentiles(const Bucket& b) {
    if (!b.stale) return;
    std::vector<double> latencies;
    latencies.reserve(b.samples.size());
    for (const Sample& s : b.samples) latencies.push_back(s.ms);
    std::sort(latencies.begin(), latencies.end());
    b.p50 = percentile(latencies, 50);
    b.p95 = percentile(latencies, 95);
    b.p99 = percentile(latencies, 99);
    b.stale = false;
}

std::vector<MetricsPoint> MetricsModel::series(int windowSeconds) const {
    std::vector<MetricsPoint> out;
    const std::int64_t from = windowStart(windowSeconds);
    for (auto it = buckets_.lower_bound(from); it != buckets_.end(); ++it) {
        const Bucket& b = it->second;
        if (!out.empty() && it->first > out.back().second + 1) {
            // A gap: zero at its first and last idle second.
            MetricsPoint zero;
            zero.second = out.back().second + 1;
            out.push_back(zero);
            if (it->first - 1 > zero.second) {
                zero.second = it->first - 1;
                out.push_back(zero);
            }
        }
        MetricsPoint p;
        p.second = it->first;
        p.requests = b.requests;
        p.statusClasses = b.classes;
        refreshPercentiles(b);
        p.latencySamples = static_cast<int>(b.samples.size());
        p.p50 = b.p50;
        p.p95 = b.p95;
        p.p99 = b.p99;
        out.push_back(p);
    }
    return out;
}

QStringList MetricsModel::routes() const {
    QStringList out;
    for (std::size_t i = 0; i < routeNames_.size(); ++i)
        if (routeUse_[i] > 0) out << QString::fromStdString(routeNames_[i]);
    out.sort();
    return out;
}

std::vector<std::uint64_t> MetricsModel::histogram(const QString& route, int windowSeconds) const {
    std::vector<std::uint64_t> bins(histogramBins, 0);
    const std::string name = route.toStdString();
    const auto found = std::find(routeNames_.begin(), routeNames_.end(), name);
    if (found == routeNames_.end()) return bins;
    const int r = static_cast<int>(found - routeNames_.begin());
    for (auto it = buckets_.lower_bound(windowStart(windowSeconds)); it != buckets_.end(); ++it)
        for (const Sample& s : it->second.samples)
            if (s.route == r) ++bins[static_cast<std::size_t>(binOf(s.ms))];
    return bins;
}

}  // namespace asgiscope::ui
