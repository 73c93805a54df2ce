#include "files.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "cookies.hpp"
#include "json_text.hpp"
#include "text.hpp"

namespace asgiscope::web::detail {

namespace {

// Bounds that keep "size - n" and "n + 1" exact: Python's ints do not overflow, and past
// these bounds every comparison FileResponse makes comes out the same.
constexpr std::int64_t kHuge = std::int64_t(1) << 62;

// Python's int(text) for what a Range header holds: optional sign, ASCII digits, single
// underscores between digits. Magnitudes past kHuge are clamped to it.
std::optional<std::int64_t> python_int(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
    std::int64_t value = 0;
    char previous = 0;
    for (const char c : s) {
        if (c == '_') {
            if (previous == '_') return std::nullopt;
        } else if (c >= '0' && c <= '9') {
            value = std::min(kHuge, value * 10 + (c - '0'));
        } else {
            return std::nullopt;
        }
        previous = c;
    }
    return negative ? -value : value;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        const auto pos = s.find(sep);
        out.push_back(s.substr(0, pos));
        if (pos == std::string_view::npos) return out;
        s.remove_prefix(pos + 1);
    }
}

// Starlette's _parse_ranges: parts that do not parse are skipped. Ranges are [start, end).
std::vector<std::pair<std::int64_t, std::int64_t>> parse_ranges(std::string_view text, std::int64_t size) {
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    for (std::string_view part : split(text, ',')) {
        part = trim(part);
        if (part.empty() || part == "-") continue;
        const auto dash = part.find('-');
        if (dash == std::string_view::npos) continue;
        const std::string_view start_text = trim(part.substr(0, dash));
        const std::string_view end_text = trim(part.substr(dash + 1));
        std::int64_t start = 0;
        std::int64_t end = size;
        if (start_text.empty()) {  // suffix range: the last N bytes
            const auto n = python_int(end_text);
            if (!n) continue;
            start = std::max<std::int64_t>(size - *n, 0);
        } else {
            const auto s = python_int(start_text);
            if (!s) continue;
            start = *s;
            if (!end_text.empty()) {
                const auto e = python_int(end_text);
                if (!e) continue;
                if (*e < size) end = *e + 1;
            }
        }
        ranges.emplace_back(start, end);
    }
    return ranges;
}

int month_index(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() < 3) return -1;
    const std::string lower = to_lower(name.substr(0, 3));
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (lower == kMonths[i]) return int(i);
    return -1;
}

bool is_alpha_word(std::string_view s) {
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    return !s.empty() && std::all_of(s.begin(), s.end(), letter);
}

std::optional<int> small_int(std::string_view s) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

// "HH:MM:SS" (or "HH:MM") to seconds of the day.
std::optional<int> time_of_day(std::string_view s) {
    const auto parts = split(s, ':');
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    const auto h = small_int(parts[0]);
    const auto m = small_int(parts[1]);
    const auto sec = parts.size() == 3 ? small_int(parts[2]) : std::optional<int>(0);
    if (!h || !m || !sec || *h > 24 || *m > 59 || *sec > 61) return std::nullopt;
    return *h * 3600 + *m * 60 + *sec;
}

std::optional<std::int64_t> to_epoch(int year, int month0, int day, int seconds) {
    if (year < 100) year += year > 68 ? 1900 : 2000;
    if (day < 1 || day > 31 || month0 < 0) return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{std::chrono::year(year), std::chrono::month(unsigned(month0 + 1)),
                             std::chrono::day(unsigned(day))};
    if (!ymd.ok()) return std::nullopt;
    return std::int64_t(sys_days(ymd).time_since_epoch().count()) * 86400 + seconds;
}

}  // namespace

