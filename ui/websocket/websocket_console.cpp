#include "websocket/websocket_console.hpp"

#include <boost/json/parse.hpp>

#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStringListModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <asgiscope/inspect/describe.hpp>

#include "models/websocket_close.hpp"
#include "models/websocket_log_model.hpp"

namespace asgiscope::ui {

using Entry = WebSocketLogEntry;

WebSocketConsole::WebSocketConsole(QWidget* parent)
    : QWidget(parent), model_(new WebSocketLogModel(this)), socket_(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this)) {
    setObjectName(QStringLiteral("webSocketConsole"));
    buildUi();

    connect(socket_, &QWebSocket::connected, this, [this] {
        closeSent_ = false;
        const QString chosen = socket_->subprotocol();
        chosen_->setText(chosen.isEmpty() ? tr("Subprotocol: none chosen") : tr("Subprotocol: %1").arg(chosen));
        logEvent(chosen.isEmpty() ? tr("Connected to %1.").arg(socket_->requestUrl().toString())
                                  : tr("Connected to %1 with subprotocol %2.")
                                        .arg(socket_->requestUrl().toString(), chosen));
        updateState();
        emit connectedChanged(true);
    });
    connect(socket_, &QWebSocket::disconnected, this, [this] {
        // The close frame the server sent (or answered ours with), when there was one.
        const int code = static_cast<int>(socket_->closeCode());
        Entry e;
        e.direction = Entry::Direction::Received;
        e.opcode = Entry::Opcode::Close;
        e.time = QDateTime::currentDateTime();
        e.closeCode = code;
        e.payload = socket_->closeReason().toUtf8();
        if (code == QWebSocketProtocol::CloseCodeAbnormalDisconnection && !closeSent_) {
            // 1006: no close frame at all, the connection just went.
            logEvent(tr("The connection closed without a close frame (1006)."), true);
        } else {
            model_->append(e);
        }
        updateState();
        emit connectedChanged(false);
    });
    connect(socket_, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
        Entry e;
        e.direction = Entry::Direction::Received;
        e.opcode = Entry::Opcode::Text;
        e.time = QDateTime::currentDateTime();
        e.payload = text.toUtf8();
        model_->append(e);
    });
    connect(socket_, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray& bytes) {
        Entry e;
        e.direction = Entry::Direction::Received;
        e.opcode = Entry::Opcode::Binary;
        e.time = QDateTime::currentDateTime();
        e.payload = bytes;
        model_->append(e);
    });
    connect(socket_, &QWebSocket::pong, this, [this](quint64 elapsed, const QByteArray& payload) {
        Entry e;
        e.direction = Entry::Direction::Received;
        e.opcode = Entry::Opcode::Pong;
        e.time = QDateTime::currentDateTime();
        e.payload = payload;
        e.rttMs = static_cast<qint64>(elapsed);
        model_->append(e);
        showInfo(tr("Pong after %1 ms.").arg(elapsed));
    });
    connect(socket_, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                const QString message = tr("Connection error: %1").arg(socket_->errorString());
                logEvent(message, true);
                showError(message);
                updateState();
            });
    connect(socket_, &QWebSocket::stateChanged, this, [this] { updateState(); });
    updateState();
}

WebSocketConsole::~WebSocketConsole() {
    // No signals into a half-destroyed console while the socket goes.
    disconnect(socket_, nullptr, this, nullptr);
    socket_->abort();
}

