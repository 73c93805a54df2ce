// ASCII case folding shared by every layer of the core (header names, methods, tokens).
// HTTP's case-insensitive parts are ASCII only, so these never depend on the C locale.
// Internal: not installed.
#pragma once

#include <string>
#include <string_view>

namespace asgiscope::detail {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c; }

/// Equal ignoring ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/// Lower-cases the ASCII letters of `s` in place.
inline void lower_in_place(std::string& s) {
    for (char& c : s) c = ascii_lower(c);
}

/// `s` with ASCII letters lower-cased.
inline std::string to_lower(std::string_view s) {
    std::string out(s);
    lower_in_place(out);
    return out;
}

}  // namespace asgiscope::detail
