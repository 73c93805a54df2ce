// RoutesPanel: the route tree with live hits and last status, and the match tester under it.
#pragma once

#include <QWidget>

#include <asgiscope/inspect/live_stats.hpp>
#include <asgiscope/web/applications.hpp>

class QTreeView;

namespace asgiscope::ui {

class MatchTester;
class RouteTreeModel;

/// The Routes dock. Selecting a route emits routeSelected() with its qualified name (or its
/// full path when it has none); the window filters Traffic with it.
class RoutesPanel : public QWidget {
    Q_OBJECT
public:
    explicit RoutesPanel(QWidget* parent = nullptr);

    void setApplication(const web::Starlette& app);
    void setStats(const inspect::LiveStatsSnapshot& stats);
    void setBaseUrl(const QString& url);

    RouteTreeModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    MatchTester* matchTester() const { return tester_; }

signals:
    void routeSelected(const QString& name);

private:
    RouteTreeModel* model_;
    QTreeView* view_;
    MatchTester* tester_;
};

}  // namespace asgiscope::ui
