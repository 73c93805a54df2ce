// The WebSocket console: close code/reason validation (RFC 6455), hex input, the log model's
// rows (QAbstractItemModelTester), and end to end in the main window against the demo's
// /ws/echo over a real loopback socket: text, binary and JSON echoed with the right opcode and
// size, ping/pong, close 4001 "bye"; then the session in Traffic and its frames in the Trace
// diagram. Renders the console to a PNG under the build tree.
#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QTableView>
#include <QTcpServer>
#include <QtTest/QtTest>

#include "demo_app.hpp"
#include "main_window/main_window.hpp"
#include "models/sequence_model.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "models/traffic_model.hpp"
#include "models/websocket_close.hpp"
#include "models/websocket_log_model.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"
#include "ui_test_support.hpp"
#include "websocket/websocket_console.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;
using Entry = WebSocketLogEntry;

namespace {

/// Rows of the log with this direction and opcode.
QList<int> rowsOf(const WebSocketLogModel& m, Entry::Direction d, Entry::Opcode o) {
    QList<int> out;
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.entry(r).direction == d && m.entry(r).opcode == o) out << r;
    return out;
}

}  // namespace

class TestWebSocketConsole : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        testing::useFreshSettings(QStringLiteral("test_websocket_console"));
    }

    void closeCodes() {
        for (int code : {1000, 1001, 1002, 1003, 1007, 1010, 1014, 3000, 4001, 4999})
            QVERIFY2(WebSocketClose::isSendableCode(code), qPrintable(QString::number(code)));
        for (int code : {-1, 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            QVERIFY2(!WebSocketClose::isSendableCode(code), qPrintable(QString::number(code)));
            QVERIFY(!WebSocketClose::codeError(code).isEmpty());
        }
        QVERIFY(WebSocketClose::codeError(1005).contains(QStringLiteral("reserved")));
        QVERIFY(WebSocketClose::codeError(1000).isEmpty());
    }

    void closeReasons() {
        QVERIFY(WebSocketClose::reasonError(QString()).isEmpty());
        QVERIFY(WebSocketClose::reasonError(QString(123, u'a')).isEmpty());
        QVERIFY(!WebSocketClose::reasonError(QString(124, u'a')).isEmpty());
        // Bytes, not characters: 41 three-byte characters are 123 bytes, 42 are 126.
        QVERIFY(WebSocketClose::reasonError(QString(41, QChar(0x4e2d))).isEmpty());
        const QString tooLong = WebSocketClose::reasonError(QString(42, QChar(0x4e2d)));
        QVERIFY(tooLong.contains(QStringLiteral("126")));
    }

    void hexInput() {
        QByteArray out;
        QString error;
        QVERIFY(parseHexBytes(QStringLiteral("48 65 6c 6C 6f"), out, error));
        QCOMPARE(out, QByteArray("Hello"));
        QVERIFY(parseHexBytes(QStringLiteral("0x00,0xff:10"), out, error));
        QCOMPARE(out, QByteArray("\x00\xff\x10", 3));
        QVERIFY(parseHexBytes(QStringLiteral("00ff"), out, error));
        QCOMPARE(out.size(), 2);
        QVERIFY(parseHexBytes(QString(), out, error));
        QVERIFY(out.isEmpty());
        QVERIFY(!parseHexBytes(QStringLiteral("abc"), out, error));
        QVERIFY(error.contains(QStringLiteral("odd")));
        QVERIFY(!parseHexBytes(QStringLiteral("zz"), out, error));
        QVERIFY(error.contains(QStringLiteral("'z'")));
    }

    void logRows() {
        WebSocketLogModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Entry text;
        text.direction = Entry::Direction::Sent;
        text.opcode = Entry::Opcode::Text;
        text.time = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 1, 250));
        text.payload = QByteArray(R"({"a":[1,2]})");
        m.append(text);
        Entry bin;
        bin.direction = Entry::Direction::Received;
        bin.opcode = Entry::Opcode::Binary;
        bin.payload = QByteArray("\x00\x01\xfe", 3);
        m.append(bin);
        Entry close;
        close.direction = Entry::Direction::Sent;
        close.opcode = Entry::Opcode::Close;
        close.closeCode = 4001;
        close.payload = "bye";
        m.append(close);
        QCOMPARE(m.rowCount(), 3);
        auto cell = [&](int r, int c) { return m.index(r, c).data().toString(); };
        QCOMPARE(cell(0, WebSocketLogModel::DirectionColumn), QStringLiteral("↑"));
        QCOMPARE(cell(1, WebSocketLogModel::DirectionColumn), QStringLiteral("↓"));
        QCOMPARE(cell(0, WebSocketLogModel::TimeColumn), QStringLiteral("12:00:01.250"));
        QCOMPARE(cell(0, WebSocketLogModel::OpcodeColumn), QStringLiteral("text"));
        QCOMPARE(cell(1, WebSocketLogModel::OpcodeColumn), QStringLiteral("binary"));
        QCOMPARE(cell(2, WebSocketLogModel::OpcodeColumn), QStringLiteral("close"));
        QCOMPARE(m.index(0, 0).data(WebSocketLogModel::SizeRole).toLongLong(), 11);
        QCOMPARE(cell(1, WebSocketLogModel::PreviewColumn), QStringLiteral("00 01 fe"));
        QCOMPARE(cell(2, WebSocketLogModel::PreviewColumn), QStringLiteral("4001 bye"));
        // Detail: pretty JSON, a hex dump, the close.
        const QString json = m.index(0, 0).data(WebSocketLogModel::DetailRole).toString();
        QVERIFY2(json.contains(QStringLiteral("\"a\": [")) && json.contains(u'\n'), qPrintable(json));
        QVERIFY(m.index(1, 0).data(WebSocketLogModel::DetailRole).toString().contains(QStringLiteral("00 01 fe")));
        QVERIFY(m.index(2, 0).data(WebSocketLogModel::DetailRole).toString().contains(QStringLiteral("4001")));
        // The cap keeps the newest rows.
        m.setMaxRows(2);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.entry(0).opcode, Entry::Opcode::Binary);
        m.append(text);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.entry(1).opcode, Entry::Opcode::Text);
        m.clear();
        QCOMPARE(m.rowCount(), 0);
    }

    void echoRoundTrip() {
        MainWindow window(testing::makeDemoController());
        window.show();
        window.start();
        ServerController* c = window.controller();
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), ServerController::State::Running, 15000);
        WebSocketConsole* console = window.webSocketConsole();
        QVERIFY(console);
        QVERIFY(window.dock(QStringLiteral("webSocketDock")));
        window.dock(QStringLiteral("webSocketDock"))->raise();

        // The URL defaults to the running server and completes the app's WebSocket routes.
        const QString ws = QStringLiteral("ws://127.0.0.1:%1").arg(c->port());
        QTRY_VERIFY2_WITH_TIMEOUT(console->url().startsWith(ws), qPrintable(console->url()), 5000);
        QVERIFY2(console->completions().contains(ws + QStringLiteral("/ws/echo")),
                 qPrintable(console->completions().join(u' ')));
        QVERIFY(console->completions().contains(ws + QStringLiteral("/ws/chat")));

        // Not connected: sending is refused with a message.
        QVERIFY(!console->sendText(QStringLiteral("early")));
        QVERIFY(!console->lastError().isEmpty());

        console->setUrl(ws + QStringLiteral("/ws/echo"));
        console->setSubprotocols(QStringLiteral("chat, json"));
        console->addHeader(QStringLiteral("X-Console"), QStringLiteral("yes"));
        QSignalSpy connectedSpy(console, &WebSocketConsole::connectedChanged);
        console->connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(console->isConnected(), 10000);
        QCOMPARE(console->subprotocols(), QStringList({QStringLiteral("chat"), QStringLiteral("json")}));
        QCOMPARE(console->chosenSubprotocol(), QString());  // /ws/echo accepts without one

        WebSocketLogModel& log = *console->model();
        using D = Entry::Direction;
        using O = Entry::Opcode;
        QVERIFY(console->sendText(QStringLiteral("hello")));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(log, D::Received, O::Text).size(), 1, 5000);
        const int textRow = rowsOf(log, D::Received, O::Text).front();
        QCOMPARE(log.entry(textRow).payload, QByteArray("hello"));
        QCOMPARE(log.index(textRow, 0).data(WebSocketLogModel::SizeRole).toLongLong(), 5);

        QVERIFY(console->sendHex(QStringLiteral("00 01 ff 80")));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(log, D::Received, O::Binary).size(), 1, 5000);
        const int binRow = rowsOf(log, D::Received, O::Binary).front();
        QCOMPARE(log.entry(binRow).payload, QByteArray("\x00\x01\xff\x80", 4));
        QCOMPARE(log.index(binRow, WebSocketLogModel::OpcodeColumn).data().toString(), QStringLiteral("binary"));

        // Invalid JSON and hex are refused before anything is sent.
        const int before = log.rowCount();
        QVERIFY(!console->sendJson(QStringLiteral("{\"a\": ")));
        QVERIFY(console->lastError().contains(QStringLiteral("JSON")));
        QVERIFY(!console->sendHex(QStringLiteral("0g")));
        QCOMPARE(log.rowCount(), before);

        const QString json = QStringLiteral("{\"n\": [1, 2, 3], \"ok\": true}");
        QVERIFY(console->sendJson(json));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(log, D::Received, O::Text).size(), 2, 5000);
        const int jsonRow = rowsOf(log, D::Received, O::Text).back();
        QCOMPARE(log.entry(jsonRow).payload, json.toUtf8());
        QCOMPARE(log.index(jsonRow, 0).data(WebSocketLogModel::SizeRole).toLongLong(), json.toUtf8().size());
        // Selecting the row shows the whole message, pretty-printed.
        console->logView()->setCurrentIndex(log.index(jsonRow, 0));
        QVERIFY(log.index(jsonRow, 0).data(WebSocketLogModel::DetailRole).toString().contains(QStringLiteral("\"ok\": true")));

        QVERIFY(console->ping(QByteArray("p1")));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(log, D::Received, O::Pong).size(), 1, 5000);
        const Entry& pong = log.entry(rowsOf(log, D::Received, O::Pong).front());
        QCOMPARE(pong.payload, QByteArray("p1"));
        QVERIFY(pong.rttMs >= 0);

        // Invalid close codes and reasons are refused; the connection stays.
        QVERIFY(!console->closeWith(1005, QString()));
        QVERIFY(!console->closeWith(4001, QString(124, u'x')));
        QVERIFY(console->isConnected());

        const QString shot = QString::fromStdString(testing::screenshotDir()) + QStringLiteral("/websocket_console.png");
        console->resize(900, 600);
        QVERIFY(console->grab().save(shot));
        QVERIFY(!QImage(shot).isNull());

        QVERIFY(console->closeWith(4001, QStringLiteral("bye")));
        QTRY_VERIFY_WITH_TIMEOUT(!console->isConnected(), 10000);
        QCOMPARE(rowsOf(log, D::Sent, O::Close).size(), 1);
        const Entry& sentClose = log.entry(rowsOf(log, D::Sent, O::Close).front());
        QCOMPARE(sentClose.closeCode, 4001);
        QCOMPARE(sentClose.payload, QByteArray("bye"));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(log, D::Received, O::Close).size(), 1, 5000);
        QCOMPARE(connectedSpy.count(), 2);

        // The session in Traffic: a WS row for /ws/echo, whose trace has the three messages the
        // console sent, the handshake header, the offered subprotocols and the close code.
        TraceStore* store = window.traceStore();
        TracePtr session;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < store->count(); ++i)
                    if (store->at(i)->kind == trace::TraceKind::websocket &&
                        store->at(i)->scope.path == "/ws/echo")
                        session = store->at(i);
                return session != nullptr;
            }(),
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(window.trafficView()->model()->rowCount() >= 1, 5000);
        QCOMPARE(asgi::find_header(session->scope.headers, "x-console").value_or(""), std::string_view("yes"));
        QCOMPARE(session->scope.subprotocols, (std::vector<std::string>{"chat", "json"}));
        int received = 0, sent = 0, closeCode = 0;
        for (const trace::MessageEvent& m : session->spans.front().messages) {
            if (m.type == asgi::WebSocketReceive::type) ++received;
            if (m.type == asgi::WebSocketSend::type) ++sent;
            if (m.type == asgi::WebSocketDisconnect::type) closeCode = m.code;
        }
        QCOMPARE(received, 3);
        QCOMPARE(sent, 3);
        // QWebSocket closes its TCP connection right after its close frame; the app must still be
        // told the client's code (the server once reported 1006 here).
        QCOMPARE(closeCode, 4001);

        // Its frames in the Trace diagram: a row per frame each way, and the disconnect.
        window.sequenceDiagram()->showTrace(session);
        int frameRows = 0;
        bool disconnectRow = false;
        for (const auto& row : window.sequenceDiagram()->model().rows()) {
            if (row.label.startsWith(QLatin1String("websocket.receive")) ||
                row.label.startsWith(QLatin1String("websocket.send")))
                ++frameRows;
            if (row.label.startsWith(QLatin1String("websocket.disconnect"))) disconnectRow = true;
        }
        QCOMPARE(frameRows, 6);
        QVERIFY(disconnectRow);
    }

    void connectionErrors() {
        WebSocketConsole console;
        QSignalSpy errors(&console, &WebSocketConsole::errorShown);
        // Not a WebSocket URL.
        console.setUrl(QStringLiteral("http://127.0.0.1:1/x"));
        console.connectToServer();
        QCOMPARE(errors.count(), 1);
        QVERIFY(console.lastError().contains(QStringLiteral("ws://")));
        // Nobody listening: a clear error, no connection.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        console.setUrl(QStringLiteral("ws://127.0.0.1:%1/ws/echo").arg(port));
        console.connectToServer();
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 2, 10000);
        QVERIFY2(console.lastError().startsWith(QStringLiteral("Connection error")), qPrintable(console.lastError()));
        QVERIFY(!console.isConnected());
        // A bad header name is refused before connecting.
        console.addHeader(QStringLiteral("Bad Name"), QStringLiteral("x"));
        console.connectToServer();
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 3, 5000);
        QVERIFY(console.lastError().contains(QStringLiteral("Bad Name")));
        // Closing without a connection is refused.
        QVERIFY(!console.closeWith(1000, QString()));
    }
};

QTEST_MAIN(TestWebSocketConsole)
#include "test_websocket_console.moc"
