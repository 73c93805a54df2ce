// ComposerSender: sends a built request and reports the response on the GUI thread, over real
// loopback (QNetworkAccessManager) or in-process through the core TestClient on a thread of
// its own. The GUI thread never waits for either.
#pragma once

#include <memory>
#include <thread>

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <asgiscope/web/applications.hpp>

#include "models/composer_request.hpp"
#include "models/composer_response.hpp"

class QNetworkAccessManager;
class QNetworkReply;

namespace asgiscope::ui {

/// Sends one request at a time; finished() reports each, errors included.
class ComposerSender : public QObject {
    Q_OBJECT
public:
    explicit ComposerSender(QObject* parent = nullptr);
    /// Aborts a network request; waits for an in-process one (bounded by the timeout).
    ~ComposerSender() override;

    int timeoutMs() const { return timeoutMs_; }
    void setTimeoutMs(int ms) { timeoutMs_ = ms; }
    bool isBusy() const { return busy_; }

    /// Over loopback to the request's URL. False (nothing sent) while another is under way.
    bool sendNetwork(const BuiltRequest& request);
    /// Through web::TestClient on `app` (which keeps its tracer: the trace reaches the same
    /// hub as the server's). False while another is under way.
    bool sendInProcess(const BuiltRequest& request, const web::Starlette& app);
    /// Cancels a network request (finished() reports it as cancelled).
    void abort();

signals:
    void finished(const asgiscope::ui::ComposerResponse& response);

private:
    void deliver(const asgiscope::ui::ComposerResponse& response);
    void onReplyFinished();

    QNetworkAccessManager* nam_ = nullptr;
    QPointer<QNetworkReply> reply_;
    QElapsedTimer elapsed_;
    std::thread worker_;
    int timeoutMs_ = 30000;
    bool busy_ = false;
    bool aborted_ = false;
};

}  // namespace asgiscope::ui

