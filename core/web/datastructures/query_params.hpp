// Query parameters as Starlette's QueryParams: an immutable multi-dict in request order.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asgiscope/web/datastructures/multidict.hpp>

namespace asgiscope::web {

/// Key/value pairs in order, duplicates kept (Python's list of 2-tuples).
using StringPairs = std::vector<std::pair<std::string, std::string>>;

/// An immutable multi-dict of query parameters (Starlette's QueryParams). Single-value
/// lookups give the *last* value of a key, as a Python dict built from the pairs would; the
/// lookups (get, getlist, keys, values, items, multi_items, contains, size) are
/// ImmutableMultiDict's.
class QueryParams : public ImmutableMultiDict<std::string> {
public:
    QueryParams() = default;
    /// Parses a query string as parse_qsl(keep_blank_values=True): fields separated by '&',
    /// empty fields skipped, '+' is a space, %XX escapes decoded (UTF-8, invalid bytes become
    /// U+FFFD), a field without '=' has an empty value.
    explicit QueryParams(std::string_view query_string);
    explicit QueryParams(StringPairs items) : ImmutableMultiDict(std::move(items)) {}
    QueryParams(std::initializer_list<std::pair<std::string_view, std::string_view>> items);

    /// The pairs url-encoded again (Python's urlencode): "a=1&b=x+y".
    std::string str() const;
};

}  // namespace asgiscope::web
