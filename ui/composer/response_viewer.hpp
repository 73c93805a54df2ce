// ResponseViewer: the Composer's right side: status line (coloured by class), time and size,
// and the response's body (pretty JSON or text, a rendered preview of HTML or an image, hex)
// and headers; or the error that stood in for a response.
#pragma once

#include <QWidget>

#include <asgiscope/trace/trace.hpp>

#include "models/composer_response.hpp"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QTextBrowser;

namespace asgiscope::ui {

/// Shows one ComposerResponse.
class ResponseViewer : public QWidget {
    Q_OBJECT
public:
    explicit ResponseViewer(QWidget* parent = nullptr);

    void showResponse(const ComposerResponse& response);
    /// "Sending…" while a request is under way.
    void showPending(const QString& what);
    void clear();
    /// The exchange's trace arrived: its duration becomes the shown time, and "Show in
    /// Traffic" is offered.
    void setTrace(trace::TraceId id, double durationMs);

    const ComposerResponse& response() const { return response_; }
    QString statusText() const;
    QString timingText() const;
    /// What the Body tab shows (pretty JSON, text or hex).
    QString bodyText() const;
    /// Which body tab is current: "body", "preview", "hex".
    QTabWidget* bodyTabs() const { return bodyTabs_; }
    QTableWidget* headersTable() const { return headers_; }
    QPushButton* showInTrafficButton() const { return showInTraffic_; }
    trace::TraceId traceId() const { return traceId_; }

signals:
    void showInTrafficRequested(asgiscope::trace::TraceId id);

private:
    void updateTiming();

    ComposerResponse response_;
    trace::TraceId traceId_ = 0;
    double traceMs_ = -1;
    QLabel* status_ = nullptr;
    QLabel* timing_ = nullptr;
    QPushButton* showInTraffic_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QTabWidget* bodyTabs_ = nullptr;
    QPlainTextEdit* body_ = nullptr;
    QStackedWidget* preview_ = nullptr;
    QTextBrowser* html_ = nullptr;
    QLabel* image_ = nullptr;
    QPlainTextEdit* hex_ = nullptr;
    QTableWidget* headers_ = nullptr;
};

}  // namespace asgiscope::ui
