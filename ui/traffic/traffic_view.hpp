// TrafficView: the Traffic panel: the filter's mistakes, Pause and Clear, and the table of
// exchanges.
//
// Self-contained: give it the session's TraceStore. It emits traceSelected() when the user
// selects a row; the window relays that to the Trace and Inspector panels. The filter text
// comes from outside (the window's toolbar box, the one place to type a filter) through
// setFilterText(); filterByRoute() and filterByLayer() set it too and emit
// filterTextChanged() so the box shows (and the user can clear) what is applied.
#pragma once

#include <QWidget>

#include "models/traffic_model.hpp"

class QLabel;
class QTableView;
class QToolButton;

namespace asgiscope::ui {

/// The Traffic panel.
class TrafficView : public QWidget {
    Q_OBJECT
public:
    /// What filterByLayer() keeps: exchanges the layer answered without calling inward, or
    /// exchanges an exception left or was handled in at the layer, or either (what selecting a
    /// layer in the Middleware panel asks for).
    enum class LayerFilter { ShortCircuited, Errored, ShortCircuitedOrErrored };
    Q_ENUM(LayerFilter)

    explicit TrafficView(TraceStore* store, QWidget* parent = nullptr);

    TrafficModel* model() const { return model_; }
    TrafficProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    QString filterText() const { return filterText_; }
    /// What the filter language accepts, for the tooltip of a filter box.
    static QString filterHelp();
    /// The current filter's mistakes, as shown under the box.
    QStringList filterErrors() const;
    /// The trace of the selected row, or null.
    TracePtr selectedTrace() const;
    /// The traces of every selected row, in the order shown.
    QList<TracePtr> selectedTraces() const;

public slots:
    /// Sets the filter box and applies it now.
    void setFilterText(const QString& text);
    /// Shows only exchanges that matched the route named `routeName` (empty: no filter).
    void filterByRoute(const QString& routeName);
    /// Shows only exchanges the layer named `layer` short-circuited or errored in.
    void filterByLayer(const QString& layer, asgiscope::ui::TrafficView::LayerFilter kind);
    /// Forgets every exchange (the store is cleared).
    void clear();
    void setPaused(bool paused);
    /// Selects the row of this trace, if shown.
    void selectTrace(asgiscope::trace::TraceId id);

signals:
    /// The user selected a row (null: the selection went away).
    void traceSelected(asgiscope::ui::TracePtr trace);
    void filterErrorsChanged(const QStringList& errors);
    /// The filter text changed (setFilterText(), filterByRoute(), filterByLayer()).
    void filterTextChanged(const QString& text);

private:
    void applyFilter();
    void updateCounts();
    void onCurrentChanged();

    TraceStore* store_;
    TrafficModel* model_;
    TrafficProxyModel* proxy_;
    QString filterText_;
    QLabel* errorLabel_;
    QLabel* countLabel_;
    QToolButton* pauseButton_;
    QToolButton* clearButton_;
    QTableView* table_;
    bool stickToBottom_ = true;
};

}  // namespace asgiscope::ui
