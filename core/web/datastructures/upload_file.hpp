// UploadFile: one uploaded file of a multipart form (Starlette's UploadFile), its data
// spooled: in memory while small, in a temporary file once it grows past a threshold.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <asgiscope/web/datastructures/headers.hpp>

namespace asgiscope::web {

/// An uploaded file (Starlette's UploadFile over a SpooledTemporaryFile). The data stays in
/// memory up to `spool_max_size` bytes; a write that makes it longer moves it to a temporary
/// file (in std::filesystem::temp_directory_path(), i.e. $TMPDIR or /tmp), which is removed
/// by close() or the destructor.
///
/// read/write/seek/close are *synchronous*, unlike Starlette's coroutines: Starlette only
/// awaits them to push disk I/O to a thread pool, and a local file read or write of one
/// chunk is short enough to do in place. Not thread-safe.
class UploadFile {
public:
    /// Starlette's spool threshold (SpooledTemporaryFile's max_size): 1 MiB.
    static constexpr std::size_t default_spool_max_size = 1024 * 1024;

    explicit UploadFile(std::optional<std::string> filename = std::nullopt, Headers headers = {},
                        std::size_t spool_max_size = default_spool_max_size);
    /// Closes the file (removing its temporary file, if any).
    ~UploadFile();
    UploadFile(const UploadFile&) = delete;
    UploadFile& operator=(const UploadFile&) = delete;

    /// The file name the client gave, if any (it may be empty: a form's empty file input).
    const std::optional<std::string>& filename() const { return filename_; }
    /// The part's headers (names lower case).
    const Headers& headers() const { return headers_; }
    /// The part's Content-Type header, if any.
    std::optional<std::string_view> content_type() const { return headers_.get("content-type"); }
    /// Bytes written so far (the file's length).
    std::size_t size() const { return size_; }

    /// Writes `data` at the current position (usually the end), moving it past the data.
    /// Throws std::logic_error when closed, std::system_error when the disk write fails.
    void write(std::string_view data);
    /// Up to `n` bytes from the current position (all the rest when `n` is unset).
    /// Throws std::logic_error when closed.
    std::string read(std::optional<std::size_t> n = std::nullopt);
    /// Moves the position to `offset` bytes from the start (Starlette's seek(offset)).
    void seek(std::size_t offset);
    /// The current position.
    std::size_t tell() const { return position_; }
    /// Frees the data and removes the temporary file; further reads and writes throw.
    /// Closing twice is harmless.
    void close();
    bool closed() const { return closed_; }

    /// Whether the data is still in memory (Starlette's _in_memory).
    bool in_memory() const { return fd_ < 0; }
    /// The temporary file once the data has moved to disk (until close()).
    const std::optional<std::filesystem::path>& path() const { return path_; }
    std::size_t spool_max_size() const { return spool_max_size_; }

private:
    void check_open() const;
    void roll_to_disk();

    std::optional<std::string> filename_;
    Headers headers_;
    std::size_t spool_max_size_;
    std::size_t size_ = 0;
    std::size_t position_ = 0;
    bool closed_ = false;
    std::string memory_;  // the data while in memory
    int fd_ = -1;         // the temporary file once rolled
    std::optional<std::filesystem::path> path_;
};

}  // namespace asgiscope::web
