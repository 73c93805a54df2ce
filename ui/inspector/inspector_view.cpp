#include "inspector/inspector_view.hpp"

#include <QButtonGroup>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "inspector/waterfall_view.hpp"

namespace asgiscope::ui {

InspectorView::InspectorView(QWidget* parent)
    : QWidget(parent),
      tree_(new InspectorTreeModel(this)),
      view_(new QTreeView(this)),
      bodyPane_(new QWidget(this)),
      bodyLabel_(new QLabel(bodyPane_)),
      formatButtons_(new QButtonGroup(this)),
      bodyStack_(new QStackedWidget(bodyPane_)),
      bodyText_(new QPlainTextEdit(bodyStack_)),
      bodyImage_(new QLabel(bodyStack_)),
      waterfall_(new WaterfallView(this)) {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    view_->setModel(tree_);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    view_->header()->setStretchLastSection(true);
    view_->setFont(mono);

    bodyText_->setReadOnly(true);
    bodyText_->setFont(mono);
    bodyText_->setLineWrapMode(QPlainTextEdit::NoWrap);
    bodyImage_->setAlignment(Qt::AlignCenter);
    bodyStack_->addWidget(bodyText_);
    bodyStack_->addWidget(bodyImage_);

    auto* formats = new QHBoxLayout;
    formats->setContentsMargins(0, 0, 0, 0);
    formats->addWidget(bodyLabel_, 1);
    const std::pair<BodyFormat, QString> names[] = {
        {BodyFormat::Text, tr("Text")}, {BodyFormat::Json, tr("JSON")}, {BodyFormat::Image, tr("Image")},
        {BodyFormat::Hex, tr("Hex")}};
    for (const auto& [format, name] : names) {
        auto* b = new QToolButton(bodyPane_);
        b->setText(name);
        b->setCheckable(true);
        b->setAutoRaise(true);
        formatButtons_->addButton(b, static_cast<int>(format));
        formats->addWidget(b);
    }
    formatButtons_->setExclusive(true);
    connect(formatButtons_, &QButtonGroup::idClicked, this,
            [this](int id) { setBodyFormat(static_cast<BodyFormat>(id)); });
    auto* bodyLayout = new QVBoxLayout(bodyPane_);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(1);
    bodyLayout->addLayout(formats);
    bodyLayout->addWidget(bodyStack_, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(view_);
    splitter->addWidget(bodyPane_);
    splitter->addWidget(waterfall_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(waterfall_, &WaterfallView::layerSelected, this, [this](int span) {
        showLayer(span);
        emit layerSelected(span);
    });
    bodyPane_->hide();
    tree_->showNothing();
}

void InspectorView::showTrace(TracePtr trace) {
    trace_ = std::move(trace);
    waterfall_->showTrace(trace_);
    if (trace_ && !trace_->spans.empty()) showLayer(0);
    else {
        tree_->showNothing();
        refreshBody();
    }
}

void InspectorView::showMessage(int span, int message) {
    tree_->showMessage(trace_, span, message);
    view_->expandToDepth(0);
    // The message's own headers open too; the request's (under the scope) stay folded.
    if (const QModelIndex headers = tree_->messageHeadersIndex(); headers.isValid()) view_->expand(headers);
    view_->resizeColumnToContents(0);
    if (tree_->hasBody()) setBodyFormat(guessBodyFormat(tree_->body(), tree_->bodyContentType()));
    refreshBody();
}

void InspectorView::showLayer(int span) {
    tree_->showLayer(trace_, span);
    view_->expandToDepth(0);
    view_->resizeColumnToContents(0);
    refreshBody();
}

void InspectorView::setBodyFormat(BodyFormat format) {
    format_ = format;
    if (auto* b = formatButtons_->button(static_cast<int>(format))) b->setChecked(true);
    refreshBody();
}

QString InspectorView::bodyText() const {
    return bodyStack_->currentWidget() == bodyText_ ? bodyText_->toPlainText() : QString();
}

void InspectorView::refreshBody() {
    if (!tree_->hasBody()) {
        bodyPane_->hide();
        return;
    }
    bodyPane_->show();
    const QByteArray& body = tree_->body();
    bodyLabel_->setText(tr("body: %1").arg(tree_->bodySizeText()));
    switch (format_) {
    case BodyFormat::Text:
        bodyText_->setPlainText(bodyAsText(body));
        bodyStack_->setCurrentWidget(bodyText_);
        break;
    case BodyFormat::Json:
        if (auto pretty = bodyAsPrettyJson(body)) bodyText_->setPlainText(*pretty);
        else bodyText_->setPlainText(tr("(not JSON%1)\n\n%2")
                                         .arg(body.size() < tree_->bodyFullSize() ? tr(": only part of it was kept")
                                                                                : QString(),
                                              bodyAsText(body)));
        bodyStack_->setCurrentWidget(bodyText_);
        break;
    case BodyFormat::Image: {
        const QImage image = bodyAsImage(body);
        if (image.isNull()) {
            bodyText_->setPlainText(tr("(not an image)"));
            bodyStack_->setCurrentWidget(bodyText_);
        } else {
            bodyImage_->setPixmap(QPixmap::fromImage(image.width() > 800 ? image.scaledToWidth(800) : image));
            bodyStack_->setCurrentWidget(bodyImage_);
        }
        break;
    }
    case BodyFormat::Hex:
        bodyText_->setPlainText(bodyAsHex(body));
        bodyStack_->setCurrentWidget(bodyText_);
        break;
    }
}

}  // namespace asgiscope::ui
