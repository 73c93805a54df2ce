#include "models/traffic_model.hpp"

#include <QColor>

#include "models/http_status_style.hpp"
#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace asgiscope::ui {

namespace {

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

qint64 msecsSinceEpoch(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

TrafficModel::TrafficModel(TraceStore* store, QObject* parent) : QAbstractTableModel(parent), store_(store) {
    connect(store_, &TraceStore::tracesAdded, this, &TrafficModel::onAdded);
    connect(store_, &TraceStore::tracesAboutToBeDropped, this, &TrafficModel::onAboutToBeDropped);
    connect(store_, &TraceStore::cleared, this, &TrafficModel::onCleared);
    if (store_->count() > 0) onAdded(0, store_->count());
}

void TrafficModel::onAdded(int first, int count) {
    std::vector<ExchangeSummary> fresh;
    fresh.reserve(static_cast<std::size_t>(count));
    for (int i = first; i < first + count; ++i) {
        const TracePtr& t = store_->at(i);
        if (isExchange(*t)) fresh.push_back(summarize(t));
    }
    if (fresh.empty()) return;
    const int at = rowCount();
    beginInsertRows({}, at, at + static_cast<int>(fresh.size()) - 1);
    for (auto& s : fresh) rows_.push_back(std::move(s));
    endInsertRows();
}

void TrafficModel::onAboutToBeDropped(int count) {
    // Rows are the exchanges among the store's traces, in the same order: the dropped traces'
    // rows are the first ones.
    int n = 0;
    for (int i = 0; i < count; ++i)
        if (isExchange(*store_->at(i))) ++n;
    if (n == 0) return;
    beginRemoveRows({}, 0, n - 1);
    rows_.erase(rows_.begin(), rows_.begin() + n);
    endRemoveRows();
}

void TrafficModel::onCleared() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int TrafficModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int TrafficModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

int TrafficModel::rowOf(trace::TraceId id) const {
    for (std::size_t i = rows_.size(); i-- > 0;)
        if (rows_[i].trace->id == id) return static_cast<int>(i);
    return -1;
}

QColor TrafficModel::statusColor(int status) {
    // 1xx (a WebSocket's 101) reads as success, like 2xx.
    if (status >= 100 && status < 200) return ui::statusColor(200);
    return ui::statusColor(status);
}

QString TrafficModel::formatDuration(std::int64_t ns) {
    const QLocale c = QLocale::c();
    if (ns < 1'000'000) return c.toString(double(ns) / 1e3, 'f', ns < 10'000 ? 1 : 0) + QStringLiteral(" µs");
    if (ns < 1'000'000'000) return c.toString(double(ns) / 1e6, 'f', ns < 10'000'000 ? 2 : 1) + QStringLiteral(" ms");
    return c.toString(double(ns) / 1e9, 'f', 2) + QStringLiteral(" s");
}

QString TrafficModel::formatBytes(std::int64_t bytes) {
    const QLocale c = QLocale::c();
    if (bytes < 1024) return QString::number(bytes) + QStringLiteral(" B");
    if (bytes < 1024 * 1024) return c.toString(double(bytes) / 1024.0, 'f', 1) + QStringLiteral(" KiB");
    return c.toString(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

QVariant TrafficModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const ExchangeSummary& row = rows_[static_cast<std::size_t>(index.row())];
    const trace::Trace& t = *row.trace;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch(t.start)).toString(QStringLiteral("HH:mm:ss.zzz"));
        case MethodColumn: return qs(row.method());
        case PathColumn:
            return t.scope.query_string.empty() ? qs(row.path()) : qs(row.path()) + u'?' + qs(t.scope.query_string);
        case StatusColumn: return row.status ? QVariant(row.status) : QVariant(QStringLiteral("—"));
        case RouteColumn: return row.routeName.empty() ? QStringLiteral("—") : qs(row.routeName);
        case DurationColumn: return formatDuration(t.duration_ns);
        case SizeColumn: return formatBytes(row.responseBytes);
        case ProtocolColumn: return qs(row.protocol());
        }
        break;
    case SortRole:
        switch (column) {
        case TimeColumn:
            return QVariant::fromValue(qint64(
                std::chrono::duration_cast<std::chrono::nanoseconds>(t.start.time_since_epoch()).count()));
        case MethodColumn: return qs(row.method());
        case PathColumn: return qs(row.path());
        case StatusColumn: return row.status;
        case RouteColumn: return qs(row.routeName);
        case DurationColumn: return QVariant::fromValue(qint64(t.duration_ns));
        case SizeColumn: return QVariant::fromValue(qint64(row.responseBytes));
        case ProtocolColumn: return qs(row.protocol());
        }
        break;
    case Qt::ForegroundRole:
        if (column == StatusColumn) {
            const QColor c = statusColor(row.status);
            if (c.isValid()) return c;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == StatusColumn || column == DurationColumn || column == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (column == PathColumn) return qs(t.scope.path) + (t.scope.query_string.empty() ? QString() : u'?' + qs(t.scope.query_string));
        if (column == RouteColumn && row.routeName.empty()) return tr("No route matched");
        break;
    case TraceIdRole: return QVariant::fromValue(quint64(t.id));
    case StatusRole: return row.status;
    }
    return {};
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case MethodColumn: return tr("Method");
    case PathColumn: return tr("Path");
    case StatusColumn: return tr("Status");
    case RouteColumn: return tr("Route");
    case DurationColumn: return tr("Duration");
    case SizeColumn: return tr("Size");
    case ProtocolColumn: return tr("Protocol");
    }
    return {};
}

// ---- TrafficProxyModel ----------------------------------------------------------------------

TrafficProxyModel::TrafficProxyModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(TrafficModel::SortRole);
}

void TrafficProxyModel::setTrafficFilter(TrafficFilter filter) {
    filter_ = std::move(filter);
    // One layout change rather than invalidateFilter()'s removal per run of hidden rows: a
    // view over 100,000 rows handles thousands of removals one by one.
    invalidate();
}

bool TrafficProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (filter_.isEmpty() || sourceParent.isValid()) return true;
    const auto* model = qobject_cast<const TrafficModel*>(sourceModel());
    if (!model || sourceRow >= model->rowCount()) return true;
    return filter_.matches(model->exchange(sourceRow));
}

bool TrafficProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    // Straight from the rows (no QVariant per comparison): sorting 100,000 rows stays quick.
    const auto* model = qobject_cast<const TrafficModel*>(sourceModel());
    if (!model) return QSortFilterProxyModel::lessThan(left, right);
    const ExchangeSummary& a = model->exchange(left.row());
    const ExchangeSummary& b = model->exchange(right.row());
    switch (left.column()) {
    case TrafficModel::TimeColumn:
        return a.trace->start != b.trace->start ? a.trace->start < b.trace->start : a.trace->id < b.trace->id;
    case TrafficModel::MethodColumn: return a.method() < b.method();
    case TrafficModel::PathColumn: return a.path() < b.path();
    case TrafficModel::StatusColumn: return a.status < b.status;
    case TrafficModel::RouteColumn: return a.routeName < b.routeName;
    case TrafficModel::DurationColumn: return a.trace->duration_ns < b.trace->duration_ns;
    case TrafficModel::SizeColumn: return a.responseBytes < b.responseBytes;
    case TrafficModel::ProtocolColumn: return a.protocol() < b.protocol();
    }
    return false;
}

}  // namespace asgiscope::ui
