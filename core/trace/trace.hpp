// The trace of one request: what each layer of an application saw and did, as plain data.
//
// A Trace is one connection's run through the app (an HTTP request, a WebSocket session or the
// lifespan). It holds one Span per layer the request passed, outermost first, and each span
// holds the ASGI messages that crossed that layer. Times are steady-clock nanoseconds since the
// trace started. Bodies are asgi::Bytes that share the server's buffers, capped per message.
// A published Trace is immutable and shared (std::shared_ptr<const Trace>) with any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::trace {

/// Identifies a trace within one process; increasing in the order traces start.
using TraceId = std::uint64_t;

/// What a trace is the run of (the scope's type).
enum class TraceKind { http, websocket, lifespan };

/// What kind of layer a span is.
enum class SpanKind {
    middleware,  ///< ServerErrorMiddleware, user middleware, ExceptionMiddleware
    router,      ///< a Router, the application's or a mounted one
    mount,
    host,
    route,  ///< a Route or WebSocketRoute: method check, then its app
    endpoint,  ///< the innermost app: it calls no traced layer
};

/// Whether the layer received a message (its `receive` returned it) or sent one.
enum class Direction { receive, send };

/// "http", "websocket", ...; "receive"/"send"; "middleware", "router", ...
std::string_view to_string(TraceKind kind);
std::string_view to_string(Direction direction);
std::string_view to_string(SpanKind kind);

/// One ASGI message as a layer received or sent it: its type and key fields. The body (of
/// http.request, http.response.body, websocket.receive/send, ...) shares the message's buffer,
/// cut at the tracer's per-message limit; `full_size` is its whole size.
struct MessageEvent {
    Direction direction = Direction::receive;
    std::int64_t time_ns = 0;  ///< since the trace's start
    /// The ASGI type, e.g. "http.response.start" (static storage: valid for ever).
    std::string_view type;
    /// http.response.start, websocket.http.response.start: the status; else 0.
    int status = 0;
    /// Headers of http.response.start, websocket.accept and websocket.http.response.start,
    /// shared by the events of the layers that passed the same headers on (null: none).
    std::shared_ptr<const asgi::Headers> shared_headers;
    /// The more_body flag of body messages.
    bool more_body = false;
    /// websocket.close / websocket.disconnect: the close code; else 0.
    int code = 0;
    /// A close reason, an accepted subprotocol or a lifespan failure message; capped like bodies.
    std::string detail;
    /// websocket.receive/send carried text (the body holds it as UTF-8) rather than bytes.
    bool text = false;
    /// The body, at most the tracer's limit; shares the message's storage.
    asgi::Bytes body;
    /// The body's whole size in bytes (body.size() when it was not cut).
    std::size_t full_size = 0;

    bool truncated() const { return body.size() < full_size; }
    /// The headers (empty when the message has none).
    const asgi::Headers& headers() const;
    /// Whether this is an http.request (a request body chunk).
    bool is_request_body() const { return type == asgi::HttpRequest::type; }
};

/// The scope keys the layers of a framework change on the way down, as one layer saw them when
/// it was entered: compare a span with the next to see what Router added (path_params,
/// route_name) or what Mount changed (root_path). Copied per span: a few short strings.
struct ScopeView {
    std::string path;
    std::string root_path;
    std::optional<std::string> app_root_path;
    std::string route_name;
    asgi::PathParams path_params;

    friend bool operator==(const ScopeView&, const ScopeView&) = default;
};

/// An exception that left a layer, or that a layer caught from the layer inside it.
struct SpanException {
    /// The dynamic type, demangled ("asgiscope::web::HTTPException"); "unknown" when it is not
    /// a std::exception.
    std::string type;
    std::string message;  ///< what()
    /// It started here: it left this layer and no layer inside it let it out.
    bool raised_here = false;
    /// This layer caught it from the layer inside: it did not let it out, or it answered
    /// (sent http.response.start) after catching it before re-raising, as
    /// ServerErrorMiddleware does.
    bool handled_here = false;
    /// It left this layer.
    bool escaped = false;
};

/// One layer's part of a request.
struct Span {
    std::string name;  ///< "ServerErrorMiddleware", "Router", "Route /users/{id}", ...
    SpanKind kind = SpanKind::middleware;
    int depth = 0;    ///< 0 for the outermost layer
    int parent = -1;  ///< index of the enclosing span in Trace::spans; -1 for the outermost
    std::int64_t enter_ns = 0;  ///< since the trace's start
    std::int64_t exit_ns = 0;
    /// Time in this layer itself: its duration less the durations of its direct children.
    std::int64_t self_ns = 0;
    ScopeView scope;  ///< as the layer saw it on entry
    std::vector<MessageEvent> messages;
    /// Messages not kept because the span reached the tracer's per-span limit.
    std::size_t dropped_messages = 0;
    /// The layer called the layer inside it (only known for layers whose inner layer is traced).
    bool inner_called = false;
    /// It answered without calling the layer inside it (CORS preflight, TrustedHost, a
    /// redirect, 404/405). Never set for endpoints.
    bool short_circuited = false;
    /// It received request body (http.request) that the layer inside it did not receive
    /// itself: it read the body (a middleware calling Request::body(), or the endpoint).
    bool consumed_body = false;
    /// The exception that left this layer or that it caught, if any.
    std::optional<SpanException> exception;
    /// The request ended (cancelled, say) before this layer returned: exit_ns is when the
    /// trace was closed.
    bool incomplete = false;

    std::int64_t duration_ns() const { return exit_ns - enter_ns; }
};

/// One request's run through the traced layers.
struct Trace {
    TraceId id = 0;
    TraceKind kind = TraceKind::http;
    /// Wall-clock time of the start, for display; durations use the steady clock.
    std::chrono::system_clock::time_point start{};
    std::int64_t duration_ns = 0;  ///< from the start to the outermost layer's exit
    /// The scope as the outermost traced layer received it (its trace link and router pointer
    /// cleared: the trace may outlive the application).
    asgi::Scope scope;
    /// The server connection the request came on (see ConnectionEvent::connection_id); 0 when
    /// the server reports none (the TestClient, a lifespan).
    std::uint64_t connection_id = 0;
    /// The request's place on that connection: 1 for the first, 2 and up for keep-alive reuse.
    std::uint64_t request_index = 0;
    std::vector<Span> spans;  ///< in the order entered; spans[0] is the outermost
    /// Whether the request came on a connection that had served another request before.
    bool reused_connection() const { return request_index > 1; }
    /// Approximate memory this trace holds (what the hub counts against its byte cap); set
    /// when the trace is finished.
    std::size_t bytes = 0;

    /// Index in `spans` of the first span named `name`, if any.
    std::optional<std::size_t> find(std::string_view name) const;
    /// The direct children of spans[index], in order.
    std::vector<std::size_t> children(std::size_t index) const;
    /// Approximate memory held by this trace (structs, strings, kept body bytes).
    std::size_t approx_bytes() const;
};

}  // namespace asgiscope::trace
