// LogPanel: the server's log (access log, errors, lifespan) with levels, a level filter, a
// text filter and a cap on the lines kept.
#pragma once

#include <QWidget>

#include "models/server_controller.hpp"

class QComboBox;
class QLineEdit;
class QTableView;

namespace asgiscope::ui {

class LogFilterModel;
class LogModel;

/// The Log dock; it follows new lines only while scrolled to the bottom.
class LogPanel : public QWidget {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);

    LogModel* model() const { return model_; }
    LogFilterModel* filter() const { return filter_; }
    QTableView* view() const { return view_; }
    void setMinimumLevel(server::LogLevel level);

public slots:
    void appendLines(const QVector<asgiscope::ui::LogLine>& lines);
    void clear();

private:
    LogModel* model_;
    LogFilterModel* filter_;
    QComboBox* level_;
    QLineEdit* text_;
    QTableView* view_;
};

}  // namespace asgiscope::ui
