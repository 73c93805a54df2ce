#include "main_window.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>
#include <QTableView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QShowEvent>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

#include "composer/composer_panel.hpp"
#include "inspector/inspector_view.hpp"
#include "log/log_panel.hpp"
#include "metrics/metrics_panel.hpp"
#include "websocket/websocket_console.hpp"
#include "middleware/middleware_panel.hpp"
#include "models/composer_request.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "models/traffic_filter.hpp"
#include "models/replay_results_model.hpp"
#include "models/session_files.hpp"
#include "replay/replay_panel.hpp"
#include "routes/routes_panel.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"

namespace asgiscope::ui {


MainWindow::MainWindow(ServerController* controller, QWidget* parent)
    : QMainWindow(parent), controller_(controller) {
    setObjectName(QStringLiteral("asgiscopeMainWindow"));
    controller_->setParent(this);
    setWindowTitle(tr("asgiscope — %1").arg(controller_->label()));
    setDockNestingEnabled(true);
    setDockOptions(dockOptions() | QMainWindow::AllowTabbedDocks | QMainWindow::AnimatedDocks);

    routes_ = new RoutesPanel(this);
    middleware_ = new MiddlewarePanel(this);
    log_ = new LogPanel(this);
    routes_->setApplication(controller_->application());
    middleware_->setApplication(controller_->application());

    addPanel(routes_, tr("Routes"), QStringLiteral("routesDock"));
    store_ = new TraceStore(this);
    store_->subscribeTo(controller_->hub());
    traffic_ = new TrafficView(store_, this);
    diagram_ = new SequenceDiagram(this);
    inspector_ = new InspectorView(this);
    addPanel(traffic_, tr("Traffic"), QStringLiteral("trafficDock"));
    addPanel(diagram_, tr("Trace"), QStringLiteral("traceDock"));
    addPanel(inspector_, tr("Inspector"), QStringLiteral("inspectorDock"));
    addPanel(middleware_, tr("Middleware"), QStringLiteral("middlewareDock"));
    addPanel(log_, tr("Log"), QStringLiteral("logDock"));
    buildComposer();
    // WebSocket console and Metrics: tabs next to the Log.
    websocket_ = new WebSocketConsole(this);
    websocket_->setApplication(controller_->application());
    metrics_ = new MetricsPanel(store_, this);
    addPanel(websocket_, tr("WebSocket"), QStringLiteral("webSocketDock"));
    addPanel(metrics_, tr("Metrics"), QStringLiteral("metricsDock"));
    replay_ = new ReplayPanel(this);
    addPanel(replay_, tr("Replay"), QStringLiteral("replayDock"));

    buildToolBar();
    buildMenus();
    buildComposerActions();
    buildStatusBar();
    polishWindow();
    resize(1400, 860);
    applyDefaultLayout();

    // The relay: panels only emit; the window decides who hears what.
    connect(routes_, &RoutesPanel::routeSelected, this, [this](const QString& route) {
        setFilterToken(QStringLiteral("route"), route);
        emit routeFilterRequested(route);
    });
    // A layer filters Traffic to the exchanges it short-circuited or errored in (`flagged:`).
    connect(middleware_, &MiddlewarePanel::layerSelected, this, [this](const QString& layer) {
        setFilterToken(QStringLiteral("flagged"),
                       layer.isEmpty() ? QString() : QLatin1Char('=') + TrafficFilter::quoted(layer));
        statusBar()->showMessage(
            tr("Layer %1: exchanges it short-circuited or errored in").arg(layer), 5000);
        emit layerFilterRequested(layer);
    });
    // The toolbar's box is the one place to type a filter: it drives Traffic, and shows what
    // Traffic's own filterByRoute()/filterByLayer() set.
    connect(filter_, &QLineEdit::textChanged, this, &MainWindow::filterTextChanged);
    connect(this, &MainWindow::filterTextChanged, traffic_, &TrafficView::setFilterText);
    connect(traffic_, &TrafficView::filterTextChanged, filter_, [this](const QString& text) {
        if (filter_->text() != text) filter_->setText(text);
    });
    connect(traffic_, &TrafficView::traceSelected, diagram_, &SequenceDiagram::showTrace);
    connect(traffic_, &TrafficView::traceSelected, inspector_, &InspectorView::showTrace);
    connect(diagram_, &SequenceDiagram::messageSelected, inspector_, &InspectorView::showMessage);
    connect(diagram_, &SequenceDiagram::layerSelected, inspector_, &InspectorView::showLayer);

    // Replay: Traffic's row actions, the target follows the running server, and starting the
    // server again after File > Open goes back to live traces.
    {
        auto* replayRows = new QAction(tr("Replay"), traffic_->table());
        replayRows->setObjectName(QStringLiteral("replaySelectedAction"));
        connect(replayRows, &QAction::triggered, this, &MainWindow::replaySelected);
        traffic_->table()->addAction(replayRows);
        auto* editRow = new QAction(tr("Edit and replay…"), traffic_->table());
        editRow->setObjectName(QStringLiteral("editAndReplayAction"));
        connect(editRow, &QAction::triggered, this, &MainWindow::editAndReplaySelected);
        traffic_->table()->addAction(editRow);
        connect(controller_, &ServerController::started, this, [this](const QUrl& url) {
            replay_->setTarget(url.toString());
            if (!opened_file_.isEmpty()) {
                opened_file_.clear();
                store_->clear();
                store_->subscribeTo(controller_->hub());
                setWindowTitle(tr("asgiscope — %1").arg(controller_->label()));
            }
        });
        connect(replay_, &ReplayPanel::errorOccurred, this,
                [this](const QString& message) { reportError(tr("Replay"), message); });
    }
    connect(controller_, &ServerController::logLinesAdded, log_, &LogPanel::appendLines);
    connect(controller_, &ServerController::stateChanged, this, &MainWindow::onStateChanged);
    connect(controller_, &ServerController::statsUpdated, this, &MainWindow::updateStats);
    connect(controller_, &ServerController::tracingChanged, this, [this](bool on) {
        tracing_->setChecked(on);
        updateStats();
    });
    connect(controller_, &ServerController::started, this, [this](const QUrl& url) {
        routes_->setBaseUrl(url.toString());
        websocket_->setBaseUrl(url.toString());
        if (url.port() != controller_->config().port && controller_->config().port != 0)
            statusBar()->showMessage(tr("Port %1 is in use: serving on %2")
                                         .arg(controller_->config().port)
                                         .arg(url.port()),
                                     10000);
    });
    connect(controller_, &ServerController::startFailed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("The server did not start: %1").arg(message));
    });
    onStateChanged();
    updateStats();
    restoreLayout();
}

