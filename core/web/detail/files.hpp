// Helpers FileResponse and StaticFiles share: Range parsing, the stat headers as Starlette
// computes them, HTTP date parsing and multipart boundaries. Internal: not installed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asgiscope/web/responses/file_response.hpp>

namespace asgiscope::web::detail {

/// A byte range of a file: [start, end).
struct ByteRange {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// What a Range header asks for (Starlette's FileResponse._parse_range_header).
struct RangeRequest {
    enum class Kind {
        ranges,         ///< `ranges` holds one range, or several sorted and merged
        whole,          ///< ignore the header and send the whole file (unknown unit, too many ranges)
        malformed,      ///< 400 with `message`
        unsatisfiable,  ///< 416 with Content-Range: bytes */size
    };
    Kind kind = Kind::whole;
    std::vector<ByteRange> ranges;
    std::string message;
};

/// Parses `header` (the Range header's value) for a file of `size` bytes.
RangeRequest parse_range_header(std::string_view header, std::uint64_t size, std::size_t max_ranges);

/// Starlette's etag: md5 of "<repr(mtime)>-<st_size>" as hex, in double quotes.
std::string file_etag(const FileStat& stat);
/// formatdate(mtime, usegmt=True).
std::string file_last_modified(const FileStat& stat);

/// email.utils.parsedate as Starlette uses it to compare dates: IMF-fixdate (the weekday
/// is not checked), RFC 850 and asctime forms; the time zone is ignored. Seconds since the
/// epoch, or nothing when `text` is not a date.
std::optional<std::int64_t> parse_http_date(std::string_view text);

/// 26 random hex digits (secrets.token_hex(13)).
std::string random_boundary();

}  // namespace asgiscope::web::detail
