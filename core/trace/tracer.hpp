// Tracer: records what each layer of an application sees and does, one Trace per request.
//
// Every layer is an asgi::App, so a layer is traced by wrapping it: the wrapper opens a span,
// hands the layer a receive and a send that note every message crossing them, closes the span
// when the layer returns (noting an exception on its way out) and marks the enclosing span's
// "inner called" when it is entered. The outermost wrapper starts the trace and publishes it to
// the tracer's hub when the request ends; a TraceContext carried in asgi::Scope::trace_context
// lets the wrappers further in add their spans to the same trace. Routing code, whose layers
// are picked per request, calls call_layer() instead of keeping wrappers.
//
// A request's layers run one at a time on one executor, so a trace is recorded without locks.
// A traced layer must not use its receive or send after it has returned.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

/// Tracer's options.
struct TracerOptions {
    /// Whether tracing starts on (set_enabled() switches it at run time).
    bool enabled = true;
    /// A message body longer than this is cut to it (Span messages keep full_size).
    std::size_t max_body_bytes = 4096;
    /// A span keeps at most this many messages (a long WebSocket session); the rest are counted.
    std::size_t max_messages_per_span = 1000;
};

/// What call_layer() records a layer as. The views must stay valid while the layer runs
/// (route paths and names, string literals).
struct LayerInfo {
    SpanKind kind = SpanKind::middleware;
    std::string_view name;    ///< "Route"
    std::string_view detail;  ///< "/users/{id}": the span is named "Route /users/{id}"
};

/// Turns apps into traced layers and sends the finished traces to a hub. Switchable at run
/// time: while disabled, a request that starts is not traced and costs the outermost wrapper
/// one atomic load; a request that started traced is recorded to its end. Create it with
/// std::make_shared (wrap() shares it with the wrappers).
class Tracer : public std::enable_shared_from_this<Tracer> {
public:
    /// Throws std::invalid_argument when `hub` is null.
    explicit Tracer(std::shared_ptr<TraceHub> hub, TracerOptions options = {});

    bool enabled() const noexcept { return enabled_.load(std::memory_order_relaxed); }
    void set_enabled(bool on) noexcept { enabled_.store(on, std::memory_order_relaxed); }
    const TracerOptions& options() const { return options_; }
    TraceHub& hub() const { return *hub_; }
    const std::shared_ptr<TraceHub>& shared_hub() const { return hub_; }
    /// Traces started so far (the next trace's id less one).
    std::uint64_t started() const { return next_id_.load(std::memory_order_relaxed); }

    /// `app` as the traced layer `name` of kind `kind`. Inside a traced request it records a
    /// span; otherwise it calls `app` directly, except that the `outermost` layer starts a trace
    /// when the tracer is enabled. Throws std::invalid_argument for an empty app and
    /// std::bad_weak_ptr when this tracer is not owned by a std::shared_ptr.
    asgi::App wrap(std::string name, SpanKind kind, asgi::App app, bool outermost = false) const;

    /// Starts a trace for `scope`, runs `app` as its outermost span and publishes the trace
    /// when it ends (also when the request is cancelled or throws); the wrappers made with
    /// `outermost` do this. `app` must outlive the call.
    boost::asio::awaitable<void> trace_request(LayerInfo layer, const asgi::App& app, asgi::Scope& scope,
                                               asgi::Receive receive, asgi::Send send) const;

private:
    friend class TraceContext;
    std::shared_ptr<TraceHub> hub_;
    TracerOptions options_;
    std::atomic<bool> enabled_;
    mutable std::atomic<std::uint64_t> next_id_{0};
};

/// How call_layer() runs a layer: `target` is whatever the caller passed (an asgi::App, a
/// route), so no callable has to be built per request.
using Invoke = boost::asio::awaitable<void> (*)(const void* target, asgi::Scope& scope, asgi::Receive receive,
                                                asgi::Send send);

/// Runs `invoke(target, ...)` as one layer of the request's trace when the scope carries one,
/// else directly (a plain call: no coroutine frame). `target` must outlive the call.
boost::asio::awaitable<void> call_layer(LayerInfo layer, const void* target, Invoke invoke, asgi::Scope& scope,
                                        asgi::Receive receive, asgi::Send send);
/// The same for an app.
boost::asio::awaitable<void> call_layer(LayerInfo layer, const asgi::App& app, asgi::Scope& scope,
                                        asgi::Receive receive, asgi::Send send);

}  // namespace asgiscope::trace
