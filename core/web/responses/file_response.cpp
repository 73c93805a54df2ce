#include <asgiscope/web/responses/file_response.hpp>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <asgiscope/web/responses/text_responses.hpp>

#include "../detail/files.hpp"
#include "../detail/text.hpp"

namespace asgiscope::web {

namespace {

using detail::ByteRange;

// A file open for reading; closed when it goes out of scope.
class File {
public:
    explicit File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path);
    }
    ~File() { ::close(fd_); }
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    /// Up to `n` bytes from `offset`; fewer at the end of the file.
    asgi::Bytes read(std::uint64_t offset, std::size_t n) const {
        std::string buffer(n, '\0');
        std::size_t got = 0;
        while (got < n) {
            const ssize_t r = ::pread(fd_, buffer.data() + got, n - got, off_t(offset + got));
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) throw std::system_error(errno, std::generic_category(), "cannot read file");
            if (r == 0) break;
            got += std::size_t(r);
        }
        buffer.resize(got);
        return asgi::Bytes(std::move(buffer));
    }

private:
    int fd_;
};

void set_stat_headers(asgi::Headers& raw, const FileStat& stat) {
    MutableHeaders headers = MutableHeaders::view(raw);
    headers.setdefault("content-length", std::to_string(stat.size));
    headers.setdefault("last-modified", detail::file_last_modified(stat));
    headers.setdefault("etag", detail::file_etag(stat));
}

FileStat stat_for_sending(const std::string& path) {
    FileStat stat;
    try {
        stat = FileStat::of(path);
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::no_such_file_or_directory)
            throw std::runtime_error("File at path " + path + " does not exist.");
        throw;
    }
    if (!stat.is_regular) throw std::runtime_error("File at path " + path + " is not a file.");
    return stat;
}

boost::asio::awaitable<void> send_whole(const std::string& path, int status, asgi::Headers headers, bool head,
                                        const asgi::Send& send) {
    if (head) {
        co_await send(asgi::HttpResponseStart(status, std::move(headers)));
        co_await send(asgi::HttpResponseBody());
        co_return;
    }
    const File file(path);
    co_await send(asgi::HttpResponseStart(status, std::move(headers)));
    std::uint64_t offset = 0;
    bool more_body = true;
    while (more_body) {
        asgi::Bytes chunk = file.read(offset, FileResponse::chunk_size);
        offset += chunk.size();
        more_body = chunk.size() == FileResponse::chunk_size;
        co_await send(asgi::HttpResponseBody(std::move(chunk), more_body));
    }
}

// Sends [start, end) of the file as body messages; `last` marks the final one as such.
boost::asio::awaitable<void> send_part(const File& file, ByteRange range, bool last, const asgi::Send& send) {
    std::uint64_t offset = range.start;
    while (offset < range.end) {
        const auto want = std::size_t(std::min<std::uint64_t>(FileResponse::chunk_size, range.end - offset));
        asgi::Bytes chunk = file.read(offset, want);
        if (chunk.empty()) break;  // the file shrank meanwhile
        offset += chunk.size();
        const bool more_body = !last || (chunk.size() == FileResponse::chunk_size && offset < range.end);
        co_await send(asgi::HttpResponseBody(std::move(chunk), more_body));
        if (!more_body) co_return;
    }
    if (last) co_await send(asgi::HttpResponseBody());
}

boost::asio::awaitable<void> send_single_range(const std::string& path, ByteRange range, std::uint64_t size,
                                               asgi::Headers headers, bool head, const asgi::Send& send) {
    MutableHeaders h = MutableHeaders::view(headers);
    h.set("content-range",
          "bytes " + std::to_string(range.start) + "-" + std::to_string(range.end - 1) + "/" + std::to_string(size));
    h.set("content-length", std::to_string(range.end - range.start));
    if (head) {
        co_await send(asgi::HttpResponseStart(206, std::move(headers)));
        co_await send(asgi::HttpResponseBody());
        co_return;
    }
    const File file(path);
    co_await send(asgi::HttpResponseStart(206, std::move(headers)));
    co_await send_part(file, range, true, send);
}

// The header block before one part of a multipart/byteranges body.
std::string part_header(const std::string& boundary, const std::string& content_type, ByteRange range,
                        std::uint64_t size) {
    return "--" + boundary + "\r\nContent-Type: " + content_type + "\r\nContent-Range: bytes " +
           std::to_string(range.start) + "-" + std::to_string(range.end - 1) + "/" + std::to_string(size) + "\r\n\r\n";
}

