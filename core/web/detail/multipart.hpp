// The framing of a multipart body (RFC 2046 section 5.1, RFC 7578): a push parser that finds
// the boundaries in chunks split anywhere and reports parts as events, with nothing about
// forms. MultiPartParser builds a FormData from the events. Internal: not installed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web::detail {

/// Splits a multipart body into parts. Errors are thrown as MultiPartException.
class MultipartReader {
public:
    /// What the reader reports, in order: begin, data (any number of times), end, per part.
    class Handler {
    public:
        /// A part's headers (names lower case, values trimmed), once all have arrived.
        virtual void on_part_begin(asgi::Headers headers) = 0;
        /// Some of the part's data.
        virtual void on_part_data(std::string_view data) = 0;
        virtual void on_part_end() = 0;

    protected:
        ~Handler() = default;
    };

    /// The most bytes of headers one part may have.
    static constexpr std::size_t max_header_bytes = 64 * 1024;

    MultipartReader(std::string_view boundary, Handler& handler);

    /// Takes the next chunk; reports what it completes. Keeps at most a boundary's length
    /// of data back (or one header line), so memory stays small whatever the part sizes.
    void feed(std::string_view chunk);
    /// The end of the body. An empty (or blank) body is fine; one that stops before the
    /// closing boundary is an error.
    void finish();

private:
    enum class State { Preamble, AfterBoundary, Headers, Data, Epilogue };

    // Each consumes from buf_ at pos_; false when it needs more input.
    bool preamble();
    bool after_boundary();
    bool header_line();
    bool data();

    Handler& handler_;
    std::string delimiter_;  // "\n--" + boundary: CRLF's LF, so a bare LF also delimits
    std::string buf_;
    std::size_t pos_ = 0;
    State state_ = State::Preamble;
    asgi::Headers headers_;
    std::size_t header_bytes_ = 0;
    std::size_t scanned_ = 0;   // bytes after pos_ known to hold no line end (Headers)
    bool blank_so_far_ = true;  // nothing but whitespace before any boundary
    bool data_seen_ = false;    // the current part has reported data
};

}  // namespace asgiscope::web::detail
