// ComposerPanel: the request composer dock. Request on the left (method, URL with route
// completion and path-parameter fields, Params / Headers / Body tabs), response on the right,
// history below. Sends over loopback or in-process; every request it sends is traced by the
// app, so it shows in Traffic like any other.
#pragma once

#include <chrono>

#include <QMap>
#include <QUrl>
#include <QWidget>

#include <asgiscope/web/applications.hpp>

#include "models/composer_request.hpp"
#include "models/composer_response.hpp"
#include "models/trace_store.hpp"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QWidget;

namespace asgiscope::ui {

class ComposerHistory;
class ComposerSender;
class FieldTable;
class ResponseViewer;

/// The Composer panel.
class ComposerPanel : public QWidget {
    Q_OBJECT
public:
    explicit ComposerPanel(QWidget* parent = nullptr);
    ~ComposerPanel() override;

    /// The app whose routes complete the URL and which in-process requests run.
    void setApplication(const web::Starlette& app);
    /// The server's URL (relative URLs resolve against it); empty while it is stopped.
    void setBaseUrl(const QUrl& url);
    /// Where the traces of sent requests arrive (to find the exchange's trace).
    void setTraceStore(TraceStore* store);

    ComposerRequest request() const;
    void setRequest(const ComposerRequest& request);
    /// The base URL requests resolve against (the server's, or http://testserver in-process
    /// while the server is stopped).
    QUrl effectiveBaseUrl() const;

    bool inProcess() const;
    void setInProcess(bool on);
    /// Whether Send is possible now (valid JSON, nothing under way).
    bool canSend() const;
    /// The JSON error shown under the editor (empty when valid or not in JSON mode).
    QString jsonError() const;

    /// The current request as a cURL command line (empty, with the reason in the status
    /// line, when it cannot be built).
    QString currentCurl();
    /// Fills the editor from a pasted cURL command; false (and `error`) when it cannot be read.
    bool importCurl(const QString& text, QString* error = nullptr);

    ResponseViewer* responseViewer() const { return viewer_; }
    ComposerHistory* history() const { return history_; }
    ComposerSender* sender() const { return sender_; }
    QLineEdit* urlEdit() const { return url_; }
    QComboBox* methodCombo() const { return method_; }
    QPushButton* sendButton() const { return send_; }
    FieldTable* queryTable() const { return query_; }
    FieldTable* headersTable() const { return headers_; }
    /// The path-parameter fields of the chosen route, by name.
    QMap<QString, QLineEdit*> paramEdits() const { return paramEdits_; }
    QLabel* messageLabel() const { return message_; }

public slots:
    void send();
    /// Cancels the request under way over loopback (the Send button reads "Cancel" meanwhile);
    /// an in-process request runs to its end or its timeout.
    void cancel();
    /// Chooses a route pattern ("/users/{id:int}"): one field per path parameter, and the URL.
    void chooseRoute(const QString& pattern);
    /// Shows the Import cURL dialog.
    void showImportCurlDialog();
    /// Copies currentCurl() to the clipboard.
    void copyCurl();

signals:
    void showInTrafficRequested(asgiscope::trace::TraceId id);
    /// A sent request got its response (or error); the viewer shows it.
    void responseShown(const asgiscope::ui::ComposerResponse& response);
    /// The exchange's trace was found in the store.
    void traceFound(asgiscope::trace::TraceId id);

private:
    QWidget* buildBodyEditor();
    void onUrlEdited();
    void onQueryEdited();
    void onParamEdited();
    void onJsonEdited();
    void updateSendEnabled();
    void onFinished(const ComposerResponse& response);
    void lookForTrace(int first, int count);
    void showMessage(const QString& text, bool error);

    web::Starlette app_;
    bool haveApp_ = false;
    QUrl baseUrl_;
    TraceStore* store_ = nullptr;
    ComposerSender* sender_ = nullptr;
    ComposerHistory* history_ = nullptr;

    QComboBox* method_ = nullptr;
    QLabel* base_ = nullptr;
    QLineEdit* url_ = nullptr;
    QStringList completions_;
    QPushButton* send_ = nullptr;
    bool sentInProcess_ = false;  // how the request under way (or the last one) was sent
    QCheckBox* inProcess_ = nullptr;
    QWidget* paramsBox_ = nullptr;
    QFormLayout* paramsForm_ = nullptr;
    QString pattern_;
    QMap<QString, QLineEdit*> paramEdits_;
    QLabel* message_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    FieldTable* query_ = nullptr;
    FieldTable* headers_ = nullptr;
    QComboBox* bodyMode_ = nullptr;
    QStackedWidget* bodyStack_ = nullptr;
    QLineEdit* rawType_ = nullptr;
    QPlainTextEdit* raw_ = nullptr;
    QPlainTextEdit* json_ = nullptr;
    QLabel* jsonStatus_ = nullptr;
    FieldTable* form_ = nullptr;
    FieldTable* multipart_ = nullptr;
    ResponseViewer* viewer_ = nullptr;
    QListView* historyView_ = nullptr;

    // The request on its way: to find its trace and to record it in the history.
    ComposerRequest sentRequest_;
    QByteArray sentMethod_;
    QString sentPath_;
    std::chrono::system_clock::time_point sentAt_{};
    bool awaitingTrace_ = false;
    trace::TraceId foundTrace_ = 0;
    double foundTraceMs_ = -1;
};

}  // namespace asgiscope::ui
