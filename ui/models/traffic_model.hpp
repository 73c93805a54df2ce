// TrafficModel: one row per HTTP exchange or WebSocket session of a TraceStore, for the Traffic
// panel (a table like the Network panel of browser developer tools).
//
// Rows follow the store: a batch of new traces becomes one beginInsertRows, the store's
// dropped oldest traces one beginRemoveRows at the top. Numbers are worked out once per row;
// texts are read from the shared trace when asked for, so 100,000 rows stay cheap.
#pragma once

#include <deque>

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "models/exchange_summary.hpp"
#include "models/traffic_filter.hpp"

namespace asgiscope::ui {

/// The exchanges of a TraceStore as table rows (lifespan traces are left out).
class TrafficModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, MethodColumn, PathColumn, StatusColumn, RouteColumn, DurationColumn, SizeColumn,
                  ProtocolColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,  ///< a number or text to sort the column by
        TraceIdRole,                  ///< the row's trace::TraceId (quint64)
        StatusRole,                   ///< the status as int (0: none)
    };

    explicit TrafficModel(TraceStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The row's summary (0 <= row < rowCount()).
    const ExchangeSummary& exchange(int row) const { return rows_[static_cast<std::size_t>(row)]; }
    /// The row of the trace with this id, or -1.
    int rowOf(trace::TraceId id) const;
    TraceStore* store() const { return store_; }

    /// The colour of a status (2xx green, 3xx blue, 4xx amber, 5xx red; invalid for none).
    static QColor statusColor(int status);
    /// "0.41 ms", "3.2 s", "850 µs".
    static QString formatDuration(std::int64_t ns);
    /// "13 B", "9.8 KiB", "1.2 MiB".
    static QString formatBytes(std::int64_t bytes);

private:
    void onAdded(int first, int count);
    void onAboutToBeDropped(int count);
    void onCleared();

    TraceStore* store_;
    std::deque<ExchangeSummary> rows_;
};

/// Filters a TrafficModel with a TrafficFilter and sorts it by the columns' SortRole.
class TrafficProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit TrafficProxyModel(QObject* parent = nullptr);
    void setTrafficFilter(TrafficFilter filter);
    const TrafficFilter& trafficFilter() const { return filter_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    TrafficFilter filter_;
};

}  // namespace asgiscope::ui
