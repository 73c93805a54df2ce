// WaterfallView: the Inspector's timing waterfall, painted: one bar per layer from entry to
// return, its own time (not spent in the layer inside) drawn solid, self time written beside.
#pragma once

#include <QWidget>

#include "models/waterfall_model.hpp"

namespace asgiscope::ui {

/// Per-layer timing bars of one exchange.
class WaterfallView : public QWidget {
    Q_OBJECT
public:
    explicit WaterfallView(QWidget* parent = nullptr);
    const WaterfallModel& model() const { return model_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    void showTrace(asgiscope::ui::TracePtr trace);

signals:
    /// A bar was clicked.
    void layerSelected(int span);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int rowHeight() const;
    WaterfallModel model_;
};

}  // namespace asgiscope::ui
