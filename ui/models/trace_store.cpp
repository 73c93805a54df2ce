#include "models/trace_store.hpp"

#include <algorithm>

#include <QMetaObject>

namespace asgiscope::ui {

TraceStore::TraceStore(QObject* parent) : QObject(parent) {}

TraceStore::~TraceStore() {
    // After this returns the hub's callback is not running and will not run again.
    subscription_.unsubscribe();
}

void TraceStore::subscribeTo(const std::shared_ptr<trace::TraceHub>& hub, bool replayKept) {
    subscription_.unsubscribe();
    if (!hub) return;
    trace::SubscribeOptions options;
    options.replay_kept = replayKept;
    // The callback runs on the hub's delivery thread and only posts the batch to this object's
    // thread. The destructor unsubscribes first, so `this` is alive whenever the callback
    // runs; a posted call still queued when the store goes is discarded by Qt with it.
    subscription_ = hub->subscribe(
        [this](const trace::TraceBatch& batch) {
            QMetaObject::invokeMethod(this, [this, batch] { addTraces(batch); }, Qt::QueuedConnection);
        },
        options);
}

std::uint64_t TraceStore::missedByHub() const { return subscription_.missed(); }

TracePtr TraceStore::find(trace::TraceId id) const {
    auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : it->second;
}

void TraceStore::setCap(int cap) {
    cap_ = std::max(1, cap);
    dropOldest(overflow(0, 0));
}

void TraceStore::setByteCap(std::size_t bytes) {
    byteCap_ = bytes;
    dropOldest(overflow(0, 0));
}

int TraceStore::overflow(int extraCount, std::size_t extraBytes) const {
    int n = std::max(0, count() + extraCount - cap_);
    std::size_t kept = bytes_;
    for (int i = 0; i < n; ++i) kept -= at(i)->bytes;
    while (n < count() && kept + extraBytes > byteCap_) kept -= at(n++)->bytes;
    return n;
}

void TraceStore::addTraces(const trace::TraceBatch& batch) {
    if (batch.empty()) return;
    if (paused_) {
        for (const auto& t : batch)
            if (t) held_.push_back(t);
        emit heldCountChanged(heldCount());
        return;
    }
    append(batch);
}

void TraceStore::append(const trace::TraceBatch& batch) {
    trace::TraceBatch fresh;
    fresh.reserve(batch.size());
    for (const auto& t : batch)
        if (t) fresh.push_back(t);
    if (fresh.empty()) return;
    // A batch larger than the cap keeps only its newest part.
    if (fresh.size() > static_cast<std::size_t>(cap_)) {
        dropped_ += fresh.size() - static_cast<std::size_t>(cap_);
        fresh.erase(fresh.begin(), fresh.end() - cap_);
    }
    std::size_t freshBytes = 0;
    for (const auto& t : fresh) freshBytes += t->bytes;
    dropOldest(overflow(static_cast<int>(fresh.size()), freshBytes));
    const int first = count();
    for (auto& t : fresh) {
        bytes_ += t->bytes;
        byId_[t->id] = t;
        traces_.push_back(std::move(t));
    }
    emit tracesAdded(first, count() - first);
}

void TraceStore::dropOldest(int n) {
    n = std::min(n, count());
    if (n <= 0) return;
    emit tracesAboutToBeDropped(n);
    for (int i = 0; i < n; ++i) {
        const TracePtr& t = traces_.front();
        auto it = byId_.find(t->id);
        if (it != byId_.end() && it->second == t) byId_.erase(it);
        bytes_ -= t->bytes;
        traces_.pop_front();
    }
    dropped_ += static_cast<std::uint64_t>(n);
    emit tracesDropped(n);
}

void TraceStore::clear() {
    const bool hadHeld = !held_.empty();
    traces_.clear();
    byId_.clear();
    bytes_ = 0;
    held_.clear();
    dropped_ = 0;
    emit cleared();
    if (hadHeld) emit heldCountChanged(0);
}

void TraceStore::setPaused(bool paused) {
    if (paused == paused_) return;
    paused_ = paused;
    if (!paused_ && !held_.empty()) {
        trace::TraceBatch held;
        held.swap(held_);
        append(held);
        emit heldCountChanged(0);
    }
    emit pausedChanged(paused_);
}

}  // namespace asgiscope::ui
