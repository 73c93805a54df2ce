#include "json_print.hpp"

#include <boost/json/serialize.hpp>

namespace asgiscope::app {

namespace {

void print(const boost::json::value& v, std::string& out, int indent) {
    const std::string pad(std::size_t(indent + 2), ' ');
    const std::string close(std::size_t(indent), ' ');
    if (v.is_object() && !v.get_object().empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& [key, member] : v.get_object()) {
            if (!first) out += ",\n";
            first = false;
            out += pad + boost::json::serialize(boost::json::value(key)) + ": ";
            print(member, out, indent + 2);
        }
        out += "\n" + close + "}";
    } else if (v.is_array() && !v.get_array().empty()) {
        out += "[\n";
        bool first = true;
        for (const auto& element : v.get_array()) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            print(element, out, indent + 2);
        }
        out += "\n" + close + "]";
    } else {
        out += boost::json::serialize(v);
    }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    print(value, out, 0);
    return out;
}

}  // namespace asgiscope::app
