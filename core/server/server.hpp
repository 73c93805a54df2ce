// The ASGI server: the role uvicorn plays for Python. It binds, runs the lifespan protocol,
// serves HTTP/1.1 connections to an `asgi::App` and shuts down gracefully.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/server/config.hpp>

namespace asgiscope::server {

/// Process exit codes of Server::run(), as uvicorn's.
enum ExitCode : int { Ok = 0, StartupError = 1, LifespanFailed = 3 };

/// Owns the listener, the worker threads and every connection. Asio stays inside server.cpp.
class Server {
public:
    Server(Config config, asgi::App app);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds, runs lifespan startup, serves until stopped, then drains connections and runs
    /// lifespan shutdown. Blocks the calling thread; returns an ExitCode.
    int run();

    /// Asks a running server to shut down gracefully, as SIGTERM does. Thread-safe, idempotent.
    void request_stop();

    /// Waits until the server accepts connections (true) or has failed to start (false).
    bool wait_until_started(std::chrono::milliseconds timeout);
    /// The bound port once started (useful with port 0), else 0.
    std::uint16_t port() const;

    /// Counters, readable from any thread.
    std::uint64_t requests_served() const;
    std::uint64_t open_connections() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace asgiscope::server
