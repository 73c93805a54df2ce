// What every connection of one server shares: settings, the app, the logger and counters.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/server/config.hpp>
#include <asgiscope/server/logging.hpp>

#include "http_util.hpp"

namespace asgiscope::trace {
class TraceHub;
}  // namespace asgiscope::trace

namespace asgiscope::server::detail {

struct TlsContext;

/// What the server asks of every open connection, whatever its stream (TCP or TLS). Called
/// only from the connection's own worker thread.
class Connection {
public:
    /// Graceful shutdown: close now if between requests, else after the current response.
    virtual void begin_shutdown() = 0;
    /// Forced shutdown: close the socket now and cancel the app's pending operation.
    virtual void abort() = 0;
    /// Called by the worker's sweeper: cancels the pending I/O if its deadline passed.
    virtual void check_deadline(std::chrono::steady_clock::time_point now) = 0;

protected:
    ~Connection() = default;
};

/// Read-mostly state shared by all worker threads; counters are atomic.
struct ServerState {
    ServerState(Config c, asgi::App a);

    const Config config;
    const asgi::App app;
    const Logger logger;
    const TrustedHosts trusted;
    /// Lines appended to every response head unless the app sent a header of that name.
    std::vector<asgi::Header> extra_headers;
    /// What lifespan startup stored; shared (read-only, Scope::state_shared) by every request
    /// scope, which copies it when it changes it. Set before serving; not changed after.
    std::shared_ptr<asgi::State> lifespan_state;
    /// Set (before serving) when TLS is on: connections speak TLS with this context.
    std::shared_ptr<TlsContext> tls;
    /// Where connection events go (config.trace_hub); null: nowhere, and none are built.
    trace::TraceHub* const hub;

    std::atomic<std::uint64_t> requests_total{0};
    /// The last connection id given out (ids start at 1).
    std::atomic<std::uint64_t> connection_ids{0};
    std::atomic<std::uint64_t> open_connections{0};
    std::atomic<std::uint64_t> in_flight{0};
    std::atomic<bool> stopping{false};
    /// Asks the server to stop (used when limit_max_requests is reached). Thread-safe.
    std::function<void()> request_stop;
};

/// One event loop thread and the connections it owns; only its own thread touches the list.
struct Worker {
    // Declared before the io_context: destroying the io_context destroys connection
    // coroutines still pending in it, and their destructors leave this list.
    std::list<Connection*> connections;
    boost::asio::io_context ioc{1};
};

}  // namespace asgiscope::server::detail
