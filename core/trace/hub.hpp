// TraceHub: where finished traces go. Server threads publish; the hub keeps the newest within
// a count and a byte cap, and a thread of its own hands them to subscribers in batches.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <asgiscope/trace/connection.hpp>
#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

/// TraceHub's limits.
struct HubOptions {
    /// Keep at most this many traces...
    std::size_t max_traces = 1000;
    /// ...holding at most this many bytes (Trace::bytes, approximate); the oldest go first.
    std::size_t max_bytes = 64 * 1024 * 1024;
    /// Keep at most this many connection events (a stream of its own, with its own cap).
    std::size_t max_connection_events = 10000;
};

/// TraceHub's counters.
struct HubStats {
    std::uint64_t published = 0;  ///< traces ever published
    std::uint64_t dropped = 0;    ///< published traces no longer kept (the caps pushed them out)
    std::size_t kept = 0;         ///< traces kept now
    std::size_t bytes = 0;        ///< their bytes
    std::size_t subscribers = 0;  ///< trace and connection-event subscribers
    std::uint64_t connection_events_published = 0;
    std::uint64_t connection_events_dropped = 0;  ///< pushed out by max_connection_events
    std::size_t connection_events_kept = 0;
};

/// A batch of traces, oldest first.
using TraceBatch = std::vector<std::shared_ptr<const Trace>>;

/// A batch of connection events, oldest first.
using ConnectionEventBatch = std::vector<ConnectionEvent>;

/// subscribe()'s options.
struct SubscribeOptions {
    /// How often the subscriber gets what was published since its last batch.
    std::chrono::milliseconds interval{150};
    /// Start with the traces the hub keeps now (else: only those published from now on).
    bool replay_kept = false;
};

/// Collects finished traces from any thread and delivers them to subscribers (thread-safe).
/// publish() takes a mutex only to append a pointer and drop the oldest over the caps: it never
/// waits for a subscriber. Each subscriber receives, on the hub's own delivery thread, every
/// trace published after it subscribed, exactly once and in publish order, in batches every
/// interval (empty batches are not delivered); a trace the caps pushed out before its turn
/// is counted in Subscription::missed() instead. Destroying the hub stops and joins its thread.
///
/// Connection events (see connection.hpp) are a second stream with the same guarantees and a
/// cap of their own (max_connection_events): publish_connection_event(), subscribe_connections(),
/// connection_snapshot(). A trace subscriber gets no connection events and the other way round.
class TraceHub {
public:
    using Callback = std::function<void(const TraceBatch&)>;
    using ConnectionCallback = std::function<void(const ConnectionEventBatch&)>;

    /// Stops delivery when destroyed (or unsubscribe()d); movable, not copyable. After the
    /// destructor or unsubscribe() returns, the callback is not running and will not run again
    /// (unless they are called from the callback itself, which then finishes normally).
    class Subscription {
    public:
        Subscription() = default;
        Subscription(Subscription&&) noexcept;
        Subscription& operator=(Subscription&&) noexcept;
        ~Subscription();

        void unsubscribe();
        bool active() const;
        /// Traces (or connection events) this subscriber did not get because the caps dropped
        /// them before delivery.
        std::uint64_t missed() const;

        struct Link;

    private:
        friend class TraceHub;
        explicit Subscription(std::shared_ptr<Link> link) : link_(std::move(link)) {}
        std::shared_ptr<Link> link_;
    };

    explicit TraceHub(HubOptions options = {});
    ~TraceHub();
    TraceHub(const TraceHub&) = delete;
    TraceHub& operator=(const TraceHub&) = delete;

    const HubOptions& options() const;

    /// Adds a finished trace (null is ignored). Callable from any thread; never blocks on
    /// delivery. Traces over the caps are released after the hub's lock is let go.
    void publish(std::shared_ptr<const Trace> trace);

    /// Calls `callback` with batches of new traces on the delivery thread. Throws
    /// std::invalid_argument for an empty callback or a non-positive interval.
    Subscription subscribe(Callback callback, SubscribeOptions options = {});

    /// Adds a connection event (the server calls it from its threads). Never blocks on
    /// delivery; the oldest events over max_connection_events are dropped and counted.
    void publish_connection_event(ConnectionEvent event);

    /// Calls `callback` with batches of new connection events on the delivery thread, as
    /// subscribe() does for traces (`replay_kept`: start with the events kept now). Throws
    /// std::invalid_argument for an empty callback or a non-positive interval.
    Subscription subscribe_connections(ConnectionCallback callback, SubscribeOptions options = {});

    /// The connection events kept now, oldest first.
    ConnectionEventBatch connection_snapshot() const;

    /// Delivers what is pending to every subscriber now and returns once they have it.
    /// Throws std::logic_error when called from a subscriber's callback.
    void flush();

    /// The traces kept now, oldest first.
    TraceBatch snapshot() const;
    HubStats stats() const;
    /// Drops every kept trace (counted as dropped).
    void clear();

    struct State;

private:
    /// Registers a Subscriber (hub.cpp's type, passed opaquely) whose callback and cursor are set.
    Subscription add_subscriber(std::shared_ptr<void> subscriber, SubscribeOptions options);
    std::shared_ptr<State> state_;
};

}  // namespace asgiscope::trace
