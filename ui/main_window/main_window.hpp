// MainWindow: the desktop app's window. It owns the server controller and the panels (each
// a dock), persists the layout, and relays the few selection signals between panels, which
// never call each other.
#pragma once

#include <vector>

#include <QMainWindow>
#include <QPointer>

#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/hub.hpp>

#include "models/app_settings.hpp"

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QToolButton;
class QMenu;
class QMessageBox;

namespace asgiscope::ui {

class ComposerPanel;
class InspectorView;
class LogPanel;
class MiddlewarePanel;
class ReplayPanel;
class RoutesPanel;
class SequenceDiagram;
class ServerController;
class TraceStore;
class TrafficView;
class MetricsPanel;
class WebSocketConsole;

/// The main window: File/View/Server/Tools/Help menus, a toolbar (start/stop, server URL,
/// tracing, clear, filter), the panels as docks, and a status bar with live counters.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// Takes `controller` (reparented to the window). Call start() to begin serving.
    explicit MainWindow(ServerController* controller, QWidget* parent = nullptr);
    ~MainWindow() override;

    ServerController* controller() const { return controller_; }
    RoutesPanel* routesPanel() const { return routes_; }
    MiddlewarePanel* middlewarePanel() const { return middleware_; }
    LogPanel* logPanel() const { return log_; }
    TraceStore* traceStore() const { return store_; }
    TrafficView* trafficView() const { return traffic_; }
    SequenceDiagram* sequenceDiagram() const { return diagram_; }
    InspectorView* inspectorView() const { return inspector_; }
    /// The request composer, and the actions it adds (Traffic rows, Edit menu).
    ComposerPanel* composerPanel() const { return composer_; }
    QAction* copyAsCurlAction() const { return copy_as_curl_; }
    QAction* openInComposerAction() const { return open_in_composer_; }
    QAction* importCurlAction() const { return import_curl_; }
    /// Copies the selected Traffic rows as cURL command lines (one per line); the text.
    QString copySelectedAsCurl();
    WebSocketConsole* webSocketConsole() const { return websocket_; }
    MetricsPanel* metricsPanel() const { return metrics_; }
    /// The dock with this object name ("routesDock", "trafficDock", ...).
    QDockWidget* dock(const QString& objectName) const;
    QLineEdit* filterEdit() const { return filter_; }

    // ---- Replay; Save, Open, Export (ui/replay, models/session_files) ----
    ReplayPanel* replayPanel() const { return replay_; }
    /// The trace file the window shows instead of a running server's traces; empty when none.
    QString openedFile() const { return opened_file_; }
    /// The text of the last error reported to the user (also shown as a non-modal box).
    QString lastError() const { return last_error_; }
    /// The message box of the last report or question, while it is open (for tests).
    QMessageBox* lastMessageBox() const;
    /// Opens a file: a trace file replaces the session's traces (the server is stopped first);
    /// a HAR or cURL file offers its requests to the Replay panel; a file that cannot be read
    /// whole is reported, and what was read before the problem is offered. No dialogs besides
    /// the non-modal report. False when nothing was opened yet.
    bool openFile(const QString& path);
    /// Writes every kept trace to `path` in the lossless JSON format.
    bool saveSession(const QString& path);
    /// Writes the selected Traffic rows (or every kept trace) to `path`; `format` is an
    /// ExportFormat value (0 trace JSON, 1 HAR, 2 Chrome trace).
    bool exportTraces(const QString& path, int format, bool selectedOnly);
    /// Replays the selected Traffic rows against the Replay panel's target.
    void replaySelected();
    /// Opens the request editor on the selected Traffic row, then replays it.
    void editAndReplaySelected();
    /// Reads a HAR, trace or cURL file and replays its requests.
    bool replayFile(const QString& path);
    /// The text the status bar shows now, all fields joined with " · " (for tests and tools).
    QString statusText() const;

    /// The QSettings keys of the layout.
    static constexpr const char* geometry_key = "window/geometry";
    static constexpr const char* state_key = "window/state";
    static constexpr int layout_version = 1;

public slots:
    /// Starts the server (the toolbar's Start does the same).
    void start();
    void restoreDefaultLayout();
    void saveLayout() const;
    /// Restores the saved layout; false when none is saved (or it does not fit this version).
    bool restoreLayout();
    /// Puts the server URL on the clipboard.
    void copyServerUrl();
    // Polish (main_window_polish.cpp): dialogs, language and theme, shortcuts.
    void showPreferences();
    void showAbout();
    void showShortcuts();
    /// Applies a theme now and stores it; stores a language for the next start.
    void setTheme(asgiscope::ui::AppSettings::Theme theme);
    void setLanguage(asgiscope::ui::AppSettings::Language language);

signals:
    /// Relayed selections, for the panels that react to them (Traffic filters by route or by
    /// layer; the filter text is the toolbar's box).
    void routeFilterRequested(const QString& route);
    void layerFilterRequested(const QString& layer);
    void filterTextChanged(const QString& text);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    QDockWidget* addPanel(QWidget* panel, const QString& title, const QString& objectName);
    void applyDefaultLayout();
    void onStateChanged();
    void updateStats();
    void setFilterToken(const QString& key, const QString& value);
    void polishWindow();  // main_window_polish.cpp
    void updateActionToolTips();
    void updateStartStopIcon();
    void buildComposer();
    void buildComposerActions();
    void buildFileActions(QMenu* file);
    void reportError(const QString& title, const QString& text);
    void showOpenedTraces(const QString& path, const trace::TraceBatch& traces);
    void offerRequestsForReplay(const QString& path, const QString& why,
                                std::vector<trace::Exchange> exchanges);

    ServerController* controller_;  // a child of the window
    RoutesPanel* routes_ = nullptr;
    MiddlewarePanel* middleware_ = nullptr;
    LogPanel* log_ = nullptr;
    TraceStore* store_ = nullptr;
    TrafficView* traffic_ = nullptr;
    SequenceDiagram* diagram_ = nullptr;
    InspectorView* inspector_ = nullptr;
    ComposerPanel* composer_ = nullptr;
    QAction* copy_as_curl_ = nullptr;
    QAction* open_in_composer_ = nullptr;
    QAction* import_curl_ = nullptr;
    WebSocketConsole* websocket_ = nullptr;
    MetricsPanel* metrics_ = nullptr;
    ReplayPanel* replay_ = nullptr;
    QString opened_file_;
    QString last_error_;
    QPointer<QMessageBox> message_box_;
    QAction* export_selected_only_ = nullptr;
    QList<QDockWidget*> docks_;
    bool layout_restored_ = false;
    bool shown_ = false;

    QAction* start_stop_ = nullptr;
    QAction* tracing_ = nullptr;
    QAction* clear_ = nullptr;
    QAction* copy_url_ = nullptr;
    QAction* open_browser_ = nullptr;
    QLabel* toolbar_url_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QToolButton* status_url_ = nullptr;
    QLabel* status_requests_ = nullptr;
    QLabel* status_rate_ = nullptr;
    QLabel* status_connections_ = nullptr;
    QLabel* status_traces_ = nullptr;
    QToolButton* status_tracing_ = nullptr;
    QAction* preferences_ = nullptr;
};

}  // namespace asgiscope::ui
