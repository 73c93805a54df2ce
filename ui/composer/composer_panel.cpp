#include "composer/composer_panel.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStringListModel>
#include <QTabWidget>
#include <QVBoxLayout>

#include <asgiscope/inspect/describe.hpp>

#include "composer/composer_sender.hpp"
#include "composer/field_table.hpp"
#include "composer/response_viewer.hpp"
#include "models/composer_history.hpp"
#include "models/exchange_summary.hpp"
#include "models/http_status_style.hpp"

namespace asgiscope::ui {

namespace {

/// The body modes in the order of the combo box.
constexpr ComposerBodyMode bodyModes[] = {ComposerBodyMode::None, ComposerBodyMode::Raw,
                                          ComposerBodyMode::Json, ComposerBodyMode::Form,
                                          ComposerBodyMode::Multipart};

QString pathPart(const QString& url) {
    QString p = url;
    const qsizetype cut = p.indexOf(QRegularExpression(QStringLiteral("[?#]")));
    if (cut >= 0) p.truncate(cut);
    return p;
}

QString queryAndFragment(const QString& url) {
    const qsizetype cut = url.indexOf(QRegularExpression(QStringLiteral("[?#]")));
    return cut >= 0 ? url.mid(cut) : QString();
}

}  // namespace

ComposerPanel::ComposerPanel(QWidget* parent)
    : QWidget(parent), app_(web::StarletteOptions{}) {
    setObjectName(QStringLiteral("composerPanel"));
    sender_ = new ComposerSender(this);
    history_ = new ComposerHistory(this);
    history_->load();
    connect(sender_, &ComposerSender::finished, this, &ComposerPanel::onFinished);

    // The request line: method, base URL, URL, Send, In-process.
    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("composerMethod"));
    method_->setEditable(true);
    method_->addItems(composerMethods());
    method_->setToolTip(tr("The HTTP method; type another one if you need it"));
    base_ = new QLabel(this);
    base_->setObjectName(QStringLiteral("composerBase"));
    url_ = new QLineEdit(this);
    url_->setObjectName(QStringLiteral("composerUrl"));
    url_->setPlaceholderText(tr("/path?query, or an absolute http:// URL"));
    url_->setText(QStringLiteral("/"));
    url_->setClearButtonEnabled(true);
    auto* completer = new QCompleter(new QStringListModel(this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    url_->setCompleter(completer);
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            &ComposerPanel::chooseRoute);
    connect(url_, &QLineEdit::textEdited, this, &ComposerPanel::onUrlEdited);
    connect(url_, &QLineEdit::returnPressed, this, &ComposerPanel::send);
    send_ = new QPushButton(tr("Send"), this);
    send_->setObjectName(QStringLiteral("composerSend"));
    send_->setToolTip(tr("Send the request (Ctrl+Enter)"));
    send_->setDefault(true);
    // While a request is under way the same button cancels it, as in Postman.
    connect(send_, &QPushButton::clicked, this, [this] { sender_->isBusy() ? cancel() : send(); });
    inProcess_ = new QCheckBox(tr("In-process"), this);
    inProcess_->setObjectName(QStringLiteral("composerInProcess"));
    inProcess_->setToolTip(tr("Run the request through the core test client inside this process, "
                              "without sockets. It is traced all the same."));
    connect(inProcess_, &QCheckBox::toggled, this, [this] {
        setBaseUrl(baseUrl_);
        updateSendEnabled();
    });
    auto* line = new QHBoxLayout;
    line->addWidget(method_);
    line->addWidget(base_);
    line->addWidget(url_, 1);
    line->addWidget(send_);
    line->addWidget(inProcess_);

    // One field per path parameter of the chosen route.
    paramsBox_ = new QWidget(this);
    paramsForm_ = new QFormLayout(paramsBox_);
    paramsForm_->setContentsMargins(0, 0, 0, 0);
    paramsBox_->hide();

    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("composerMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();

    query_ = new FieldTable(false, this);
    query_->setObjectName(QStringLiteral("composerQuery"));
    connect(query_, &FieldTable::fieldsChanged, this, &ComposerPanel::onQueryEdited);
    headers_ = new FieldTable(false, this);
    headers_->setObjectName(QStringLiteral("composerHeaders"));
    tabs_ = new QTabWidget(this);
    tabs_->addTab(query_, tr("Params"));
    tabs_->addTab(headers_, tr("Headers"));
    tabs_->addTab(buildBodyEditor(), tr("Body"));

    auto* importCurl = new QPushButton(tr("Import cURL…"), this);
    importCurl->setToolTip(tr("Paste a curl command line to fill the composer"));
    connect(importCurl, &QPushButton::clicked, this, &ComposerPanel::showImportCurlDialog);
    auto* copyCurl = new QPushButton(tr("Copy as cURL"), this);
    copyCurl->setToolTip(tr("Put this request on the clipboard as a curl command line"));
    connect(copyCurl, &QPushButton::clicked, this, &ComposerPanel::copyCurl);
    auto* tools = new QHBoxLayout;
    tools->addWidget(importCurl);
    tools->addWidget(copyCurl);
    tools->addStretch(1);

    auto* requestSide = new QWidget(this);
    auto* requestLayout = new QVBoxLayout(requestSide);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->addLayout(line);
    requestLayout->addWidget(paramsBox_);
    requestLayout->addWidget(message_);
    requestLayout->addWidget(tabs_, 1);
    requestLayout->addLayout(tools);

    viewer_ = new ResponseViewer(this);
    connect(viewer_, &ResponseViewer::showInTrafficRequested, this,
            &ComposerPanel::showInTrafficRequested);

    historyView_ = new QListView(this);
    historyView_->setObjectName(QStringLiteral("composerHistory"));
    historyView_->setModel(history_);
    historyView_->setToolTip(tr("Click a sent request to load it into the composer"));
    connect(historyView_, &QListView::clicked, this, [this](const QModelIndex& index) {
        if (index.isValid()) setRequest(history_->at(index.row()).request);
    });
    auto* clearHistory = new QPushButton(tr("Clear history"), this);
    connect(clearHistory, &QPushButton::clicked, history_, &ComposerHistory::clear);
    auto* historyBox = new QWidget(this);
    auto* historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    auto* historyHead = new QHBoxLayout;
    historyHead->addWidget(new QLabel(tr("History"), this));
    historyHead->addStretch(1);
    historyHead->addWidget(clearHistory);
    historyLayout->addLayout(historyHead);
    historyLayout->addWidget(historyView_);

    auto* sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(requestSide);
    sides->addWidget(viewer_);
    sides->setStretchFactor(0, 1);
    sides->setStretchFactor(1, 1);
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(sides);
    vertical->addWidget(historyBox);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({500, 110});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(vertical);

    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &ComposerPanel::send);
    auto* shortcut2 = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    shortcut2->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut2, &QShortcut::activated, this, &ComposerPanel::send);

