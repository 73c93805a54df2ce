#include "inspector/waterfall_view.hpp"

#include <algorithm>

#include <QMouseEvent>
#include <QPainter>

#include "models/http_status_style.hpp"
#include "models/message_text.hpp"
#include "models/traffic_model.hpp"

namespace asgiscope::ui {

WaterfallView::WaterfallView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

int WaterfallView::rowHeight() const { return fontMetrics().height() + 6; }

QSize WaterfallView::sizeHint() const {
    return {360, rowHeight() * (static_cast<int>(model_.bars().size()) + 1) + 6};
}

QSize WaterfallView::minimumSizeHint() const {
    // Room for a typical stack (up to ten layers) before the splitter may squeeze it.
    return {200, rowHeight() * (std::min(static_cast<int>(model_.bars().size()), 10) + 1) + 6};
}

void WaterfallView::showTrace(TracePtr trace) {
    model_ = WaterfallModel(trace);
    updateGeometry();
    update();
}

void WaterfallView::mousePressEvent(QMouseEvent* event) {
    const int row = static_cast<int>(event->position().y()) / rowHeight() - 1;
    if (row >= 0 && row < static_cast<int>(model_.bars().size())) emit layerSelected(row);
}

void WaterfallView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const int h = rowHeight();
    if (model_.bars().empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No exchange selected"));
        return;
    }
    const int nameWidth = std::min(width() / 3, fontMetrics().horizontalAdvance(QStringLiteral("M")) * 16);
    const int selfWidth = fontMetrics().horizontalAdvance(QStringLiteral("self 000.00 ms")) + 8;
    const int left = nameWidth + 6;
    const int right = std::max(left + 20, width() - selfWidth);
    const double total = std::max<std::int64_t>(1, model_.totalNs());
    auto xOf = [&](std::int64_t ns) { return left + int(double(ns) / total * (right - left)); };

    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRect(4, 0, nameWidth, h), Qt::AlignLeft | Qt::AlignVCenter, tr("layer"));
    p.drawText(QRect(left, 0, right - left, h), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
    p.drawText(QRect(left, 0, right - left - 8, h), Qt::AlignRight | Qt::AlignVCenter,
               tr("total %1").arg(TrafficModel::formatDuration(model_.totalNs())));
    p.drawText(QRect(right + 4, 0, selfWidth, h), Qt::AlignLeft | Qt::AlignVCenter, tr("self"));

    const bool dark = isDarkPalette(pal);
    const QColor base = messageColor(MessageCategory::request, dark);
    for (std::size_t i = 0; i < model_.bars().size(); ++i) {
        const auto& bar = model_.bars()[i];
        const int y = h * (static_cast<int>(i) + 1);
        const QColor color = bar.error ? statusColor(500, dark) : bar.shortCircuited ? statusColor(400, dark) : base;
        p.setPen(pal.color(QPalette::Text));
        const QString name = QString(bar.depth, u' ') + bar.name;
        p.drawText(QRect(4, y, nameWidth, h), Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(name, Qt::ElideRight, nameWidth));
        const int x1 = xOf(bar.startNs);
        const int x2 = std::max(x1 + 1, xOf(bar.endNs));
        QColor light = color;
        light.setAlpha(60);
        p.fillRect(QRect(x1, y + 4, x2 - x1, h - 8), light);
        for (const auto& [a, b] : bar.selfIntervals) {
            const int s1 = xOf(a);
            p.fillRect(QRect(s1, y + 4, std::max(1, xOf(b) - s1), h - 8), color);
        }
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(right + 4, y, selfWidth, h), Qt::AlignLeft | Qt::AlignVCenter,
                   TrafficModel::formatDuration(bar.selfNs));
    }
}

}  // namespace asgiscope::ui
