// Live replay: a small HTTP/1.1 and WebSocket client on Boost.Beast that sends one recorded
// exchange to a server and records what comes back. One connection per exchange.
#include <asgiscope/trace/detail/replay_util.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>

// g++ 12 false positive: when it inlines a coroutine's ramp into its caller it pairs Asio's
// frame deallocation with the aligned_alloc fallback of Asio's recycling allocator and calls
// them mismatched (the tests and docs examples silence it the same way).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace asgiscope::trace::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

std::string where(const Target& target) {
    return target.host_header();
}

/// Connects to the target; an error message on failure ("connection refused to 127.0.0.1:9").
awaitable<std::string> connect(beast::tcp_stream& stream, const Target& target) {
    tcp::resolver resolver(co_await asio::this_coro::executor);
    auto [resolve_error, endpoints] =
        co_await resolver.async_resolve(target.host, std::to_string(target.port), use_tuple);
    if (resolve_error) co_return "cannot resolve " + target.host + ": " + resolve_error.message();
    auto [connect_error, endpoint] = co_await stream.async_connect(endpoints, use_tuple);
    (void)endpoint;
    if (connect_error == asio::error::connection_refused)
        co_return "connection refused to " + where(target);
    if (connect_error)
        co_return "cannot connect to " + where(target) + ": " + connect_error.message();
    co_return std::string();
}

/// The recorded URL's path and query under the target's prefix.
std::string request_target(const RequestRecord& request, const Target& target) {
    const UrlParts url = split_url(request.url);
    return target.prefix + url.raw_path + (url.query.empty() ? "" : "?" + url.query);
}

template <class Fields>
asgi::Headers headers_of(const Fields& fields) {
    asgi::Headers out;
    for (const auto& field : fields)
        out.emplace_back(std::string(field.name_string()), std::string(field.value()));
    return out;
}

awaitable<Attempt> run_http(const Exchange& recorded, const Target& target,
                            const ReplayOptions& options) {
    Attempt attempt;
    Exchange& replayed = attempt.replayed;
    replayed.kind = TraceKind::http;
    replayed.request = recorded.request;
    replayed.start = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    const std::string path = request_target(recorded.request, target);
    replayed.request.url = "http://" + target.host_header() + path;
    if (std::string why = unsendable(recorded.request); !why.empty()) {
        attempt.error = std::move(why);
        co_return attempt;
    }

    beast::tcp_stream stream(co_await asio::this_coro::executor);
    if (std::string error = co_await connect(stream, target); !error.empty()) {
        attempt.error = std::move(error);
        co_return attempt;
    }
    http::request<http::string_body> request;
    request.method_string(recorded.request.method);
    request.target(path);
    request.version(recorded.request.http_version == "1.0" ? 10 : 11);
    for (const auto& [name, value] : headers_to_send(recorded.request, false))
        request.insert(name, value);
    request.set(http::field::host, target.host_header());
    request.body() = recorded.request.body.str();
    const bool has_body = !recorded.request.body.empty() || recorded.request.method == "POST" ||
                          recorded.request.method == "PUT" || recorded.request.method == "PATCH";
    if (has_body) request.content_length(request.body().size());
    auto [write_error, written] = co_await http::async_write(stream, request, use_tuple);
    (void)written;
    if (write_error) {
        attempt.error =
            "sending the request to " + where(target) + " failed: " + write_error.message();
        co_return attempt;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    parser.header_limit(64 * 1024);
    if (recorded.request.method == "HEAD") parser.skip(true);
    auto [read_error, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
    (void)read;
    if (read_error == http::error::body_limit) {
        attempt.error =
            "the response body is larger than " + std::to_string(options.max_body_bytes) + " bytes";
        co_return attempt;
    }
    if (read_error) {
        attempt.error =
            "reading the response from " + where(target) + " failed: " + read_error.message();
        co_return attempt;
    }
    auto response = parser.release();
    ResponseRecord record;
    record.status = int(response.result_int());
    record.reason = std::string(response.reason());
    record.headers = headers_of(response);
    record.body_size = response.body().size();
    record.body = asgi::Bytes(std::move(response.body()));
    replayed.response = std::move(record);
    replayed.timings.total_ns = since(start);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return attempt;
}

/// What the WebSocket reader and the session share.
struct WsShared {
    websocket::stream<beast::tcp_stream> ws;
    std::chrono::steady_clock::time_point start;
    std::vector<WebSocketFrame> frames;  // every frame, both directions, in order
    std::size_t server_frames = 0;
    bool closed = false;  // the server closed (or the connection ended)
    bool reader_done = false;
    std::optional<int> close_code;
    std::string close_reason;
    explicit WsShared(beast::tcp_stream stream) : ws(std::move(stream)) {}
};

awaitable<void> read_frames(std::shared_ptr<WsShared> s) {
    for (;;) {
        beast::flat_buffer buffer;
        auto [ec, n] = co_await s->ws.async_read(buffer, use_tuple);
        (void)n;
        if (ec) {
            s->closed = true;
            if (ec == websocket::error::closed) {
                s->close_code = int(s->ws.reason().code);
                s->close_reason = std::string(s->ws.reason().reason.c_str());
            }
            break;
        }
        WebSocketFrame f;
        f.from_client = false;
        f.time_ns = since(s->start);
        f.text = s->ws.got_text();
        f.data = asgi::Bytes(beast::buffers_to_string(buffer.data()));
        f.size = f.data.size();
        s->frames.push_back(std::move(f));
        ++s->server_frames;
    }
    s->reader_done = true;
}

std::size_t server_frames_before(const Exchange& recorded, std::size_t index) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < index && i < recorded.frames.size(); ++i)
        n += recorded.frames[i].from_client ? 0 : 1;
    return n;
}

