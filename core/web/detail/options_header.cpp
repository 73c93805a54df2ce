#include "options_header.hpp"

#include "text.hpp"

namespace asgiscope::web::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_latin1(std::string_view charset) {
    const std::string c = to_lower(trim(charset));
    return c == "iso-8859-1" || c == "iso8859-1" || c == "iso_8859-1" || c == "latin-1" ||
           c == "latin1" || c == "l1" || c == "cp819";
}

// The quoted string starting at s[i] == '"'; moves i past its closing quote (or to the end).
std::string read_quoted(std::string_view s, std::size_t& i) {
    std::string out;
    for (++i; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            ++i;
            break;
        }
        if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        out += s[i];
    }
    return out;
}

// RFC 5987 ext-value: charset "'" [language] "'" pct-encoded value.
bool decode_ext_value(std::string_view raw, std::string& out) {
    const auto q1 = raw.find('\'');
    if (q1 == std::string_view::npos) return false;
    const auto q2 = raw.find('\'', q1 + 1);
    if (q2 == std::string_view::npos) return false;
    const std::string_view charset = raw.substr(0, q1);
    std::string bytes;
    const std::string_view encoded = raw.substr(q2 + 1);
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '%' && i + 2 < encoded.size() && hex(encoded[i + 1]) >= 0 &&
            hex(encoded[i + 2]) >= 0) {
            bytes += char(hex(encoded[i + 1]) * 16 + hex(encoded[i + 2]));
            i += 2;
        } else {
            bytes += encoded[i];
        }
    }
    out = is_latin1(charset) ? latin1_to_utf8(bytes) : utf8_replace(bytes);
    return true;
}

}  // namespace

const OptionsHeader::Param* OptionsHeader::param(std::string_view name) const {
    const Param* plain = nullptr;
    for (auto it = params.rbegin(); it != params.rend(); ++it) {
        if (it->name != name) continue;
        if (it->extended) return &*it;
        if (!plain) plain = &*it;
    }
    return plain;
}

OptionsHeader parse_options_header(std::string_view header) {
    OptionsHeader out;
    std::size_t i = header.find(';');
    out.value = to_lower(trim(header.substr(0, i)));
    while (i < header.size()) {
        ++i;  // past ';'
        while (i < header.size() && is_space(header[i])) ++i;
        const std::size_t name_start = i;
        while (i < header.size() && header[i] != '=' && header[i] != ';') ++i;
        std::string name = to_lower(trim(header.substr(name_start, i - name_start)));
        if (i >= header.size() || header[i] == ';') continue;  // no '=': skipped
        ++i;                                                   // past '='
        while (i < header.size() && is_space(header[i])) ++i;
        std::string value;
        if (i < header.size() && header[i] == '"') {
            value = read_quoted(header, i);
            while (i < header.size() && header[i] != ';') ++i;  // anything after the quotes
        } else {
            const std::size_t value_start = i;
            while (i < header.size() && header[i] != ';') ++i;
            value = std::string(trim(header.substr(value_start, i - value_start)));
        }
        if (name.empty()) continue;
        OptionsHeader::Param p;
        if (name.back() == '*') {
            name.pop_back();
            if (!decode_ext_value(value, p.value)) continue;
            p.extended = true;
        } else {
            p.value = std::move(value);
        }
        p.name = std::move(name);
        out.params.push_back(std::move(p));
    }
    return out;
}

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::string decode_charset(std::string_view bytes, std::string_view charset) {
    if (is_latin1(charset)) return latin1_to_utf8(bytes);
    std::string repaired = utf8_replace(bytes);
    if (repaired == bytes) return repaired;
    return latin1_to_utf8(bytes);
}

}  // namespace asgiscope::web::detail