void WebSocketConsole::buildUi() {
    url_ = new QLineEdit(this);
    url_->setObjectName(QStringLiteral("wsUrl"));
    url_->setPlaceholderText(tr("ws://127.0.0.1:8000/ws/echo"));
    connect(url_, &QLineEdit::textEdited, this, [this] { userTypedUrl_ = true; });
    connect(url_, &QLineEdit::returnPressed, this, &WebSocketConsole::connectToServer);
    auto* completer = new QCompleter(this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    url_->setCompleter(completer);

    connect_ = new QPushButton(tr("Connect"), this);
    connect_->setObjectName(QStringLiteral("wsConnect"));
    connect(connect_, &QPushButton::clicked, this, [this] {
        if (socket_->state() == QAbstractSocket::UnconnectedState)
            connectToServer();
        else
            disconnectFromServer();
    });

    subprotocols_ = new QLineEdit(this);
    subprotocols_->setObjectName(QStringLiteral("wsSubprotocols"));
    subprotocols_->setPlaceholderText(tr("Comma-separated, for example chat, json"));
    chosen_ = new QLabel(tr("Subprotocol: not connected"), this);
    chosen_->setObjectName(QStringLiteral("wsChosenSubprotocol"));

    headers_ = new QTableWidget(0, 2, this);
    headers_->setObjectName(QStringLiteral("wsHeaders"));
    headers_->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    headers_->horizontalHeader()->setStretchLastSection(true);
    headers_->verticalHeader()->hide();
    headers_->setMaximumHeight(90);
    auto* addHeaderButton = new QPushButton(tr("Add header"), this);
    auto* removeHeaderButton = new QPushButton(tr("Remove header"), this);
    connect(addHeaderButton, &QPushButton::clicked, this, [this] { addHeader({}, {}); });
    connect(removeHeaderButton, &QPushButton::clicked, this, [this] {
        if (headers_->currentRow() >= 0) headers_->removeRow(headers_->currentRow());
    });

    auto* urlRow = new QHBoxLayout;
    urlRow->addWidget(url_, 1);
    urlRow->addWidget(connect_);
    auto* protoRow = new QHBoxLayout;
    protoRow->addWidget(subprotocols_, 1);
    protoRow->addWidget(chosen_);
    auto* headerButtons = new QVBoxLayout;
    headerButtons->addWidget(addHeaderButton);
    headerButtons->addWidget(removeHeaderButton);
    headerButtons->addStretch(1);
    auto* headerRow = new QHBoxLayout;
    headerRow->addWidget(headers_, 1);
    headerRow->addLayout(headerButtons);
    auto* form = new QFormLayout;
    form->addRow(tr("URL:"), urlRow);
    form->addRow(tr("Subprotocols:"), protoRow);
    form->addRow(tr("Headers:"), headerRow);

    // Send box.
    mode_ = new QComboBox(this);
    mode_->setObjectName(QStringLiteral("wsMode"));
    mode_->addItem(tr("Text"), int(SendMode::Text));
    mode_->addItem(tr("Binary (hex)"), int(SendMode::Binary));
    mode_->addItem(tr("JSON"), int(SendMode::Json));
    input_ = new QPlainTextEdit(this);
    input_->setObjectName(QStringLiteral("wsInput"));
    input_->setPlaceholderText(tr("Message to send (Ctrl+Enter sends)"));
    input_->setMaximumHeight(80);
    send_ = new QPushButton(tr("Send"), this);
    send_->setObjectName(QStringLiteral("wsSend"));
    send_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(send_, &QPushButton::clicked, this, &WebSocketConsole::sendInput);
    file_ = new QPushButton(tr("Send file…"), this);
    connect(file_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Send a file as a binary message"));
        if (!path.isEmpty()) sendFile(path);
    });
    ping_ = new QPushButton(tr("Ping"), this);
    ping_->setObjectName(QStringLiteral("wsPing"));
    connect(ping_, &QPushButton::clicked, this, [this] { ping(); });
    auto* sendButtons = new QVBoxLayout;
    sendButtons->addWidget(mode_);
    sendButtons->addWidget(send_);
    sendButtons->addWidget(file_);
    sendButtons->addWidget(ping_);
    sendButtons->addStretch(1);
    auto* sendRow = new QHBoxLayout;
    sendRow->addWidget(input_, 1);
    sendRow->addLayout(sendButtons);

    // Close row.
    closeCode_ = new QSpinBox(this);
    closeCode_->setObjectName(QStringLiteral("wsCloseCode"));
    closeCode_->setRange(0, 65535);
    closeCode_->setValue(WebSocketClose::defaultCode);
    closeReason_ = new QLineEdit(this);
    closeReason_->setObjectName(QStringLiteral("wsCloseReason"));
    closeReason_->setPlaceholderText(tr("Reason (at most 123 bytes)"));
    close_ = new QPushButton(tr("Close"), this);
    close_->setObjectName(QStringLiteral("wsClose"));
    connect(close_, &QPushButton::clicked, this,
            [this] { closeWith(closeCode_->value(), closeReason_->text()); });
    auto* closeRow = new QHBoxLayout;
    closeRow->addWidget(new QLabel(tr("Close code:"), this));
    closeRow->addWidget(closeCode_);
    closeRow->addWidget(closeReason_, 1);
    closeRow->addWidget(close_);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("wsStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Log and detail.
    log_ = new QTableView(this);
    log_->setObjectName(QStringLiteral("wsLog"));
    log_->setModel(model_);
    log_->setSelectionBehavior(QAbstractItemView::SelectRows);
    log_->setSelectionMode(QAbstractItemView::SingleSelection);
    log_->verticalHeader()->hide();
    log_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    log_->horizontalHeader()->setStretchLastSection(true);
    log_->setColumnWidth(WebSocketLogModel::DirectionColumn, 28);
    log_->setColumnWidth(WebSocketLogModel::TimeColumn, 100);
    log_->setColumnWidth(WebSocketLogModel::OpcodeColumn, 64);
    log_->setColumnWidth(WebSocketLogModel::SizeColumn, 72);
    detail_ = new QPlainTextEdit(this);
    detail_->setObjectName(QStringLiteral("wsDetail"));
    detail_->setReadOnly(true);
    detail_->setFont(QFont(QStringLiteral("monospace")));
    detail_->setPlaceholderText(tr("Select a message to see all of it."));
    connect(log_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WebSocketConsole::showDetail);
    // Follow new rows when the view is at the bottom already.
    connect(model_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (log_->currentIndex().isValid() &&
            log_->currentIndex().row() < model_->rowCount() - 2)
            return;
        log_->scrollToBottom();
    });
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(log_);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addLayout(sendRow);
    layout->addLayout(closeRow);
    layout->addWidget(status_);
    layout->addWidget(splitter, 1);
}