MainWindow::~MainWindow() {
    // Stop the server before the panels go: the controller must not call back into a window
    // being destroyed.
    disconnect(controller_, nullptr, this, nullptr);
    controller_->shutdown(std::chrono::seconds(10));
}

QDockWidget* MainWindow::addPanel(QWidget* panel, const QString& title, const QString& objectName) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    docks_ << dock;
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    return dock;
}

QDockWidget* MainWindow::dock(const QString& objectName) const {
    for (QDockWidget* d : docks_)
        if (d->objectName() == objectName) return d;
    return nullptr;
}

void MainWindow::applyDefaultLayout() {
    // UI.md's default: Routes over Middleware on the left, Traffic over Trace in the middle,
    // Inspector on the right, Log along the bottom.
    QDockWidget* routes = dock(QStringLiteral("routesDock"));
    QDockWidget* middleware = dock(QStringLiteral("middlewareDock"));
    QDockWidget* traffic = dock(QStringLiteral("trafficDock"));
    QDockWidget* trace = dock(QStringLiteral("traceDock"));
    QDockWidget* inspector = dock(QStringLiteral("inspectorDock"));
    QDockWidget* log = dock(QStringLiteral("logDock"));
    for (QDockWidget* d : docks_) {
        d->setFloating(false);
        d->show();
    }
    addDockWidget(Qt::LeftDockWidgetArea, routes);
    splitDockWidget(routes, traffic, Qt::Horizontal);
    addDockWidget(Qt::RightDockWidgetArea, inspector);
    splitDockWidget(routes, middleware, Qt::Vertical);
    splitDockWidget(traffic, trace, Qt::Vertical);
    addDockWidget(Qt::BottomDockWidgetArea, log);
    if (QDockWidget* composer = dock(QStringLiteral("composerDock"))) {
        tabifyDockWidget(log, composer);
        log->raise();
    }
    resizeDocks({routes, traffic, inspector},
                {width() * 30 / 100, width() * 47 / 100, width() * 23 / 100}, Qt::Horizontal);
    resizeDocks({routes, middleware}, {height() * 56 / 100, height() * 24 / 100}, Qt::Vertical);
    resizeDocks({traffic, trace}, {height() * 40 / 100, height() * 40 / 100}, Qt::Vertical);
    resizeDocks({log}, {height() * 18 / 100}, Qt::Vertical);
    tabifyDockWidget(log, dock(QStringLiteral("webSocketDock")));
    tabifyDockWidget(log, dock(QStringLiteral("metricsDock")));
    if (QDockWidget* replay = dock(QStringLiteral("replayDock"))) tabifyDockWidget(log, replay);
    log->raise();
}

