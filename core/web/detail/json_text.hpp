// JSON text as Python's json.dumps(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
// writes it, which is what Starlette's JSONResponse sends. Internal: not installed.
#pragma once

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace asgiscope::web::detail {

/// Compact JSON of `value`: non-ASCII text as is (invalid UTF-8 repaired with U+FFFD),
/// control characters as \u00xx, numbers as Python's repr ("1.5", "2.0", "1e+16").
/// Throws std::invalid_argument for NaN or an infinity, as Python's allow_nan=False does.
std::string python_json_dumps(const boost::json::value& value);
/// The same for an object, without copying it into a boost::json::value.
std::string python_json_dumps(const boost::json::object& object);

/// Python's repr() of a float: "1.5", "2.0", "1e+16", "nan", "inf", "-inf".
std::string python_float_repr(double d);

}  // namespace asgiscope::web::detail
