// ReplayRunner: replays recorded exchanges against a live server (trace::replay) on a worker
// thread of its own, one exchange at a time, and reports each result back to the GUI thread
// with queued calls. cancel() stops before the next exchange (the one under way finishes or
// times out); what was not replayed is reported as skipped.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include <QObject>
#include <QString>

#include <asgiscope/trace/replay.hpp>

class QThread;

namespace asgiscope::ui {

/// Runs one batch at a time off the GUI thread; every signal is emitted on the runner's thread.
class ReplayRunner : public QObject {
    Q_OBJECT
public:
    explicit ReplayRunner(QObject* parent = nullptr);
    /// Cancels a batch under way and waits for its thread.
    ~ReplayRunner() override;

    bool isRunning() const { return thread_ != nullptr; }
    /// Each exchange's deadline (trace::ReplayOptions::timeout).
    void setTimeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

    /// Replays `batch` (row, exchange) against `target` ("http://127.0.0.1:8000"). False, with
    /// failed() emitted, when a batch is under way or the target is not an http:// URL.
    bool start(std::vector<std::pair<int, trace::Exchange>> batch, const QString& target);

public slots:
    /// Stops after the exchange under way; finished(true) follows.
    void cancel();

signals:
    void rowStarted(int row);
    void resultReady(int row, const asgiscope::trace::ReplayResult& result);
    void progress(int done, int total);
    /// The batch ended; `cancelled`: cancel() stopped it before the end.
    void finished(bool cancelled);
    /// The batch could not start.
    void failed(const QString& message);

private:
    void onThreadDone(bool cancelled);

    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::chrono::milliseconds timeout_{10000};
};

}  // namespace asgiscope::ui