void MainWindow::restoreDefaultLayout() {
    applyDefaultLayout();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    // Dock sizes only take once the window has its size: size the default layout then,
    // unless a saved layout was restored.
    if (!shown_ && !layout_restored_) applyDefaultLayout();
    shown_ = true;
}

void MainWindow::saveLayout() const {
    QSettings settings;
    settings.setValue(QLatin1String(geometry_key), saveGeometry());
    settings.setValue(QLatin1String(state_key), saveState(layout_version));
}

bool MainWindow::restoreLayout() {
    QSettings settings;
    const QByteArray geometry = settings.value(QLatin1String(geometry_key)).toByteArray();
    const QByteArray state = settings.value(QLatin1String(state_key)).toByteArray();
    if (state.isEmpty()) return false;
    if (!geometry.isEmpty()) restoreGeometry(geometry);
    layout_restored_ = restoreState(state, layout_version);
    return layout_restored_;
}

void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Server"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);

    start_stop_ = bar->addAction(tr("Start"));
    start_stop_->setObjectName(QStringLiteral("startStopAction"));
    connect(start_stop_, &QAction::triggered, this, [this] {
        if (controller_->state() == ServerController::State::Stopped)
            controller_->start();
        else
            controller_->stop();
    });
    toolbar_url_ = new QLabel(this);
    toolbar_url_->setObjectName(QStringLiteral("toolbarUrl"));
    toolbar_url_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    toolbar_url_->setContentsMargins(8, 0, 8, 0);
    bar->addWidget(toolbar_url_);

    tracing_ = bar->addAction(tr("Tracing"));
    tracing_->setObjectName(QStringLiteral("tracingAction"));
    tracing_->setCheckable(true);
    tracing_->setChecked(controller_->tracingEnabled());
    tracing_->setToolTip(tr("Record a trace of every request (Tracer::set_enabled)"));
    connect(tracing_, &QAction::toggled, controller_, &ServerController::setTracingEnabled);

    clear_ = bar->addAction(tr("Clear"));
    clear_->setObjectName(QStringLiteral("clearAction"));
    clear_->setToolTip(tr("Forget the kept traces and the live counters"));
    connect(clear_, &QAction::triggered, controller_, &ServerController::clearTraces);
    connect(clear_, &QAction::triggered, store_, &TraceStore::clear);

    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Filter "), this));
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("filterEdit"));
    filter_->setPlaceholderText(tr("method:POST status:5xx route:user text"));
    filter_->setClearButtonEnabled(true);
    filter_->setMinimumWidth(280);
    bar->addWidget(filter_);
}

