// guess_type(): the common entries of Python's mimetypes tables.
#include <asgiscope/web/responses/file_response.hpp>

#include <algorithm>
#include <array>
#include <utility>

#include "../detail/text.hpp"

namespace asgiscope::web {

namespace {

// Python's mimetypes.types_map for the types a web app serves.
constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
    {".avif", "image/avif"},
    {".bin", "application/octet-stream"},
    {".bmp", "image/bmp"},
    {".c", "text/plain"},
    {".css", "text/css"},
    {".csv", "text/csv"},
    {".doc", "application/msword"},
    {".eml", "message/rfc822"},
    {".gif", "image/gif"},
    {".h", "text/plain"},
    {".htm", "text/html"},
    {".html", "text/html"},
    {".ico", "image/vnd.microsoft.icon"},
    {".ics", "text/calendar"},
    {".jpe", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".jpg", "image/jpeg"},
    {".js", "text/javascript"},
    {".json", "application/json"},
    {".jsonld", "application/ld+json"},
    {".m4a", "audio/mp4"},
    {".md", "text/markdown"},
    {".mjs", "text/javascript"},
    {".mov", "video/quicktime"},
    {".mp3", "audio/mpeg"},
    {".mp4", "video/mp4"},
    {".mpeg", "video/mpeg"},
    {".mpg", "video/mpeg"},
    {".oga", "audio/ogg"},
    {".ogg", "audio/ogg"},
    {".ogv", "video/ogg"},
    {".otf", "font/otf"},
    {".pdf", "application/pdf"},
    {".png", "image/png"},
    {".ppt", "application/vnd.ms-powerpoint"},
    {".ps", "application/postscript"},
    {".py", "text/x-python"},
    {".rtf", "application/rtf"},
    {".sh", "application/x-sh"},
    {".svg", "image/svg+xml"},
    {".tar", "application/x-tar"},
    {".tif", "image/tiff"},
    {".tiff", "image/tiff"},
    {".tsv", "text/tab-separated-values"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain"},
    {".vtt", "text/vtt"},
    {".wasm", "application/wasm"},
    {".wav", "audio/x-wav"},
    {".webm", "video/webm"},
    {".webmanifest", "application/manifest+json"},
    {".webp", "image/webp"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".xhtml", "application/xhtml+xml"},
    {".xls", "application/vnd.ms-excel"},
    {".xml", "text/xml"},
    {".xsl", "application/xml"},
    {".yaml", "application/yaml"},
    {".yml", "application/yaml"},
    {".zip", "application/zip"},
    {".7z", "application/x-7z-compressed"},
    {".rar", "application/vnd.rar"},
};

// Suffixes Python treats as content encodings: guess_type("a.tar.gz") looks at ".tar".
constexpr std::array<std::string_view, 5> kEncodings = {".gz", ".bz2", ".xz", ".br", ".Z"};

std::optional<std::string> lookup(std::string_view ext) {
    for (const auto& [suffix, type] : kTypes)
        if (suffix == ext) return std::string(type);
    return std::nullopt;
}

// posixpath.splitext's extension: from the last '.' of the last component, unless the
// component is all leading dots.
std::string_view extension(std::string_view path) {
    const auto slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || name.find_first_not_of('.') > dot) return {};
    return name.substr(dot);
}

}  // namespace

std::optional<std::string> guess_type(std::string_view path) {
    std::string_view ext = extension(path);
    if (std::find(kEncodings.begin(), kEncodings.end(), ext) != kEncodings.end()) {
        path.remove_suffix(ext.size());
        ext = extension(path);
    }
    if (ext.empty()) return std::nullopt;
    if (auto type = lookup(ext)) return type;
    return lookup(detail::to_lower(ext));  // as Python, a case-insensitive second try
}

}  // namespace asgiscope::web
