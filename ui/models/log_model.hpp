// LogModel: the server's log lines with their level, capped to the newest N; LogFilterModel
// shows those at or above a level and containing a text.
#pragma once

#include <deque>

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "server_controller.hpp"

namespace asgiscope::ui {

/// A capped list of log lines; appended in batches (one insert per batch).
class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1 };  ///< int: server::LogLevel

    explicit LogModel(QObject* parent = nullptr);

    /// At most this many lines are kept; the oldest go first.
    int maxLines() const { return max_lines_; }
    void setMaxLines(int lines);
    /// Lines pushed out by the cap so far.
    quint64 droppedLines() const { return dropped_; }

    /// The level of a line: the sink's when known, else read from uvicorn's "LEVEL:" prefix.
    static server::LogLevel levelOf(const QString& line, server::LogLevel fallback);
    static QString levelName(server::LogLevel level);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    void appendLines(const QVector<asgiscope::ui::LogLine>& lines);
    void clear();

private:
    void trim();
    std::deque<LogLine> lines_;
    int max_lines_ = 10000;
    quint64 dropped_ = 0;
};

/// Lines at or above a minimum level that contain a text (case-insensitive).
class LogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LogFilterModel(QObject* parent = nullptr);
    server::LogLevel minimumLevel() const { return minimum_; }
    void setMinimumLevel(server::LogLevel level);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    server::LogLevel minimum_ = server::LogLevel::Trace;
    QString text_;
};

}  // namespace asgiscope::ui
