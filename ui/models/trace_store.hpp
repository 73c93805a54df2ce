// TraceStore: the session's traces as the panels see them, in arrival order, on the GUI thread.
//
// Fed by a trace::TraceHub (its batches are handed to the GUI thread with a queued call) or
// directly with addTraces() (opened files, tests). Views follow it through three signals:
// tracesAboutToBeDropped/tracesDropped (the oldest go when the cap is reached) and tracesAdded.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>

#include <QObject>

#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/trace.hpp>

namespace asgiscope::ui {

using TracePtr = std::shared_ptr<const trace::Trace>;

/// The traces of a session in arrival order, looked up by id; lives on the GUI thread.
class TraceStore : public QObject {
    Q_OBJECT
public:
    static constexpr int defaultCap = 100000;
    static constexpr std::size_t defaultByteCap = std::size_t(512) * 1024 * 1024;

    explicit TraceStore(QObject* parent = nullptr);
    ~TraceStore() override;

    /// Receives the hub's traces from now on (and those it keeps now when `replayKept`),
    /// replacing an earlier subscription. Null unsubscribes.
    void subscribeTo(const std::shared_ptr<trace::TraceHub>& hub, bool replayKept = true);
    /// Traces the hub dropped before they reached this store.
    std::uint64_t missedByHub() const;

    int count() const { return static_cast<int>(traces_.size()); }
    /// The i-th kept trace, oldest first (0 <= i < count()).
    const TracePtr& at(int i) const { return traces_[static_cast<std::size_t>(i)]; }
    /// The kept trace with this id, or null.
    TracePtr find(trace::TraceId id) const;

    /// At most this many traces are kept; the oldest are dropped first (at least 1).
    int cap() const { return cap_; }
    void setCap(int cap);
    /// At most about this many bytes of traces (trace::Trace::bytes) are kept, the oldest
    /// dropped first; the newest batch is always kept whole.
    std::size_t byteCap() const { return byteCap_; }
    void setByteCap(std::size_t bytes);
    /// Bytes of the kept traces (trace::Trace::bytes summed).
    std::size_t bytes() const { return bytes_; }
    /// Traces dropped because of the caps since the store was made or cleared.
    std::uint64_t droppedCount() const { return dropped_; }

    bool isPaused() const { return paused_; }
    /// Traces received while paused, waiting for resume.
    int heldCount() const { return static_cast<int>(held_.size()); }

public slots:
    /// Appends a batch (oldest first); null entries are ignored. While paused they are held.
    void addTraces(const trace::TraceBatch& batch);
    /// Forgets every kept and held trace.
    void clear();
    /// Pausing holds new traces back; resuming appends them.
    void setPaused(bool paused);

signals:
    void tracesAdded(int first, int count);
    /// The `count` oldest traces (at(0) .. at(count - 1)) are about to go.
    void tracesAboutToBeDropped(int count);
    void tracesDropped(int count);
    void cleared();
    void pausedChanged(bool paused);
    void heldCountChanged(int held);

private:
    void append(const trace::TraceBatch& batch);
    void dropOldest(int n);
    /// How many of the oldest must go for `extraCount` traces of `extraBytes` to fit.
    int overflow(int extraCount, std::size_t extraBytes) const;

    std::deque<TracePtr> traces_;
    std::unordered_map<trace::TraceId, TracePtr> byId_;
    trace::TraceBatch held_;
    int cap_ = defaultCap;
    std::size_t byteCap_ = defaultByteCap;
    std::size_t bytes_ = 0;
    bool paused_ = false;
    std::uint64_t dropped_ = 0;
    trace::TraceHub::Subscription subscription_;
};

}  // namespace asgiscope::ui