void MainWindow::buildMenus() {
    auto add = [this](QMenu* menu, const QString& text, auto slot) {
        QAction* a = menu->addAction(text);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    buildFileActions(file);
    QAction* quit = add(file, tr("&Quit"), [this] { close(); });
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget* d : docks_) view->addAction(d->toggleViewAction());
    view->addSeparator();
    add(view, tr("Restore default layout"), [this] {
        restoreDefaultLayout();
    })->setObjectName(QStringLiteral("restoreDefaultLayoutAction"));

    QMenu* server = menuBar()->addMenu(tr("&Server"));
    server->setObjectName(QStringLiteral("serverMenu"));
    server->addAction(start_stop_);
    copy_url_ = add(server, tr("Copy server URL"), [this] { copyServerUrl(); });
    open_browser_ = add(server, tr("Open in browser"), [this] {
        if (controller_->state() == ServerController::State::Running)
            QDesktopServices::openUrl(controller_->url());
    });

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("toolsMenu"));
    tools->addAction(tracing_);
    tools->addAction(clear_);
    add(tools, tr("Focus the filter"), [this] {
        filter_->setFocus();
        filter_->selectAll();
    })->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_F), QKeySequence(Qt::CTRL | Qt::Key_L)});

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));  // filled by polishWindow()
}

void MainWindow::buildStatusBar() {
    status_url_ = new QToolButton(this);
    status_url_->setObjectName(QStringLiteral("statusUrl"));
    status_url_->setAutoRaise(true);
    status_url_->setToolTip(tr("Click to copy the server URL"));
    connect(status_url_, &QToolButton::clicked, this, &MainWindow::copyServerUrl);
    auto label = [this](const char* name) {
        auto* l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        return l;
    };
    status_requests_ = label("statusRequests");
    status_rate_ = label("statusRate");
    status_connections_ = label("statusConnections");
    status_traces_ = label("statusTraces");
    status_tracing_ = new QToolButton(this);
    status_tracing_->setObjectName(QStringLiteral("statusTracing"));
    status_tracing_->setAutoRaise(true);
    status_tracing_->setCheckable(true);
    status_tracing_->setToolTip(tr("Click to switch tracing on or off"));
    connect(status_tracing_, &QToolButton::toggled, tracing_, &QAction::setChecked);
    statusBar()->addPermanentWidget(status_url_);
    statusBar()->addPermanentWidget(status_requests_);
    statusBar()->addPermanentWidget(status_rate_);
    statusBar()->addPermanentWidget(status_connections_);
    statusBar()->addPermanentWidget(status_traces_);
    statusBar()->addPermanentWidget(status_tracing_);
}

void MainWindow::copyServerUrl() {
    const QUrl url = controller_->url();
    if (url.isEmpty()) return;
    QGuiApplication::clipboard()->setText(url.toString());
    statusBar()->showMessage(tr("Copied %1").arg(url.toString()), 3000);
}

void MainWindow::start() {
    controller_->start();
}

void MainWindow::onStateChanged() {
    using S = ServerController::State;
    const S state = controller_->state();
    const QString url = controller_->url().toString();
    const QString label = controller_->label();
    switch (state) {
        case S::Stopped:
            start_stop_->setText(tr("Start"));
            start_stop_->setToolTip(tr("Start the server"));
            toolbar_url_->setText(tr("stopped (%1)").arg(label));
            status_url_->setText(tr("server stopped"));
            break;
        case S::Starting:
            start_stop_->setText(tr("Stop"));
            toolbar_url_->setText(tr("starting… (%1)").arg(label));
            status_url_->setText(tr("starting…"));
            break;
        case S::Running:
            start_stop_->setText(tr("Stop"));
            start_stop_->setToolTip(tr("Stop the server gracefully"));
            toolbar_url_->setText(tr("%1 (%2)").arg(url, label));
            status_url_->setText(url);
            break;
        case S::Stopping:
            start_stop_->setText(tr("Stopping…"));
            toolbar_url_->setText(tr("stopping… (%1)").arg(label));
            break;
    }
    start_stop_->setEnabled(state != S::Stopping);
    copy_url_->setEnabled(state == S::Running);
    open_browser_->setEnabled(state == S::Running);
    updateStats();
    updateStartStopIcon();
    updateActionToolTips();  // the tooltips set above name their shortcuts again
}

