// ASCII text helpers shared by the trace formats and replay (header names, HTTP whitespace).
#pragma once

#include <string>
#include <string_view>

#include "../../detail/ascii.hpp"

namespace asgiscope::trace::detail {

using ::asgiscope::detail::iequals;
/// `s` with ASCII letters lower-cased.
inline std::string lower(std::string_view s) { return ::asgiscope::detail::to_lower(s); }

/// `s` without leading and trailing spaces and tabs (HTTP's optional whitespace).
inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace asgiscope::trace::detail
