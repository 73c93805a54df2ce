// ServerController: runs the inspected application on an asgiscope server on threads of its
// own, traced, and reports to the GUI thread in batches: state changes, log lines, counters.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QVector>

#include <asgiscope/inspect/live_stats.hpp>
#include <asgiscope/server/config.hpp>
#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/applications.hpp>

namespace asgiscope::ui {

/// One line of the server's log as the Log panel shows it.
struct LogLine {
    QDateTime time;
    server::LogLevel level = server::LogLevel::Info;
    QString text;
};

/// Owns the application, its tracer and trace hub, and the server thread. Every signal is
/// emitted on the thread the controller lives on (the GUI thread); that thread never waits
/// for the server, except in shutdown(), which waits at most its timeout.
class ServerController : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    /// How many ports after the configured one start() tries when it is taken.
    static constexpr int port_attempts = 100;

    /// Serves `app` (which gets this controller's tracer) with `config`; `label` names it in
    /// the window ("demo"). config.log_sink is replaced: lines go to logLinesAdded().
    ServerController(web::Starlette app, server::Config config, QString label,
                     QObject* parent = nullptr);
    /// The same with the trace hub's caps and the tracer's options (body capture, tracing
    /// on or off at start) of the user's preferences.
    ServerController(web::Starlette app, server::Config config, QString label,
                     trace::HubOptions hubOptions, trace::TracerOptions tracerOptions,
                     QObject* parent = nullptr);
    /// Stops the server and waits for it as shutdown() does with its default timeout.
    ~ServerController() override;

    const web::Starlette& application() const { return app_; }
    QString label() const { return label_; }
    const std::shared_ptr<trace::TraceHub>& hub() const { return hub_; }
    const std::shared_ptr<trace::Tracer>& tracer() const { return tracer_; }
    const server::Config& config() const { return config_; }

    State state() const { return state_; }
    /// The bound port while running, else 0.
    quint16 port() const { return port_; }
    /// "http://127.0.0.1:8000" while running, else empty.
    QUrl url() const;
    /// Requests served since the controller was made (over every start).
    std::uint64_t requestsServed() const;
    /// Open connections now (0 when stopped).
    std::uint64_t openConnections() const;
    /// Requests per second over the last two seconds or so.
    double requestsPerSecond() const { return rate_; }
    trace::HubStats hubStats() const { return hub_->stats(); }
    /// The live counters as of the last statsUpdated().
    const inspect::LiveStatsSnapshot& liveStats() const { return snapshot_; }
    bool tracingEnabled() const { return tracer_->enabled(); }
    /// Log lines the server produced faster than they could be handed over (dropped).
    std::uint64_t droppedLogLines() const;

public slots:
    /// Starts the server unless it runs; on a taken port, tries the next ones.
    void start();
    /// Asks the server to stop gracefully; returns at once (stopped() follows).
    void stop();
    /// Stops and waits at most `timeout` for the server thread. False: it did not finish in
    /// time and was left to end on its own (it holds what it needs).
    bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void setTracingEnabled(bool on);
    /// Forgets the kept traces and the live counters.
    void clearTraces();

signals:
    void stateChanged(asgiscope::ui::ServerController::State state);
    void started(const QUrl& url);
    /// The server thread ended; exitCode as server::Server::run() returns it.
    void stopped(int exitCode);
    /// The server could not start (the reason is also in the log).
    void startFailed(const QString& message);
    void logLinesAdded(const QVector<asgiscope::ui::LogLine>& lines);
    /// New counters: liveStats(), requestsPerSecond(), hubStats(), openConnections().
    void statsUpdated();
    void tracingChanged(bool on);

private:
    struct Run;
    struct LogQueue;
    void poll();
    void updateStats();
    void finishRun();
    void setState(State state);

    web::Starlette app_;
    server::Config config_;
    QString label_;
    std::shared_ptr<trace::TraceHub> hub_;
    std::shared_ptr<trace::Tracer> tracer_;
    std::shared_ptr<inspect::LiveStats> stats_;
    trace::TraceHub::Subscription subscription_;
    std::shared_ptr<LogQueue> log_;
    std::shared_ptr<Run> run_;
    State state_ = State::Stopped;
    quint16 port_ = 0;
    std::uint64_t served_before_ = 0;  // by earlier runs
    inspect::LiveStatsSnapshot snapshot_;
    QTimer timer_;
    int ticks_ = 0;
    double rate_ = 0;
    std::uint64_t rate_count_ = 0;
    std::chrono::steady_clock::time_point rate_time_{};
};

}  // namespace asgiscope::ui

Q_DECLARE_METATYPE(asgiscope::ui::LogLine)
