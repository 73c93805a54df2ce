// GZipMiddleware: compresses HTTP response bodies with gzip for clients that accept it
// (Starlette's GZipMiddleware).
#pragma once

#include <cstddef>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// GZipMiddleware's options, with Starlette's defaults.
struct GZipMiddlewareOptions {
    /// Responses whose whole body comes in one message smaller than this pass uncompressed.
    std::size_t minimum_size = 500;
    /// zlib compression level, 0 (none) to 9 (best), or -1 for zlib's default.
    int compresslevel = 9;
};
/// The options as JSON for tools (Middleware::options()).
boost::json::object describe_options(const GZipMiddlewareOptions& options);

/// Compresses the responses of HTTP requests whose Accept-Encoding contains "gzip" (a
/// case-sensitive substring test, as Starlette's). A response whose first body message is
/// final and smaller than minimum_size passes unchanged. Otherwise the body is gzip-compressed
/// (zlib, windowBits 31) and the start message gets `Content-Encoding: gzip` and
/// `Accept-Encoding` added to its Vary header; a single-message body gets the compressed
/// Content-Length, a streamed one loses its Content-Length and each chunk is sent compressed
/// as it comes (Z_SYNC_FLUSH, so every chunk decodes on its own; Z_FINISH on the last).
/// Responses that already have a Content-Encoding pass unchanged, and so do those of type
/// text/event-stream (newer Starlette: buffering would delay the events). Other connection
/// types pass through untouched.
class GZipMiddleware {
public:
    using Options = GZipMiddlewareOptions;

    /// Throws std::invalid_argument for a compresslevel outside -1..9.
    GZipMiddleware(asgi::App app, Options options = {});

    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

private:
    asgi::App app_;
    Options options_;
};

}  // namespace asgiscope::web