    setBaseUrl({});
    updateSendEnabled();
}

ComposerPanel::~ComposerPanel() = default;

QWidget* ComposerPanel::buildBodyEditor() {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto* box = new QWidget(this);
    bodyMode_ = new QComboBox(box);
    bodyMode_->setObjectName(QStringLiteral("composerBodyMode"));
    bodyMode_->addItems({tr("None"), tr("Raw text"), tr("JSON"), tr("Form (url-encoded)"),
                         tr("Multipart form")});
    bodyStack_ = new QStackedWidget(box);

    auto* none = new QLabel(tr("This request has no body."), box);
    none->setAlignment(Qt::AlignCenter);
    bodyStack_->addWidget(none);

    auto* rawPage = new QWidget(box);
    rawType_ = new QLineEdit(QStringLiteral("text/plain"), rawPage);
    rawType_->setToolTip(tr("The Content-Type sent with the raw body"));
    raw_ = new QPlainTextEdit(rawPage);
    raw_->setFont(mono);
    auto* rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    auto* rawTypeLine = new QHBoxLayout;
    rawTypeLine->addWidget(new QLabel(tr("Content type"), rawPage));
    rawTypeLine->addWidget(rawType_, 1);
    rawLayout->addLayout(rawTypeLine);
    rawLayout->addWidget(raw_, 1);
    bodyStack_->addWidget(rawPage);

    auto* jsonPage = new QWidget(box);
    json_ = new QPlainTextEdit(jsonPage);
    json_->setObjectName(QStringLiteral("composerJson"));
    json_->setFont(mono);
    json_->setPlaceholderText(QStringLiteral("{\"name\": \"value\"}"));
    connect(json_, &QPlainTextEdit::textChanged, this, &ComposerPanel::onJsonEdited);
    jsonStatus_ = new QLabel(jsonPage);
    jsonStatus_->setObjectName(QStringLiteral("composerJsonStatus"));
    jsonStatus_->setWordWrap(true);
    auto* format = new QPushButton(tr("Format"), jsonPage);
    format->setToolTip(tr("Indent the JSON (keys keep their order)"));
    connect(format, &QPushButton::clicked, this, [this] {
        if (auto pretty = formatJson(json_->toPlainText())) json_->setPlainText(*pretty);
    });
    auto* jsonLayout = new QVBoxLayout(jsonPage);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    jsonLayout->addWidget(json_, 1);
    auto* jsonLine = new QHBoxLayout;
    jsonLine->addWidget(jsonStatus_, 1);
    jsonLine->addWidget(format);
    jsonLayout->addLayout(jsonLine);
    bodyStack_->addWidget(jsonPage);

    form_ = new FieldTable(false, box);
    bodyStack_->addWidget(form_);

    auto* multipartPage = new QWidget(box);
    multipart_ = new FieldTable(true, multipartPage);
    auto* chooseFile = new QPushButton(tr("Choose file…"), multipartPage);
    chooseFile->setToolTip(tr("Make the selected row (or a new one) a file to upload"));
    connect(chooseFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a file to upload"));
        if (!path.isEmpty()) multipart_->setFileForCurrentRow(path);
    });
    auto* multipartLayout = new QVBoxLayout(multipartPage);
    multipartLayout->setContentsMargins(0, 0, 0, 0);
    multipartLayout->addWidget(multipart_, 1);
    auto* fileLine = new QHBoxLayout;
    fileLine->addStretch(1);
    fileLine->addWidget(chooseFile);
    multipartLayout->addLayout(fileLine);
    bodyStack_->addWidget(multipartPage);

    connect(bodyMode_, &QComboBox::currentIndexChanged, this, [this](int index) {
        bodyStack_->setCurrentIndex(index);
        onJsonEdited();
    });
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* modeLine = new QHBoxLayout;
    modeLine->addWidget(new QLabel(tr("Body"), box));
    modeLine->addWidget(bodyMode_);
    modeLine->addStretch(1);
    layout->addLayout(modeLine);
    layout->addWidget(bodyStack_, 1);
    onJsonEdited();
    return box;
}

