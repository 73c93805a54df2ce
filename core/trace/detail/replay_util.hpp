// Internal to replay: URL handling, the headers a replayed request carries, and the two ways
// of running one exchange (a live server, an ASGI app in-process). Never include this from a
// public header.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/replay.hpp>

namespace asgiscope::trace::detail {

/// Where a replay sends requests: "http://host:port/prefix".
struct Target {
    std::string host;  ///< without brackets for IPv6
    std::uint16_t port = 80;
    std::string prefix;  ///< "" or "/v2" (no trailing '/')
    /// The Host header: "host:port" ("host" for port 80).
    std::string host_header() const;
};

/// Parses an http:// base URL; nothing for anything else.
std::optional<Target> parse_target(std::string_view url);

/// A recorded URL's parts: absolute ("http://h:1/p?q") or a path ("/p?q").
struct UrlParts {
    std::string scheme;  ///< "" for a path
    std::string host;
    std::uint16_t port = 0;
    std::string raw_path = "/";  ///< as written, without the query
    std::string query;           ///< without '?'
};
UrlParts split_url(std::string_view url);

/// Percent-encodes what a request line cannot carry (spaces, control and non-ASCII bytes) in a
/// recorded path or query; the rest stays as recorded.
std::string encode_for_request_line(std::string_view s);

/// Why `request` cannot be sent as recorded ("the method 'G ET' is not a token", "header
/// 'x-a' has a line break in its value"); empty when it can.
std::string unsendable(const RequestRecord& request);

/// Percent-decodes a path ("%20" -> " "); invalid escapes stay as written.
std::string percent_decode(std::string_view s);

/// Hop-by-hop and framing headers a replay does not copy from the recording (lower case):
/// connection, keep-alive, proxy-*, te, trailer, transfer-encoding, upgrade, host,
/// content-length, expect (a replay sends the body at once), HTTP/2 pseudo-headers; for WebSocket
/// also the handshake's own sec-websocket-key/-version/-extensions/-accept.
bool dropped_request_header(std::string_view lower_name, bool websocket);

/// The recorded request's headers to send again (names lower-cased, order kept), without
/// `host` (the caller sets it).
asgi::Headers headers_to_send(const RequestRecord& request, bool websocket);

/// The subprotocols the recorded handshake asked for (sec-websocket-protocol, comma-separated).
std::vector<std::string> requested_subprotocols(const RequestRecord& request);

/// One exchange's run: the answer, or why there is none.
struct Attempt {
    Exchange replayed;
    std::string error;
    bool cancelled = false;  ///< abandoned under way because the replay was cancelled
};

/// Runs `recorded` against the live server at `target` (HTTP or WebSocket by its kind).
boost::asio::awaitable<Attempt> run_live(const Exchange& recorded, const Target& target,
                                         const ReplayOptions& options);

/// Runs `recorded` against `app` at the ASGI level. `state` is the lifespan state (may be null).
boost::asio::awaitable<Attempt> run_in_process(const Exchange& recorded, const asgi::App& app,
                                               const std::optional<Target>& target,
                                               const std::shared_ptr<asgi::State>& state,
                                               const ReplayOptions& options);

/// Waits (polling every few ms, on the current executor) until `condition()` or `timeout`;
/// returns condition().
boost::asio::awaitable<bool> wait_for(std::function<bool()> condition,
                                      std::chrono::milliseconds timeout);

/// Nanoseconds since `start`.
inline std::int64_t since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                start)
        .count();
}

}  // namespace asgiscope::trace::detail
