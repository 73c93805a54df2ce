#include "log_model.hpp"

#include <algorithm>

#include <QColor>

#include "http_status_style.hpp"

namespace asgiscope::ui {

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {}

server::LogLevel LogModel::levelOf(const QString& line, server::LogLevel fallback) {
    // uvicorn's shape: "WARNING:  message"
    const int colon = line.indexOf(QLatin1Char(':'));
    if (colon <= 0 || colon > 8) return fallback;
    if (auto level = server::parse_log_level(line.left(colon).toLower().toStdString()))
        return *level;
    return fallback;
}

QString LogModel::levelName(server::LogLevel level) {
    switch (level) {
        case server::LogLevel::Trace:
            return tr("trace");
        case server::LogLevel::Debug:
            return tr("debug");
        case server::LogLevel::Info:
            return tr("info");
        case server::LogLevel::Warning:
            return tr("warning");
        case server::LogLevel::Error:
            return tr("error");
        case server::LogLevel::Critical:
            return tr("critical");
    }
    return {};
}

void LogModel::setMaxLines(int lines) {
    max_lines_ = std::max(1, lines);
    trim();
}

void LogModel::trim() {
    const int excess = int(lines_.size()) - max_lines_;
    if (excess <= 0) return;
    beginRemoveRows({}, 0, excess - 1);
    lines_.erase(lines_.begin(), lines_.begin() + excess);
    dropped_ += quint64(excess);
    endRemoveRows();
}

void LogModel::appendLines(const QVector<LogLine>& lines) {
    if (lines.isEmpty()) return;
    // Only the newest max_lines_ of the batch can stay.
    const qsizetype skip = std::max<qsizetype>(0, lines.size() - max_lines_);
    dropped_ += quint64(skip);
    const int first = int(lines_.size());
    beginInsertRows({}, first, first + int(lines.size() - skip) - 1);
    for (qsizetype i = skip; i < lines.size(); ++i) {
        LogLine l = lines[i];
        l.level = levelOf(l.text, l.level);
        lines_.push_back(std::move(l));
    }
    endInsertRows();
    trim();
}

void LogModel::clear() {
    beginResetModel();
    lines_.clear();
    endResetModel();
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(lines_.size());
}

int LogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || std::size_t(index.row()) >= lines_.size()) return {};
    const LogLine& l = lines_[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case TimeColumn:
                    return l.time.toString(QStringLiteral("HH:mm:ss.zzz"));
                case LevelColumn:
                    return levelName(l.level);
                case MessageColumn:
                    return l.text;
            }
            return {};
        case Qt::ForegroundRole:
            if (l.level >= server::LogLevel::Error) return statusColor(500);
            if (l.level >= server::LogLevel::Warning) return statusColor(400);
            if (l.level <= server::LogLevel::Debug) return noMatchColor();
            return {};
        case Qt::ToolTipRole:
            return l.text;
        case LevelRole:
            return int(l.level);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TimeColumn:
            return tr("Time");
        case LevelColumn:
            return tr("Level");
        case MessageColumn:
            return tr("Message");
    }
    return {};
}

LogFilterModel::LogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setMinimumLevel(server::LogLevel level) {
    if (level == minimum_) return;
    minimum_ = level;
    invalidateFilter();
}

void LogFilterModel::setText(const QString& text) {
    if (text == text_) return;
    text_ = text;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QModelIndex i = sourceModel()->index(row, LogModel::MessageColumn, parent);
    if (i.data(LogModel::LevelRole).toInt() < int(minimum_)) return false;
    return text_.isEmpty() || i.data().toString().contains(text_, Qt::CaseInsensitive);
}

}  // namespace asgiscope::ui
