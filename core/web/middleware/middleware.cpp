#include <asgiscope/web/middleware/middleware.hpp>

#include <boost/core/demangle.hpp>

namespace asgiscope::web {

std::string Middleware::class_name(const std::type_info& type) {
    std::string name = boost::core::demangle(type.name());
    // Drop namespaces, but not the "::" inside template arguments.
    const auto angle = name.find('<');
    const auto colons = name.rfind("::", angle == std::string::npos ? std::string::npos : angle);
    return colons == std::string::npos ? name : name.substr(colons + 2);
}

}  // namespace asgiscope::web
