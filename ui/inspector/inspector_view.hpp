// InspectorView: the Inspector panel: the selected message or layer as a tree, its body as
// Text / JSON / Image / Hex, and the exchange's timing waterfall.
//
// showTrace() picks the exchange (it shows the outermost layer and the waterfall);
// showMessage() and showLayer() pick what inside it the tree shows, as the Trace panel's
// messageSelected/layerSelected give them.
#pragma once

#include <QWidget>

#include "models/body_format.hpp"
#include "models/inspector_tree_model.hpp"

class QButtonGroup;
class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QStackedWidget;
class QTreeView;

namespace asgiscope::ui {

class WaterfallView;

/// The Inspector panel.
class InspectorView : public QWidget {
    Q_OBJECT
public:
    explicit InspectorView(QWidget* parent = nullptr);

    InspectorTreeModel* treeModel() const { return tree_; }
    QTreeView* treeView() const { return view_; }
    WaterfallView* waterfall() const { return waterfall_; }
    BodyFormat bodyFormat() const { return format_; }
    /// The text the body pane shows now (empty for an image).
    QString bodyText() const;
    const TracePtr& trace() const { return trace_; }

public slots:
    void showTrace(asgiscope::ui::TracePtr trace);
    void showMessage(int span, int message);
    void showLayer(int span);
    void setBodyFormat(asgiscope::ui::BodyFormat format);

signals:
    /// A layer was picked in the waterfall.
    void layerSelected(int span);

private:
    void refreshBody();

    TracePtr trace_;
    InspectorTreeModel* tree_;
    QTreeView* view_;
    QWidget* bodyPane_;
    QLabel* bodyLabel_;
    QButtonGroup* formatButtons_;
    QStackedWidget* bodyStack_;
    QPlainTextEdit* bodyText_;
    QLabel* bodyImage_;
    WaterfallView* waterfall_;
    BodyFormat format_ = BodyFormat::Text;
};

}  // namespace asgiscope::ui
