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
    std::string format;  ///< "trace file", "HAR", "cURL"
    std::string error;   ///< one line naming the file; empty on success
};

/// Reads `path`: a HAR file (a JSON object with "log"), an asgiscope trace file (its header
/// line), else cURL command lines.
ReadResult read_exchanges(const std::string& path);

}  // namespace asgiscope::app
