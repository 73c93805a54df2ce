// HTTP headers as Starlette's Headers and MutableHeaders: case-insensitive names, several
// values per name, wire order kept. Built over asgi::Headers (the scope's or a message's
// list), either owning a copy or viewing a list that outlives them.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

class MutableHeaders;

/// An immutable, case-insensitive multi-dict of HTTP headers (Starlette's Headers).
class Headers {
public:
    using const_iterator = asgi::Headers::const_iterator;

    /// No headers.
    Headers() = default;
    /// Owns `raw` as given (Starlette's `Headers(raw=...)`): names are expected lower case.
    explicit Headers(asgi::Headers raw) : own_(std::move(raw)) {}
    /// From name/value pairs, names lower-cased (Starlette's `Headers(headers={...})`).
    Headers(std::initializer_list<std::pair<std::string_view, std::string_view>> headers);
    /// A view of `raw`, which must outlive it (Starlette's `Headers(scope=...)`: no copy).
    static Headers view(const asgi::Headers& raw);

    Headers(const Headers& other);
    Headers(Headers&& other) noexcept;
    Headers& operator=(const Headers& other);
    Headers& operator=(Headers&& other) noexcept;
    ~Headers() = default;

    /// The pairs in order, duplicates kept.
    const asgi::Headers& raw() const { return *list_; }
    /// Every name, in order, duplicates kept (as Starlette's keys()).
    std::vector<std::string_view> keys() const;
    std::vector<std::string_view> values() const;
    std::vector<std::pair<std::string_view, std::string_view>> items() const;
    /// Every value of `key`, in order.
    std::vector<std::string_view> getlist(std::string_view key) const;
    /// The first value of `key`, if any.
    std::optional<std::string_view> get(std::string_view key) const;
    std::string_view get(std::string_view key, std::string_view fallback) const;
    /// The first value of `key`; throws std::out_of_range when absent (Python's KeyError).
    std::string_view operator[](std::string_view key) const;
    bool contains(std::string_view key) const;
    /// Number of pairs, duplicates counted (as Starlette's len()).
    std::size_t size() const { return list_->size(); }
    bool empty() const { return list_->empty(); }
    const_iterator begin() const { return list_->begin(); }
    const_iterator end() const { return list_->end(); }
    /// An owning, mutable copy.
    MutableHeaders mutablecopy() const;

    /// Same pairs regardless of order (as Starlette's ==).
    friend bool operator==(const Headers& a, const Headers& b);

protected:
    asgi::Headers own_;
    asgi::Headers* list_ = &own_;  // &own_, or the viewed list
};

/// Headers that can be changed in place (Starlette's MutableHeaders); setters lower-case names.
class MutableHeaders : public Headers {
public:
    MutableHeaders() = default;
    explicit MutableHeaders(asgi::Headers raw) : Headers(std::move(raw)) {}
    MutableHeaders(std::initializer_list<std::pair<std::string_view, std::string_view>> headers)
        : Headers(headers) {}
    /// Edits `raw` in place, e.g. the headers of an http.response.start message; `raw` must
    /// outlive it.
    static MutableHeaders view(asgi::Headers& raw);

    using Headers::raw;
    asgi::Headers& raw() { return *list_; }

    /// Sets `key` to `value`: the first pair of that name is replaced, later ones removed
    /// (Starlette's `headers[key] = value`).
    void set(std::string_view key, std::string_view value);
    /// Removes every pair named `key` (Starlette's `del headers[key]`).
    void erase(std::string_view key);
    /// The first value of `key`, after appending `value` if there was none.
    std::string_view setdefault(std::string_view key, std::string_view value);
    /// set() for each pair.
    void update(const std::vector<std::pair<std::string, std::string>>& pairs);
    /// Adds a pair, keeping existing ones of that name.
    void append(std::string_view key, std::string_view value);
    /// Appends `vary` to the Vary header (", "-joined).
    void add_vary_header(std::string_view vary);
};

}  // namespace asgiscope::web