void MainWindow::updateStats() {
    const QLocale locale;
    const auto& live = controller_->liveStats();
    routes_->setStats(live);
    middleware_->setStats(live);
    const qulonglong served = controller_->requestsServed();
    status_requests_->setText(served == 1 ? tr("1 request")
                                          : tr("%1 requests").arg(locale.toString(served)));
    status_rate_->setText(
        tr("%1 req/s").arg(locale.toString(controller_->requestsPerSecond(), 'f', 1)));
    const qulonglong open = controller_->openConnections();
    status_connections_->setText(open == 1 ? tr("1 open connection")
                                           : tr("%1 open connections").arg(locale.toString(open)));
    const trace::HubStats hub = controller_->hubStats();
    status_traces_->setText(
        tr("traces %1 kept, %2 dropped")
            .arg(locale.toString(qulonglong(hub.kept)), locale.toString(qulonglong(hub.dropped))));
    const QSignalBlocker blocker(status_tracing_);
    status_tracing_->setChecked(controller_->tracingEnabled());
    status_tracing_->setText(controller_->tracingEnabled() ? tr("tracing on") : tr("tracing off"));
}

QString MainWindow::statusText() const {
    return QStringList{status_url_->text(),    status_requests_->text(),
                       status_rate_->text(),   status_connections_->text(),
                       status_traces_->text(), status_tracing_->text()}
        .join(QStringLiteral(" · "));
}

void MainWindow::setFilterToken(const QString& key, const QString& value) {
    // Replace the key's token (if any) and keep the rest of what the user typed.
    QStringList tokens = filter_->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    tokens.erase(
        std::remove_if(tokens.begin(), tokens.end(),
                       [&](const QString& t) { return t.startsWith(key + QLatin1Char(':')); }),
        tokens.end());
    if (!value.isEmpty()) tokens.prepend(key + QLatin1Char(':') + value);
    filter_->setText(tokens.join(QLatin1Char(' ')));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveLayout();
    // Graceful stop; the thread is joined, or left to finish after the timeout.
    if (controller_) controller_->shutdown(std::chrono::seconds(10));
    event->accept();
}

// The request composer: its dock, the Traffic row actions "Copy as cURL" and "Open in
// Composer", and the Edit menu's cURL actions.
void MainWindow::buildComposer() {
    composer_ = new ComposerPanel(this);
    composer_->setApplication(controller_->application());
    composer_->setTraceStore(store_);
    addPanel(composer_, tr("Composer"), QStringLiteral("composerDock"));
    connect(controller_, &ServerController::stateChanged, composer_,
            [this] { composer_->setBaseUrl(controller_->url()); });
    connect(composer_, &ComposerPanel::showInTrafficRequested, this, [this](trace::TraceId id) {
        dock(QStringLiteral("trafficDock"))->raise();
        traffic_->selectTrace(id);
    });
}

