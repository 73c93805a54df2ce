#include <asgiscope/web/datastructures/upload_file.hpp>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

namespace asgiscope::web {

namespace {

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void write_all_at(int fd, std::string_view data, std::size_t offset) {
    while (!data.empty()) {
        const ssize_t n = ::pwrite(fd, data.data(), data.size(), off_t(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("UploadFile: writing the temporary file");
        }
        data.remove_prefix(std::size_t(n));
        offset += std::size_t(n);
    }
}

}  // namespace

UploadFile::UploadFile(std::optional<std::string> filename, Headers headers,
                       std::size_t spool_max_size)
    : filename_(std::move(filename)),
      headers_(std::move(headers)),
      spool_max_size_(spool_max_size) {}

UploadFile::~UploadFile() {
    close();
}

void UploadFile::check_open() const {
    if (closed_) throw std::logic_error("I/O operation on closed file.");
}

void UploadFile::roll_to_disk() {
    std::string name =
        (std::filesystem::temp_directory_path() / "asgiscope-upload-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw_errno("UploadFile: creating a temporary file");
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    fd_ = fd;
    path_ = std::filesystem::path(name);
    write_all_at(fd_, memory_, 0);
    std::string().swap(memory_);
}

void UploadFile::write(std::string_view data) {
    check_open();
    if (data.empty()) return;
    const std::size_t end = position_ + data.size();
    if (fd_ < 0 && end > spool_max_size_) roll_to_disk();
    if (fd_ < 0) {
        if (memory_.size() < position_) memory_.resize(position_, '\0');
        memory_.replace(position_, std::min(data.size(), memory_.size() - position_), data);
    } else {
        write_all_at(fd_, data, position_);
    }
    position_ = end;
    if (end > size_) size_ = end;
}

std::string UploadFile::read(std::optional<std::size_t> n) {
    check_open();
    const std::size_t available = position_ < size_ ? size_ - position_ : 0;
    const std::size_t want = n ? std::min(*n, available) : available;
    std::string out;
    if (fd_ < 0) {
        out.assign(memory_, std::min(position_, memory_.size()), want);
    } else {
        out.resize(want);
        std::size_t got = 0;
        while (got < want) {
            const ssize_t r = ::pread(fd_, out.data() + got, want - got, off_t(position_ + got));
            if (r < 0) {
                if (errno == EINTR) continue;
                throw_errno("UploadFile: reading the temporary file");
            }
            if (r == 0) break;
            got += std::size_t(r);
        }
        out.resize(got);
    }
    position_ += out.size();
    return out;
}

void UploadFile::seek(std::size_t offset) {
    check_open();
    position_ = offset;
}

void UploadFile::close() {
    if (closed_) return;
    closed_ = true;
    std::string().swap(memory_);
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (path_) {
        std::error_code ec;
        std::filesystem::remove(*path_, ec);
        path_.reset();
    }
}

}  // namespace asgiscope::web