awaitable<Attempt> run_websocket(const Exchange& recorded, const Target& target,
                                 const ReplayOptions& options) {
    Attempt attempt;
    Exchange& replayed = attempt.replayed;
    replayed.kind = TraceKind::websocket;
    replayed.request = recorded.request;
    replayed.start = std::chrono::system_clock::now();
    const std::string path = request_target(recorded.request, target);
    replayed.request.url = "ws://" + target.host_header() + path;
    RequestRecord checked = recorded.request;
    checked.method = "GET";
    if (std::string why = unsendable(checked); !why.empty()) {
        attempt.error = std::move(why);
        co_return attempt;
    }

    beast::tcp_stream stream(co_await asio::this_coro::executor);
    if (std::string error = co_await connect(stream, target); !error.empty()) {
        attempt.error = std::move(error);
        co_return attempt;
    }
    auto s = std::make_shared<WsShared>(std::move(stream));
    s->start = std::chrono::steady_clock::now();
    asgi::Headers headers = headers_to_send(recorded.request, true);
    s->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
        for (const auto& [name, value] : headers) request.insert(name, value);
    }));
    websocket::response_type handshake;
    auto [handshake_error] =
        co_await s->ws.async_handshake(handshake, target.host_header(), path, use_tuple);
    ResponseRecord response;
    response.status = int(handshake.result_int());
    response.reason = std::string(handshake.reason());
    response.headers = headers_of(handshake);
    response.body_size = handshake.body().size();
    response.body = asgi::Bytes(std::string(handshake.body()));
    if (handshake_error) {
        if (handshake_error == websocket::error::upgrade_declined && response.status != 0) {
            replayed.response = std::move(response);  // a denial: an answer to compare
        } else {
            attempt.error = "WebSocket handshake with " + where(target) +
                            " failed: " + handshake_error.message();
        }
        co_return attempt;
    }
    replayed.response = std::move(response);
    asio::co_spawn(co_await asio::this_coro::executor, read_frames(s), asio::detached);

    // Each client message goes once the server messages recorded before it have arrived.
    for (std::size_t i = 0; i < recorded.frames.size() && !s->closed; ++i) {
        const WebSocketFrame& f = recorded.frames[i];
        if (!f.from_client) continue;
        const std::size_t expected = server_frames_before(recorded, i);
        const std::function<bool()> condition1 = [s, expected] {
            return s->server_frames >= expected || s->closed;
        };
        co_await wait_for(condition1, options.websocket_wait);
        if (s->closed) break;
        s->ws.text(f.text);
        WebSocketFrame sent = f;
        sent.time_ns = since(s->start);
        s->frames.push_back(sent);
        auto [ec, n] =
            co_await s->ws.async_write(asio::buffer(f.data.data(), f.data.size()), use_tuple);
        (void)n;
        if (ec) {
            s->closed = true;
            break;
        }
    }
    const std::size_t expected = server_frames_before(recorded, recorded.frames.size());
    const std::function<bool()> condition2 = [s, expected] {
        return s->server_frames >= expected || s->closed;
    };
    co_await wait_for(condition2, options.websocket_wait);
    const std::function<bool()> condition3 = [s] { return s->closed; };
    co_await wait_for(condition3, std::chrono::milliseconds(50));
    if (!s->closed) {
        const int code = recorded.close_code.value_or(1000);
        websocket::close_reason reason(static_cast<websocket::close_code>(code));
        auto [ec] = co_await s->ws.async_close(reason, use_tuple);
        s->close_code = code;
        (void)ec;
    }
    const std::function<bool()> condition4 = [s] { return s->reader_done; };
    if (!co_await wait_for(condition4, std::chrono::milliseconds(1000))) {
        beast::error_code ignored;
        s->ws.next_layer().socket().close(ignored);
    }
    replayed.frames = s->frames;
    replayed.close_code = s->close_code;
    replayed.close_reason = s->close_reason;
    replayed.timings.total_ns = since(s->start);
    co_return attempt;
}

}  // namespace

awaitable<Attempt> run_live(const Exchange& recorded, const Target& target,
                            const ReplayOptions& options) {
    if (recorded.kind == TraceKind::websocket) return run_websocket(recorded, target, options);
    return run_http(recorded, target, options);
}

}  // namespace asgiscope::trace::detail
