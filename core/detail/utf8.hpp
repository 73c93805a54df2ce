// UTF-8 repair shared by every layer of the core (server path decoding, the framework's
// urllib-style unquoting, JSON text). Internal: not installed.
#pragma once

#include <string>
#include <string_view>

namespace asgiscope::detail {

/// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD, one per maximal ill-formed
/// subpart (what Python's `bytes.decode("utf-8", "replace")` does).
std::string utf8_replace(std::string_view s);

}  // namespace asgiscope::detail