void WebSocketConsole::setApplication(const web::Starlette& app) {
    wsPaths_.clear();
    const inspect::AppDescription description = inspect::describe(app);
    for (const auto& [depth, route] : inspect::flatten(description.routes))
        if (route->kind == inspect::RouteKind::WebSocketRoute)
            wsPaths_ << QString::fromStdString(route->full_path);
    setBaseUrl(baseUrl_);
}

void WebSocketConsole::setBaseUrl(const QString& httpUrl) {
    baseUrl_ = httpUrl;
    QString ws = httpUrl;
    if (ws.startsWith(QLatin1String("https://")))
        ws.replace(0, 5, QStringLiteral("wss"));
    else if (ws.startsWith(QLatin1String("http://")))
        ws.replace(0, 4, QStringLiteral("ws"));
    while (ws.endsWith(u'/')) ws.chop(1);
    completions_.clear();
    for (const QString& path : wsPaths_) completions_ << (ws.isEmpty() ? path : ws + path);
    if (auto* c = url_->completer()) c->setModel(new QStringListModel(completions_, c));
    if (!userTypedUrl_ && !ws.isEmpty())
        url_->setText(completions_.isEmpty() ? ws + QStringLiteral("/") : completions_.front());
}

QString WebSocketConsole::url() const { return url_->text().trimmed(); }

void WebSocketConsole::setUrl(const QString& url) {
    url_->setText(url);
    userTypedUrl_ = true;
}

