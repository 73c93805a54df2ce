// Starlette's ImmutableMultiDict and MultiDict: ordered key/value pairs with string keys,
// duplicates kept; single-value lookups give the *last* value of a key (as a Python dict
// built from the pairs). QueryParams and FormData are built on ImmutableMultiDict.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace asgiscope::web {

namespace multidict_detail {

/// How a multi-dict hands out one stored value: text as a std::string_view (get() gives a
/// std::optional of it), anything else as a `const V*` (get() gives nullptr when absent).
template <class V>
struct Access {
    using ref = const V*;
    using maybe = const V*;
    static ref of(const V& v) { return &v; }
    static maybe none() { return nullptr; }
};
template <>
struct Access<std::string> {
    using ref = std::string_view;
    using maybe = std::optional<std::string_view>;
    static ref of(const std::string& v) { return v; }
    static maybe none() { return std::nullopt; }
};

}  // namespace multidict_detail

/// An immutable multi-dict with string keys (Starlette's ImmutableMultiDict).
template <class V = std::string>
class ImmutableMultiDict {
public:
    using value_type = V;
    using Item = std::pair<std::string, V>;
    using Items = std::vector<Item>;
    /// One value as getlist(), values() and items() hand it out: std::string_view for text,
    /// `const V*` otherwise.
    using ref = typename multidict_detail::Access<V>::ref;
    /// What get() gives: std::optional<std::string_view> for text, a nullable `const V*`
    /// otherwise.
    using maybe = typename multidict_detail::Access<V>::maybe;

    ImmutableMultiDict() = default;
    explicit ImmutableMultiDict(Items items) : items_(std::move(items)) {}

    /// The last value of `key`, if any.
    maybe get(std::string_view key) const {
        if (const V* v = find(key)) return multidict_detail::Access<V>::of(*v);
        return multidict_detail::Access<V>::none();
    }
    /// The last value of `key`, or `fallback`.
    std::string_view get(std::string_view key,
                         std::string_view fallback) const requires std::is_same_v<V, std::string> {
        const V* v = find(key);
        return v ? std::string_view(*v) : fallback;
    }
    /// The last value of `key`; throws std::out_of_range when absent (Python's KeyError).
    const V& operator[](std::string_view key) const {
        if (const V* v = find(key)) return *v;
        throw std::out_of_range("key not found: " + std::string(key));
    }
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    /// Every value of `key`, in order.
    std::vector<ref> getlist(std::string_view key) const {
        std::vector<ref> out;
        for (const auto& [k, v] : items_)
            if (k == key) out.push_back(multidict_detail::Access<V>::of(v));
        return out;
    }
    /// Distinct keys in order of first appearance.
    std::vector<std::string_view> keys() const {
        std::vector<std::string_view> out;
        for (const auto& item : items_)
            if (std::find(out.begin(), out.end(), std::string_view(item.first)) == out.end())
                out.emplace_back(item.first);
        return out;
    }
    /// The last value of each distinct key, in keys() order.
    std::vector<ref> values() const {
        std::vector<ref> out;
        for (std::string_view k : keys()) out.push_back(multidict_detail::Access<V>::of(*find(k)));
        return out;
    }
    /// (key, last value) for each distinct key, in keys() order.
    std::vector<std::pair<std::string_view, ref>> items() const {
        std::vector<std::pair<std::string_view, ref>> out;
        for (std::string_view k : keys())
            out.emplace_back(k, multidict_detail::Access<V>::of(*find(k)));
        return out;
    }
    /// Every pair, in order.
    const Items& multi_items() const { return items_; }
    /// Number of distinct keys (as Python's len()).
    std::size_t size() const { return keys().size(); }
    bool empty() const { return items_.empty(); }

    /// Same pairs regardless of order (as Starlette's ==).
    friend bool operator==(const ImmutableMultiDict& a, const ImmutableMultiDict& b) {
        Items x = a.items_;
        Items y = b.items_;
        std::sort(x.begin(), x.end());
        std::sort(y.begin(), y.end());
        return x == y;
    }

protected:
    /// The last value of `key`, or nullptr.
    const V* find(std::string_view key) const {
        for (auto it = items_.rbegin(); it != items_.rend(); ++it)
            if (it->first == key) return &it->second;
        return nullptr;
    }

    Items items_;
};

/// A multi-dict that can be changed (Starlette's MultiDict).
template <class V = std::string>
class MultiDict : public ImmutableMultiDict<V> {
    using Base = ImmutableMultiDict<V>;

public:
    using Base::Base;
    using typename Base::Items;

    /// Replaces every value of `key` by `value`, now at the end (Starlette's `d[key] = v`).
    void set(std::string_view key, V value) {
        std::vector<V> values;
        values.push_back(std::move(value));
        setlist(key, std::move(values));
    }
    /// Replaces every value of `key` by `values` (removes the key when `values` is empty).
    void setlist(std::string_view key, std::vector<V> values) {
        erase(key);
        for (auto& v : values) this->items_.emplace_back(std::string(key), std::move(v));
    }
    /// Adds a value, keeping the others (Starlette's append()).
    void append(std::string_view key, V value) {
        this->items_.emplace_back(std::string(key), std::move(value));
    }
    /// The last value of `key`, after appending `value` if there was none.
    const V& setdefault(std::string_view key, V value) {
        if (!this->contains(key)) append(key, std::move(value));
        return *this->find(key);
    }
    /// Removes every value of `key` (Starlette's `del d[key]`); how many were removed.
    std::size_t erase(std::string_view key) {
        return std::erase_if(this->items_, [key](const auto& item) { return item.first == key; });
    }
    /// Removes `key` and gives its last value, if any (Starlette's pop()).
    std::optional<V> pop(std::string_view key) {
        std::optional<V> last;
        if (const V* v = this->find(key)) last = *v;
        erase(key);
        return last;
    }
    /// Removes `key` and gives all its values (Starlette's poplist()).
    std::vector<V> poplist(std::string_view key) {
        std::vector<V> out;
        for (auto& [k, v] : this->items_)
            if (k == key) out.push_back(std::move(v));
        erase(key);
        return out;
    }
    void clear() { this->items_.clear(); }
    /// set() for each distinct key of `other`, with all its values (Starlette's update()).
    void update(const Items& other) {
        for (const auto& [k, v] : other) erase(k);
        for (const auto& item : other) this->items_.push_back(item);
    }
};

}  // namespace asgiscope::web