void MainWindow::buildComposerActions() {
    copy_as_curl_ = new QAction(tr("Copy as cURL"), this);
    copy_as_curl_->setObjectName(QStringLiteral("copyAsCurlAction"));
    copy_as_curl_->setToolTip(tr("Copy the selected requests as curl command lines"));
    connect(copy_as_curl_, &QAction::triggered, this, [this] { copySelectedAsCurl(); });
    traffic_->table()->addAction(copy_as_curl_);
    open_in_composer_ = new QAction(tr("Open in Composer"), this);
    open_in_composer_->setObjectName(QStringLiteral("openInComposerAction"));
    open_in_composer_->setToolTip(tr("Load the selected request into the composer to edit and send again"));
    connect(open_in_composer_, &QAction::triggered, this, [this] {
        const TracePtr t = traffic_->selectedTrace();
        const auto exchange = t ? trace::exchange_from_trace(*t) : std::nullopt;
        if (!exchange || exchange->kind != trace::TraceKind::http) {
            statusBar()->showMessage(tr("Select an HTTP request in Traffic first."), 5000);
            return;
        }
        composer_->setRequest(fromRequestRecord(exchange->request));
        dock(QStringLiteral("composerDock"))->show();
        dock(QStringLiteral("composerDock"))->raise();
        if (exchange->request.body_truncated)
            statusBar()->showMessage(tr("The trace kept only part of the request body."), 8000);
    });
    traffic_->table()->addAction(open_in_composer_);

    auto* edit = new QMenu(tr("&Edit"), this);
    menuBar()->insertMenu(menuBar()->actions().value(1), edit);  // after File
    edit->addAction(copy_as_curl_);
    import_curl_ = edit->addAction(tr("Import cURL…"));
    import_curl_->setObjectName(QStringLiteral("importCurlAction"));
    import_curl_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    connect(import_curl_, &QAction::triggered, this, [this] {
        dock(QStringLiteral("composerDock"))->show();
        dock(QStringLiteral("composerDock"))->raise();
        composer_->showImportCurlDialog();
    });
    QAction* composerCurl = edit->addAction(tr("Copy the composer's request as cURL"));
    connect(composerCurl, &QAction::triggered, composer_, &ComposerPanel::copyCurl);
}

QString MainWindow::copySelectedAsCurl() {
    QStringList lines;
    for (const TracePtr& t : traffic_->selectedTraces()) {
        const auto exchange = t ? trace::exchange_from_trace(*t) : std::nullopt;
        if (exchange) lines << QString::fromStdString(trace::to_curl(exchange->request));
    }
    if (lines.isEmpty()) {
        statusBar()->showMessage(tr("Select one or more requests in Traffic first."), 5000);
        return {};
    }
    const QString text = lines.join(QStringLiteral(" ;\n"));
    QGuiApplication::clipboard()->setText(text);
    statusBar()->showMessage(lines.size() == 1 ? tr("Copied the request as a curl command line.")
                                               : tr("Copied %1 requests as curl command lines.").arg(lines.size()),
                             5000);
    return text;
}

// ---- Replay; Save, Open, Export ------------------------------------------------------------

void MainWindow::buildFileActions(QMenu* file) {
    QAction* open = file->addAction(tr("&Open…"));
    open->setObjectName(QStringLiteral("openFileAction"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a trace file"), {},
            tr("Trace, HAR or cURL files (*.json *.jsonl *.har *.txt *.sh);;All files (*)"));
        if (path.isEmpty()) return;
        if (controller_->state() != ServerController::State::Stopped &&
            QMessageBox::question(this, tr("Open a trace file"),
                                  tr("Opening a trace file stops the server and replaces the traces "
                                     "shown. Start the server again to go back to live traffic. "
                                     "Continue?")) != QMessageBox::Yes)
            return;
        openFile(path);
    });
    QAction* save = file->addAction(tr("&Save Session…"));
    save->setObjectName(QStringLiteral("saveSessionAction"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the session's traces"), QStringLiteral("session.jsonl"),
            tr("asgiscope trace files (*.jsonl *.json)"));
        if (!path.isEmpty()) saveSession(path);
    });
    QMenu* exports = file->addMenu(tr("&Export"));
    auto addExport = [this, exports](const QString& text, ExportFormat format, const QString& name,
                                     const QString& suggested, const QString& filter) {
        QAction* a = exports->addAction(text);
        a->setObjectName(name);
        connect(a, &QAction::triggered, this, [this, format, suggested, filter] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Export traces"), suggested, filter);
            if (!path.isEmpty())
                exportTraces(path, static_cast<int>(format), export_selected_only_->isChecked());
        });
    };
    addExport(tr("As HAR 1.2…"), ExportFormat::Har, QStringLiteral("exportHarAction"),
              QStringLiteral("traffic.har"), tr("HAR files (*.har)"));
    addExport(tr("As Chrome trace…"), ExportFormat::ChromeTrace, QStringLiteral("exportChromeAction"),
              QStringLiteral("trace.json"), tr("Chrome trace files (*.json)"));
    addExport(tr("As trace JSON…"), ExportFormat::TraceJson, QStringLiteral("exportJsonAction"),
              QStringLiteral("traces.jsonl"), tr("asgiscope trace files (*.jsonl *.json)"));
    exports->addSeparator();
    export_selected_only_ = exports->addAction(tr("Only the selected rows"));
    export_selected_only_->setObjectName(QStringLiteral("exportSelectedOnlyAction"));
    export_selected_only_->setCheckable(true);
    QAction* replayFromFile = file->addAction(tr("Replay from file…"));
    replayFromFile->setObjectName(QStringLiteral("replayFromFileAction"));
    connect(replayFromFile, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Replay requests from a file"), {},
            tr("HAR, trace or cURL files (*.har *.json *.jsonl *.txt *.sh);;All files (*)"));
        if (!path.isEmpty()) replayFile(path);
    });
    file->addSeparator();
}

