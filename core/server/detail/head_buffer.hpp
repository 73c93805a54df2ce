// The bytes of an HTTP/1.1 response head, rebuilt for every response of a connection.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace asgiscope::server::detail {

/// A growable byte buffer kept across the responses of one connection: clear() keeps the
/// storage, and each append is one capacity check and one memcpy (std::string's append also
/// writes a terminator and cannot be told a header line's total size up front).
class HeadBuffer {
public:
    void clear() { size_ = 0; }
    const char* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {data_.get(), size_}; }

    HeadBuffer& operator+=(std::string_view s) {
        char* p = grow(s.size());
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        return *this;
    }
    HeadBuffer& operator+=(char c) {
        *grow(1) = c;
        return *this;
    }
    /// One header line: `name: value\r\n`.
    void append_header(std::string_view name, std::string_view value) {
        char* p = grow(name.size() + value.size() + 4);
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        *p++ = ':';
        *p++ = ' ';
        if (!value.empty()) std::memcpy(p, value.data(), value.size());
        p += value.size();
        *p++ = '\r';
        *p = '\n';
    }
    void append_number(std::uint64_t n) {
        char digits[24];
        const auto r = std::to_chars(digits, digits + sizeof digits, n);
        *this += std::string_view(digits, std::size_t(r.ptr - digits));
    }

private:
    char* grow(std::size_t n) {
        if (n > capacity_ - size_) reserve(size_ + n);
        char* p = data_.get() + size_;
        size_ += n;
        return p;
    }
    void reserve(std::size_t needed) {
        std::size_t capacity = capacity_ == 0 ? 512 : capacity_ * 2;
        while (capacity < needed) capacity *= 2;
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = capacity;
    }

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace asgiscope::server::detail
