#include "middleware_panel.hpp"

#include <QApplication>
#include <QItemSelectionModel>
#include <QListView>
#include <QPainter>
#include <QPainterPath>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include <asgiscope/inspect/describe.hpp>

#include "models/http_status_style.hpp"
#include "models/middleware_model.hpp"

namespace asgiscope::ui {

namespace {

constexpr int indent_step = 10;
constexpr int padding = 6;

/// Draws a layer as a box inset by its depth, so the stack reads as boxes inside boxes:
/// the name in bold, then its options, its exception handlers and its live numbers.
class LayerDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
        const int line = option.fontMetrics.height();
        return {option.rect.width() > 0 ? option.rect.width() : 300, line * 4 + padding * 2 + 4};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QPalette& pal = option.palette;
        const int depth = index.row();
        const QRect box =
            option.rect.adjusted(2 + depth * indent_step, 2, -2 - depth * indent_step, -2);
        const bool user = index.data(MiddlewareModel::UserLayerRole).toBool();
        const bool selected = option.state & QStyle::State_Selected;
        QColor fill = user ? statusColor(300, isDarkPalette(pal)) : pal.color(QPalette::Mid);
        fill.setAlpha(selected ? 90 : 35);
        QColor border = selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid);
        QPainterPath path;
        path.addRoundedRect(QRectF(box), 5, 5);
        painter->fillPath(path, fill);
        painter->setPen(QPen(border, selected ? 2 : 1));
        painter->drawPath(path);

        const QRect text = box.adjusted(padding, padding / 2, -padding, -padding / 2);
        const int line = option.fontMetrics.height();
        QFont bold = option.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(pal.color(QPalette::Text));
        const QString name = index.data(Qt::DisplayRole).toString();
        painter->drawText(QRect(text.left(), text.top(), text.width(), line),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          user ? name : name + QObject::tr("  (built in)", "middleware"));
        painter->setFont(option.font);
        const QString lines[] = {
            index.data(MiddlewareModel::OptionsTextRole).toString(),
            index.data(MiddlewareModel::HandlersTextRole).toString(),
            index.data(MiddlewareModel::StatsTextRole).toString(),
        };
        const QColor colors[] = {pal.color(QPalette::Text), statusColor(400, isDarkPalette(pal)),
                                 pal.color(QPalette::Text)};
        int y = text.top() + line;
        for (int i = 0; i < 3; ++i) {
            QString s = lines[i];
            if (i == 1 && !s.isEmpty()) s = QObject::tr("handles: %1", "middleware").arg(s);
            if (s.isEmpty()) continue;
            painter->setPen(colors[i]);
            painter->drawText(QRect(text.left(), y, text.width(), line),
                              Qt::AlignLeft | Qt::AlignVCenter,
                              option.fontMetrics.elidedText(s, Qt::ElideRight, text.width()));
            y += line;
        }
        painter->restore();
    }
};

}  // namespace

MiddlewarePanel::MiddlewarePanel(QWidget* parent)
    : QWidget(parent), model_(new MiddlewareModel(this)), view_(new QListView(this)) {
    setObjectName(QStringLiteral("middlewarePanel"));
    view_->setObjectName(QStringLiteral("middlewareStack"));
    view_->setModel(model_);
    view_->setModelColumn(MiddlewareModel::LayerColumn);
    view_->setItemDelegate(new LayerDelegate(view_));
    view_->setUniformItemSizes(true);
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(view_);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) emit layerSelected(current.data(Qt::DisplayRole).toString());
            });
}

void MiddlewarePanel::setApplication(const web::Starlette& app) {
    model_->setDescription(inspect::describe(app));
}

void MiddlewarePanel::setStats(const inspect::LiveStatsSnapshot& stats) {
    model_->setStats(stats);
}

}  // namespace asgiscope::ui
