// MiddlewareModel: the application's middleware stack (inspect::describe), outermost first
// down to the Router, each layer with its options, exception handlers and live numbers.
#pragma once

#include <vector>

#include <QAbstractTableModel>

#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/inspect/live_stats.hpp>

namespace asgiscope::ui {

/// One row per layer, in stack order; the Middleware panel draws them as stacked boxes.
class MiddlewareModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        LayerColumn,
        OptionsColumn,
        HandlersColumn,
        RequestsColumn,
        ShortCircuitsColumn,
        ErrorsColumn,
        MeanSelfColumn,
        P95SelfColumn,
        ColumnCount
    };
    enum Role {
        OptionsTextRole = Qt::UserRole + 1,  ///< "minimum_size=500, compresslevel=9"
        HandlersTextRole,  ///< "HTTPException (default), WebSocketException (default)"
        StatsTextRole,  ///< "12 requests · 1 short-circuit · 0 errors · self 3.1 µs mean, 9.0 µs
                        ///< p95"
        UserLayerRole,      ///< bool: added by the user
        RequestsRole,       ///< qulonglong
        ShortCircuitsRole,  ///< qulonglong
        ErrorsRole,         ///< qulonglong: raised in or left the layer
        HandledRole,        ///< qulonglong: caught from inside
        MeanSelfRole,       ///< qlonglong nanoseconds
        P95SelfRole,        ///< qlonglong nanoseconds
    };

    explicit MiddlewareModel(QObject* parent = nullptr);

    void setDescription(const inspect::AppDescription& description);
    void setStats(const inspect::LiveStatsSnapshot& stats);

    /// "minimum_size=500, compresslevel=9": a layer's options as one line (exception handlers
    /// are shown apart, so their keys are left out).
    static QString optionsText(const inspect::MiddlewareLayer& layer);
    /// "1.2 µs", "3.4 ms", "2.0 s".
    static QString durationText(std::int64_t ns);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Layer {
        inspect::MiddlewareLayer info;
        QString options;
        inspect::LayerStats stats;
    };
    QString statsText(const Layer& layer) const;
    std::vector<Layer> layers_;
};

}  // namespace asgiscope::ui