boost::asio::awaitable<void> send_multiple_ranges(const std::string& path, std::vector<ByteRange> ranges,
                                                  std::uint64_t size, asgi::Headers headers, bool head,
                                                  const asgi::Send& send) {
    const std::string boundary = detail::random_boundary();
    MutableHeaders h = MutableHeaders::view(headers);
    const std::string content_type(h.get("content-type", ""));
    std::uint64_t length = 4 + boundary.size();  // "--boundary--"
    for (const ByteRange& r : ranges)
        length += part_header(boundary, content_type, r, size).size() + (r.end - r.start) + 2;  // + "\r\n"
    h.set("content-type", "multipart/byteranges; boundary=" + boundary);
    h.set("content-length", std::to_string(length));
    if (head) {
        co_await send(asgi::HttpResponseStart(206, std::move(headers)));
        co_await send(asgi::HttpResponseBody());
        co_return;
    }
    const File file(path);
    co_await send(asgi::HttpResponseStart(206, std::move(headers)));
    for (const ByteRange& r : ranges) {
        co_await send(asgi::HttpResponseBody(asgi::Bytes(part_header(boundary, content_type, r, size)), true));
        co_await send_part(file, r, false, send);
        co_await send(asgi::HttpResponseBody(asgi::Bytes::from_static("\r\n"), true));
    }
    co_await send(asgi::HttpResponseBody(asgi::Bytes("--" + boundary + "--"), false));
}

// Starlette's _should_use_range: If-Range names the current last-modified or etag.
bool should_use_range(std::string_view if_range, const asgi::Headers& headers) {
    const Headers h = Headers::view(headers);
    return if_range == h.get("last-modified", "") || if_range == h.get("etag", "");
}

boost::asio::awaitable<void> answer_range_error(const detail::RangeRequest& request, std::uint64_t size,
                                                asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    if (request.kind == detail::RangeRequest::Kind::malformed) {
        const PlainTextResponse response(request.message, 400);
        co_await response(scope, std::move(receive), std::move(send));
    } else {
        asgi::Headers headers;
        headers.emplace_back("content-range", "bytes */" + std::to_string(size));
        const PlainTextResponse response(std::string(), 416, std::move(headers));
        co_await response(scope, std::move(receive), std::move(send));
    }
}

// What a FileResponse does when sent (Starlette's FileResponse.__call__).
struct FileSender {
    std::string path;
    std::optional<FileStat> stat;

    boost::asio::awaitable<void> operator()(const Response& self, asgi::Scope& scope, asgi::Receive receive,
                                            asgi::Send send) const {
        const bool head = scope.type == "http" && detail::iequals(scope.method, "HEAD");
        asgi::Headers headers = self.raw_headers;
        FileStat file_stat;
        if (stat) {
            file_stat = *stat;
        } else {
            file_stat = stat_for_sending(path);
            set_stat_headers(headers, file_stat);
        }
        const auto range = asgi::find_header(scope.headers, "range");
        const auto if_range = asgi::find_header(scope.headers, "if-range");
        detail::RangeRequest request;
        if (range && (!if_range || should_use_range(*if_range, headers)))
            request = detail::parse_range_header(*range, file_stat.size, FileResponse::max_ranges);

        using Kind = detail::RangeRequest::Kind;
        if (request.kind == Kind::malformed || request.kind == Kind::unsatisfiable)
            co_await answer_range_error(request, file_stat.size, scope, std::move(receive), std::move(send));
        else if (request.kind == Kind::whole)
            co_await send_whole(path, self.status_code, std::move(headers), head, send);
        else if (request.ranges.size() == 1)
            co_await send_single_range(path, request.ranges.front(), file_stat.size, std::move(headers), head, send);
        else
            co_await send_multiple_ranges(path, std::move(request.ranges), file_stat.size, std::move(headers), head,
                                          send);
    }
};

std::string default_media_type(const std::optional<std::string>& filename, const std::string& path) {
    return guess_type(filename ? *filename : path).value_or("application/octet-stream");
}

}  // namespace

FileStat FileStat::of(const std::string& path) {
    if (path.find('\0') != std::string::npos)
        throw std::system_error(std::make_error_code(std::errc::invalid_argument), "NUL byte in path");
    struct ::stat st {};
    if (::stat(path.c_str(), &st) != 0) throw std::system_error(errno, std::generic_category(), path);
    FileStat out;
    out.size = std::uint64_t(st.st_size);
    out.mtime = double(st.st_mtim.tv_sec) + double(st.st_mtim.tv_nsec) * 1e-9;
    out.is_regular = S_ISREG(st.st_mode);
    out.is_directory = S_ISDIR(st.st_mode);
    return out;
}

std::shared_ptr<const Response::Sender> FileResponse::make_sender(const std::string& path,
                                                                  const std::optional<FileStat>& stat) {
    return std::make_shared<const Sender>(FileSender{path, stat});
}

FileResponse::FileResponse(std::string path, FileResponseOptions o)
    : Response(make_sender(path, o.stat_result), o.status_code, o.headers,
               o.media_type ? std::move(o.media_type) : default_media_type(o.filename, path)) {
    background = std::move(o.background);
    MutableHeaders h = headers();
    h.setdefault("accept-ranges", "bytes");
    if (o.filename) {
        const std::string quoted = detail::quote(*o.filename);
        if (quoted != *o.filename)
            h.setdefault("content-disposition", o.content_disposition_type + "; filename*=utf-8''" + quoted);
        else
            h.setdefault("content-disposition", o.content_disposition_type + "; filename=\"" + *o.filename + "\"");
    }
    if (o.stat_result) set_stat_headers(raw_headers, *o.stat_result);
}

}  // namespace asgiscope::web
