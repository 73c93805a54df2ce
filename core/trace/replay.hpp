// Replay: send recorded requests (Exchanges) again, to a live server or in-process to an ASGI
// app, and compare each new answer with the recorded one.
//
// A live replay resolves each recorded URL's path and query against a target base URL and
// sends the request with a small HTTP/1.1 client of its own (WebSocket sessions: the
// handshake with the recorded subprotocols, then the client's messages in their recorded
// order, each sent once the server messages recorded before it have arrived). An in-process
// replay drives the app at the ASGI level (a scope, receive and send of its own): no sockets.
// Both produce, per exchange, the answer as an Exchange and a verdict: same, different (with
// human-readable differences) or error (connection refused, timeout, ...), never an abort.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/trace/exchange.hpp>

namespace asgiscope::trace {

/// The response headers a comparison ignores unless told otherwise: they change from one
/// response to the next without the app changing (date, server, age, expires), describe the
/// connection rather than the answer (connection, keep-alive, transfer-encoding), or repeat
/// what the body comparison already says (content-length), or are per-request ids and timers
/// (x-request-id, x-runtime, x-response-time, x-process-time). Lower case.
std::vector<std::string> default_ignored_headers();

/// How responses are compared.
struct CompareOptions {
    /// Header names (any case) not compared.
    std::vector<std::string> ignore_headers = default_ignored_headers();
    /// Compare set-cookie values too. Off: only each cookie's name and attributes are compared
    /// (a session cookie's value is signed with a timestamp and changes every time).
    bool compare_cookie_values = false;
    /// Compare bodies that both parse as JSON by value (key order and whitespace do not
    /// matter); off: byte for byte.
    bool json_aware = true;
    /// Lines of context around the first difference in a text body's excerpt.
    std::size_t context_lines = 2;
};

/// Options of a replay.
struct ReplayOptions {
    /// Live replays: the base URL requests go to, "http://127.0.0.1:8000" or with a path
    /// prefix ("http://host:8000/v2" sends "/users/7" as "/v2/users/7"). ws:// and https://
    /// are not needed: WebSocket exchanges use the same host (https is not supported yet).
    std::string target;
    /// Connect, send and receive each HTTP exchange within this; a WebSocket session as a whole.
    std::chrono::milliseconds timeout{10000};
    /// WebSocket: how long to wait for a server message recorded before the next client message,
    /// and, at the end, for more server messages before closing.
    std::chrono::milliseconds websocket_wait{2000};
    /// Largest response body accepted (a larger one is an error for that exchange).
    std::size_t max_body_bytes = 64 * 1024 * 1024;
    CompareOptions compare{};
    /// Called after each exchange with (done, total), on the replaying thread.
    std::function<void(std::size_t, std::size_t)> on_progress{};
    /// Set (from any thread) to stop: the exchange under way is abandoned within about 20 ms
    /// and, with the rest, reported as not replayed (skipped).
    std::shared_ptr<std::atomic<bool>> cancel{};
};

/// The verdict on one exchange.
enum class ReplayOutcome {
    same,       ///< the answer matches the recording (ignoring what the options ignore)
    different,  ///< see ReplayResult::differences
    error,      ///< no answer to compare: see ReplayResult::error
    skipped,    ///< not replayed: cancelled before its turn
};

/// "same", "different", "error", "skipped".
const char* to_string(ReplayOutcome outcome);

/// One exchange's replay.
struct ReplayResult {
    std::size_t index = 0;  ///< in the input
    ReplayOutcome outcome = ReplayOutcome::skipped;
    /// Human-readable lines: "status: 200 -> 404", "header content-type: text/plain ->
    /// application/json", "body: differs at byte 17 ('a' -> 'b'), 20 -> 22 bytes".
    std::vector<std::string> differences;
    /// For a text body that differs: the first differing lines, unified-diff style
    /// ("-recorded", "+replayed", " context").
    std::string body_diff;
    /// What the comparison could not check or chose to overlook ("the recorded body was cut
    /// at 4096 of 10000 bytes: compared the first 4096").
    std::vector<std::string> notes;
    /// Why there is no answer (outcome error): "connection refused to 127.0.0.1:9", "timed out
    /// after 10000 ms waiting for the response".
    std::string error;
    /// What was sent and what came back (request url: the resolved URL).
    Exchange replayed;
    std::chrono::nanoseconds duration{0};
};

/// All exchanges' replays and their totals.
struct ReplayReport {
    std::vector<ReplayResult> results;  ///< one per input exchange, in order
    std::size_t same = 0;
    std::size_t different = 0;
    std::size_t errors = 0;
    std::size_t skipped = 0;
    bool cancelled = false;
    /// Everything replayed and nothing differed or failed.
    bool all_same() const { return same == results.size(); }
    /// "12 exchanges: 10 same, 1 different, 1 error".
    std::string summary() const;
};

/// Compares a replayed answer with the recorded one (both Exchanges of the same kind). Fills
/// `result`'s outcome (same or different), differences, body_diff and notes. A recording
/// without a response (a cURL import) can only be "same": there is nothing to compare with,
/// which the notes say.
void compare_exchanges(const Exchange& recorded, const Exchange& replayed,
                       const CompareOptions& options, ReplayResult& result);

/// Replays `exchanges` against the live server at options.target. Blocks the calling thread
/// (an io_context of its own). Throws std::invalid_argument for a target that is not an
/// http:// URL; per-exchange failures are results, not exceptions.
ReplayReport replay(const std::vector<Exchange>& exchanges, const ReplayOptions& options);

/// Replays `exchanges` in-process against `app` at the ASGI level: runs the app's lifespan
/// startup first (when it speaks the protocol) and its shutdown at the end. options.target,
/// when set, gives the scope's server address and Host; else each recorded URL's. Blocks the
/// calling thread.
ReplayReport replay_in_process(const std::vector<Exchange>& exchanges, const asgi::App& app,
                               const ReplayOptions& options);

}  // namespace asgiscope::trace
