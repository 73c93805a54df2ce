// ExchangeSummary: the few facts a Traffic row shows about one trace, worked out once when the
// row is added (numbers) or pointing into the shared trace (strings).
#pragma once

#include <cstdint>
#include <string_view>

#include "models/trace_store.hpp"

namespace asgiscope::ui {

/// One HTTP exchange or WebSocket session as Traffic lists it.
struct ExchangeSummary {
    TracePtr trace;
    /// The status the client got: the response start's, 101 for an accepted WebSocket, the
    /// denial response's, 403 for a WebSocket closed before it was accepted; 0 when none.
    int status = 0;
    /// Bytes of response body (HTTP) or of the frames the app sent (WebSocket).
    std::int64_t responseBytes = 0;
    /// The route that matched (the innermost span's scope route_name); empty when none.
    std::string_view routeName;

    bool isWebSocket() const { return trace->kind == trace::TraceKind::websocket; }
    /// "GET", ..., or "WS" for a WebSocket session.
    std::string_view method() const;
    std::string_view path() const { return trace->scope.path; }
    /// "http/1.1" or "ws".
    std::string_view protocol() const;
};

/// Whether Traffic lists this trace (HTTP and WebSocket traces; not the lifespan).
bool isExchange(const trace::Trace& t);
/// The summary of an HTTP or WebSocket trace.
ExchangeSummary summarize(const TracePtr& t);

}  // namespace asgiscope::ui