void ComposerPanel::setApplication(const web::Starlette& app) {
    app_ = app;
    haveApp_ = true;
    completions_ = routeCompletions(inspect::describe(app));
    if (auto* model = qobject_cast<QStringListModel*>(url_->completer()->model()))
        model->setStringList(completions_);
    updateSendEnabled();
}

void ComposerPanel::setBaseUrl(const QUrl& url) {
    // A stopped server keeps its last URL: a request then shows "connection refused".
    if (!url.isEmpty()) baseUrl_ = url;
    const bool running = !url.isEmpty();
    if (!running && baseUrl_.isEmpty())
        base_->setText(inProcess() ? QStringLiteral("http://testserver") : tr("(server stopped)"));
    else
        base_->setText(effectiveBaseUrl().toString());
}

QUrl ComposerPanel::effectiveBaseUrl() const {
    if (!baseUrl_.isEmpty()) return baseUrl_;
    if (inProcess()) return QUrl(QStringLiteral("http://testserver"));
    return {};
}

void ComposerPanel::setTraceStore(TraceStore* store) {
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (store_) connect(store_, &TraceStore::tracesAdded, this, &ComposerPanel::lookForTrace);
}

bool ComposerPanel::inProcess() const {
    return inProcess_ && inProcess_->isChecked();
}

