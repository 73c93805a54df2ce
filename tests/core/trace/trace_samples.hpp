// Traces for the export/import tests: real ones recorded from a Starlette application through
// the TestClient (a GET, a POST whose body a middleware read, a cut body, binary bytes, a
// Mount with path params, an exception turned into 500, a WebSocket session), a hand-made one
// with every field set away from its default, and a field-by-field comparison.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <asgiscope/trace.hpp>

namespace asgiscope::testing {

/// Records the sample requests and returns their traces (HTTP and WebSocket), in order.
std::vector<std::shared_ptr<const trace::Trace>> recorded_traces();

/// A trace with every field of Trace, Span, MessageEvent, ScopeView and SpanException set
/// to something other than its default, strings that are not UTF-8 included.
trace::Trace handmade_trace();

/// "" when equal, else the first difference ("spans[2].messages[1].status: 200 != 404").
std::string trace_difference(const trace::Trace& a, const trace::Trace& b);

}  // namespace asgiscope::testing
