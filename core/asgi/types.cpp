#include <asgiscope/asgi/types.hpp>

#include <algorithm>

namespace asgiscope::asgi {

Bytes Bytes::slice(std::size_t pos, std::size_t count) const {
    pos = std::min(pos, size_);
    count = std::min(count, size_ - pos);
    Bytes b = *this;
    b.data_ = data_ + pos;
    b.size_ = count;
    return b;
}

State& Scope::own_state() {
    if (!state) {
        state = std::make_shared<State>();
    } else if (state_shared) {
        state = std::make_shared<State>(*state);
    }
    state_shared = false;
    return *state;
}

namespace {
bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; };
               return lower(x) == lower(y);
           });
}
}  // namespace

std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return std::string_view(v);
    return std::nullopt;
}

}  // namespace asgiscope::asgi
