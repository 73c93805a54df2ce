#include <asgiscope/web/datastructures/query_params.hpp>

#include "../detail/text.hpp"

namespace asgiscope::web {

QueryParams::QueryParams(std::string_view query_string)
    : ImmutableMultiDict(detail::parse_qsl(query_string)) {}

QueryParams::QueryParams(
    std::initializer_list<std::pair<std::string_view, std::string_view>> items) {
    items_.reserve(items.size());
    for (const auto& [k, v] : items) items_.emplace_back(std::string(k), std::string(v));
}

std::string QueryParams::str() const {
    return detail::urlencode(items_);
}

}  // namespace asgiscope::web
