#include <asgiscope/web/datastructures/query_params.hpp>

#include <algorithm>
#include <stdexcept>

#include "../detail/text.hpp"

namespace asgiscope::web {

QueryParams::QueryParams(std::string_view query_string) : items_(detail::parse_qsl(query_string)) {}

QueryParams::QueryParams(std::initializer_list<std::pair<std::string_view, std::string_view>> items) {
    items_.reserve(items.size());
    for (const auto& [k, v] : items) items_.emplace_back(std::string(k), std::string(v));
}

std::optional<std::string_view> QueryParams::get(std::string_view key) const {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it)
        if (it->first == key) return std::string_view(it->second);
    return std::nullopt;
}

std::string_view QueryParams::get(std::string_view key, std::string_view fallback) const {
    return get(key).value_or(fallback);
}

std::string_view QueryParams::operator[](std::string_view key) const {
    if (auto v = get(key)) return *v;
    throw std::out_of_range("query parameter not found: " + std::string(key));
}

bool QueryParams::contains(std::string_view key) const { return get(key).has_value(); }

std::vector<std::string_view> QueryParams::getlist(std::string_view key) const {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : items_)
        if (k == key) out.emplace_back(v);
    return out;
}

std::vector<std::string_view> QueryParams::keys() const {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : items_)
        if (std::find(out.begin(), out.end(), std::string_view(k)) == out.end()) out.emplace_back(k);
    return out;
}

std::vector<std::string_view> QueryParams::values() const {
    std::vector<std::string_view> out;
    for (std::string_view k : keys()) out.push_back(*get(k));
    return out;
}

std::vector<std::pair<std::string_view, std::string_view>> QueryParams::items() const {
    std::vector<std::pair<std::string_view, std::string_view>> out;
    for (std::string_view k : keys()) out.emplace_back(k, *get(k));
    return out;
}

std::size_t QueryParams::size() const { return keys().size(); }

std::string QueryParams::str() const { return detail::urlencode(items_); }

bool operator==(const QueryParams& a, const QueryParams& b) {
    auto x = a.items_;
    auto y = b.items_;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    return x == y;
}

}  // namespace asgiscope::web
