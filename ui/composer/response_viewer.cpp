#include "composer/response_viewer.hpp"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "models/body_format.hpp"
#include "models/http_status_style.hpp"

namespace asgiscope::ui {

ResponseViewer::ResponseViewer(QWidget* parent) : QWidget(parent) {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("composerStatus"));
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setWordWrap(true);
    QFont bold = status_->font();
    bold.setBold(true);
    status_->setFont(bold);
    timing_ = new QLabel(this);
    timing_->setObjectName(QStringLiteral("composerTiming"));
    timing_->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);  // never cut
    showInTraffic_ = new QPushButton(tr("Show in Traffic"), this);
    showInTraffic_->setObjectName(QStringLiteral("showInTrafficButton"));
    showInTraffic_->setEnabled(false);
    showInTraffic_->setToolTip(tr("Select this exchange in Traffic once its trace has arrived"));
    connect(showInTraffic_, &QPushButton::clicked, this, [this] {
        if (traceId_ != 0) emit showInTrafficRequested(traceId_);
    });

    body_ = new QPlainTextEdit(this);
    body_->setReadOnly(true);
    body_->setFont(mono);
    body_->setObjectName(QStringLiteral("responseBody"));
    html_ = new QTextBrowser(this);
    html_->setOpenLinks(false);
    image_ = new QLabel(this);
    image_->setAlignment(Qt::AlignCenter);
    auto* imageScroll = new QScrollArea(this);
    imageScroll->setWidget(image_);
    imageScroll->setWidgetResizable(true);
    auto* nothing = new QLabel(tr("Nothing to preview: the body is neither HTML nor an image."), this);
    nothing->setAlignment(Qt::AlignCenter);
    nothing->setWordWrap(true);
    preview_ = new QStackedWidget(this);
    preview_->addWidget(nothing);
    preview_->addWidget(html_);
    preview_->addWidget(imageScroll);
    hex_ = new QPlainTextEdit(this);
    hex_->setReadOnly(true);
    hex_->setFont(mono);
    hex_->setLineWrapMode(QPlainTextEdit::NoWrap);
    bodyTabs_ = new QTabWidget(this);
    bodyTabs_->setDocumentMode(true);
    bodyTabs_->addTab(body_, tr("Pretty"));
    bodyTabs_->addTab(preview_, tr("Preview"));
    bodyTabs_->addTab(hex_, tr("Hex"));

    headers_ = new QTableWidget(0, 2, this);
    headers_->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    headers_->horizontalHeader()->setStretchLastSection(true);
    headers_->verticalHeader()->hide();
    headers_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    headers_->setFont(mono);

    tabs_ = new QTabWidget(this);
    tabs_->addTab(bodyTabs_, tr("Body"));
    tabs_->addTab(headers_, tr("Headers"));

    auto* top = new QHBoxLayout;
    top->addWidget(status_, 1);
    top->addWidget(timing_);
    top->addWidget(showInTraffic_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(tabs_, 1);
    clear();
}

void ResponseViewer::clear() {
    response_ = {};
    traceId_ = 0;
    traceMs_ = -1;
    status_->setText(tr("No response yet: compose a request and press Send (Ctrl+Enter)."));
    status_->setStyleSheet({});
    timing_->clear();
    showInTraffic_->setEnabled(false);
    body_->clear();
    hex_->clear();
    html_->clear();
    image_->clear();
    preview_->setCurrentIndex(0);
    headers_->setRowCount(0);
}

void ResponseViewer::showPending(const QString& what) {
    clear();
    status_->setText(what);
}

void ResponseViewer::showResponse(const ComposerResponse& r) {
    clear();
    response_ = r;
    if (!r.ok()) {
        status_->setText(r.error);
        status_->setStyleSheet(QStringLiteral("color: %1").arg(statusColor(500).name()));
        updateTiming();
        return;
    }
    const QString reason = r.reason.isEmpty() ? QString() : QLatin1Char(' ') + r.reason;
    status_->setText(QStringLiteral("%1%2").arg(r.status).arg(reason));
    const QColor color = statusColor(r.status);
    if (color.isValid()) status_->setStyleSheet(QStringLiteral("color: %1").arg(color.name()));
    updateTiming();

    headers_->setRowCount(int(r.headers.size()));
    for (int i = 0; i < r.headers.size(); ++i) {
        headers_->setItem(i, 0, new QTableWidgetItem(QString::fromLatin1(r.headers[i].first)));
        headers_->setItem(i, 1, new QTableWidgetItem(QString::fromUtf8(r.headers[i].second)));
    }
    headers_->resizeColumnToContents(0);

    const QString contentType = QString::fromLatin1(r.header("content-type"));
    const BodyFormat format = guessBodyFormat(r.body, contentType);
    hex_->setPlainText(bodyAsHex(r.body));
    bool previewable = false;
    switch (format) {
        case BodyFormat::Json:
            body_->setPlainText(bodyAsPrettyJson(r.body).value_or(bodyAsText(r.body)));
            break;
        case BodyFormat::Text:
            body_->setPlainText(bodyAsText(r.body));
            if (contentType.startsWith(QLatin1String("text/html"), Qt::CaseInsensitive)) {
                html_->setHtml(bodyAsText(r.body));
                preview_->setCurrentWidget(html_);
                previewable = true;
            }
            break;
        case BodyFormat::Image: {
            const QImage image = bodyAsImage(r.body);
            image_->setPixmap(QPixmap::fromImage(image));
            preview_->setCurrentIndex(2);
            body_->setPlainText(tr("An image, %1 × %2 pixels: see Preview.").arg(image.width()).arg(image.height()));
            previewable = true;
            break;
        }
        case BodyFormat::Hex:
            body_->setPlainText(bodyAsHex(r.body));
            break;
    }
    bodyTabs_->setCurrentIndex(previewable && format == BodyFormat::Image ? 1 : 0);
}

void ResponseViewer::setTrace(trace::TraceId id, double durationMs) {
    traceId_ = id;
    traceMs_ = durationMs;
    showInTraffic_->setEnabled(id != 0);
    updateTiming();
}

void ResponseViewer::updateTiming() {
    const QLocale locale;
    QStringList parts;
    parts << tr("%1 ms").arg(locale.toString(response_.totalMs, 'f', 1));
    if (traceMs_ >= 0) parts << tr("%1 ms in the app (trace)").arg(locale.toString(traceMs_, 'f', 2));
    if (response_.ok()) parts << locale.formattedDataSize(response_.body.size());
    if (response_.inProcess) parts << tr("in-process");
    timing_->setText(parts.join(QStringLiteral(" · ")));
}

QString ResponseViewer::statusText() const {
    return status_->text();
}

QString ResponseViewer::timingText() const {
    return timing_->text();
}

QString ResponseViewer::bodyText() const {
    return body_->toPlainText();
}

}  // namespace asgiscope::ui
