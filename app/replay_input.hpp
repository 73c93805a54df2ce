// What `asgiscope replay` reads: recorded exchanges from a trace file, a HAR file or cURL
// command lines, told apart by their content.
#pragma once

#include <string>
#include <vector>

#include <asgiscope/trace/exchange.hpp>

namespace asgiscope::app {

/// Exchanges read from a file, or why they could not be.
struct ReadResult {
    std::vector<trace::Exchange> exchanges;
    std::string format;  ///< trace::to_string(ImportFormat): "trace JSON", "HAR", "cURL commands"
    std::string error;   ///< one line naming the file; empty on success
};

/// Reads `path` with trace::read_exchanges (a trace file, a HAR, or cURL command lines, told
/// apart by their first bytes), keeping every exchange.
ReadResult read_exchanges(const std::string& path);

}  // namespace asgiscope::app
