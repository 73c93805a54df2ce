// Query parameters as Starlette's QueryParams: an immutable multi-dict in request order.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asgiscope::web {

/// Key/value pairs in order, duplicates kept (Python's list of 2-tuples).
using StringPairs = std::vector<std::pair<std::string, std::string>>;

/// An immutable multi-dict of query parameters (Starlette's QueryParams). Single-value
/// lookups give the *last* value of a key, as a Python dict built from the pairs would.
class QueryParams {
public:
    QueryParams() = default;
    /// Parses a query string as parse_qsl(keep_blank_values=True): fields separated by '&',
    /// empty fields skipped, '+' is a space, %XX escapes decoded (UTF-8, invalid bytes become
    /// U+FFFD), a field without '=' has an empty value.
    explicit QueryParams(std::string_view query_string);
    explicit QueryParams(StringPairs items) : items_(std::move(items)) {}
    QueryParams(std::initializer_list<std::pair<std::string_view, std::string_view>> items);

    /// The last value of `key`, if any.
    std::optional<std::string_view> get(std::string_view key) const;
    std::string_view get(std::string_view key, std::string_view fallback) const;
    /// The last value of `key`; throws std::out_of_range when absent (Python's KeyError).
    std::string_view operator[](std::string_view key) const;
    bool contains(std::string_view key) const;
    /// Every value of `key`, in order.
    std::vector<std::string_view> getlist(std::string_view key) const;
    /// Distinct keys in order of first appearance.
    std::vector<std::string_view> keys() const;
    /// The last value of each distinct key, in keys() order.
    std::vector<std::string_view> values() const;
    /// (key, last value) for each distinct key, in keys() order.
    std::vector<std::pair<std::string_view, std::string_view>> items() const;
    /// Every pair, in order.
    const StringPairs& multi_items() const { return items_; }
    /// Number of distinct keys (as Python's len()).
    std::size_t size() const;
    bool empty() const { return items_.empty(); }

    /// The pairs url-encoded again (Python's urlencode): "a=1&b=x+y".
    std::string str() const;

    /// Same pairs regardless of order (as Starlette's ==).
    friend bool operator==(const QueryParams& a, const QueryParams& b);

private:
    StringPairs items_;
};

}  // namespace asgiscope::web