void ComposerPanel::setInProcess(bool on) {
    inProcess_->setChecked(on);
}

ComposerRequest ComposerPanel::request() const {
    ComposerRequest r;
    r.method = method_->currentText().trimmed();
    r.url = url_->text().trimmed();
    r.headers = headers_->fields();
    r.bodyMode = bodyModes[std::clamp(bodyMode_->currentIndex(), 0, 4)];
    r.rawBody = raw_->toPlainText();
    r.rawContentType = rawType_->text();
    r.jsonBody = json_->toPlainText();
    r.formFields = form_->fields();
    r.multipartFields = multipart_->fields();
    return r;
}

void ComposerPanel::setRequest(const ComposerRequest& r) {
    method_->setCurrentText(r.method);
    url_->setText(r.url);
    query_->setFields(queryFromUrl(r.url));
    headers_->setFields(r.headers);
    rawType_->setText(r.rawContentType);
    raw_->setPlainText(r.rawBody);
    json_->setPlainText(r.jsonBody);
    form_->setFields(r.formFields);
    multipart_->setFields(r.multipartFields);
    bodyMode_->setCurrentIndex(int(std::find(std::begin(bodyModes), std::end(bodyModes), r.bodyMode) -
                                   std::begin(bodyModes)));
    if (r.bodyMode != ComposerBodyMode::None) tabs_->setCurrentIndex(2);  // the Body tab
    pattern_.clear();
    chooseRoute({});
    showMessage({}, false);
    onJsonEdited();
}

void ComposerPanel::chooseRoute(const QString& pattern) {
    for (QLineEdit* e : std::as_const(paramEdits_)) e->deleteLater();
    while (paramsForm_->rowCount() > 0) paramsForm_->removeRow(0);
    paramEdits_.clear();
    pattern_ = pattern;
    const QList<PathParam> params = pathParams(pattern);
    paramsBox_->setVisible(!params.isEmpty());
    if (pattern.isEmpty()) return;
    for (const PathParam& p : params) {
        auto* edit = new QLineEdit(paramsBox_);
        edit->setObjectName(QStringLiteral("param_") + p.name);
        edit->setPlaceholderText(p.convertor);
        edit->setToolTip(tr("Path parameter %1 (convertor %2)").arg(p.name, p.convertor));
        connect(edit, &QLineEdit::textChanged, this, &ComposerPanel::onParamEdited);
        paramsForm_->addRow(tr("%1:").arg(p.name), edit);
        paramEdits_.insert(p.name, edit);
    }
    url_->setText(pattern + queryAndFragment(url_->text() == pattern ? QString() : url_->text()));
    if (!params.isEmpty()) {
        showMessage(tr("Fill in the path parameters of %1.").arg(pattern), false);
        paramEdits_.value(params.first().name)->setFocus();
    } else {
        showMessage({}, false);
    }
    updateSendEnabled();
}

