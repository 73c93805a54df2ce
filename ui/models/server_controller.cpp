#include "server_controller.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <asgiscope/server/server.hpp>

namespace asgiscope::ui {

namespace {

/// Whether something listens on host:port already: bind a socket as the server would
/// (SO_REUSEADDR, so a port in TIME_WAIT after our own stop counts as free).
bool port_in_use(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) !=
            0 ||
        !found)
        return false;  // the server reports the bad address itself
    bool in_use = false;
    const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    if (fd >= 0) {
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        in_use = ::bind(fd, found->ai_addr, found->ai_addrlen) != 0 && errno == EADDRINUSE;
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return in_use;
}

constexpr std::size_t max_pending_log_lines = 5000;

}  // namespace

/// Log lines on their way from server threads to the GUI thread: the sink appends, the
/// controller's timer takes them all at once.
struct ServerController::LogQueue {
    std::mutex mutex;
    QVector<LogLine> pending;
    std::uint64_t dropped = 0;
    std::uint64_t dropped_reported = 0;

    void add(server::LogLevel level, std::string_view line) {
        LogLine l{QDateTime::currentDateTime(), level,
                  QString::fromUtf8(line.data(), qsizetype(line.size()))};
        std::lock_guard lock(mutex);
        if (std::size_t(pending.size()) >= max_pending_log_lines) {
            ++dropped;
            return;
        }
        pending.push_back(std::move(l));
    }
};

/// One start of the server: the thread, the server once made, and how it ended. Shared with
/// the thread, so a thread left running after shutdown()'s timeout still has what it uses.
struct ServerController::Run {
    std::mutex mutex;
    std::condition_variable done_cv;
    std::shared_ptr<server::Server> server;
    bool done = false;
    int exit_code = -1;
    std::string failure;  // why it did not start, when that is known before the server runs
    bool stop_requested = false;
    std::thread thread;
};

ServerController::ServerController(web::Starlette app, server::Config config, QString label,
                                   QObject* parent)
    : ServerController(std::move(app), std::move(config), std::move(label), trace::HubOptions{},
                       trace::TracerOptions{}, parent) {}

ServerController::ServerController(web::Starlette app, server::Config config, QString label,
                                   trace::HubOptions hubOptions, trace::TracerOptions tracerOptions,
                                   QObject* parent)
    : QObject(parent),
      app_(std::move(app)),
      config_(std::move(config)),
      label_(std::move(label)),
      hub_(std::make_shared<trace::TraceHub>(hubOptions)),
      tracer_(std::make_shared<trace::Tracer>(hub_, tracerOptions)),
      stats_(std::make_shared<inspect::LiveStats>()),
      log_(std::make_shared<LogQueue>()) {
    qRegisterMetaType<LogLine>();
    qRegisterMetaType<QVector<LogLine>>();
    if (!app_.started()) app_.set_tracer(tracer_);
    config_.install_signal_handlers = false;
    config_.log_sink = [log = log_](server::LogLevel level, std::string_view line) {
        log->add(level, line);
    };
    subscription_ =
        hub_->subscribe([stats = stats_](const trace::TraceBatch& batch) { stats->add(batch); });
    timer_.setInterval(200);
    connect(&timer_, &QTimer::timeout, this, &ServerController::poll);
    timer_.start();
}

ServerController::~ServerController() {
    shutdown();
    subscription_.unsubscribe();
}

QUrl ServerController::url() const {
    if (state_ != State::Running) return {};
    QUrl u;
    u.setScheme(config_.ssl_certfile.empty() ? "http" : "https");
    u.setHost(QString::fromStdString(config_.host));
    u.setPort(port_);
    return u;
}

std::uint64_t ServerController::requestsServed() const {
    std::uint64_t now = 0;
    if (run_) {
        std::lock_guard lock(run_->mutex);
        if (run_->server) now = run_->server->requests_served();
    }
    return served_before_ + now;
}

std::uint64_t ServerController::openConnections() const {
    if (!run_ || state_ == State::Stopped) return 0;
    std::lock_guard lock(run_->mutex);
    return run_->server ? run_->server->open_connections() : 0;
}

std::uint64_t ServerController::droppedLogLines() const {
    std::lock_guard lock(log_->mutex);
    return log_->dropped;
}

void ServerController::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    emit stateChanged(state);
}

