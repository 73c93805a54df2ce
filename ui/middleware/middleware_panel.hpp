// MiddlewarePanel: the application's stack as boxes nested one in the next, from
// ServerErrorMiddleware (outermost) to the Router, each with options, exception handlers and
// live numbers.
#pragma once

#include <QWidget>

#include <asgiscope/inspect/live_stats.hpp>
#include <asgiscope/web/applications.hpp>

class QListView;

namespace asgiscope::ui {

class MiddlewareModel;

/// The Middleware dock. Selecting a layer emits layerSelected() with its name; the window
/// filters Traffic to the exchanges it short-circuited or errored in.
class MiddlewarePanel : public QWidget {
    Q_OBJECT
public:
    explicit MiddlewarePanel(QWidget* parent = nullptr);

    void setApplication(const web::Starlette& app);
    void setStats(const inspect::LiveStatsSnapshot& stats);

    MiddlewareModel* model() const { return model_; }
    QListView* view() const { return view_; }

signals:
    void layerSelected(const QString& name);

private:
    MiddlewareModel* model_;
    QListView* view_;
};

}  // namespace asgiscope::ui