void ComposerPanel::onParamEdited() {
    if (pattern_.isEmpty()) return;
    QMap<QString, QString> values;
    for (auto it = paramEdits_.cbegin(); it != paramEdits_.cend(); ++it) values.insert(it.key(), it.value()->text());
    // Mark each field on its own, then fill the URL when all are valid.
    for (const PathParam& p : pathParams(pattern_)) {
        QLineEdit* edit = paramEdits_.value(p.name);
        if (!edit) continue;
        QString why;
        const bool ok = edit->text().isEmpty() || paramValueValid(p, edit->text(), &why);
        edit->setStyleSheet(ok ? QString() : QStringLiteral("color: %1").arg(statusColor(500).name()));
        edit->setToolTip(ok ? tr("Path parameter %1 (convertor %2)").arg(p.name, p.convertor) : why);
    }
    QString error;
    const QString rest = queryAndFragment(url_->text());
    if (auto filled = fillPath(pattern_, values, &error)) {
        url_->setText(*filled + rest);
        showMessage({}, false);
    } else {
        url_->setText(pattern_ + rest);
        showMessage(error, true);
    }
    updateSendEnabled();
}

void ComposerPanel::onUrlEdited() {
    // Typed by hand: the query table follows, and the route's fields go once the path no
    // longer is the route's.
    query_->setFields(mergeQueryFromUrl(url_->text(), query_->fields()));
    if (!pattern_.isEmpty() && pathPart(url_->text()) != pattern_) {
        bool filledFromFields = true;
        QMap<QString, QString> values;
        for (auto it = paramEdits_.cbegin(); it != paramEdits_.cend(); ++it) values.insert(it.key(), it.value()->text());
        const auto filled = fillPath(pattern_, values);
        filledFromFields = filled && *filled == pathPart(url_->text());
        if (!filledFromFields) chooseRoute({});
    }
    updateSendEnabled();
}

void ComposerPanel::onQueryEdited() {
    url_->setText(urlWithQuery(url_->text(), query_->fields()));
}

void ComposerPanel::onJsonEdited() {
    if (!json_ || !jsonStatus_) return;
    const JsonCheck check = checkJson(json_->toPlainText());
    if (check.ok) {
        jsonStatus_->setText(tr("Valid JSON"));
        jsonStatus_->setStyleSheet(QStringLiteral("color: %1").arg(statusColor(200).name()));
    } else {
        jsonStatus_->setText(tr("Line %1, column %2: %3").arg(check.line).arg(check.column).arg(check.message));
        jsonStatus_->setStyleSheet(QStringLiteral("color: %1").arg(statusColor(500).name()));
    }
    updateSendEnabled();
}

QString ComposerPanel::jsonError() const {
    if (request().bodyMode != ComposerBodyMode::Json) return {};
    const JsonCheck check = checkJson(json_->toPlainText());
    return check.ok ? QString() : jsonStatus_->text();
}

bool ComposerPanel::canSend() const {
    if (sender_->isBusy()) return false;
    if (inProcess() && !haveApp_) return false;
    if (request().bodyMode == ComposerBodyMode::Json && !checkJson(json_->toPlainText()).ok) return false;
    return true;
}

void ComposerPanel::updateSendEnabled() {
    if (!send_ || !json_ || !bodyMode_) return;
    if (sender_->isBusy()) {
        send_->setText(tr("Cancel"));
        send_->setEnabled(!sentInProcess_);
        send_->setToolTip(sentInProcess_ ? tr("An in-process request cannot be cancelled: it ends at its timeout")
                                         : tr("Cancel the request under way"));
        return;
    }
    send_->setText(tr("Send"));
    send_->setEnabled(canSend());
    if (!jsonError().isEmpty())
        send_->setToolTip(tr("The JSON body is invalid: fix it to send"));
    else
        send_->setToolTip(tr("Send the request (Ctrl+Enter)"));
}

void ComposerPanel::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? QStringLiteral("color: %1").arg(statusColor(500).name()) : QString());
    message_->setVisible(!text.isEmpty());
}

