// RouteTreeModel: the application's route tree (inspect::describe) with live hit counts and
// the last status per route (inspect::LiveStats), for the Routes panel.
#pragma once

#include <memory>
#include <vector>

#include <QAbstractItemModel>

#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/inspect/live_stats.hpp>

namespace asgiscope::ui {

/// A tree: one root row for the application's Router, under it its routes; a Mount or Host
/// row holds its router's routes. Hits of a Mount or Host include those of its routes.
class RouteTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        RouteColumn,
        MethodsColumn,
        NameColumn,
        ParamsColumn,
        EndpointColumn,
        HitsColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        QualifiedNameRole = Qt::UserRole + 1,  ///< "api:todo" (QString; "" if unnamed)
        FullPathRole,                          ///< "/api/todos/{id:int}"
        KindRole,        ///< "Router", "Route", "WebSocketRoute", "Mount", "Host"
        HitsRole,        ///< qulonglong
        LastStatusRole,  ///< int, 0: none
    };

    explicit RouteTreeModel(QObject* parent = nullptr);
    ~RouteTreeModel() override;

    void setDescription(inspect::AppDescription description);
    const inspect::AppDescription& description() const { return description_; }
    /// Takes new counters; only the changed cells report dataChanged.
    void setStats(const inspect::LiveStatsSnapshot& stats);

    /// The row of the route with this full path and qualified name (invalid if none).
    QModelIndex findRoute(const QString& fullPath, const QString& qualifiedName) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node {
        const inspect::RouteInfo* info = nullptr;  // null: the application's Router
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
        std::uint64_t hits = 0;
        int last_status = 0;
    };
    void build(Node& node, const std::vector<inspect::RouteInfo>& routes);
    Node* nodeOf(const QModelIndex& index) const;
    QModelIndex indexOf(const Node* node, int column) const;
    std::uint64_t applyStats(Node& node, const inspect::LiveStatsSnapshot& stats,
                             std::vector<const Node*>& changed);

    inspect::AppDescription description_;
    std::unique_ptr<Node> root_;  // invisible; its one child is the Router row
};

}  // namespace asgiscope::ui
