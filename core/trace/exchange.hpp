// Exchange: one HTTP request and its response, or one WebSocket session, as plain data a tool
// can replay, compare, import and export.
//
// A Trace records what every layer of the app saw; an Exchange is the view from outside the
// app: what a client sent and what it got back. Traces become Exchanges (the outermost layer's
// messages), and so do HAR entries and cURL command lines; replay sends an Exchange's request
// again and compares the answer with its recorded response.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

/// What a client sends: enough to send it again.
struct RequestRecord {
    std::string method = "GET";
    /// Absolute: "http://127.0.0.1:8000/users/7?x=1" ("ws://" / "wss://" for WebSocket). When
    /// the source gave only a path, replay resolves it against its target.
    std::string url;
    std::string http_version = "1.1";
    /// As sent, in order, duplicates kept. Names keep the source's case (HAR and cURL keep it).
    asgi::Headers headers;
    /// The whole body (empty for none). `body_truncated`: the source kept only part of it (a
    /// trace's per-message cap), so a replay sends what is there and says so.
    asgi::Bytes body;
    bool body_truncated = false;
};

/// What the server answered. Absent in an Exchange imported from a cURL line.
struct ResponseRecord {
    int status = 0;
    std::string reason;  ///< may be empty: HTTP/1.1 reason phrases are optional
    asgi::Headers headers;
    asgi::Bytes body;
    /// The body's whole size; larger than body.size() when the source cut it.
    std::size_t body_size = 0;
    bool body_truncated() const { return body.size() < body_size; }
};

/// One WebSocket message of a session, from either side.
struct WebSocketFrame {
    bool from_client = true;
    /// Since the start of the exchange.
    std::int64_t time_ns = 0;
    bool text = true;  ///< text (UTF-8 in `data`) or binary
    asgi::Bytes data;
    std::size_t size = 0;  ///< whole size; larger than data.size() when cut
};

/// How the exchange's time was spent, in nanoseconds from its start; -1 when unknown.
struct ExchangeTimings {
    std::int64_t wait_ns = -1;     ///< request sent → first byte of the response (HAR "wait")
    std::int64_t receive_ns = -1;  ///< first byte → last byte (HAR "receive")
    std::int64_t total_ns = -1;
};

/// A request and its response (HTTP), or a WebSocket session: handshake, frames, close.
struct Exchange {
    TraceKind kind = TraceKind::http;  ///< http or websocket
    /// Wall-clock start (zero when the source had none, as for cURL).
    std::chrono::system_clock::time_point start{};
    RequestRecord request;
    std::optional<ResponseRecord> response;
    ExchangeTimings timings;
    /// WebSocket sessions: the messages in order of time.
    std::vector<WebSocketFrame> frames;
    /// WebSocket sessions: the close code and reason, when there was a close.
    std::optional<int> close_code;
    std::string close_reason;
    /// The trace this came from (0: imported, not traced here).
    TraceId trace_id = 0;
    /// Where it came from, for messages: "trace 12", "capture.har entry 3", "curl line 2".
    std::string origin;
};

/// The outside view of a traced HTTP request or WebSocket session: what the outermost traced
/// layer received from the server and sent back. The URL is rebuilt from the scope (scheme,
/// Host header or server address, raw_path, query_string); the request body is the
/// http.request chunks the outermost layer received (empty when no layer read it), marked
/// truncated when the tracer cut one; the response is its http.response.start and bodies (for
/// a WebSocket: the accept, or the denial response, the frames and the close). nullopt for a
/// lifespan trace or one without spans.
std::optional<Exchange> exchange_from_trace(const Trace& trace);

/// A bash command line that makes `request` again with curl, as browsers' "Copy as cURL
/// (bash)" writes it: single-quoted arguments, $'...' where a value holds control characters
/// or bytes that are not printable, --data-raw for bodies, -X when the method is not what
/// curl would pick by itself. WebSocket URLs are written as http(s).
std::string to_curl(const RequestRecord& request);

}  // namespace asgiscope::trace
