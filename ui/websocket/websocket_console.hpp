// WebSocketConsole: a WebSocket client (QWebSocket over real loopback sockets) for the running
// server: URL with route completion, subprotocols, extra handshake headers, connect/disconnect,
// send text, binary (hex or a file) and JSON, ping with round-trip time, close with a validated
// code and reason, and a log of every message with its detail.
#pragma once

#include <vector>

#include <QAbstractSocket>
#include <QByteArray>
#include <QElapsedTimer>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QWebSocket;

namespace asgiscope::web {
class Starlette;
}

namespace asgiscope::ui {

class WebSocketLogModel;

/// The WebSocket dock.
class WebSocketConsole : public QWidget {
    Q_OBJECT
public:
    /// What the send box holds.
    enum class SendMode { Text, Binary, Json };

    explicit WebSocketConsole(QWidget* parent = nullptr);
    ~WebSocketConsole() override;

    WebSocketLogModel* model() const { return model_; }
    QTableView* logView() const { return log_; }

    /// Completion from the application's WebSocket routes (their full paths).
    void setApplication(const web::Starlette& app);
    /// The server's URL ("http://127.0.0.1:8000"): the URL box becomes ws:// + the first
    /// WebSocket route's path when the user has not typed one.
    void setBaseUrl(const QString& httpUrl);
    /// The completion list (full ws:// URLs).
    QStringList completions() const { return completions_; }

    QString url() const;
    void setUrl(const QString& url);
    /// Comma-separated subprotocols to offer.
    void setSubprotocols(const QString& commaList);
    QStringList subprotocols() const;
    /// Adds a row to the handshake headers table.
    void addHeader(const QString& name, const QString& value);

    bool isConnected() const;
    /// The subprotocol the server chose (empty: none).
    QString chosenSubprotocol() const;
    /// The last error shown (empty: none since the last connect).
    QString lastError() const { return lastError_; }

    /// Sends; false (and the error shown) when not connected or the input is invalid.
    bool sendText(const QString& text);
    bool sendBinary(const QByteArray& bytes);
    bool sendHex(const QString& hex);
    bool sendJson(const QString& json);
    /// Reads a file and sends it as one binary message.
    bool sendFile(const QString& path);
    /// Sends what the send box holds in its mode.
    bool sendInput();
    bool ping(const QByteArray& payload = {});
    /// Closes with `code` and `reason` after checking them (RFC 6455); false and the error
    /// shown when they are invalid or there is no connection.
    bool closeWith(int code, const QString& reason);

    static constexpr qint64 maxFileBytes = 16 * 1024 * 1024;

public slots:
    void connectToServer();
    void disconnectFromServer();

signals:
    void connectedChanged(bool connected);
    /// An error was shown (connection failed, invalid input).
    void errorShown(const QString& message);

private:
    void buildUi();
    void showError(const QString& message);
    void showInfo(const QString& message);
    void logEvent(const QString& text, bool error = false);
    void updateState();
    void showDetail();

    WebSocketLogModel* model_;
    QWebSocket* socket_;
    QLineEdit* url_ = nullptr;
    QLineEdit* subprotocols_ = nullptr;
    QLabel* chosen_ = nullptr;
    QTableWidget* headers_ = nullptr;
    QPushButton* connect_ = nullptr;
    QComboBox* mode_ = nullptr;
    QPlainTextEdit* input_ = nullptr;
    QPushButton* send_ = nullptr;
    QPushButton* file_ = nullptr;
    QPushButton* ping_ = nullptr;
    QSpinBox* closeCode_ = nullptr;
    QLineEdit* closeReason_ = nullptr;
    QPushButton* close_ = nullptr;
    QLabel* status_ = nullptr;
    QTableView* log_ = nullptr;
    QPlainTextEdit* detail_ = nullptr;
    QStringList completions_;
    QStringList wsPaths_;
    QString baseUrl_;
    QString lastError_;
    bool userTypedUrl_ = false;
    bool closeSent_ = false;
};

}  // namespace asgiscope::ui