RangeRequest parse_range_header(std::string_view header, std::uint64_t file_size, std::size_t max_ranges) {
    RangeRequest result;
    const auto eq = header.find('=');
    if (eq == std::string_view::npos) {
        result.kind = RangeRequest::Kind::malformed;
        result.message = "Malformed range header.";
        return result;
    }
    // RFC 9110 14.2: a range unit the server does not know is ignored (Starlette answers 400).
    if (to_lower(trim(header.substr(0, eq))) != "bytes") return result;
    const std::string_view text = header.substr(eq + 1);
    if (std::size_t(std::count(text.begin(), text.end(), ',')) + 1 > max_ranges) return result;

    const std::int64_t size = std::int64_t(std::min<std::uint64_t>(file_size, std::uint64_t(kHuge)));
    auto ranges = parse_ranges(text, size);
    if (ranges.empty()) {
        result.kind = RangeRequest::Kind::malformed;
        result.message = "Range header: range must be requested";
        return result;
    }
    if (std::any_of(ranges.begin(), ranges.end(), [&](const auto& r) { return r.first < 0 || r.first >= size; })) {
        result.kind = RangeRequest::Kind::unsatisfiable;
        return result;
    }
    if (std::any_of(ranges.begin(), ranges.end(), [](const auto& r) { return r.first >= r.second; })) {
        result.kind = RangeRequest::Kind::malformed;
        result.message = "Range header: start must be less than end";
        return result;
    }
    if (ranges.size() > 1) {  // sorted, overlapping and adjacent ranges merged
        std::sort(ranges.begin(), ranges.end());
        std::vector<std::pair<std::int64_t, std::int64_t>> merged{ranges.front()};
        for (std::size_t i = 1; i < ranges.size(); ++i) {
            if (ranges[i].first <= merged.back().second)
                merged.back().second = std::max(merged.back().second, ranges[i].second);
            else
                merged.push_back(ranges[i]);
        }
        ranges = std::move(merged);
    }
    result.kind = RangeRequest::Kind::ranges;
    for (const auto& [start, end] : ranges) result.ranges.push_back({std::uint64_t(start), std::uint64_t(end)});
    return result;
}

std::string file_etag(const FileStat& stat) {
    const std::string base = python_float_repr(stat.mtime) + "-" + std::to_string(stat.size);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(base.data(), base.size(), digest, &length, EVP_md5(), nullptr) != 1)
        throw std::runtime_error("MD5 is not available");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string etag = "\"";
    for (unsigned int i = 0; i < length; ++i) {
        etag += kHex[digest[i] >> 4];
        etag += kHex[digest[i] & 15];
    }
    return etag + "\"";
}

std::string file_last_modified(const FileStat& stat) {
    const auto seconds = std::chrono::seconds(std::int64_t(std::floor(stat.mtime)));
    return http_date(std::chrono::system_clock::time_point(seconds));
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    std::vector<std::string_view> tokens;
    for (std::string_view t : split(trim(text), ' '))
        if (!t.empty()) tokens.push_back(t);
    if (tokens.empty()) return std::nullopt;
    // A leading weekday ("Thu," or "Thursday,") is skipped without checking it.
    if (tokens[0].back() == ',' || (is_alpha_word(tokens[0]) && month_index(tokens[0]) < 0)) {
        tokens.erase(tokens.begin());
        if (tokens.empty()) return std::nullopt;
    }
    // RFC 850: "06-Nov-94 08:49:37 GMT".
    if (tokens[0].find('-') != std::string_view::npos) {
        const auto parts = split(tokens[0], '-');
        if (parts.size() != 3 || tokens.size() < 2) return std::nullopt;
        const auto day = small_int(parts[0]);
        const auto year = small_int(parts[2]);
        const auto seconds = time_of_day(tokens[1]);
        if (!day || !year || !seconds) return std::nullopt;
        return to_epoch(*year, month_index(parts[1]), *day, *seconds);
    }
    if (tokens.size() < 4) return std::nullopt;
    // asctime: "Nov  6 08:49:37 1994".
    if (month_index(tokens[0]) >= 0) {
        const auto day = small_int(tokens[1]);
        const auto seconds = time_of_day(tokens[2]);
        const auto year = small_int(tokens[3]);
        if (!day || !year || !seconds) return std::nullopt;
        return to_epoch(*year, month_index(tokens[0]), *day, *seconds);
    }
    // IMF-fixdate: "06 Nov 1994 08:49:37 GMT".
    const auto day = small_int(tokens[0]);
    const auto year = small_int(tokens[2]);
    const auto seconds = time_of_day(tokens[3]);
    if (!day || !year || !seconds) return std::nullopt;
    return to_epoch(*year, month_index(tokens[1]), *day, *seconds);
}

std::string random_boundary() {
    unsigned char bytes[13];
    if (RAND_bytes(bytes, int(sizeof bytes)) != 1) throw std::runtime_error("no random bytes for a multipart boundary");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

}  // namespace asgiscope::web::detail
