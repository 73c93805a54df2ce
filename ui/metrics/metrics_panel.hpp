// MetricsPanel: the session's traffic as plots (QCustomPlot): requests/s, latency p50/p95/p99
// and status classes over time, and a per-route latency histogram. Fed by a MetricsModel; it
// redraws on one timer when the model changed (never per trace), and only while it can be seen
// (shown, and not a dock tab behind another).
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPBars;
class QLabel;
class QTabWidget;
class QTimer;
class QToolButton;

namespace asgiscope::ui {

class MetricsModel;
class TraceStore;

/// The Metrics dock: four plots in tabs, a time window, "Follow live", and PNG/PDF export.
class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    enum Plot { RequestsPlot, LatencyPlot, StatusPlot, HistogramPlot, PlotCount };
    static constexpr int redrawIntervalMs = 300;

    explicit MetricsPanel(TraceStore* store, QWidget* parent = nullptr);
    ~MetricsPanel() override;

    MetricsModel* model() const { return model_; }
    QCustomPlot* plot(Plot which) const { return plots_[which]; }
    QCustomPlot* currentPlot() const;
    void setCurrentPlot(Plot which);
    /// The selected window in seconds (0: all).
    int windowSeconds() const;
    /// Sets the window: 60, 300, 900 or 0 (all).
    void setWindowSeconds(int seconds);
    bool followLive() const;
    QComboBox* routeCombo() const { return route_; }
    /// Whether a redraw is pending (the model changed since the last one).
    bool isDirty() const { return dirty_; }

    /// Saves a plot as PNG or PDF (by the file's suffix); false with `error` set on failure.
    bool savePlot(Plot which, const QString& path, QString* error = nullptr) const;

public slots:
    /// Redraws now from the model (the timer calls it when dirty).
    void redraw();
    void setFollowLive(bool follow);
    /// Asks for a file name and saves the current plot ("png" or "pdf"); errors in a dialog.
    void exportCurrentPlot(const QString& format);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QCustomPlot* makePlot(const QString& yLabel, bool timeAxis);
    void applyTimeRange(double from, double to);
    void redrawHistogram();

    MetricsModel* model_;
    QTabWidget* tabs_ = nullptr;
    QCustomPlot* plots_[PlotCount] = {};
    QCPBars* statusBars_[6] = {};
    QCPBars* histogramBars_ = nullptr;
    QComboBox* window_ = nullptr;
    QComboBox* route_ = nullptr;
    QCheckBox* follow_ = nullptr;
    QToolButton* export_ = nullptr;
    QLabel* summary_ = nullptr;
    QTimer* timer_ = nullptr;
    bool dirty_ = true;
    bool syncingRange_ = false;
};

}  // namespace asgiscope::ui
