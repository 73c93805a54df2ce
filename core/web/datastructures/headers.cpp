#include <asgiscope/web/datastructures/headers.hpp>

#include <algorithm>
#include <stdexcept>

#include "../detail/text.hpp"

namespace asgiscope::web {

using detail::iequals;
using detail::to_lower;

Headers::Headers(std::initializer_list<std::pair<std::string_view, std::string_view>> headers) {
    own_.reserve(headers.size());
    for (const auto& [k, v] : headers) own_.emplace_back(to_lower(k), std::string(v));
}

Headers Headers::view(const asgi::Headers& raw) {
    Headers h;
    // Never written through: only MutableHeaders mutates, and only lists it was given mutable.
    h.list_ = const_cast<asgi::Headers*>(&raw);
    return h;
}

Headers::Headers(const Headers& other) : own_(other.own_) {
    if (other.list_ != &other.own_) list_ = other.list_;
}

Headers::Headers(Headers&& other) noexcept : own_(std::move(other.own_)) {
    if (other.list_ != &other.own_) list_ = other.list_;
}

Headers& Headers::operator=(const Headers& other) {
    if (this != &other) {
        own_ = other.own_;
        list_ = (other.list_ == &other.own_) ? &own_ : other.list_;
    }
    return *this;
}

Headers& Headers::operator=(Headers&& other) noexcept {
    if (this != &other) {
        own_ = std::move(other.own_);
        list_ = (other.list_ == &other.own_) ? &own_ : other.list_;
    }
    return *this;
}

std::vector<std::string_view> Headers::keys() const {
    std::vector<std::string_view> out;
    out.reserve(list_->size());
    for (const auto& [k, v] : *list_) out.emplace_back(k);
    return out;
}

std::vector<std::string_view> Headers::values() const {
    std::vector<std::string_view> out;
    out.reserve(list_->size());
    for (const auto& [k, v] : *list_) out.emplace_back(v);
    return out;
}

std::vector<std::pair<std::string_view, std::string_view>> Headers::items() const {
    std::vector<std::pair<std::string_view, std::string_view>> out;
    out.reserve(list_->size());
    for (const auto& [k, v] : *list_) out.emplace_back(k, v);
    return out;
}

std::vector<std::string_view> Headers::getlist(std::string_view key) const {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : *list_)
        if (iequals(k, key)) out.emplace_back(v);
    return out;
}

std::optional<std::string_view> Headers::get(std::string_view key) const {
    for (const auto& [k, v] : *list_)
        if (iequals(k, key)) return std::string_view(v);
    return std::nullopt;
}

std::string_view Headers::get(std::string_view key, std::string_view fallback) const {
    return get(key).value_or(fallback);
}

std::string_view Headers::operator[](std::string_view key) const {
    if (auto v = get(key)) return *v;
    throw std::out_of_range("header not found: " + std::string(key));
}

bool Headers::contains(std::string_view key) const { return get(key).has_value(); }

MutableHeaders Headers::mutablecopy() const { return MutableHeaders(*list_); }

bool operator==(const Headers& a, const Headers& b) {
    auto x = *a.list_;
    auto y = *b.list_;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    return x == y;
}

MutableHeaders MutableHeaders::view(asgi::Headers& raw) {
    MutableHeaders h;
    h.list_ = &raw;
    return h;
}

void MutableHeaders::set(std::string_view key, std::string_view value) {
    auto& list = *list_;
    auto first = std::find_if(list.begin(), list.end(), [&](const auto& p) { return iequals(p.first, key); });
    if (first == list.end()) {
        list.emplace_back(to_lower(key), std::string(value));
        return;
    }
    first->first = to_lower(key);
    first->second = std::string(value);
    list.erase(std::remove_if(first + 1, list.end(), [&](const auto& p) { return iequals(p.first, key); }),
               list.end());
}

void MutableHeaders::erase(std::string_view key) {
    auto& list = *list_;
    list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& p) { return iequals(p.first, key); }),
               list.end());
}

std::string_view MutableHeaders::setdefault(std::string_view key, std::string_view value) {
    for (const auto& [k, v] : *list_)
        if (iequals(k, key)) return v;
    list_->emplace_back(to_lower(key), std::string(value));
    return list_->back().second;
}

void MutableHeaders::update(const std::vector<std::pair<std::string, std::string>>& pairs) {
    for (const auto& [k, v] : pairs) set(k, v);
}

void MutableHeaders::append(std::string_view key, std::string_view value) {
    list_->emplace_back(to_lower(key), std::string(value));
}

void MutableHeaders::add_vary_header(std::string_view vary) {
    std::string value(vary);
    if (auto existing = get("vary")) value = std::string(*existing) + ", " + value;
    set("vary", value);
}

}  // namespace asgiscope::web
