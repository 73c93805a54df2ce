// Cookie text as Python's http.cookies writes and reads it (what Starlette uses for
// Set-Cookie) and Starlette's Cookie-header parser. Internal: not installed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asgiscope::web::detail {

/// Morsel coded value: as is when every character is a legal cookie-name character, else in
/// double quotes with '"' and '\' backslash-escaped and other characters as \ooo octal.
std::string cookie_quote(std::string_view value);
/// http.cookies._unquote: strips surrounding double quotes and decodes \ooo and \c escapes.
std::string cookie_unquote(std::string_view value);
/// Whether `key` can name a cookie (Python's legal-key characters, not an attribute name).
bool is_legal_cookie_key(std::string_view key);

/// "Sat, 21 Nov 2026 07:01:46 GMT".
std::string http_date(std::chrono::system_clock::time_point t);

/// Starlette's cookie_parser(): "a=1; b" -> {("a","1"), ("","b")}; later duplicates win when
/// the caller builds a map from the pairs.
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

}  // namespace asgiscope::web::detail
