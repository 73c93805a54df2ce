#include "utf8.hpp"

namespace asgiscope::detail {

namespace {
bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

std::string utf8_replace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned c = p[i];
        if (c < 0x80) {
            out += char(c);
            ++i;
            continue;
        }
        // Expected length and the allowed range of the second byte (RFC 3629 table 3-7).
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        }
        if (len == 0) {  // never a lead byte
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        std::size_t k = 1;  // bytes of the maximal subpart so far
        if (i + 1 < n && p[i + 1] >= lo && p[i + 1] <= hi) {
            k = 2;
            while (k < len && i + k < n && is_cont(p[i + k])) ++k;
        }
        if (k == len) {
            out.append(s.data() + i, len);
        } else {
            out += "\xEF\xBF\xBD";
        }
        i += k;
    }
    return out;
}

}  // namespace asgiscope::detail
