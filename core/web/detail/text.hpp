// Byte-string helpers the framework shares: Python's urllib.parse quoting rules, query-string
// parsing, ASCII case folding and UTF-8 repair. Internal: not installed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../../detail/ascii.hpp"
#include "../../detail/utf8.hpp"

namespace asgiscope::web::detail {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

using ::asgiscope::detail::iequals;
using ::asgiscope::detail::lower_in_place;
using ::asgiscope::detail::to_lower;
std::string_view trim(std::string_view s);

using asgiscope::detail::utf8_replace;

/// urllib.parse.quote: bytes outside A-Z a-z 0-9 "_.-~" and `safe` become %XX (upper case).
std::string quote(std::string_view s, std::string_view safe = "/");
/// urllib.parse.quote_plus: as quote() with no extra safe characters, and ' ' as '+'.
std::string quote_plus(std::string_view s);
/// urllib.parse.unquote: %XX escapes decoded (invalid escapes kept); decoded runs that are not
/// UTF-8 get U+FFFD. With `plus_as_space`, '+' means ' ' first (unquote_plus).
std::string unquote(std::string_view s, bool plus_as_space = false);

/// urllib.parse.urlencode over pairs: quote_plus(key)=quote_plus(value) joined by '&'.
std::string urlencode(const StringPairs& pairs);
/// urllib.parse.parse_qsl(keep_blank_values=True): '&'-separated, empty fields skipped,
/// a field without '=' gives an empty value, '+' is a space, %XX decoded.
StringPairs parse_qsl(std::string_view query);

}  // namespace asgiscope::web::detail
