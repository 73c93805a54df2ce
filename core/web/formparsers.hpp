// Form parsing (Starlette's formparsers): streaming push parsers for
// application/x-www-form-urlencoded and multipart/form-data bodies, fed chunk by chunk so
// that a large upload never sits in memory whole. Request::form() drives them.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/form_data.hpp>
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/datastructures/upload_file.hpp>

namespace asgiscope::web {

/// Limits of Request::form() and MultiPartParser, with Starlette's defaults.
struct FormOptions {
    /// Parts with a filename allowed in a multipart form.
    std::size_t max_files = 1000;
    /// Parts without a filename allowed in a multipart form.
    std::size_t max_fields = 1000;
    /// Largest value of a part without a filename, in bytes (files are not limited).
    std::size_t max_part_size = 1024 * 1024;
    /// How much of a file stays in memory before it moves to a temporary file (Starlette's
    /// MultiPartParser.spool_max_size, not a Request.form() argument there).
    std::size_t spool_max_size = UploadFile::default_spool_max_size;
};

/// A multipart body the parser refuses (Starlette's MultiPartException): a limit exceeded,
/// a missing boundary, malformed framing or part headers. Request::form() turns it into
/// HTTPException(400, message()) inside an application. what() is the message.
class MultiPartException : public std::runtime_error {
public:
    explicit MultiPartException(const std::string& message) : std::runtime_error(message) {}
    std::string message() const { return what(); }
};

/// Where parse() takes the body from: the next non-empty chunk, or nothing at the end
/// (the shape of Request::stream()).
using ByteStream = std::function<boost::asio::awaitable<std::optional<asgi::Bytes>>()>;

/// Parses an application/x-www-form-urlencoded body (Starlette's FormParser) as
/// parse_qsl(keep_blank_values=True): fields split at '&', empty fields skipped, '+' is a
/// space, %XX escapes decoded, invalid UTF-8 replaced by U+FFFD. The limits apply as in a
/// multipart body: more than `max_fields` fields, or one field longer than `max_part_size`
/// bytes, is a MultiPartException (a 400 inside an application), so a huge body cannot
/// make the parser hold unbounded text.
class FormParser {
public:
    explicit FormParser(FormOptions options = {});
    ~FormParser();
    FormParser(const FormParser&) = delete;
    FormParser& operator=(const FormParser&) = delete;

    /// Takes the next chunk of the body.
    void feed(std::string_view chunk);
    /// Ends the body; gives the fields.
    FormData finish();
    /// Feeds every chunk of `stream`, then finish(). The parser must outlive the coroutine.
    boost::asio::awaitable<FormData> parse(ByteStream stream);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Parses a multipart/form-data body (Starlette's MultiPartParser). The boundary and
/// charset come from the Content-Type header. Parts with a filename (or filename*, RFC 5987)
/// become UploadFiles, spooled to a temporary file past `spool_max_size`; other parts become
/// text, decoded with the charset (UTF-8 by default; bytes that are not valid in it are read
/// as Latin-1, as Starlette does). Chunks may split the body anywhere, boundaries included.
/// A preamble and an epilogue are ignored; lines may end in CRLF or a bare LF.
///
/// Every error is a MultiPartException; the files made so far are closed then.
class MultiPartParser {
public:
    /// Throws MultiPartException("Missing boundary in multipart.") when the Content-Type
    /// header has no boundary parameter.
    explicit MultiPartParser(const Headers& headers, FormOptions options = {});
    ~MultiPartParser();
    MultiPartParser(const MultiPartParser&) = delete;
    MultiPartParser& operator=(const MultiPartParser&) = delete;

    /// Takes the next chunk of the body; parts completed by it are added to the form.
    void feed(std::string_view chunk);
    /// Ends the body; gives the form. An empty body gives an empty form; a body that stops
    /// before the closing boundary is an error.
    FormData finish();
    /// Feeds every chunk of `stream`, then finish(). The parser must outlive the coroutine.
    boost::asio::awaitable<FormData> parse(ByteStream stream);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asgiscope::web
