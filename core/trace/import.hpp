// Reading captured requests from any file asgiscope knows: a trace file (each HTTP or
// WebSocket trace's exchange_from_trace()), a HAR, or a file of cURL command lines. What
// `replay FILE` and the UI's import take.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include <asgiscope/trace/exchange.hpp>

namespace asgiscope::trace {

enum class ImportFormat { trace_json, har, curl };

std::string_view to_string(ImportFormat format);

/// The format of `bytes` (a file's beginning) by its first characters: a trace file's header
/// line, a JSON object (HAR), or "curl"/"#" (commands). Throws std::runtime_error naming
/// `name` when it is none of them.
ImportFormat detect_import_format(std::string_view bytes, const std::string& name = "<memory>");

/// Calls `on_exchange` with each request of the file in order (returning false stops);
/// lifespan traces are skipped. Throws the reader's own error (TraceFormatError,
/// HarFormatError, CurlParseError; all std::runtime_error) naming the file and the place.
/// Returns how many exchanges were passed on.
std::size_t read_exchanges(const std::string& path, const std::function<bool(Exchange&&)>& on_exchange);

}  // namespace asgiscope::trace
