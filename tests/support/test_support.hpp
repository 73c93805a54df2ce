// Helpers shared by the tests: an in-process server on a free port, a raw socket client that
// speaks bytes (for malformed input), and running external programs (curl, Python clients).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <QString>
#include <QStringList>

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

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    std::unique_ptr<server::Server> server_;
    std::thread thread_;
    int exit_code_ = -1;
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

}  // namespace asgiscope::testing
