#include "trace/sequence_diagram.hpp"

#include <algorithm>

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>

#include "models/http_status_style.hpp"
#include "models/message_text.hpp"
#include "models/traffic_model.hpp"

namespace asgiscope::ui {

namespace {

/// Lanes wider than this take their title on two lines.
constexpr int maxLaneWidth = 106;

QString timeText(std::int64_t ns) {
    return QLocale::c().toString(double(ns) / 1e6, 'f', 3) + QStringLiteral(" ms");
}

void arrowHead(QPainter& p, QPointF tip, bool pointsRight, const QColor& color) {
    const qreal d = pointsRight ? -6 : 6;
    QPainterPath path;
    path.moveTo(tip);
    path.lineTo(tip.x() + d, tip.y() - 3.5);
    path.lineTo(tip.x() + d, tip.y() + 3.5);
    path.closeSubpath();
    p.fillPath(path, color);
}

}  // namespace

SequenceDiagram::SequenceDiagram(QWidget* parent) : QAbstractScrollArea(parent) {
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    verticalScrollBar()->setSingleStep(rowHeight);
    horizontalScrollBar()->setSingleStep(20);
}

void SequenceDiagram::showTrace(TracePtr trace) {
    model_ = SequenceModel(std::move(trace));
    selected_ = {-1, -1};
    // Lanes wide enough for the longer line of most titles.
    int widest = 84;
    const QFontMetrics fm(font());
    for (int lane = 0; lane < static_cast<int>(model_.lanes().size()); ++lane)
        for (const QString& line : laneTitle(lane).split(u'\n')) widest = std::max(widest, fm.horizontalAdvance(line) + 14);
    laneWidth_ = std::min(widest, maxLaneWidth);
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

void SequenceDiagram::clearTrace() { showTrace(nullptr); }

void SequenceDiagram::selectMessage(int span, int message) {
    const int row = model_.rowOf(span, message);
    if (row < 0) return;
    selected_ = {span, message};
    const int top = row * rowHeight;
    QScrollBar* v = verticalScrollBar();
    const int visible = viewport()->height() - headerHeight;
    if (top < v->value() || top + rowHeight > v->value() + visible) v->setValue(top - visible / 2);
    viewport()->update();
}

int SequenceDiagram::laneX(int lane) const {
    return timeColumnWidth + labelColumnWidth + lane * laneWidth_ + laneWidth_ / 2 - horizontalScrollBar()->value();
}

int SequenceDiagram::rowY(int row) const { return headerHeight + row * rowHeight - verticalScrollBar()->value(); }

void SequenceDiagram::updateScrollBars() {
    const int contentHeight = static_cast<int>(model_.rows().size()) * rowHeight + rowHeight;
    const int contentWidth = timeColumnWidth + labelColumnWidth + static_cast<int>(model_.lanes().size()) * laneWidth_ + 8;
    verticalScrollBar()->setRange(0, std::max(0, contentHeight - (viewport()->height() - headerHeight)));
    verticalScrollBar()->setPageStep(std::max(rowHeight, viewport()->height() - headerHeight));
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void SequenceDiagram::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void SequenceDiagram::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const int width = viewport()->width();
    const int height = viewport()->height();
    const auto& lanes = model_.lanes();
    const auto& rows = model_.rows();
    lastPaintedRows_ = 0;
    if (!model_.trace()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("Select a request in Traffic to see its trace."));
        return;
    }
    const int laneCount = static_cast<int>(lanes.size());
    const int firstRow = std::max(0, verticalScrollBar()->value() / rowHeight);
    const int lastRow = std::min(static_cast<int>(rows.size()) - 1,
                                 (verticalScrollBar()->value() + height - headerHeight) / rowHeight + 1);

    // Lifelines.
    QPen lifeline(pal.color(QPalette::Mid), 1, Qt::DashLine);
    p.setPen(lifeline);
    for (int lane = 0; lane < laneCount; ++lane) p.drawLine(laneX(lane), headerHeight, laneX(lane), height);

    // Activation bars, clipped to the visible rows.
    for (const auto& a : model_.activations()) {
        if (a.lastRow < firstRow || a.firstRow > lastRow) continue;
        const int top = rowY(a.firstRow) + 2;
        const int bottom = rowY(a.lastRow) + rowHeight - 2;
        const QRect bar(laneX(a.lane) - 4, std::max(top, headerHeight - 4), 8, bottom - std::max(top, headerHeight - 4));
        p.fillRect(bar, pal.color(QPalette::AlternateBase).darker(115));
        p.setPen(pal.color(QPalette::Mid));
        p.drawRect(bar);
    }

    // Rows in view only.
    for (int row = firstRow; row <= lastRow; ++row) {
        paintRow(p, row);
        ++lastPaintedRows_;
    }

    // The time and label columns and the lane titles stay in place while the rows scroll.
    const int fixedWidth = timeColumnWidth + labelColumnWidth;
    p.fillRect(QRect(0, headerHeight, fixedWidth, height), pal.color(QPalette::Base));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    for (int row = firstRow; row <= lastRow; ++row) {
        p.setFont(small);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(2, rowY(row), timeColumnWidth - 8, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                   timeText(rows[static_cast<std::size_t>(row)].timeNs));
        paintLabel(p, row);
    }
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(fixedWidth - 2, headerHeight, fixedWidth - 2, height);

    p.fillRect(QRect(0, 0, width, headerHeight), pal.color(QPalette::Window));
    p.setFont(font());
    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRect(4, 0, timeColumnWidth - 8, headerHeight), Qt::AlignLeft | Qt::AlignVCenter, tr("time"));
    p.drawText(QRect(timeColumnWidth + 4, 0, labelColumnWidth - 8, headerHeight), Qt::AlignLeft | Qt::AlignVCenter,
               tr("message"));
    p.save();
    p.setClipRect(QRect(fixedWidth, 0, width - fixedWidth, headerHeight));
    for (int lane = 0; lane < laneCount; ++lane) {
        const QRect box(laneX(lane) - laneWidth_ / 2 + 3, 4, laneWidth_ - 6, headerHeight - 8);
        const auto& info = lanes[static_cast<std::size_t>(lane)];
        QFont f = font();
        if (info.span >= 0 && model_.trace()->spans[static_cast<std::size_t>(info.span)].short_circuited) f.setBold(true);
        p.setFont(f);
        p.setPen(pal.color(QPalette::Mid));
        p.setBrush(pal.color(QPalette::Button));
        p.drawRoundedRect(box, 3, 3);
        p.setPen(pal.color(QPalette::ButtonText));
        QStringList lines = laneTitle(lane).split(u'\n');
        for (QString& line : lines) line = QFontMetrics(f).elidedText(line, Qt::ElideMiddle, box.width() - 6);
        p.drawText(box, Qt::AlignCenter, lines.join(u'\n'));
    }
    p.restore();
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(0, headerHeight - 1, width, headerHeight - 1);
}