void ServerController::start() {
    if (state_ != State::Stopped) return;
    auto run = std::make_shared<Run>();
    run_ = run;
    port_ = 0;
    setState(State::Starting);
    run->thread = std::thread([run, config = config_, app = app_]() mutable {
        if (config.port != 0) {
            // The first free port from the configured one on; the GUI thread never probes.
            int tries = 0;
            while (tries < port_attempts && config.port + tries <= 65535 &&
                   port_in_use(config.host, std::uint16_t(config.port + tries)))
                ++tries;
            if (tries == port_attempts || config.port + tries > 65535) {
                std::lock_guard lock(run->mutex);
                run->failure = "ports " + std::to_string(config.port) + " to " +
                               std::to_string(config.port + tries - 1) + " are all in use";
                run->done = true;
                run->exit_code = server::ExitCode::StartupError;
                run->done_cv.notify_all();
                return;
            }
            config.port = std::uint16_t(config.port + tries);
        }
        auto server = std::make_shared<server::Server>(std::move(config), std::move(app));
        {
            std::lock_guard lock(run->mutex);
            run->server = server;
            if (run->stop_requested) server->request_stop();  // honoured before run() too
        }
        const int code = server->run();
        std::lock_guard lock(run->mutex);
        run->done = true;
        run->exit_code = code;
        run->done_cv.notify_all();
    });
    timer_.setInterval(25);  // notice the start quickly
}

void ServerController::stop() {
    if (!run_ || (state_ != State::Running && state_ != State::Starting)) return;
    {
        std::lock_guard lock(run_->mutex);
        run_->stop_requested = true;
        if (run_->server) run_->server->request_stop();
    }
    setState(State::Stopping);
}

bool ServerController::shutdown(std::chrono::milliseconds timeout) {
    if (!run_) return true;
    auto run = run_;
    bool finished = false;
    {
        std::unique_lock lock(run->mutex);
        run->stop_requested = true;
        if (run->server) run->server->request_stop();
        run->done_cv.wait_for(lock, timeout, [&] { return run->done; });
        finished = run->done;
    }
    if (finished) {
        run->thread.join();
        finishRun();
    } else {
        qWarning(
            "asgiscope: the server did not stop within %lld ms; leaving it to finish on its own",
            static_cast<long long>(timeout.count()));
        run->thread.detach();
        run_.reset();
        port_ = 0;
        setState(State::Stopped);
    }
    return finished;
}

void ServerController::finishRun() {
    if (!run_) return;
    int code = -1;
    std::string failure;
    std::shared_ptr<server::Server> server;
    {
        std::lock_guard lock(run_->mutex);
        code = run_->exit_code;
        failure = run_->failure;
        server = run_->server;
    }
    if (run_->thread.joinable()) run_->thread.join();
    if (server) served_before_ += server->requests_served();
    const bool never_started = state_ == State::Starting;
    run_.reset();
    port_ = 0;
    poll();  // hand over the last log lines
    setState(State::Stopped);
    timer_.setInterval(200);
    if (never_started) {
        QString message =
            failure.empty() ? tr("the server could not start (exit code %1); see the log").arg(code)
                            : QString::fromStdString(failure);
        emit startFailed(message);
    }
    emit stopped(code);
}

void ServerController::poll() {
    // Log lines: one batch per tick.
    QVector<LogLine> lines;
    {
        std::lock_guard lock(log_->mutex);
        lines.swap(log_->pending);
        if (log_->dropped != log_->dropped_reported) {
            lines.push_back(
                {QDateTime::currentDateTime(), server::LogLevel::Warning,
                 tr("%n log line(s) dropped: the server logged faster than the window could show",
                    nullptr, int(log_->dropped - log_->dropped_reported))});
            log_->dropped_reported = log_->dropped;
        }
    }
    if (!lines.isEmpty()) emit logLinesAdded(lines);

    if (run_) {
        bool done = false;
        std::shared_ptr<server::Server> server;
        {
            std::lock_guard lock(run_->mutex);
            done = run_->done;
            server = run_->server;
        }
        if (state_ == State::Starting && server && !done &&
            server->wait_until_started(std::chrono::milliseconds(0))) {
            port_ = server->port();
            timer_.setInterval(200);
            rate_count_ = requestsServed();
            rate_time_ = std::chrono::steady_clock::now();
            setState(State::Running);
            emit started(url());
        }
        if (done) {
            finishRun();
            return;
        }
    }
    if (++ticks_ % 2 == 0) updateStats();
}

void ServerController::updateStats() {
    snapshot_ = stats_->snapshot();
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t count = requestsServed();
    const double seconds = std::chrono::duration<double>(now - rate_time_).count();
    if (seconds >= 1.0 || rate_time_ == std::chrono::steady_clock::time_point{}) {
        const double fresh =
            seconds > 0 && count >= rate_count_ ? double(count - rate_count_) / seconds : 0.0;
        rate_ = rate_time_ == std::chrono::steady_clock::time_point{} ? 0.0 : (rate_ + fresh) / 2;
        if (fresh == 0) rate_ = 0;
        rate_count_ = count;
        rate_time_ = now;
    }
    emit statsUpdated();
}

void ServerController::setTracingEnabled(bool on) {
    if (tracer_->enabled() == on) return;
    tracer_->set_enabled(on);
    emit tracingChanged(on);
}

void ServerController::clearTraces() {
    hub_->clear();
    stats_->reset();
    updateStats();
}

}  // namespace asgiscope::ui
