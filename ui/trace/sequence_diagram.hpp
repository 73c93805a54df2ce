// SequenceDiagram: the Trace panel: a trace as a sequence diagram (see UI.md), custom painted.
//
// Lifelines per layer with the client at the left, one row per message with an arrow over
// each layer boundary it crossed, activation bars per span (hover: self time), and the
// markers SequenceModel finds. Only the rows in view are painted, so sessions of thousands of
// messages scroll as fast as short ones. Clicking an arrow selects that layer's version of the
// message (messageSelected); clicking a bar selects the layer (layerSelected).
#pragma once

#include <QAbstractScrollArea>

#include "models/sequence_model.hpp"

namespace asgiscope::ui {

/// The Trace panel.
class SequenceDiagram : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit SequenceDiagram(QWidget* parent = nullptr);

    const SequenceModel& model() const { return model_; }
    /// The selected message as (span, message), or (-1, -1).
    std::pair<int, int> selectedMessage() const { return selected_; }

    static constexpr int rowHeight = 24;
    static constexpr int headerHeight = 40;
    static constexpr int timeColumnWidth = 76;
    /// The column beside the time that names each row's message (or mark).
    static constexpr int labelColumnWidth = 230;
    int laneWidth() const { return laneWidth_; }
    /// The x of a lane's lifeline in viewport coordinates.
    int laneX(int lane) const;
    /// The viewport y of a row's top.
    int rowY(int row) const;
    /// The rows painted last time (for tests: only what is visible).
    int lastPaintedRows() const { return lastPaintedRows_; }

public slots:
    void showTrace(asgiscope::ui::TracePtr trace);
    void clearTrace();
    /// Selects (and scrolls to) a message; emits nothing.
    void selectMessage(int span, int message);

signals:
    void messageSelected(int span, int message);
    void layerSelected(int span);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    struct Hit {
        int row = -1;
        int segment = -1;     ///< index in the row's segments
        int activation = -1;  ///< index in activations (span)
    };
    Hit hitTest(QPoint viewportPos) const;
    QString toolTipFor(const Hit& hit) const;
    void updateScrollBars();
    void paintRow(QPainter& p, int row) const;
    void paintLabel(QPainter& p, int row) const;
    /// A lane's name in at most two lines ("ServerError" / "Middleware", "Route" / "/users/{id}").
    QString laneTitle(int lane) const;

    SequenceModel model_;
    std::pair<int, int> selected_{-1, -1};
    int laneWidth_ = 120;
    int lastPaintedRows_ = 0;
};

}  // namespace asgiscope::ui