QMessageBox* MainWindow::lastMessageBox() const { return message_box_.data(); }

void MainWindow::reportError(const QString& title, const QString& text) {
    last_error_ = text;
    statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), 10000);
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    message_box_ = box;
    box->open();
}

void MainWindow::showOpenedTraces(const QString& path, const trace::TraceBatch& traces) {
    // The window now shows the file: the server stops and its traces no longer come in until
    // it is started again (which goes back to live traffic).
    if (controller_->state() != ServerController::State::Stopped) controller_->stop();
    store_->subscribeTo(nullptr);
    controller_->clearTraces();
    store_->setPaused(false);
    store_->clear();
    store_->addTraces(traces);
    opened_file_ = path;
    setWindowTitle(tr("asgiscope — %1 (opened file, no server)").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(
        tr("Opened %n trace(s) from %1", nullptr, static_cast<int>(traces.size())).arg(path), 10000);
}

void MainWindow::offerRequestsForReplay(const QString& path, const QString& why,
                                        std::vector<trace::Exchange> exchanges) {
    auto requests = std::make_shared<std::vector<trace::Exchange>>(std::move(exchanges));
    auto* box = new QMessageBox(QMessageBox::Information, tr("Open %1").arg(QFileInfo(path).fileName()),
                                why, QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("replayOfferMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* show = box->addButton(tr("Show in Replay"), QMessageBox::AcceptRole);
    show->setObjectName(QStringLiteral("acceptButton"));
    connect(show, &QPushButton::clicked, this, [this, requests] {
        replay_->setRecordings(std::move(*requests));
        dock(QStringLiteral("replayDock"))->show();
        dock(QStringLiteral("replayDock"))->raise();
    });
    message_box_ = box;
    box->open();
}

bool MainWindow::openFile(const QString& path) {
    OpenedFile file = openTraceFile(path);
    const QString name = QFileInfo(path).fileName();
    if (file.ok() && file.isTraceFile) {
        showOpenedTraces(path, file.traces);
        return true;
    }
    if (file.ok()) {
        const int n = file.recordsRead();
        offerRequestsForReplay(
            path,
            tr("%1 is a %2 file. It holds requests, not traces of the layers they crossed, so "
               "Traffic, Trace and Inspector cannot show it. Its %n request(s) can be replayed "
               "against the server instead.",
               nullptr, n)
                .arg(name, file.format),
            std::move(file.exchanges));
        return false;
    }
    if (file.recordsRead() == 0) {
        reportError(tr("Cannot open %1").arg(name), tr("Cannot open %1:\n%2").arg(name, file.error));
        return false;
    }
    // A file broken part way: say where, and offer what was read before.
    last_error_ = file.error;
    auto opened = std::make_shared<OpenedFile>(std::move(file));
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Cannot open %1").arg(name),
        tr("%1 could not be read to its end:\n%2\n\n%n record(s) were read before the problem. "
           "Show them?",
           nullptr, opened->recordsRead())
            .arg(name, opened->error),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("partialFileMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* show = box->addButton(tr("Show them"), QMessageBox::AcceptRole);
    show->setObjectName(QStringLiteral("acceptButton"));
    connect(show, &QPushButton::clicked, this, [this, opened] {
        if (opened->isTraceFile) {
            showOpenedTraces(opened->path, opened->traces);
        } else {
            replay_->setRecordings(std::move(opened->exchanges));
            dock(QStringLiteral("replayDock"))->show();
            dock(QStringLiteral("replayDock"))->raise();
        }
    });
    message_box_ = box;
    box->open();
    return false;
}

bool MainWindow::saveSession(const QString& path) {
    return exportTraces(path, static_cast<int>(ExportFormat::TraceJson), false);
}

bool MainWindow::exportTraces(const QString& path, int format, bool selectedOnly) {
    std::vector<TracePtr> traces;
    if (selectedOnly) {
        for (const TracePtr& t : traffic_->selectedTraces()) traces.push_back(t);
    } else {
        for (int i = 0; i < store_->count(); ++i) traces.push_back(store_->at(i));
    }
    if (traces.empty()) {
        reportError(tr("Nothing to write"), selectedOnly
                                                ? tr("Select one or more rows in Traffic to export them.")
                                                : tr("The session has no traces to write yet."));
        return false;
    }
    const WriteResult result = writeTraces(traces, static_cast<ExportFormat>(format), path);
    if (!result.ok()) {
        reportError(tr("Cannot write %1").arg(QFileInfo(path).fileName()), result.error);
        return false;
    }
    statusBar()->showMessage(tr("Wrote %n trace(s) to %1", nullptr, result.written).arg(path), 10000);
    return true;
}

void MainWindow::replaySelected() {
    std::vector<trace::Exchange> exchanges;
    for (const TracePtr& t : traffic_->selectedTraces())
        if (t)
            if (auto x = trace::exchange_from_trace(*t)) exchanges.push_back(std::move(*x));
    if (exchanges.empty()) {
        reportError(tr("Replay"), tr("Select one or more HTTP or WebSocket rows in Traffic to replay them."));
        return;
    }
    dock(QStringLiteral("replayDock"))->show();
    dock(QStringLiteral("replayDock"))->raise();
    replay_->replay(std::move(exchanges));
}

void MainWindow::editAndReplaySelected() {
    const TracePtr t = traffic_->selectedTrace();
    std::optional<trace::Exchange> x = t ? trace::exchange_from_trace(*t) : std::nullopt;
    if (!x) {
        reportError(tr("Replay"), tr("Select one HTTP row in Traffic to edit and replay it."));
        return;
    }
    std::vector<trace::Exchange> one;
    one.push_back(std::move(*x));
    dock(QStringLiteral("replayDock"))->show();
    dock(QStringLiteral("replayDock"))->raise();
    replay_->setRecordings(std::move(one));
    replay_->editAndReplay(0);
}

bool MainWindow::replayFile(const QString& path) {
    OpenedFile file = openTraceFile(path);
    std::vector<trace::Exchange> exchanges = std::move(file.exchanges);
    for (const auto& t : file.traces)
        if (auto x = trace::exchange_from_trace(*t)) exchanges.push_back(std::move(*x));
    const QString name = QFileInfo(path).fileName();
    if (!file.ok()) {
        if (exchanges.empty()) {
            reportError(tr("Cannot replay %1").arg(name), tr("Cannot read %1:\n%2").arg(name, file.error));
            return false;
        }
        reportError(tr("Replay"), tr("%1 could not be read to its end:\n%2\n\nReplaying the %n request(s) "
                                     "read before the problem.",
                                     nullptr, static_cast<int>(exchanges.size()))
                                      .arg(name, file.error));
    } else if (exchanges.empty()) {
        reportError(tr("Cannot replay %1").arg(name), tr("%1 holds no requests to replay.").arg(name));
        return false;
    }
    dock(QStringLiteral("replayDock"))->show();
    dock(QStringLiteral("replayDock"))->raise();
    replay_->replay(std::move(exchanges));
    return true;
}

}  // namespace asgiscope::ui