QString SequenceDiagram::laneTitle(int lane) const {
    const QString& name = model_.lanes()[static_cast<std::size_t>(lane)].name;
    const QFontMetrics fm(font());
    if (fm.horizontalAdvance(name) + 14 <= maxLaneWidth) return name;
    const qsizetype space = name.indexOf(u' ');
    if (space > 0) return name.left(space) + u'\n' + name.mid(space + 1);
    const qsizetype suffix = name.lastIndexOf(QStringLiteral("Middleware"));
    if (suffix > 0) return name.left(suffix) + u'\n' + name.mid(suffix);
    return name;
}

void SequenceDiagram::paintLabel(QPainter& p, int rowIndex) const {
    const auto& row = model_.rows()[static_cast<std::size_t>(rowIndex)];
    const QPalette pal = palette();
    QFont f = font();
    f.setPointSizeF(font().pointSizeF() * 0.9);
    QString text = row.label;
    const bool darkScheme = isDarkPalette(pal);
    QColor color = darkScheme ? messageColor(row.category, true) : messageColor(row.category, false).darker(110);
    if (row.kind == SequenceModel::RowKind::scopeChange) {
        f.setItalic(true);
        text = QStringLiteral("◆ ") + text;
        color = pal.color(QPalette::Text);
    } else if (row.kind == SequenceModel::RowKind::exception) {
        text = QStringLiteral("✖ ") + tr("raised %1").arg(text);
    } else {
        text = (row.direction == trace::Direction::receive ? QStringLiteral("→ ") : QStringLiteral("← ")) + text;
        if (row.turnLane >= 0) text += QStringLiteral(" ↩");
        if (row.consumedLane >= 0) text += QStringLiteral(" ●");
        for (const auto& seg : row.segments)
            if (seg.changed) {
                text += QStringLiteral(" ⟳");
                break;
            }
        const auto& selectedRow = selected_;
        for (const auto& seg : row.segments)
            if (selectedRow == std::make_pair(seg.span, seg.message)) f.setBold(true);
    }
    p.setFont(f);
    p.setPen(color);
    const QRect box(timeColumnWidth + 4, rowY(rowIndex), labelColumnWidth - 10, rowHeight);
    p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, QFontMetrics(f).elidedText(text, Qt::ElideRight, box.width()));
}

