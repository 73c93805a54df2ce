// What an HTTPConnection computes once and keeps. Internal: not installed.
#pragma once

#include <optional>

#include <boost/json/value.hpp>

#include <asgiscope/web/requests/http_connection.hpp>

namespace asgiscope::web {

struct HTTPConnection::Cache {
    std::optional<URL> url;
    std::optional<URL> base_url;
    std::optional<QueryParams> query_params;
    std::optional<Cookies> cookies;
    std::optional<boost::json::value> json;  // Request::json()
};

}  // namespace asgiscope::web
