// Response: status, headers and body, and an ASGI app that sends them (Starlette's Response).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/background.hpp>
#include <asgiscope/web/datastructures/headers.hpp>

namespace asgiscope::web {

class StreamWriter;
/// The body of a StreamingResponse: a coroutine that hands out chunks through its writer.
using ContentStream = std::function<boost::asio::awaitable<void>(StreamWriter)>;

/// When a cookie expires: a point in time, a date already formatted, or seconds from now
/// (Starlette's `expires`: datetime, str or int).
using CookieExpires = std::variant<std::chrono::system_clock::time_point, std::string, std::int64_t>;

/// Response::set_cookie's options, with Starlette's defaults.
struct CookieOptions {
    std::optional<int> max_age{};
    std::optional<CookieExpires> expires{};
    std::optional<std::string> path = "/";
    std::optional<std::string> domain{};
    bool secure = false;
    bool httponly = false;
    std::optional<std::string> samesite = "lax";  ///< "lax", "strict" or "none" (any case)
    bool partitioned = false;
};

/// Response::delete_cookie's options, with Starlette's defaults.
struct DeleteCookieOptions {
    std::optional<std::string> path = "/";
    std::optional<std::string> domain{};
    bool secure = false;
    bool httponly = false;
    std::optional<std::string> samesite = "lax";
};

/// An HTTP response that is also an ASGI app sending itself (Starlette's Response).
/// Subclasses only choose a media type or how the content is rendered: they add no data, so
/// a PlainTextResponse returned as a Response loses nothing.
class Response {
public:
    static constexpr std::string_view charset = "utf-8";

    /// `content` is the body. Headers are lower-cased; unless given, Content-Length is added
    /// (not for 1xx, 204 and 304) and Content-Type from `media_type`, with "; charset=utf-8"
    /// for text/* types that name no charset. The media type is only read while constructing.
    explicit Response(std::string content = {}, int status = 200, asgi::Headers headers = {},
                      std::optional<std::string_view> type = std::nullopt);
    Response(asgi::Bytes content, int status = 200, asgi::Headers headers = {},
             std::optional<std::string_view> type = std::nullopt);

    int status_code = 200;
    asgi::Bytes body;
    asgi::Headers raw_headers;
    /// Run once the whole body was sent (Starlette's `background`); what it throws propagates
    /// out of the call, after the response went out.
    std::optional<BackgroundTask> background;

    /// Editable view of raw_headers (valid while this response is neither moved nor destroyed).
    MutableHeaders headers() { return MutableHeaders::view(raw_headers); }
    Headers headers() const { return Headers::view(raw_headers); }
    /// Whether the body is produced while sending (StreamingResponse, FileResponse) rather
    /// than held in `body`.
    bool is_streaming() const { return stream_ != nullptr || sender_ != nullptr; }
    /// The media type this response declares (Starlette's `media_type`): its Content-Type
    /// without parameters, "application/json" say; none without a Content-Type.
    std::optional<std::string_view> media_type() const;

    /// Appends a Set-Cookie header formatted as Python's http.cookies does ("k=v; Path=/;
    /// SameSite=lax"); values outside the cookie-name characters are quoted. Throws
    /// std::invalid_argument for an illegal key or samesite value.
    void set_cookie(std::string_view key, std::string_view value = "", const CookieOptions& options = {});
    /// A Set-Cookie that expires `key` now (Max-Age=0).
    void delete_cookie(std::string_view key, const DeleteCookieOptions& options = {});

    /// Sends http.response.start, then the body (one message, or the stream's chunks), then
    /// runs the background task.
    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

protected:
    /// For StreamingResponse: no body, so no Content-Length.
    Response(std::shared_ptr<const ContentStream> stream, int status_code, const asgi::Headers& headers,
             std::optional<std::string_view> media_type);

    /// Sends a whole response in place of the start and body messages (FileResponse: its
    /// status, headers and body depend on the request). Gets the response it belongs to.
    using Sender =
        std::function<boost::asio::awaitable<void>(const Response&, asgi::Scope&, asgi::Receive, asgi::Send)>;
    /// For FileResponse: no body, so no Content-Length; `sender` sends the response.
    Response(std::shared_ptr<const Sender> sender, int status_code, const asgi::Headers& headers,
             std::optional<std::string_view> media_type);

private:
    void init_headers(asgi::Headers headers, bool has_body, std::optional<std::string_view> media_type);
    boost::asio::awaitable<void> send_stream(asgi::Send send) const;
    std::shared_ptr<const ContentStream> stream_;
    std::shared_ptr<const Sender> sender_;
};

}  // namespace asgiscope::web
