// FileResponse: a file streamed from disk in chunks, with HEAD and Range support.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <asgiscope/web/background.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// What FileResponse and StaticFiles use of a file's os.stat() result.
struct FileStat {
    std::uint64_t size = 0;  ///< st_size
    /// Modification time in seconds since the epoch, with its fraction (os.stat_result.mtime).
    double mtime = 0;
    bool is_regular = false;    ///< stat.S_ISREG
    bool is_directory = false;  ///< stat.S_ISDIR

    /// os.stat(path), following symbolic links. Throws std::system_error whose code() is the
    /// errno (std::errc::no_such_file_or_directory, ...).
    static FileStat of(const std::string& path);
};

/// FileResponse's options, with Starlette's defaults.
struct FileResponseOptions {
    int status_code = 200;
    asgi::Headers headers{};
    /// Unset: guessed from `filename`, else from the path (guess_type), else
    /// "application/octet-stream". text/* types get "; charset=utf-8".
    std::optional<std::string> media_type{};
    std::optional<BackgroundTask> background{};
    /// Sets Content-Disposition: `filename="..."`, or `filename*=utf-8''...` (RFC 5987
    /// percent-encoding) when the name needs quoting.
    std::optional<std::string> filename{};
    /// The file's stat, when the caller has it already: the stat headers are set at once
    /// and the file is not stat'ed again when sending.
    std::optional<FileStat> stat_result{};
    std::string content_disposition_type = "attachment";
};

/// A file sent from disk in 64 KiB chunks, never read whole (Starlette's FileResponse).
/// Headers: accept-ranges, content-disposition (with a filename), and from the file's stat
/// content-length, last-modified and etag (md5 of "<mtime>-<size>", quoted, as Starlette).
/// When sent: HEAD gets the headers only; a Range header gets 206 with one range or a
/// multipart/byteranges body for several (overlapping ones merged), 416 when unsatisfiable,
/// 400 when malformed; an If-Range that matches neither the etag nor last-modified gets the
/// whole file. A missing file throws std::runtime_error("File at path ... does not exist.").
class FileResponse : public Response {
public:
    static constexpr std::size_t chunk_size = 64 * 1024;
    /// More ranges than this in one header: the whole file is sent.
    static constexpr std::size_t max_ranges = 100;

    explicit FileResponse(std::string path, FileResponseOptions options = {});

private:
    static std::shared_ptr<const Sender> make_sender(const std::string& path, const std::optional<FileStat>& stat);
};

/// The media type Python's mimetypes.guess_type() gives for a file name or path (a built-in
/// table of common types; compression suffixes such as ".gz" are looked through), if any.
std::optional<std::string> guess_type(std::string_view path);

}  // namespace asgiscope::web
