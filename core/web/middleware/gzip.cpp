#include <asgiscope/web/middleware/gzip.hpp>

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <zlib.h>

#include <asgiscope/web/datastructures/headers.hpp>

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace {

constexpr std::string_view excluded_content_types[] = {"text/event-stream"};

/// One response's state (Starlette's GZipResponder). Heap-allocated and shared by the
/// wrapped send, so the z_stream stays out of coroutine frames.
class GZipResponder {
public:
    GZipResponder(asgi::Send send, std::size_t minimum_size, int level)
        : send_(std::move(send)), minimum_size_(minimum_size), level_(level) {}
    ~GZipResponder() {
        if (stream_open_) deflateEnd(&stream_);
    }
    GZipResponder(const GZipResponder&) = delete;
    GZipResponder& operator=(const GZipResponder&) = delete;

    static boost::asio::awaitable<void> send_with_gzip(std::shared_ptr<GZipResponder> self, asgi::Message message);

private:
    /// Keeps the start message back until the first body message says how to change it.
    void hold_start(asgi::HttpResponseStart start) {
        const Headers headers = Headers::view(start.headers);
        passthrough_ = headers.contains("content-encoding");
        const std::string_view type = headers.get("content-type", "");
        for (const auto excluded : excluded_content_types)
            if (type.starts_with(excluded)) passthrough_ = true;
        initial_ = std::move(start);
    }

    /// First body message of a response that may be compressed: compresses `body` in place
    /// and adjusts the held start message's headers.
    void first_body(asgi::HttpResponseBody& body) {
        if (body.body.size() < minimum_size_ && !body.more_body) return;  // small: unchanged
        MutableHeaders headers = MutableHeaders::view(initial_->headers);
        headers.set("content-encoding", "gzip");
        if (body.more_body) {
            headers.erase("content-length");
            body.body = asgi::Bytes(compress(body.body.view(), Z_SYNC_FLUSH));
        } else {
            body.body = asgi::Bytes(compress(body.body.view(), Z_FINISH));
            headers.set("content-length", std::to_string(body.body.size()));
        }
        headers.add_vary_header("Accept-Encoding");
        compressing_ = true;
    }

    /// A later body message of a streamed, compressed response.
    void next_body(asgi::HttpResponseBody& body) {
        if (!compressing_ || finished_) return;
        if (body.body.empty() && body.more_body) return;  // nothing to flush
        body.body = asgi::Bytes(compress(body.body.view(), body.more_body ? Z_SYNC_FLUSH : Z_FINISH));
    }

    std::string compress(std::string_view in, int flush) {
        if (!stream_open_) {
            if (deflateInit2(&stream_, level_, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
                throw std::runtime_error("GZipMiddleware: deflateInit2 failed");
            stream_open_ = true;
        }
        std::string out;
        constexpr std::size_t block = 16384;
        do {
            const std::size_t piece = std::min<std::size_t>(in.size(), UINT_MAX);
            const bool last = piece == in.size();
            const int mode = last ? flush : Z_NO_FLUSH;
            stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
            stream_.avail_in = static_cast<uInt>(piece);
            int rc = Z_OK;
            do {
                const std::size_t used = out.size();
                out.resize(used + block);
                stream_.next_out = reinterpret_cast<Bytef*>(out.data() + used);
                stream_.avail_out = static_cast<uInt>(block);
                rc = deflate(&stream_, mode);
                if (rc == Z_STREAM_ERROR) throw std::runtime_error("GZipMiddleware: deflate failed");
                out.resize(used + block - stream_.avail_out);
            } while (stream_.avail_out == 0);
            in.remove_prefix(piece);
            if (last) break;
        } while (true);
        if (flush == Z_FINISH) finished_ = true;
        return out;
    }

    asgi::Send send_;
    std::size_t minimum_size_;
    int level_;
    std::optional<asgi::HttpResponseStart> initial_;
    bool started_ = false;
    bool passthrough_ = false;  ///< already encoded, or an excluded content type
    bool compressing_ = false;
    bool finished_ = false;
    bool stream_open_ = false;
    z_stream stream_{};
};

boost::asio::awaitable<void> GZipResponder::send_with_gzip(std::shared_ptr<GZipResponder> self,
                                                           asgi::Message message) {
    if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) {
        // Not sent until the first body message decides how to change its headers.
        self->hold_start(std::move(*start));
        co_return;
    }
    auto* body = std::get_if<asgi::HttpResponseBody>(&message);
    if (body == nullptr || !self->initial_ || self->started_) {
        // Anything else, a body before the start (the server refuses it), or a later body.
        if (body != nullptr && !self->passthrough_) self->next_body(*body);
        co_await self->send_(std::move(message));
        co_return;
    }
    self->started_ = true;
    if (!self->passthrough_) self->first_body(*body);
    asgi::Message start_message(std::move(*self->initial_));
    co_await self->send_(std::move(start_message));
    co_await self->send_(std::move(message));
}

}  // namespace

GZipMiddleware::GZipMiddleware(asgi::App app, Options options) : app_(std::move(app)), options_(options) {
    if (options_.compresslevel < -1 || options_.compresslevel > 9)
        throw std::invalid_argument("GZipMiddleware: compresslevel must be -1..9");
}

boost::asio::awaitable<void> GZipMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                        asgi::Send send) const {
    if (scope.type != "http"sv) return app_(scope, std::move(receive), std::move(send));
    const std::string_view accept = asgi::find_header(scope.headers, "accept-encoding").value_or("");
    if (accept.find("gzip") == std::string_view::npos) return app_(scope, std::move(receive), std::move(send));

    auto responder = std::make_shared<GZipResponder>(std::move(send), options_.minimum_size, options_.compresslevel);
    asgi::Send wrapped = [responder = std::move(responder)](asgi::Message message) {
        return GZipResponder::send_with_gzip(responder, std::move(message));
    };
    return app_(scope, std::move(receive), std::move(wrapped));
}

}  // namespace asgiscope::web
