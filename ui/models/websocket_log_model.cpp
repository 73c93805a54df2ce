#include "models/websocket_log_model.hpp"

#include <QColor>
#include <QFont>
#include <QLocale>

#include "models/body_format.hpp"

namespace asgiscope::ui {

namespace {
constexpr int previewChars = 120;
}

WebSocketLogModel::WebSocketLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void WebSocketLogModel::setMaxRows(int rows) {
    max_rows_ = qMax(1, rows);
    if (entries_.size() > max_rows_) {
        const int extra = static_cast<int>(entries_.size()) - max_rows_;
        beginRemoveRows({}, 0, extra - 1);
        entries_.remove(0, extra);
        endRemoveRows();
    }
}

QString WebSocketLogModel::opcodeName(WebSocketLogEntry::Opcode opcode) {
    using O = WebSocketLogEntry::Opcode;
    switch (opcode) {
    case O::Text: return tr("text");
    case O::Binary: return tr("binary");
    case O::Ping: return tr("ping");
    case O::Pong: return tr("pong");
    case O::Close: return tr("close");
    case O::Event: return tr("event");
    }
    return {};
}

QString WebSocketLogModel::detailText(const WebSocketLogEntry& e) {
    using O = WebSocketLogEntry::Opcode;
    switch (e.opcode) {
    case O::Text:
        if (auto pretty = bodyAsPrettyJson(e.payload)) return *pretty;
        return QString::fromUtf8(e.payload);
    case O::Binary:
    case O::Ping:
    case O::Pong: {
        QString out = bodyAsHex(e.payload);
        if (e.rttMs >= 0) out = tr("Round trip: %1 ms").arg(e.rttMs) + u'\n' + out;
        return out;
    }
    case O::Close:
        return e.closeCode ? tr("Close code %1, reason: %2").arg(e.closeCode).arg(QString::fromUtf8(e.payload))
                           : tr("Closed without a code.");
    case O::Event: return QString::fromUtf8(e.payload);
    }
    return {};
}

int WebSocketLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

int WebSocketLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WebSocketLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const WebSocketLogEntry& e = entries_[index.row()];
    using D = WebSocketLogEntry::Direction;
    using O = WebSocketLogEntry::Opcode;
    switch (role) {
    case OpcodeRole: return static_cast<int>(e.opcode);
    case DirectionRole: return static_cast<int>(e.direction);
    case PayloadRole: return e.payload;
    case SizeRole: return static_cast<qint64>(e.payload.size());
    case DetailRole: return detailText(e);
    case Qt::ToolTipRole:
        if (index.column() == DirectionColumn)
            return e.direction == D::Sent       ? tr("Sent by the console")
                   : e.direction == D::Received ? tr("Received from the server")
                                                : tr("Connection event");
        return {};
    case Qt::ForegroundRole:
        if (e.opcode == O::Close || e.error)
            return QColor(0xc6, 0x28, 0x28);
        if (e.direction == D::Sent && index.column() == DirectionColumn) return QColor(0x15, 0x65, 0xc0);
        if (e.direction == D::Received && index.column() == DirectionColumn) return QColor(0x2e, 0x7d, 0x32);
        return {};
    case Qt::FontRole:
        if (index.column() == PreviewColumn) return QFont(QStringLiteral("monospace"));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case DirectionColumn:
            return e.direction == D::Sent ? QStringLiteral("↑") : e.direction == D::Received ? QStringLiteral("↓")
                                                                                          : QStringLiteral("•");
        case TimeColumn: return e.time.toString(QStringLiteral("HH:mm:ss.zzz"));
        case OpcodeColumn: return opcodeName(e.opcode);
        case SizeColumn:
            return e.opcode == O::Event ? QString() : QLocale().formattedDataSize(e.payload.size(), 1, QLocale::DataSizeTraditionalFormat);
        case PreviewColumn: {
            QString text;
            if (e.opcode == O::Text || e.opcode == O::Event)
                text = QString::fromUtf8(e.payload);
            else if (e.opcode == O::Close)
                text = e.closeCode ? QStringLiteral("%1 %2").arg(e.closeCode).arg(QString::fromUtf8(e.payload))
                                   : QString();
            else
                text = QString::fromLatin1(e.payload.left(previewChars / 3).toHex(' '));
            if (e.rttMs >= 0) text = tr("%1 ms round trip").arg(e.rttMs) + QStringLiteral("  ") + text;
            text.replace(u'\n', u' ');
            if (text.size() > previewChars) text = text.left(previewChars) + QStringLiteral("…");
            return text;
        }
        }
        return {};
    }
    return {};
}

QVariant WebSocketLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case DirectionColumn: return QString();
    case TimeColumn: return tr("Time");
    case OpcodeColumn: return tr("Opcode");
    case SizeColumn: return tr("Size");
    case PreviewColumn: return tr("Content");
    }
    return {};
}

void WebSocketLogModel::append(const WebSocketLogEntry& entry) {
    if (entries_.size() >= max_rows_) {
        beginRemoveRows({}, 0, 0);
        entries_.removeFirst();
        endRemoveRows();
    }
    const int row = static_cast<int>(entries_.size());
    beginInsertRows({}, row, row);
    entries_.push_back(entry);
    endInsertRows();
}

void WebSocketLogModel::clear() {
    beginResetModel();
    entries_.clear();
    endResetModel();
}

}  // namespace asgiscope::ui
