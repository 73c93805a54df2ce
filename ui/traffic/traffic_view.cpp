#include "traffic/traffic_view.hpp"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "models/http_status_style.hpp"

namespace asgiscope::ui {

TrafficView::TrafficView(TraceStore* store, QWidget* parent)
    : QWidget(parent),
      store_(store),
      model_(new TrafficModel(store, this)),
      proxy_(new TrafficProxyModel(this)),
      errorLabel_(new QLabel(this)),
      countLabel_(new QLabel(this)),
      pauseButton_(new QToolButton(this)),
      clearButton_(new QToolButton(this)),
      table_(new QTableView(this)) {
    proxy_->setSourceModel(model_);

    errorLabel_->setObjectName(QStringLiteral("trafficFilterError"));
    {
        QPalette p = errorLabel_->palette();
        p.setColor(QPalette::WindowText, statusColor(500, isDarkPalette(p)));
        errorLabel_->setPalette(p);
    }
    errorLabel_->setWordWrap(true);
    errorLabel_->hide();
    pauseButton_->setText(tr("Pause"));
    pauseButton_->setCheckable(true);
    pauseButton_->setToolTip(tr("Hold new requests back (they are counted and shown on resume)"));
    clearButton_->setText(tr("Clear"));
    clearButton_->setToolTip(tr("Forget every request listed"));

    table_->setModel(proxy_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Row actions (copy as cURL, replay, export, ...) are added by the window with
    // table()->addAction() and offered as the table's context menu.
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform row heights: the view never measures rows, whatever their number.
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    QHeaderView* header = table_->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TrafficModel::PathColumn, QHeaderView::Stretch);
    // Columns as wide as their usual content.
    const QFontMetrics fm = table_->fontMetrics();
    auto fit = [&](int column, const QString& sample) {
        const int title = fm.horizontalAdvance(model_->headerData(column, Qt::Horizontal).toString()) + 24;
        header->resizeSection(column, std::max(title, fm.horizontalAdvance(sample) + 16));
    };
    fit(TrafficModel::TimeColumn, QStringLiteral("00:00:00.000"));
    fit(TrafficModel::MethodColumn, QStringLiteral("DELETE"));
    fit(TrafficModel::StatusColumn, QStringLiteral("000"));
    fit(TrafficModel::RouteColumn, QStringLiteral("api:todos_x"));
    fit(TrafficModel::DurationColumn, QStringLiteral("000.0 ms"));
    fit(TrafficModel::SizeColumn, QStringLiteral("00.0 KiB"));
    fit(TrafficModel::ProtocolColumn, QStringLiteral("http/1.1"));
    // Arrival order until the user clicks a header.
    header->setSortIndicator(-1, Qt::AscendingOrder);
    table_->setSortingEnabled(true);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(errorLabel_, 1);
    bar->addStretch();
    bar->addWidget(countLabel_);
    bar->addWidget(pauseButton_);
    bar->addWidget(clearButton_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(table_, 1);

    connect(pauseButton_, &QToolButton::toggled, store_, &TraceStore::setPaused);
    connect(clearButton_, &QToolButton::clicked, this, &TrafficView::clear);
    connect(store_, &TraceStore::pausedChanged, this, [this](bool paused) {
        pauseButton_->setChecked(paused);
        updateCounts();
    });
    connect(store_, &TraceStore::heldCountChanged, this, &TrafficView::updateCounts);

    // Auto-scroll only when the user is at the bottom already.
    connect(proxy_, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar* v = table_->verticalScrollBar();
        stickToBottom_ = v->value() >= v->maximum();
    });
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (stickToBottom_) table_->scrollToBottom();
        updateCounts();
    });
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &TrafficView::updateCounts);
    connect(proxy_, &QAbstractItemModel::modelReset, this, &TrafficView::updateCounts);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, &TrafficView::updateCounts);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TrafficView::onCurrentChanged);
    updateCounts();
}

QString TrafficView::filterHelp() {
    return tr("Keys: %1. Same key: either; different keys: all. -key:value excludes; "
              "key:=value compares the whole value; other words must appear in the "
              "path or the route.")
        .arg(TrafficFilter::keyNames().join(QStringLiteral(", ")));
}

QStringList TrafficView::filterErrors() const { return proxy_->trafficFilter().errors(); }

TracePtr TrafficView::selectedTrace() const {
    const QModelIndex current = table_->selectionModel()->currentIndex();
    if (!current.isValid()) return nullptr;
    const QModelIndex source = proxy_->mapToSource(current);
    if (!source.isValid()) return nullptr;
    return model_->exchange(source.row()).trace;
}

QList<TracePtr> TrafficView::selectedTraces() const {
    QModelIndexList rows = table_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<TracePtr> traces;
    traces.reserve(rows.size());
    for (const QModelIndex& row : rows) {
        const QModelIndex source = proxy_->mapToSource(row);
        if (!source.isValid()) continue;
        if (TracePtr trace = model_->exchange(source.row()).trace) traces.append(std::move(trace));
    }
    return traces;
}

void TrafficView::setFilterText(const QString& text) {
    const bool changed = text != filterText_;
    filterText_ = text;
    applyFilter();
    if (changed) emit filterTextChanged(text);
}

void TrafficView::filterByRoute(const QString& routeName) {
    setFilterText(routeName.isEmpty() ? QString() : QStringLiteral("route:=") + TrafficFilter::quoted(routeName));
}

void TrafficView::filterByLayer(const QString& layer, LayerFilter kind) {
    if (layer.isEmpty()) {
        setFilterText({});
        return;
    }
    QString key = QStringLiteral("flagged:=");
    if (kind == LayerFilter::ShortCircuited) key = QStringLiteral("short:=");
    if (kind == LayerFilter::Errored) key = QStringLiteral("error:=");
    setFilterText(key + TrafficFilter::quoted(layer));
}

void TrafficView::clear() { store_->clear(); }

void TrafficView::setPaused(bool paused) { store_->setPaused(paused); }

void TrafficView::selectTrace(trace::TraceId id) {
    const int row = model_->rowOf(id);
    if (row < 0) return;
    const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
    if (!index.isValid()) return;
    table_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(index);
}

void TrafficView::applyFilter() {
    TrafficFilter filter = TrafficFilter::parse(filterText_);
    const QStringList errors = filter.errors();
    proxy_->setTrafficFilter(std::move(filter));
    errorLabel_->setText(errors.join(u'\n'));
    errorLabel_->setVisible(!errors.isEmpty());
    updateCounts();
    emit filterErrorsChanged(errors);
}

void TrafficView::updateCounts() {
    QString text = proxy_->trafficFilter().isEmpty()
                       ? tr("%n request(s)", nullptr, model_->rowCount())
                       : tr("%1 of %n request(s)", nullptr, model_->rowCount()).arg(proxy_->rowCount());
    if (store_->isPaused()) text += u' ' + tr("· paused, %n held", nullptr, store_->heldCount());
    countLabel_->setText(text);
}

void TrafficView::onCurrentChanged() { emit traceSelected(selectedTrace()); }

}  // namespace asgiscope::ui
