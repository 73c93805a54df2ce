// WebSocketLogModel: the messages of the WebSocket console's session, one row each: direction,
// time, opcode, size and a preview; the whole payload is kept for the detail view.
#pragma once

#include <QAbstractTableModel>
#include <QByteArray>
#include <QDateTime>
#include <QVector>

namespace asgiscope::ui {

/// One message (or control frame, or connection event) of a console session.
struct WebSocketLogEntry {
    enum class Direction { Sent, Received, Event };
    enum class Opcode { Text, Binary, Ping, Pong, Close, Event };
    Direction direction = Direction::Sent;
    Opcode opcode = Opcode::Text;
    QDateTime time;
    QByteArray payload;  ///< text as UTF-8; a close's reason; an event's text
    int closeCode = 0;   ///< Close: the code (0: none)
    qint64 rttMs = -1;   ///< Pong: round-trip time of the ping it answers
    bool error = false;  ///< Event: a connection error
};

/// The console's log, newest last, capped to the newest maxRows().
class WebSocketLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { DirectionColumn, TimeColumn, OpcodeColumn, SizeColumn, PreviewColumn, ColumnCount };
    enum Role {
        OpcodeRole = Qt::UserRole + 1,  ///< int: WebSocketLogEntry::Opcode
        DirectionRole,                  ///< int: WebSocketLogEntry::Direction
        PayloadRole,                    ///< QByteArray
        SizeRole,                       ///< qint64: payload bytes
        DetailRole,                     ///< QString: the whole message (pretty JSON, text or hex)
    };

    explicit WebSocketLogModel(QObject* parent = nullptr);

    int maxRows() const { return max_rows_; }
    void setMaxRows(int rows);
    const WebSocketLogEntry& entry(int row) const { return entries_[row]; }

    static QString opcodeName(WebSocketLogEntry::Opcode opcode);
    /// The whole message for the detail view: pretty JSON when the text is JSON, the text,
    /// a hex dump for binary, "code reason" for a close.
    static QString detailText(const WebSocketLogEntry& e);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    void append(const asgiscope::ui::WebSocketLogEntry& entry);
    void clear();

private:
    QVector<WebSocketLogEntry> entries_;
    int max_rows_ = 10000;
};

}  // namespace asgiscope::ui
