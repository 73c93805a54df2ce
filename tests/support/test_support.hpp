// Helpers shared by the tests: an in-process server on a free port, a raw socket client that
// speaks bytes (for malformed input), and running external programs (curl, Python clients).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <QString>
#include <QStringList>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/server.hpp>

namespace asgiscope::testing {

/// A Server running on its own thread on 127.0.0.1 and a free port, with its log captured.
class RunningServer {
public:
    explicit RunningServer(asgi::App app, server::Config config = {});
    ~RunningServer();

    bool started() const { return started_; }
    std::uint16_t port() const { return server_->port(); }
    server::Server& server() { return *server_; }
    /// Requests a graceful stop and waits for run() to return; gives its exit code.
    int stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /// Log lines so far.
    std::vector<std::string> log() const;
    /// Whether some log line contains `text`.
    bool log_contains(const std::string& text) const;
    /// How many log lines contain `text`.
    int log_count(const std::string& text) const;
    /// The whole log, one line per line (for failure messages).
    std::string log_text() const;
    /// Whether run() has returned (by itself or after stop()).
    bool finished() const { return finished_.load(); }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    std::unique_ptr<server::Server> server_;
    std::thread thread_;
    int exit_code_ = -1;
    std::atomic<bool> finished_{false};
    bool started_ = false;
    bool joined_ = false;
};

/// One parsed HTTP/1.x response.
struct Response {
    int status = 0;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    bool chunked = false;
    std::optional<std::string> header(const std::string& name) const;
    int header_count(const std::string& name) const;
};

/// A blocking loopback socket with a receive timeout: sends exactly the bytes given.
class RawClient {
public:
    explicit RawClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const { return fd_ >= 0; }
    bool send(std::string_view bytes);
    /// Sends without blocking for longer than `stall` at a time: returns how many bytes went
    /// out before the peer stopped taking them (back-pressure) or all were sent.
    std::size_t send_until_stalled(std::string_view bytes, std::chrono::milliseconds stall);
    /// Sends one byte at a time with `gap` between them.
    bool send_slowly(std::string_view bytes, std::chrono::milliseconds gap);
    /// Whether bytes (or a close) arrive within `wait`; nothing is consumed.
    bool readable_within(std::chrono::milliseconds wait);
    /// Half-closes the sending side.
    void shutdown_write();
    void close();
    /// Reads one response (Content-Length, chunked, or until close). Nothing on timeout/close.
    /// `head_request`: the response to a HEAD has no body whatever its headers say.
    std::optional<Response> read_response(bool head_request = false);
    /// Reads until the peer closes (true) or the timeout passes (false). Bytes go to `out`.
    bool read_until_closed(std::string* out = nullptr);
    /// Bytes received but not yet consumed by read_response.
    const std::string& pending() const { return buffer_; }

private:
    bool fill();  // one recv into buffer_; false on close, error or timeout
    int fd_ = -1;
    std::string buffer_;
};

/// Thread-safe list of strings: apps running on server threads record what they see, tests
/// read it (poll with QTRY_*).
class Recorder {
public:
    void add(std::string item);
    std::vector<std::string> items() const;
    std::size_t size() const;
    bool contains(const std::string& item) const;
    /// Items joined with " | " (for failure messages).
    std::string joined() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> items_;
};

/// Short description of a message for a Recorder, e.g. "http.request 5 more",
/// "http.request 0 last", "http.disconnect".
std::string describe(const asgi::Message& message);

// ---- Helpers for writing test apps (use inside app coroutines) ----------------------------

/// Suspends the calling coroutine for `d` without blocking its thread.
boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d);
/// Polls `condition` every few milliseconds; false if it is still false after `timeout`.
boost::asio::awaitable<bool> wait_until(std::function<bool()> condition,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
/// Sends a complete response: start (with content-type and, if `with_length`,
/// content-length) and one body message.
boost::asio::awaitable<void> respond(const asgi::Send& send, int status, std::string body,
                                     bool with_length = true);
/// Receives until the body is complete; returns it (or nothing on http.disconnect).
boost::asio::awaitable<std::optional<std::string>> read_body(const asgi::Receive& receive);
/// A WebSocket session of a test app: accepts, then sends back every message as it came (text
/// as text, bytes as bytes) until the client disconnects.
boost::asio::awaitable<void> websocket_echo(const asgi::Receive& receive, const asgi::Send& send);

/// Result of running an external program.
struct ProcessResult {
    int exit_code = -1;
    bool finished = false;  // false: timed out and killed
    QString out;
    QString err;
};

ProcessResult run_process(const QString& program, const QStringList& args,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60),
                          const QByteArray& stdin_data = {});

/// Debian's Python (where python3-httpx and python3-websockets live).
QString python();

/// A free TCP port on 127.0.0.1 at the time of asking.
std::uint16_t free_port();

/// The config the tests use: port 0, quiet access log unless asked.
server::Config test_config();
/// test_config() with lifespan off, for apps that do not speak the lifespan protocol.
server::Config test_config_without_lifespan();

}  // namespace asgiscope::testing
