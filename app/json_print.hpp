// JSON as indented text for the terminal (Boost.JSON 1.81 only writes it compact).
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace asgiscope::app {

/// `value` with two-space indentation, one member or element per line; empty objects and
/// arrays stay on one line. Object members keep their order.
std::string pretty_json(const boost::json::value& value);

}  // namespace asgiscope::app
