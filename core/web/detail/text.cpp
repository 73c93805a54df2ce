#include "text.hpp"

#include <algorithm>

namespace asgiscope::web::detail {

namespace {

bool always_safe(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-' || c == '~';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

constexpr char kHex[] = "0123456789ABCDEF";

void append_escaped(std::string& out, unsigned char c) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
}

// unquote_to_bytes: %XX decoded, anything else (including a bad escape) kept.
std::string unquote_to_bytes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}


}  // namespace

std::string_view trim(std::string_view s) {
    constexpr std::string_view ws = " \t\r\n\f\v";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}


std::string quote(std::string_view s, std::string_view safe) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (always_safe(c) || (c < 0x80 && safe.find(ch) != std::string_view::npos))
            out += ch;
        else
            append_escaped(out, c);
    }
    return out;
}

std::string quote_plus(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == ' ')
            out += '+';
        else if (always_safe(c))
            out += ch;
        else
            append_escaped(out, c);
    }
    return out;
}

std::string unquote(std::string_view s, bool plus_as_space) {
    std::string spaced;
    if (plus_as_space && s.find('+') != std::string_view::npos) {
        spaced.assign(s);
        std::replace(spaced.begin(), spaced.end(), '+', ' ');
        s = spaced;
    }
    if (s.find('%') == std::string_view::npos) return std::string(s);
    // As Python: ASCII runs are unquoted and decoded (with replacement); other bytes kept.
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = i;
        const bool ascii = static_cast<unsigned char>(s[i]) < 0x80;
        while (j < s.size() && (static_cast<unsigned char>(s[j]) < 0x80) == ascii) ++j;
        if (ascii)
            out += utf8_replace(unquote_to_bytes(s.substr(i, j - i)));
        else
            out.append(s.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string urlencode(const StringPairs& pairs) {
    std::string out;
    for (const auto& [k, v] : pairs) {
        if (!out.empty()) out += '&';
        out += quote_plus(k);
        out += '=';
        out += quote_plus(v);
    }
    return out;
}

StringPairs parse_qsl(std::string_view query) {
    StringPairs out;
    while (true) {
        const auto amp = query.find('&');
        const std::string_view field = query.substr(0, amp);
        if (!field.empty()) {
            const auto eq = field.find('=');
            const std::string_view name = field.substr(0, eq);
            const std::string_view value =
                eq == std::string_view::npos ? std::string_view() : field.substr(eq + 1);
            out.emplace_back(unquote(name, true), unquote(value, true));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

}  // namespace asgiscope::web::detail