void WebSocketConsole::setSubprotocols(const QString& commaList) { subprotocols_->setText(commaList); }

QStringList WebSocketConsole::subprotocols() const {
    QStringList out;
    for (const QString& p : subprotocols_->text().split(u',', Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty()) out << p.trimmed();
    return out;
}

void WebSocketConsole::addHeader(const QString& name, const QString& value) {
    const int row = headers_->rowCount();
    headers_->insertRow(row);
    headers_->setItem(row, 0, new QTableWidgetItem(name));
    headers_->setItem(row, 1, new QTableWidgetItem(value));
}

bool WebSocketConsole::isConnected() const {
    return socket_->state() == QAbstractSocket::ConnectedState;
}

QString WebSocketConsole::chosenSubprotocol() const { return socket_->subprotocol(); }

void WebSocketConsole::connectToServer() {
    if (socket_->state() != QAbstractSocket::UnconnectedState) return;
    lastError_.clear();
    const QUrl target = QUrl::fromUserInput(url());
    if (!target.isValid() || (target.scheme() != QLatin1String("ws") && target.scheme() != QLatin1String("wss"))) {
        showError(tr("\"%1\" is not a WebSocket URL: it must start with ws:// or wss://.").arg(url()));
        return;
    }
    QNetworkRequest request(target);
    for (int row = 0; row < headers_->rowCount(); ++row) {
        const QString name = headers_->item(row, 0) ? headers_->item(row, 0)->text().trimmed() : QString();
        const QString value = headers_->item(row, 1) ? headers_->item(row, 1)->text() : QString();
        if (name.isEmpty()) continue;
        if (name.contains(u':') || name.contains(u' ')) {
            showError(tr("The header name \"%1\" is not valid: no spaces or colons.").arg(name));
            return;
        }
        request.setRawHeader(name.toLatin1(), value.toUtf8());
    }
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols());
    chosen_->setText(tr("Subprotocol: connecting…"));
    showInfo(tr("Connecting to %1…").arg(target.toString()));
    socket_->open(request, options);
    updateState();
}

void WebSocketConsole::disconnectFromServer() {
    if (socket_->state() == QAbstractSocket::ConnectingState) {
        socket_->abort();
        logEvent(tr("Connecting was cancelled."));
        return;
    }
    if (socket_->state() == QAbstractSocket::ConnectedState) closeWith(WebSocketClose::defaultCode, {});
}

bool WebSocketConsole::sendText(const QString& text) {
    if (!isConnected()) {
        showError(tr("Not connected: connect before sending."));
        return false;
    }
    socket_->sendTextMessage(text);
    Entry e;
    e.direction = Entry::Direction::Sent;
    e.opcode = Entry::Opcode::Text;
    e.time = QDateTime::currentDateTime();
    e.payload = text.toUtf8();
    model_->append(e);
    return true;
}

bool WebSocketConsole::sendBinary(const QByteArray& bytes) {
    if (!isConnected()) {
        showError(tr("Not connected: connect before sending."));
        return false;
    }
    socket_->sendBinaryMessage(bytes);
    Entry e;
    e.direction = Entry::Direction::Sent;
    e.opcode = Entry::Opcode::Binary;
    e.time = QDateTime::currentDateTime();
    e.payload = bytes;
    model_->append(e);
    return true;
}

bool WebSocketConsole::sendHex(const QString& hex) {
    QByteArray bytes;
    QString error;
    if (!parseHexBytes(hex, bytes, error)) {
        showError(tr("Not sent: %1").arg(error));
        return false;
    }
    return sendBinary(bytes);
}

bool WebSocketConsole::sendJson(const QString& json) {
    const std::string text = json.toStdString();
    boost::system::error_code ec;
    (void)boost::json::parse(text, ec);
    if (ec) {
        showError(tr("Not sent: the text is not valid JSON (%1).").arg(QString::fromStdString(ec.message())));
        return false;
    }
    return sendText(json);
}

