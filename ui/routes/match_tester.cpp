#include "match_tester.hpp"

#include <stdexcept>

#include <QComboBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <asgiscope/inspect/explain.hpp>
#include <asgiscope/inspect/url_for.hpp>

#include "models/http_status_style.hpp"
#include "models/match_model.hpp"

namespace asgiscope::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

void setColoredText(QLabel* label, const QString& text, const QColor& color) {
    label->setText(text);
    QPalette p = label->palette();
    p.setColor(
        QPalette::WindowText,
        color.isValid() ? color : label->parentWidget()->palette().color(QPalette::WindowText));
    label->setPalette(p);
}

}  // namespace

MatchTester::MatchTester(QWidget* parent)
    : QWidget(parent),
      model_(new MatchModel(this)),
      method_(new QComboBox(this)),
      url_(new QLineEdit(this)),
      host_(new QLineEdit(this)),
      explain_button_(new QPushButton(tr("Explain"), this)),
      view_(new QTreeView(this)),
      redirect_(new QLabel(this)),
      outcome_(new QLabel(this)),
      name_(new QLineEdit(this)),
      params_(new QLineEdit(this)),
      url_for_(new QLabel(this)) {
    setObjectName(QStringLiteral("matchTester"));
    method_->setEditable(true);
    method_->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                       QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                       QStringLiteral("OPTIONS"), QStringLiteral("WS")});
    method_->setToolTip(tr("HTTP method; WS asks about a WebSocket handshake"));
    url_->setPlaceholderText(tr("URL or path, e.g. /users/7?x=1"));
    url_->setText(QStringLiteral("/"));
    host_->setPlaceholderText(tr("Host header (optional)"));
    host_->setMaximumWidth(180);
    view_->setModel(model_);
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->header()->setStretchLastSection(false);
    view_->header()->setSectionResizeMode(MatchModel::ReasonColumn, QHeaderView::Stretch);
    view_->header()->setSectionResizeMode(MatchModel::RouteColumn, QHeaderView::ResizeToContents);
    view_->header()->setSectionResizeMode(MatchModel::NumberColumn, QHeaderView::ResizeToContents);
    view_->header()->setSectionResizeMode(MatchModel::VerdictColumn, QHeaderView::ResizeToContents);
    redirect_->setWordWrap(true);
    outcome_->setWordWrap(true);
    outcome_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = outcome_->font();
    bold.setBold(true);
    outcome_->setFont(bold);
    name_->setPlaceholderText(tr("route name, e.g. user"));
    params_->setPlaceholderText(tr("params, e.g. id=7"));
    url_for_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    url_for_->setWordWrap(true);
    auto* url_for_button = new QPushButton(tr("url_for"), this);

    auto* request = new QHBoxLayout;
    request->addWidget(method_);
    request->addWidget(url_, 1);
    request->addWidget(host_);
    request->addWidget(explain_button_);
    auto* url_for_row = new QHBoxLayout;
    url_for_row->addWidget(new QLabel(tr("url_for"), this));
    url_for_row->addWidget(name_, 1);
    url_for_row->addWidget(params_, 1);
    url_for_row->addWidget(url_for_button);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(request);
    layout->addWidget(view_, 1);
    layout->addWidget(redirect_);
    layout->addWidget(outcome_);
    layout->addLayout(url_for_row);
    layout->addWidget(url_for_);

    connect(explain_button_, &QPushButton::clicked, this, &MatchTester::explainFields);
    connect(url_, &QLineEdit::returnPressed, this, &MatchTester::explainFields);
    connect(host_, &QLineEdit::returnPressed, this, &MatchTester::explainFields);
    connect(url_for_button, &QPushButton::clicked, this, &MatchTester::urlForFields);
    connect(name_, &QLineEdit::returnPressed, this, &MatchTester::urlForFields);
    connect(params_, &QLineEdit::returnPressed, this, &MatchTester::urlForFields);
}

void MatchTester::setApplication(const web::Starlette& app) {
    app_ = app;
    QStringList names;
    for (const auto& r : inspect::named_routes(app.routes())) names << qs(r.name);
    auto* completer = new QCompleter(names, name_);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    name_->setCompleter(completer);
    model_->clear();
    outcome_->clear();
    redirect_->clear();
}

