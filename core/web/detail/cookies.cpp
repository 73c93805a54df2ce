#include "cookies.hpp"

#include <cstdio>
#include <ctime>

#include "text.hpp"

namespace asgiscope::web::detail {

namespace {

bool is_legal_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~:").find(char(c)) != std::string_view::npos;
}

// Characters Python leaves alone inside a quoted value.
bool is_unescaped_char(unsigned char c) {
    return is_legal_char(c) || std::string_view(" ()/<=>?@[]{}").find(char(c)) != std::string_view::npos;
}

void append_octal(std::string& out, unsigned value) {
    out += '\\';
    out += char('0' + ((value >> 6) & 7));
    out += char('0' + ((value >> 3) & 7));
    out += char('0' + (value & 7));
}

// One code point of valid UTF-8 at s[i] (length in `len`), or nothing.
std::optional<unsigned> decode_utf8(std::string_view s, std::size_t i, std::size_t& len) {
    const std::string_view rest = s.substr(i);
    const auto c = static_cast<unsigned char>(rest[0]);
    len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len > rest.size() || utf8_replace(rest.substr(0, len)) != rest.substr(0, len)) return std::nullopt;
    if (len == 1) return c;
    unsigned cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(rest[k]) & 0x3F);
    return cp;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool is_legal_cookie_key(std::string_view key) {
    if (key.empty()) return false;
    for (char c : key)
        if (!is_legal_char(static_cast<unsigned char>(c))) return false;
    static constexpr std::string_view kReserved[] = {"expires", "path",     "comment", "domain",     "max-age",
                                                     "secure",  "httponly", "version", "samesite"};
    const std::string lower = to_lower(key);
    for (std::string_view r : kReserved)
        if (lower == r) return false;
    return true;
}

std::string cookie_quote(std::string_view value) {
    bool legal = !value.empty();
    for (char c : value) legal = legal && is_legal_char(static_cast<unsigned char>(c));
    if (legal) return std::string(value);
    // Python translates code points; those beyond Latin-1 (which Starlette cannot send at all)
    // and bytes that are not UTF-8 are escaped byte by byte.
    std::string out = "\"";
    for (std::size_t i = 0; i < value.size();) {
        std::size_t len = 1;
        const auto cp = decode_utf8(value, i, len);
        if (!cp || *cp > 0xFF) {
            for (std::size_t k = 0; k < (cp ? len : 1); ++k) append_octal(out, static_cast<unsigned char>(value[i + k]));
            i += cp ? len : 1;
            continue;
        }
        if (*cp == '"')
            out += "\\\"";
        else if (*cp == '\\')
            out += "\\\\";
        else if (*cp < 0x80 && is_unescaped_char(static_cast<unsigned char>(*cp)))
            out += char(*cp);
        else
            append_octal(out, *cp);
        i += len;
    }
    out += '"';
    return out;
}

std::string cookie_unquote(std::string_view s) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
    s = s.substr(1, s.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size() || s[i + 1] == '\n') {
            out += s[i];
            continue;
        }
        if (i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
            s[i + 3] >= '0' && s[i + 3] <= '7') {
            append_utf8(out, unsigned((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
            i += 3;
        } else {
            out += s[i + 1];
            ++i;
        }
    }
    return out;
}

std::string http_date(std::chrono::system_clock::time_point t) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header) {
    std::vector<std::pair<std::string, std::string>> out;
    while (true) {
        const auto semi = header.find(';');
        const std::string_view chunk = header.substr(0, semi);
        const auto eq = chunk.find('=');
        const std::string_view key = eq == std::string_view::npos ? std::string_view() : trim(chunk.substr(0, eq));
        const std::string_view val = trim(eq == std::string_view::npos ? chunk : chunk.substr(eq + 1));
        if (!key.empty() || !val.empty()) out.emplace_back(std::string(key), cookie_unquote(val));
        if (semi == std::string_view::npos) break;
        header.remove_prefix(semi + 1);
    }
    return out;
}

}  // namespace asgiscope::web::detail
