#include "replay/edit_request_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include "models/body_format.hpp"

namespace asgiscope::ui {

namespace {
QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
}  // namespace

EditRequestDialog::EditRequestDialog(const trace::RequestRecord& request, QWidget* parent)
    : QDialog(parent), original_(request) {
    setObjectName(QStringLiteral("editRequestDialog"));
    setWindowTitle(tr("Edit request before replay"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    method_ = new QComboBox(this);
    method_->setEditable(true);
    method_->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                       QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                       QStringLiteral("OPTIONS")});
    method_->setCurrentText(qs(request.method));
    url_ = new QLineEdit(qs(request.url), this);
    url_->setObjectName(QStringLiteral("urlEdit"));
    url_->setToolTip(
        tr("Only the path and query are used: the request goes to the replay target."));
    headers_ = new QPlainTextEdit(this);
    headers_->setObjectName(QStringLiteral("headersEdit"));
    headers_->setFont(mono);
    headers_->setPlaceholderText(tr("One header a line: Name: value"));
    QStringList lines;
    for (const auto& [name, value] : request.headers)
        lines << qs(name) + QStringLiteral(": ") + qs(value);
    headers_->setPlainText(lines.join(QLatin1Char('\n')));
    body_ = new QPlainTextEdit(this);
    body_->setObjectName(QStringLiteral("bodyEdit"));
    body_->setFont(mono);
    const QByteArray body = toByteArray(request.body);
    body_->setPlainText(QString::fromUtf8(body));
    if (!body.isEmpty() && !looksLikeText(body)) {
        body_->setReadOnly(true);
        body_->setToolTip(
            tr("The body is binary and cannot be edited here; it is sent as recorded."));
    }
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName(QStringLiteral("errorLabel"));
    errorLabel_->setStyleSheet(QStringLiteral("color: #c62828"));
    errorLabel_->setWordWrap(true);
    errorLabel_->hide();
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Replay"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &EditRequestDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &EditRequestDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("Method"), method_);
    form->addRow(tr("URL"), url_);
    form->addRow(tr("Headers"), headers_);
    form->addRow(tr("Body"), body_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(errorLabel_);
    layout->addWidget(buttons_);
    resize(640, 520);
}

std::optional<trace::RequestRecord> EditRequestDialog::request() const {
    error_.clear();
    trace::RequestRecord r = original_;
    const QString method = method_->currentText().trimmed();
    static const QString token = QStringLiteral("!#$%&'*+-.^_`|~");
    bool methodOk = !method.isEmpty();
    for (QChar c : method)
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && !token.contains(c)) methodOk = false;
    if (!methodOk) {
        error_ = tr("The method must be a word such as GET or POST, not \"%1\".").arg(method);
        return std::nullopt;
    }
    const QString urlText = url_->text().trimmed();
    const QUrl url(urlText, QUrl::StrictMode);
    const bool absolute = url.isValid() && !url.host().isEmpty() &&
                          QStringList{QStringLiteral("http"), QStringLiteral("https"),
                                      QStringLiteral("ws"), QStringLiteral("wss")}
                              .contains(url.scheme());
    const bool path = urlText.startsWith(QLatin1Char('/')) && QUrl(urlText).isValid();
    if (!absolute && !path) {
        error_ =
            tr("The URL must be absolute (http://host/path) or a path starting with /, not \"%1\".")
                .arg(urlText);
        return std::nullopt;
    }
    asgi::Headers headers;
    const QStringList lines = headers_->toPlainText().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty()) continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0 || line.left(colon).contains(QLatin1Char(' '))) {
            error_ = tr("Header line %1 is not \"Name: value\": \"%2\".").arg(i + 1).arg(line);
            return std::nullopt;
        }
        headers.emplace_back(line.left(colon).trimmed().toStdString(),
                             line.mid(colon + 1).trimmed().toStdString());
    }
    r.method = method.toUpper().toStdString();
    r.url = urlText.toStdString();
    r.headers = std::move(headers);
    if (!body_->isReadOnly()) {
        const QByteArray body = body_->toPlainText().toUtf8();
        if (body != toByteArray(original_.body)) {
            r.body =
                asgi::Bytes::copy(std::string_view(body.constData(), std::size_t(body.size())));
            r.body_truncated = false;
        }
    }
    return r;
}

void EditRequestDialog::accept() {
    if (!request()) {
        errorLabel_->setText(error_);
        errorLabel_->show();
        return;
    }
    QDialog::accept();
}

}  // namespace asgiscope::ui