void MatchTester::setBaseUrl(const QString& url) {
    const QString current = url_->text().trimmed();
    if (current.isEmpty() || current.startsWith(QLatin1Char('/'))) {
        url_->setText(url + (current.isEmpty() ? QStringLiteral("/") : current));
        return;
    }
    QUrl now(current);
    const QUrl base(url);
    if (!now.isValid() || now.scheme().isEmpty()) return;
    now.setScheme(now.scheme().startsWith(QLatin1String("ws")) ? now.scheme() : base.scheme());
    now.setHost(base.host());
    now.setPort(base.port());
    url_->setText(now.toString());
}

QString MatchTester::outcomeText() const {
    return outcome_->text();
}
QString MatchTester::redirectSlashesText() const {
    return redirect_->text();
}
QString MatchTester::urlForText() const {
    return url_for_->text();
}

void MatchTester::explain(const QString& method, const QString& url, const QString& host) {
    method_->setCurrentText(method);
    url_->setText(url);
    host_->setText(host);
    explainFields();
}

void MatchTester::explainFields() {
    if (!app_) return;
    inspect::MatchRequest request;
    request.method = method_->currentText().trimmed().toUpper().toStdString();
    request.url = url_->text().trimmed().toStdString();
    if (request.url.empty()) request.url = "/";
    if (!host_->text().trimmed().isEmpty())
        request.headers.emplace_back("host", host_->text().trimmed().toStdString());
    if (request.method == "WS") {
        request.method = "GET";
        request.websocket = true;
    }
    try {
        inspect::MatchExplanation e = inspect::explain_match(*app_, request);
        const QString outcome = MatchModel::outcomeText(e);
        const QStringList slashes = MatchModel::redirectSlashesText(e);
        const int status = e.status_code;
        const std::string summary = e.summary;
        model_->setExplanation(std::move(e));
        redirect_->setText(slashes.isEmpty()
                               ? QString()
                               : tr("redirect_slashes: %1").arg(slashes.join(QLatin1String("; "))));
        redirect_->setVisible(!slashes.isEmpty());
        setColoredText(outcome_, outcome, status ? statusColor(status) : fullMatchColor());
        outcome_->setToolTip(qs(summary));
    } catch (const std::exception& error) {
        model_->clear();
        redirect_->clear();
        redirect_->hide();
        setColoredText(outcome_,
                       tr("Cannot explain this request: %1").arg(QString::fromUtf8(error.what())),
                       statusColor(500));
    }
}

void MatchTester::urlFor(const QString& name, const QString& params) {
    name_->setText(name);
    params_->setText(params);
    urlForFields();
}

void MatchTester::urlForFields() {
    if (!app_) return;
    const QString name = name_->text().trimmed();
    asgi::PathParams params;
    for (const QString& part : params_->text().split(QRegularExpression(QStringLiteral("[,&\\s]+")),
                                                     Qt::SkipEmptyParts)) {
        const int eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            url_for_failed_ = true;
            setColoredText(url_for_, tr("Parameters look like id=7, name=x; not '%1'").arg(part),
                           statusColor(500));
            return;
        }
        params[part.left(eq).toStdString()] = part.mid(eq + 1).toStdString();
    }
    if (name.isEmpty()) {
        url_for_failed_ = true;
        setColoredText(url_for_, tr("Give a route name"), statusColor(500));
        return;
    }
    try {
        const inspect::UrlForResult r = inspect::url_for(*app_, name.toStdString(), params);
        url_for_failed_ = !r.ok;
        if (r.ok) {
            QString text = qs(r.path);
            if (!r.host.empty()) text = tr("%1 (host %2)").arg(text, qs(r.host));
            setColoredText(url_for_, tr("url_for('%1') → %2").arg(name, text), fullMatchColor());
        } else {
            setColoredText(url_for_, qs(r.error), statusColor(500));
        }
    } catch (const std::exception& error) {
        url_for_failed_ = true;
        setColoredText(url_for_, QString::fromUtf8(error.what()), statusColor(500));
    }
}

}  // namespace asgiscope::ui
