#include "json_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

#include <boost/json.hpp>

#include "text.hpp"

namespace asgiscope::web::detail {

namespace {

namespace json = boost::json;

template <class Int>
void append_integer(std::string& out, Int n) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, std::size_t(r.ptr - buf));
}

// float.__repr__: the shortest digits that round-trip, fixed notation when the decimal
// exponent is in -4 < decpt <= 16 (with ".0" for whole numbers), else d.ddde+XX.
void append_double(std::string& out, double d) {
    if (!std::isfinite(d)) throw std::invalid_argument("Out of range float values are not JSON compliant");
    if (d == 0) {
        out += std::signbit(d) ? "-0.0" : "0.0";
        return;
    }
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, std::size_t(r.ptr - buf));  // "-1.2345e+02"
    if (sci.front() == '-') {
        out += '-';
        sci.remove_prefix(1);
    }
    const auto e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e))
        if (c != '.') digits += c;
    int exponent = 0;
    std::string_view exp_text = sci.substr(e + 1);
    if (exp_text.front() == '+') exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    const int decpt = exponent + 1;  // digits[0] is at 10^(decpt-1)
    const int n = int(digits.size());
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out += "0.";
            out.append(std::size_t(-decpt), '0');
            out += digits;
        } else if (decpt >= n) {
            out += digits;
            out.append(std::size_t(decpt - n), '0');
            out += ".0";
        } else {
            out.append(digits, 0, std::size_t(decpt));
            out += '.';
            out.append(digits, std::size_t(decpt));
        }
        return;
    }
    out += digits[0];
    if (n > 1) {
        out += '.';
        out.append(digits, 1);
    }
    const int x = decpt - 1;
    out += x < 0 ? "e-" : "e+";
    const int ax = x < 0 ? -x : x;
    if (ax < 10) out += '0';
    out += std::to_string(ax);
}

// What each byte asks of a JSON string: 0 nothing, 1 an escape ('"', '\\', control
// characters), 2 a UTF-8 check (not ASCII).
constexpr auto kStringClass = [] {
    std::array<unsigned char, 256> t{};
    for (std::size_t c = 0; c < 0x20; ++c) t[c] = 1;
    t['"'] = 1;
    t['\\'] = 1;
    for (std::size_t c = 0x80; c < 0x100; ++c) t[c] = 2;
    return t;
}();

// `s` (valid UTF-8) from `from` on, with '"', '\\' and control characters escaped; the runs
// between them are appended whole.
void append_escaped(std::string& out, std::string_view s, std::size_t from) {
    constexpr char hex[] = "0123456789abcdef";
    std::size_t run = 0;
    for (std::size_t i = from; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (kStringClass[c] != 1) continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    out.append(s.data() + run, s.size() - run);
}

void append_string(std::string& out, std::string_view s) {
    // Most strings (keys above all) are plain ASCII with nothing to escape: one scan, one append.
    std::size_t i = 0;
    while (i < s.size() && kStringClass[static_cast<unsigned char>(s[i])] == 0) ++i;
    out += '"';
    if (i == s.size()) {
        out.append(s);
    } else {
        // ASCII text needs no UTF-8 repair (and no repaired copy).
        const bool ascii = std::all_of(s.begin() + std::ptrdiff_t(i), s.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii)
            append_escaped(out, s, i);
        else
            append_escaped(out, utf8_replace(s), 0);
    }
    out += '"';
}

void append_object(std::string& out, const json::object& o);

void append_value(std::string& out, const json::value& v) {
    switch (v.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case json::kind::int64: append_integer(out, v.get_int64()); break;
    case json::kind::uint64: append_integer(out, v.get_uint64()); break;
    case json::kind::double_: append_double(out, v.get_double()); break;
    case json::kind::string: append_string(out, {v.get_string().data(), v.get_string().size()}); break;
    case json::kind::array: {
        out += '[';
        bool first = true;
        for (const auto& e : v.get_array()) {
            if (!first) out += ',';
            first = false;
            append_value(out, e);
        }
        out += ']';
        break;
    }
    case json::kind::object: append_object(out, v.get_object()); break;
    }
}

void append_object(std::string& out, const json::object& o) {
    out += '{';
    bool first = true;
    for (const auto& kv : o) {
        if (!first) out += ',';
        first = false;
        append_string(out, kv.key());
        out += ':';
        append_value(out, kv.value());
    }
    out += '}';
}

}  // namespace

std::string python_float_repr(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    std::string out;
    append_double(out, d);
    return out;
}

namespace {

// Rendering goes into a buffer kept per thread, so that it allocates nothing once the buffer
// has grown to the usual size; the result is then copied out at its exact size (one
// allocation, or none for short text). A buffer grown past kKeep is given back.
constexpr std::size_t kKeep = 64 * 1024;

std::string& scratch() {
    thread_local std::string buffer = [] {
        std::string b;
        b.reserve(256);
        return b;
    }();
    buffer.clear();
    return buffer;
}

std::string take(std::string& buffer) {
    std::string text(buffer);
    if (buffer.capacity() > kKeep) {
        buffer.clear();
        buffer.shrink_to_fit();
    }
    return text;
}

}  // namespace

std::string python_json_dumps(const boost::json::value& value) {
    std::string& out = scratch();
    append_value(out, value);
    return take(out);
}

std::string python_json_dumps(const boost::json::object& object) {
    std::string& out = scratch();
    append_object(out, object);
    return take(out);
}

}  // namespace asgiscope::web::detail