bool WebSocketConsole::sendFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read \"%1\": %2").arg(path, file.errorString()));
        return false;
    }
    if (file.size() > maxFileBytes) {
        showError(tr("\"%1\" is larger than %2 MiB; not sent.").arg(path).arg(maxFileBytes / (1024 * 1024)));
        return false;
    }
    return sendBinary(file.readAll());
}

bool WebSocketConsole::sendInput() {
    const QString text = input_->toPlainText();
    switch (static_cast<SendMode>(mode_->currentData().toInt())) {
    case SendMode::Text: return sendText(text);
    case SendMode::Binary: return sendHex(text);
    case SendMode::Json: return sendJson(text);
    }
    return false;
}

bool WebSocketConsole::ping(const QByteArray& payload) {
    if (!isConnected()) {
        showError(tr("Not connected: connect before sending a ping."));
        return false;
    }
    if (payload.size() > 125) {
        showError(tr("A ping carries at most 125 bytes."));
        return false;
    }
    socket_->ping(payload);
    Entry e;
    e.direction = Entry::Direction::Sent;
    e.opcode = Entry::Opcode::Ping;
    e.time = QDateTime::currentDateTime();
    e.payload = payload;
    model_->append(e);
    return true;
}

bool WebSocketConsole::closeWith(int code, const QString& reason) {
    QString error = WebSocketClose::codeError(code);
    if (error.isEmpty()) error = WebSocketClose::reasonError(reason);
    if (!error.isEmpty()) {
        showError(error);
        return false;
    }
    if (!isConnected()) {
        showError(tr("Not connected: there is nothing to close."));
        return false;
    }
    closeSent_ = true;
    Entry e;
    e.direction = Entry::Direction::Sent;
    e.opcode = Entry::Opcode::Close;
    e.time = QDateTime::currentDateTime();
    e.closeCode = code;
    e.payload = reason.toUtf8();
    model_->append(e);
    // QWebSocket takes any 16-bit code through its enum type (codes 3000-4999 included).
    socket_->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    return true;
}

void WebSocketConsole::showError(const QString& message) {
    lastError_ = message;
    status_->setStyleSheet(QStringLiteral("color: #c62828;"));
    status_->setText(message);
    emit errorShown(message);
}

void WebSocketConsole::showInfo(const QString& message) {
    status_->setStyleSheet(QString());
    status_->setText(message);
}

void WebSocketConsole::logEvent(const QString& text, bool error) {
    Entry e;
    e.direction = Entry::Direction::Event;
    e.opcode = Entry::Opcode::Event;
    e.time = QDateTime::currentDateTime();
    e.payload = text.toUtf8();
    e.error = error;
    model_->append(e);
}

void WebSocketConsole::updateState() {
    const QAbstractSocket::SocketState state = socket_->state();
    const bool connected = state == QAbstractSocket::ConnectedState;
    const bool idle = state == QAbstractSocket::UnconnectedState;
    connect_->setText(idle ? tr("Connect") : tr("Disconnect"));
    url_->setEnabled(idle);
    subprotocols_->setEnabled(idle);
    headers_->setEnabled(idle);
    send_->setEnabled(connected);
    file_->setEnabled(connected);
    ping_->setEnabled(connected);
    close_->setEnabled(connected);
    if (idle && lastError_.isEmpty()) showInfo(tr("Not connected."));
    else if (connected) showInfo(tr("Connected."));
    if (idle && chosen_->text() == tr("Subprotocol: connecting…")) chosen_->setText(tr("Subprotocol: not connected"));
}

void WebSocketConsole::showDetail() {
    const QModelIndex current = log_->currentIndex();
    detail_->setPlainText(current.isValid()
                              ? model_->data(current.siblingAtColumn(0), WebSocketLogModel::DetailRole).toString()
                              : QString());
}

}  // namespace asgiscope::ui