void SequenceDiagram::paintRow(QPainter& p, int rowIndex) const {
    const auto& row = model_.rows()[static_cast<std::size_t>(rowIndex)];
    const QPalette pal = palette();
    const int y = rowY(rowIndex);
    const int mid = y + rowHeight / 2;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(small);

    if (row.kind == SequenceModel::RowKind::scopeChange) {
        const int x = laneX(row.lane);
        QPainterPath diamond;
        diamond.moveTo(x, mid - 5);
        diamond.lineTo(x + 5, mid);
        diamond.lineTo(x, mid + 5);
        diamond.lineTo(x - 5, mid);
        diamond.closeSubpath();
        p.fillPath(diamond, messageColor(MessageCategory::other, isDarkPalette(pal)));
        return;
    }
    if (row.kind == SequenceModel::RowKind::exception) {
        const QColor red = messageColor(MessageCategory::disconnect, isDarkPalette(pal));
        const int from = laneX(row.lane);
        const int to = laneX(row.otherLane);
        p.setPen(QPen(red, 1.5, Qt::DashLine));
        p.drawLine(from, mid, to, mid);
        p.setPen(QPen(red, 2.5));
        p.drawLine(from - 5, mid - 5, from + 5, mid + 5);
        p.drawLine(from - 5, mid + 5, from + 5, mid - 5);
        p.setBrush(red);
        p.drawEllipse(QPoint(to, mid), 4, 4);
        p.setBrush(Qt::NoBrush);
        if (row.turnLane >= 0) {
            QFont bold = small;
            bold.setBold(true);
            p.setFont(bold);
            p.drawText(QRect(from + 7, y, 20, rowHeight), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("↩"));
            p.setFont(small);
        }
        return;
    }

    const QColor color = messageColor(row.category, isDarkPalette(pal));
    for (const auto& seg : row.segments) {
        const bool selected = selected_ == std::make_pair(seg.span, seg.message);
        const int x1 = laneX(seg.fromLane);
        const int x2 = laneX(seg.toLane);
        const bool right = x2 > x1;
        const int gap = 5;  // keep clear of the activation bars
        const QPointF a(x1 + (right ? gap : -gap), mid);
        const QPointF b(x2 + (right ? -gap : gap), mid);
        if (selected) {
            p.setPen(QPen(pal.color(QPalette::Highlight), 6, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(a, b);
        }
        p.setPen(QPen(color, selected ? 2.2 : 1.4));
        p.drawLine(a, b);
        arrowHead(p, b, right, color);
        if (seg.changed && seg.changedLane >= 0) {
            const QPoint c(laneX(seg.changedLane), mid);
            p.setPen(QPen(statusColor(400, isDarkPalette(pal)), 1.5));
            p.setBrush(pal.color(QPalette::Base));
            p.drawEllipse(c, 7, 7);
            p.setBrush(Qt::NoBrush);
            p.drawText(QRect(c.x() - 7, c.y() - 8, 14, 16), Qt::AlignCenter, QStringLiteral("⟳"));
        }
    }
    if (row.consumedLane >= 0) {
        const QPoint c(laneX(row.consumedLane) + 10, mid);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(c, 4, 4);
        p.setBrush(Qt::NoBrush);
    }
    if (row.turnLane >= 0) {
        const int x = laneX(row.turnLane);
        QFont bold = small;
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(color.darker(120));
        p.drawText(QRect(x + 6, y, 20, rowHeight), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("↩"));
        p.setFont(small);
    }
}

SequenceDiagram::Hit SequenceDiagram::hitTest(QPoint pos) const {
    Hit hit;
    if (!model_.trace() || pos.y() < headerHeight) return hit;
    const int row = (pos.y() - headerHeight + verticalScrollBar()->value()) / rowHeight;
    if (row < 0 || row >= static_cast<int>(model_.rows().size())) return hit;
    hit.row = row;
    const auto& r = model_.rows()[static_cast<std::size_t>(row)];
    if (pos.x() < timeColumnWidth + labelColumnWidth) {
        // The label stands for the message as it crossed the wire (the client's side).
        if (!r.segments.empty())
            hit.segment = r.direction == trace::Direction::receive ? 0 : static_cast<int>(r.segments.size()) - 1;
        return hit;
    }
    // An arrow: the segment under x, else the nearest one on the row.
    int best = -1;
    int bestDistance = std::numeric_limits<int>::max();
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const int x1 = laneX(r.segments[i].fromLane);
        const int x2 = laneX(r.segments[i].toLane);
        const int lo = std::min(x1, x2);
        const int hi = std::max(x1, x2);
        const int d = pos.x() < lo ? lo - pos.x() : pos.x() > hi ? pos.x() - hi : 0;
        if (d < bestDistance) {
            bestDistance = d;
            best = static_cast<int>(i);
        }
    }
    // A ⟳ mark under the pointer picks the version the marked layer passed on.
    for (std::size_t i = 0; i < r.segments.size(); ++i)
        if (r.segments[i].changed && std::abs(pos.x() - laneX(r.segments[i].changedLane)) <= 8) {
            hit.segment = static_cast<int>(i);
            return hit;
        }
    // An activation bar under the pointer wins when the pointer is right on it.
    for (std::size_t i = 0; i < model_.activations().size(); ++i) {
        const auto& a = model_.activations()[i];
        if (row >= a.firstRow && row <= a.lastRow && std::abs(pos.x() - laneX(a.lane)) <= 4) {
            hit.activation = static_cast<int>(i);
            return hit;
        }
    }
    if (best >= 0 && bestDistance <= laneWidth_ / 2) hit.segment = best;
    return hit;
}

QString SequenceDiagram::toolTipFor(const Hit& hit) const {
    if (hit.row < 0) return {};
    const trace::Trace& t = *model_.trace();
    if (hit.activation >= 0) {
        const trace::Span& s = t.spans[static_cast<std::size_t>(hit.activation)];
        QStringList lines;
        lines << qs(s.name);
        lines << tr("self time %1 of %2").arg(TrafficModel::formatDuration(s.self_ns),
                                               TrafficModel::formatDuration(s.duration_ns()));
        if (s.short_circuited) lines << tr("answered without calling the layer inside it");
        if (s.consumed_body) lines << tr("read the request body");
        if (s.exception)
            lines << (s.exception->raised_here   ? tr("raised %1: %2")
                      : s.exception->handled_here ? tr("handled %1: %2")
                                                  : tr("let %1 through: %2"))
                         .arg(qs(s.exception->type), qs(s.exception->message));
        if (s.incomplete) lines << tr("did not finish (the request ended first)");
        return lines.join(u'\n');
    }
    const auto& row = model_.rows()[static_cast<std::size_t>(hit.row)];
    if (row.kind == SequenceModel::RowKind::scopeChange)
        return tr("%1 saw the scope change: %2").arg(model_.lanes()[static_cast<std::size_t>(row.lane)].name, row.label);
    if (row.kind == SequenceModel::RowKind::exception) {
        const QString handler = row.otherLane > 0 ? model_.lanes()[static_cast<std::size_t>(row.otherLane)].name
                                                  : tr("the server");
        QString text = tr("%1 raised %2\nhandled by %3")
                           .arg(model_.lanes()[static_cast<std::size_t>(row.lane)].name, row.label, handler);
        if (row.turnLane >= 0) text += u'\n' + tr("↩ it answered without calling the layer inside it");
        return text;
    }
    if (hit.segment < 0) return {};
    const auto& seg = row.segments[static_cast<std::size_t>(hit.segment)];
    const trace::Span& s = t.spans[static_cast<std::size_t>(seg.span)];
    const trace::MessageEvent& m = s.messages[static_cast<std::size_t>(seg.message)];
    QStringList lines;
    lines << describeMessage(m);
    lines << (m.direction == trace::Direction::receive ? tr("received by %1 at %2") : tr("sent by %1 at %2"))
                 .arg(qs(s.name), timeText(m.time_ns));
    if (seg.changed) lines << tr("⟳ changed by %1").arg(model_.lanes()[static_cast<std::size_t>(seg.changedLane)].name);
    if (row.consumedLane >= 0 && hit.segment + 1 == static_cast<int>(row.segments.size()))
        lines << tr("● %1 read the body here").arg(model_.lanes()[static_cast<std::size_t>(row.consumedLane)].name);
    if (row.turnLane >= 0) lines << tr("↩ %1 answered without calling inward").arg(model_.lanes()[static_cast<std::size_t>(row.turnLane)].name);
    return lines.join(u'\n');
}

void SequenceDiagram::mousePressEvent(QMouseEvent* event) {
    const Hit hit = hitTest(event->position().toPoint());
    if (hit.activation >= 0) {
        emit layerSelected(hit.activation);
        return;
    }
    if (hit.row < 0 || hit.segment < 0) return;
    const auto& seg = model_.rows()[static_cast<std::size_t>(hit.row)].segments[static_cast<std::size_t>(hit.segment)];
    selected_ = {seg.span, seg.message};
    viewport()->update();
    emit messageSelected(seg.span, seg.message);
}

bool SequenceDiagram::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipFor(hitTest(help->pos()));
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

}  // namespace asgiscope::ui