void ComposerPanel::send() {
    if (!canSend()) return;
    const ComposerRequest r = request();
    const QUrl base = effectiveBaseUrl();
    const BuiltRequest built = buildRequest(r, base);
    if (!built.error.isEmpty()) {
        QString why = built.error;
        if (!base.isValid() && QUrl(r.url).isRelative())
            why = tr("The server is stopped: start it, tick In-process, or give an absolute URL.");
        showMessage(why, true);
        return;
    }
    showMessage({}, false);
    sentRequest_ = r;
    sentMethod_ = built.method;
    sentPath_ = built.url.path(QUrl::FullyDecoded);
    if (sentPath_.isEmpty()) sentPath_ = QStringLiteral("/");
    sentAt_ = std::chrono::system_clock::now() - std::chrono::milliseconds(50);
    foundTrace_ = 0;
    foundTraceMs_ = -1;
    awaitingTrace_ = store_ != nullptr;
    sentInProcess_ = inProcess();
    const bool started = sentInProcess_ ? sender_->sendInProcess(built, app_) : sender_->sendNetwork(built);
    if (!started) return;
    viewer_->showPending(sentInProcess_ ? tr("Sending %1 %2 in-process…").arg(QString::fromLatin1(built.method), built.url.toString())
                                     : tr("Sending %1 %2…").arg(QString::fromLatin1(built.method), built.url.toString()));
    updateSendEnabled();
}

void ComposerPanel::cancel() {
    if (sender_->isBusy() && !sentInProcess_) sender_->abort();  // finished() reports it
}

void ComposerPanel::onFinished(const ComposerResponse& response) {
    viewer_->showResponse(response);
    history_->add(sentRequest_, response.ok() ? response.status : 0);
    if (!response.ok()) awaitingTrace_ = false;
    if (foundTrace_ != 0) viewer_->setTrace(foundTrace_, foundTraceMs_);
    updateSendEnabled();
    emit responseShown(response);
}

void ComposerPanel::lookForTrace(int first, int count) {
    if (!awaitingTrace_ || !store_) return;
    for (int i = first; i < first + count && i < store_->count(); ++i) {
        const TracePtr& t = store_->at(i);
        if (!t || !isExchange(*t) || t->kind != trace::TraceKind::http || t->start < sentAt_) continue;
        const ExchangeSummary s = summarize(t);
        if (QByteArray::fromRawData(s.method().data(), qsizetype(s.method().size())) != sentMethod_) continue;
        if (QString::fromUtf8(s.path().data(), qsizetype(s.path().size())) != sentPath_) continue;
        foundTrace_ = t->id;
        foundTraceMs_ = double(t->duration_ns) / 1e6;
        awaitingTrace_ = false;
        if (!sender_->isBusy()) viewer_->setTrace(foundTrace_, foundTraceMs_);
        emit traceFound(foundTrace_);
        return;
    }
}

QString ComposerPanel::currentCurl() {
    QString error;
    const QString curl = toCurl(request(), effectiveBaseUrl(), &error);
    if (curl.isEmpty()) showMessage(error, true);
    return curl;
}

void ComposerPanel::copyCurl() {
    const QString curl = currentCurl();
    if (!curl.isEmpty()) QGuiApplication::clipboard()->setText(curl);
}

bool ComposerPanel::importCurl(const QString& text, QString* error) {
    QString why;
    auto r = fromCurl(text, &why);
    if (!r) {
        showMessage(tr("The cURL command could not be read: %1").arg(why), true);
        if (error) *error = why;
        return false;
    }
    setRequest(*r);
    return true;
}

void ComposerPanel::showImportCurlDialog() {
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Import cURL"), tr("Paste a curl command line (as \"Copy as cURL\" writes it):"),
        QString(), &ok);
    if (!ok || text.trimmed().isEmpty()) return;
    QString error;
    if (!importCurl(text, &error))
        QMessageBox::warning(this, tr("Import cURL"), tr("The command could not be read:\n%1").arg(error));
}

}  // namespace asgiscope::ui
