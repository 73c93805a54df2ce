#include "models/replay_runner.hpp"

#include <exception>

#include <QMetaObject>
#include <QPointer>
#include <QThread>
#include <QUrl>

namespace asgiscope::ui {

ReplayRunner::ReplayRunner(QObject* parent) : QObject(parent) {}

ReplayRunner::~ReplayRunner() {
    if (thread_) {
        cancel_->store(true);
        thread_->wait();
        delete thread_;
    }
}

bool ReplayRunner::start(std::vector<std::pair<int, trace::Exchange>> batch,
                         const QString& target) {
    if (thread_) {
        emit failed(tr("A replay is already under way: wait for it or cancel it first."));
        return false;
    }
    const QUrl url(target);
    if (url.scheme() != QLatin1String("http") || url.host().isEmpty()) {
        emit failed(target.isEmpty()
                        ? tr("No server to replay against: start the server or enter a target URL "
                             "such as http://127.0.0.1:8000.")
                        : tr("The replay target must be an http:// URL such as "
                             "http://127.0.0.1:8000, not \"%1\".")
                              .arg(target));
        return false;
    }
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    trace::ReplayOptions options;
    options.target = target.toStdString();
    options.timeout = timeout_;
    options.cancel = cancel_;
    auto cancelFlag = cancel_;
    // The worker only reads its own copies and posts results to this object; the destructor
    // waits for it, and Qt drops calls still queued for a destroyed receiver.
    QPointer<ReplayRunner> self(this);
    thread_ = QThread::create([self, batch = std::move(batch), options, cancelFlag]() mutable {
        const int total = static_cast<int>(batch.size());
        bool cancelled = false;
        for (int i = 0; i < total; ++i) {
            if (cancelFlag->load()) {
                cancelled = true;
                break;
            }
            const int row = batch[std::size_t(i)].first;
            QMetaObject::invokeMethod(
                self,
                [self, row] {
                    if (self) emit self->rowStarted(row);
                },
                Qt::QueuedConnection);
            trace::ReplayResult result;
            try {
                std::vector<trace::Exchange> one;
                one.push_back(std::move(batch[std::size_t(i)].second));
                trace::ReplayReport report = trace::replay(one, options);
                result = std::move(report.results.front());
                if (report.cancelled) {
                    cancelled = true;
                    break;
                }
            } catch (const std::exception& e) {
                result.outcome = trace::ReplayOutcome::error;
                result.error = e.what();
            }
            QMetaObject::invokeMethod(
                self,
                [self, row, i, total, result = std::move(result)] {
                    if (!self) return;
                    emit self->resultReady(row, result);
                    emit self->progress(i + 1, total);
                },
                Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            self,
            [self, cancelled] {
                if (self) self->onThreadDone(cancelled);
            },
            Qt::QueuedConnection);
    });
    thread_->setObjectName(QStringLiteral("asgiscope-replay"));
    thread_->start();
    return true;
}

void ReplayRunner::cancel() {
    if (cancel_) cancel_->store(true);
}

void ReplayRunner::onThreadDone(bool cancelled) {
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    emit finished(cancelled);
}

}  // namespace asgiscope::ui
