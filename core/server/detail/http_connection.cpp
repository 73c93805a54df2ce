#include "http_connection.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <typeinfo>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/core/demangle.hpp>

namespace asgiscope::server::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using namespace std::string_view_literals;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kHighWater = 64 * 1024;       // stop reading ahead past this
constexpr std::size_t kDrainLimit = 1024 * 1024;    // unread body we discard to keep alive
constexpr auto kLinger = std::chrono::seconds(1);   // drain time before closing
constexpr auto kErrorWriteTimeout = std::chrono::seconds(10);
constexpr std::size_t kKeptHeaderCapacity = 64;     // request header slots kept for the next request

std::chrono::steady_clock::duration seconds(double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(s));
}

std::string_view buffered(const beast::flat_buffer& b) {
    return {static_cast<const char*>(b.data().data()), b.size()};
}

// RFC 9110 tchar, as a table: this runs for every byte of every response header name.
constexpr auto kTokenChars = [] {
    std::array<bool, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[std::size_t(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c) t[std::size_t(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c) t[std::size_t(c)] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
    return t;
}();

bool is_token_char(char c) { return kTokenChars[static_cast<unsigned char>(c)]; }

bool valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name)
        if (!is_token_char(c)) return false;
    return true;
}

bool bad_value_char(char c) { return c == '\r' || c == '\n' || c == '\0'; }

// No CR, LF or NUL in a header value. Eight bytes at a time: a word with no byte below 0x0E
// (the classic "has a byte less than n" bit trick) cannot hold any of them, and values are
// nearly always such words; other words are checked byte by byte.
bool valid_value(std::string_view value) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const char* p = value.data();
    std::size_t n = value.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (((word - ones * 0x0E) & ~word & highs) != 0)
            for (int i = 0; i < 8; ++i)
                if (bad_value_char(p[i])) return false;
    }
    for (; n > 0; ++p, --n)
        if (bad_value_char(*p)) return false;
    return true;
}

bool is_content_length(std::string_view name) {
    return name.size() == 14 && (name == "content-length"sv || iequals(name, "content-length"));
}

// "HTTP/1.1 200 OK\r\n": built once per status code, as every response head starts with one.
std::string_view status_line(int status) {
    static const auto lines = [] {
        auto table = std::make_unique<std::string[]>(600);
        for (int code = 100; code < 600; ++code) {
            std::string& line = table[std::size_t(code)];
            line = "HTTP/1.1 " + std::to_string(code) + " ";
            line += reason_phrase(code);
            line += "\r\n";
        }
        return table;
    }();
    if (status < 100 || status >= 600) status = 500;  // callers check the range first
    return lines[std::size_t(status)];
}

void append_number(std::string& out, std::uint64_t n) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}
}  // namespace

template <class Stream>
HttpConnection<Stream>::HttpConnection(ServerState& state, Worker& worker, Stream stream,
                               asio::cancellation_signal& cancel)
    : state_(state),
      worker_(worker),
      probe_{state.hub, ++state.connection_ids, kTls},
      stream_(std::move(stream)),
      cancel_(cancel) {
    // Accepted as the server began shutting down, after the connections were told.
    if (state_.stopping.load()) closing_ = true;
    worker_.connections.push_front(this);
    registration_ = worker_.connections.begin();
    ++state_.open_connections;
    error_code ec;
    auto remote = socket().remote_endpoint(ec);
    if (!ec) client_ = asgi::Address{remote.address().to_string(), remote.port()};
    auto local = socket().local_endpoint(ec);
    if (!ec) server_ = asgi::Address{local.address().to_string(), local.port()};
    client_trusted_ = state_.config.proxy_headers && client_ && state_.trusted.trusts(client_->host);
    // Synchronous writes (the fast path in send()) must never block the worker.
    if constexpr (std::is_same_v<Stream, asio::ip::tcp::socket>) socket().non_blocking(true, ec);
    if (probe_.on()) publish_opened();
}

template <class Stream>
void HttpConnection<Stream>::note_close(trace::CloseReason reason, std::string detail) {
    if (close_reason_) return;
    close_reason_ = reason;
    close_detail_ = std::move(detail);
}

template <class Stream>
void HttpConnection<Stream>::publish_opened() {
    trace::ConnectionEvent e = probe_.event(trace::ConnectionEventKind::opened);
    e.client = client_;
    e.server = server_;
    probe_.publish(std::move(e));
}

template <class Stream>
void HttpConnection<Stream>::publish_request(const Exchange& ex) {
    constexpr std::size_t kMaxPath = 1024;
    trace::ConnectionEvent e = probe_.event(trace::ConnectionEventKind::request);
    e.request_index = requests_;
    e.method = ex.scope.method;
    e.path.assign(ex.scope.raw_path, 0, kMaxPath);
    probe_.publish(std::move(e));
}

template <class Stream>
void HttpConnection<Stream>::publish_closed() {
    trace::ConnectionEvent e = probe_.event(trace::ConnectionEventKind::closed);
    e.reason = close_reason_.value_or(trace::CloseReason::client_closed);
    e.detail = close_detail_;
    probe_.publish(std::move(e));
}

template <class Stream>
HttpConnection<Stream>::~HttpConnection() {
    worker_.connections.erase(registration_);
    --state_.open_connections;
}

template <class Stream>
void HttpConnection<Stream>::begin_shutdown() {
    closing_ = true;
    if (websocket_) return websocket_->begin_shutdown();
    error_code ec;
    if (idle_) socket().cancel(ec);
}

template <class Stream>
void HttpConnection<Stream>::check_deadline(std::chrono::steady_clock::time_point now) {
    if (websocket_) websocket_->check_deadline(now);
    if (now < deadline_) return;
    clear_deadline();
    timed_out_ = true;
    error_code ec;
    socket().cancel(ec);
}

template <class Stream>
void HttpConnection<Stream>::abort() {
    closing_ = aborted_ = true;
    note_close(trace::CloseReason::shutdown, "forced shutdown");
    if (websocket_) websocket_->abort();
    error_code ec;
    socket().close(ec);
    cancel_.emit(asio::cancellation_type::terminal);
}

template <class Stream>
asio::awaitable<void> HttpConnection<Stream>::run() {
    bool linger = false;
    bool secured = false;  // TLS: the handshake completed
    try {
        if constexpr (kTls) {
            secured = co_await handshake();
            if (!secured) closing_ = true;
        }
        // The previous request's header vector, emptied: the next request's headers go into
        // its capacity instead of a vector grown afresh (1, 2, 4, ... headers) each time.
        asgi::Headers spare_headers;
        while (!closing_) {
            Exchange ex;
            ex.scope.headers = std::move(spare_headers);
            if (co_await read_head(ex) == HeadResult::Closed) {
                linger = ex.close_after;
                break;
            }
            co_await handle(ex);
            spare_headers = std::move(ex.scope.headers);
            spare_headers.clear();
            if (spare_headers.capacity() > kKeptHeaderCapacity) spare_headers = asgi::Headers();
            if (ex.close_after || closing_) {
                linger = !ex.disconnected;
                if (ex.websocket && websocket_upgraded_) note_close(trace::CloseReason::websocket_closed);
                else if (ex.disconnected) note_close(trace::CloseReason::client_closed);
                else if (closing_) note_close(trace::CloseReason::shutdown);
                else note_close(trace::CloseReason::server_closed);
                break;
            }
        }
        if (closing_) note_close(trace::CloseReason::shutdown);
    } catch (const std::exception& e) {
        state_.logger.debug(std::string("connection failed: ") + e.what());
        note_close(trace::CloseReason::error, e.what());
    }
    if (!aborted_) {
        if constexpr (kTls) {
            if (secured && socket().is_open()) co_await close_tls();
        }
        error_code ec;
        socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        if (linger && !ec) {
            // Read what the client still sends so that closing does not reset the connection
            // and destroy the response it has not read yet.
            set_deadline(kLinger);
            std::size_t drained = 0;
            while (drained < kHighWater * 4) {
                buffer_.clear();
                auto [rec, n] = co_await socket().async_read_some(buffer_.prepare(kReadChunk), nothrow);
                if (rec) break;
                drained += n;
                if constexpr (!kTls) probe_.bytes_in += n;  // TLS: these are records, not HTTP
            }
        }
        socket().close(ec);
    }
    if (probe_.on()) publish_closed();
}

template <class Stream>
asio::awaitable<bool> HttpConnection<Stream>::handshake() {
    if constexpr (kTls) {
        set_deadline(seconds(state_.config.timeout_header_read));
        // The first bytes tell TLS from plaintext: a TLS client starts with a handshake record.
        auto [ec, n] = co_await socket().async_read_some(buffer_.prepare(kReadChunk), nothrow);
        if (ec) {
            clear_deadline();
            if (timed_out_) note_close(trace::CloseReason::header_timeout, "no TLS handshake in time");
            else if (closing_) note_close(trace::CloseReason::shutdown);
            else note_close(trace::CloseReason::client_closed);
            co_return false;
        }
        buffer_.commit(n);
        if (static_cast<const unsigned char*>(buffer_.data().data())[0] != 0x16) {
            state_.logger.debug("Plain HTTP received on a TLS port; answering 400 and closing.");
            static constexpr std::string_view kPlain =
                "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
                "content-length: 20\r\nconnection: close\r\n\r\nThis port speaks TLS";
            note_close(trace::CloseReason::error, "plain HTTP on a TLS port");
            set_deadline(kErrorWriteTimeout);
            auto [wec, written] = co_await asio::async_write(socket(), asio::buffer(kPlain), nothrow);
            (void)wec;
            probe_.bytes_out += written;
            clear_deadline();
            buffer_.clear();
            error_code sec;
            socket().shutdown(asio::ip::tcp::socket::shutdown_send, sec);
            co_return false;
        }
        auto [hec, used] = co_await stream_.async_handshake(asio::ssl::stream_base::server,
                                                            buffer_.data(), nothrow);
        (void)used;
        buffer_.clear();  // the engine took every byte; extra ones come back from reads
        clear_deadline();
        if (hec) {
            state_.logger.debug("TLS handshake failed: " + hec.message());
            if (timed_out_) note_close(trace::CloseReason::header_timeout, "TLS handshake took too long");
            else note_close(trace::CloseReason::error, "TLS handshake failed: " + hec.message());
            co_return false;
        }
        tls_ = tls_info(stream_, *state_.tls);
        if (probe_.on()) {
            trace::ConnectionEvent e = probe_.event(trace::ConnectionEventKind::tls);
            e.tls = connection_tls(stream_);
            probe_.publish(std::move(e));
        }
        co_return true;
    } else {
        co_return true;
    }
}

template <class Stream>
asio::awaitable<void> HttpConnection<Stream>::close_tls() {
    if constexpr (kTls) {
        prepare_one_way_shutdown(stream_);
        set_deadline(kLinger);
        co_await stream_.async_shutdown(nothrow);
        clear_deadline();
    }
    co_return;
}

template <class Stream>
asio::awaitable<typename HttpConnection<Stream>::HeadResult> HttpConnection<Stream>::read_head(Exchange& ex) {
    ex.parser.emplace(state_.config, ex.scope);
    auto& parser = *ex.parser;
    bool started = false;
    auto start_timer = [&] {
        started = true;
        set_deadline(seconds(state_.config.timeout_header_read));
    };
    idle_ = true;
    if (buffer_.size() == 0) {
        set_deadline(seconds(requests_ == 0 ? state_.config.timeout_header_read
                                                     : state_.config.timeout_keep_alive));
    }
    for (;;) {
        if (buffer_.size() > 0) {
            if (!started) {
                // RFC 9112 2.2: empty lines before a request line are ignored.
                auto data = buffered(buffer_);
                std::size_t skip = 0;
                while (skip < data.size() && (data[skip] == '\r' || data[skip] == '\n')) ++skip;
                buffer_.consume(skip);
                if (buffer_.size() > 0) start_timer();
            }
            if (buffer_.size() > 0) {
                auto data = buffered(buffer_);
                if (parser.request_line_too_long(data)) {
                    ex.close_after = true;
                    idle_ = false;  // let the answer out even if shutdown begins
                    note_close(trace::CloseReason::error, "414 URI Too Long");
                    co_await write_error(414, "URI Too Long");
                    co_return HeadResult::Closed;
                }
                beast::error_code ec;
                buffer_.consume(parser.feed(data, ec));
                if (!ec && parser.is_header_done()) break;
                if (ec && ec != beast::http::error::need_more) {
                    auto rejection = parser.rejection(ec);
                    state_.logger.debug("Invalid HTTP request received: " + rejection.detail);
                    ex.close_after = true;
                    idle_ = false;
                    note_close(trace::CloseReason::error, std::to_string(rejection.status) + " " + rejection.detail);
                    co_await write_error(rejection.status, rejection.detail);
                    co_return HeadResult::Closed;
                }
            }
        }
        if (closing_) {
            note_close(trace::CloseReason::shutdown);
            co_return HeadResult::Closed;
        }
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), nothrow);
        if (ec) {  // EOF, timeout, or shutdown: close quietly
            if (timed_out_ && !started && requests_ > 0) note_close(trace::CloseReason::keep_alive_timeout);
            else if (timed_out_) note_close(trace::CloseReason::header_timeout);
            else if (closing_) note_close(trace::CloseReason::shutdown);
            else note_close(trace::CloseReason::client_closed, ec == asio::error::eof ? "" : ec.message());
            co_return HeadResult::Closed;
        }
        probe_.bytes_in += n;
        buffer_.commit(n);
    }
    clear_deadline();
    idle_ = false;
    co_return HeadResult::Ready;
}

template <class Stream>
void HttpConnection<Stream>::fill_scope(Exchange& ex) {
    auto& s = ex.scope;
    s.type = "http";
    if constexpr (kTls) {
        s.scheme = "https";
        s.extensions.tls = tls_;
    } else {
        s.scheme = "http";
    }
    s.root_path = state_.config.root_path;
    s.connection_id = probe_.id;
    s.request_index = requests_;
    s.client = client_;
    s.server = server_;
    if (state_.lifespan_state) {
        s.state = state_.lifespan_state;  // copy on write: see Scope::own_state()
        s.state_shared = true;
    }
    if (!client_trusted_) return;
    if (auto proto = asgi::find_header(s.headers, "x-forwarded-proto")) {
        std::string p(trim(*proto));
        lower_in_place(p);
        if (p == "https" || p == "wss") s.scheme = "https";
        else if (p == "http" || p == "ws") s.scheme = "http";
    }
    if (auto xff = asgi::find_header(s.headers, "x-forwarded-for")) {
        // The nearest address that is not a trusted proxy is the client.
        std::vector<std::string_view> hops;
        std::string_view list = *xff;
        while (true) {
            auto comma = list.find(',');
            if (auto hop = trim(list.substr(0, comma)); !hop.empty()) hops.push_back(hop);
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
        if (!hops.empty()) {
            std::string_view client = hops.front();
            for (auto it = hops.rbegin(); it != hops.rend(); ++it)
                if (!state_.trusted.trusts(*it)) {
                    client = *it;
                    break;
                }
            s.client = asgi::Address{std::string(client), 0};
        }
    }
}

template <class Stream>
asio::awaitable<void> HttpConnection<Stream>::handle(Exchange& ex) {
    ++requests_;
    probe_.requests = requests_;
    ex.started_at = std::chrono::steady_clock::now();
    fill_scope(ex);
    if (probe_.on()) publish_request(ex);
    ex.head_request = ex.scope.method == "HEAD"sv;
    ex.expect_continue = ex.parser->expect_continue() && ex.parser->version() == 11;

    const auto& cfg = state_.config;
    if (cfg.limit_concurrency && (state_.in_flight.load() >= *cfg.limit_concurrency ||
                                  state_.open_connections.load() > *cfg.limit_concurrency)) {
        state_.logger.warning("Exceeded concurrency limit.");
        ex.status = 503;
        ex.close_after = true;
        co_await write_error(503, "Service Unavailable");
        log_access(ex);
        co_return;
    }
    auto total = ++state_.requests_total;
    ++state_.in_flight;
    if (is_websocket_upgrade(ex.scope)) {
        // The socket belongs to the WebSocket session from here on; the connection ends
        // with it (lingering only after an HTTP answer such as 403).
        ex.websocket = true;
        ex.close_after = true;
        auto outcome = co_await serve_websocket(state_, stream_, ex.scope, buffered(buffer_),
                                                !ex.parser->is_done(), closing_, websocket_, probe_);
        buffer_.clear();
        ex.disconnected = outcome == WebSocketOutcome::Upgraded;
        websocket_upgraded_ = ex.disconnected;
    } else {
        // The app runs in this frame (no coroutine of its own for the call): one frame fewer
        // per request.
        asgi::Receive receive = [this, &ex]() { return this->receive(ex); };
        asgi::Send send = [this, &ex](asgi::Message&& m) { return this->send(ex, std::move(m)); };
        std::string error;
        try {
            co_await state_.app(ex.scope, std::move(receive), std::move(send));
        } catch (const asgi::ClientDisconnected&) {
            ex.disconnected = true;
        } catch (const std::exception& e) {
            error = boost::core::demangle(typeid(e).name()) + ": " + e.what();
        } catch (...) {
            error = "unknown exception";
        }
        if (app_finished(ex, error)) co_await write_error(500, "Internal Server Error");
        if (!error.empty() && ex.close_after) note_close(trace::CloseReason::error, "ASGI application failed: " + error);
    }
    --state_.in_flight;
    if (!ex.websocket) log_access(ex);
    if (cfg.limit_max_requests && total == *cfg.limit_max_requests) {
        state_.logger.warning("Maximum request limit of " + std::to_string(total) +
                              " exceeded. Terminating process.");
        state_.request_stop();
    }
    if (!ex.close_after && !ex.parser->is_done() && !co_await discard_unread_body(ex))
        ex.close_after = true;
}

template <class Stream>
bool HttpConnection<Stream>::app_finished(Exchange& ex, const std::string& error) {
    // Cancelled by a forced shutdown: the socket is closed, nothing more can be written (and
    // any co_await would throw now), so no 500 attempt.
    if (aborted_) ex.disconnected = true;
    if (!error.empty() && aborted_) {
        state_.logger.debug("ASGI application cancelled by forced shutdown: " + error);
    } else if (!error.empty()) {
        state_.logger.error("Exception in ASGI application: " + error);
    } else if (!ex.response_started && !ex.disconnected) {
        state_.logger.error("ASGI callable returned without starting response.");
    } else if (ex.response_started && !ex.response_complete && !ex.disconnected) {
        state_.logger.error("ASGI callable returned without completing response.");
    }
    if (!ex.response_started && !ex.disconnected) {
        ex.status = 500;
        ex.response_started = ex.response_complete = true;
        ex.close_after = true;
        return true;
    }
    if (!ex.response_complete || ex.disconnected) ex.close_after = true;
    return false;
}

template <class Stream>
asio::awaitable<asgi::Message> HttpConnection<Stream>::receive(Exchange& ex) {
    if (ex.response_complete || ex.disconnected) co_return asgi::HttpDisconnect{};
    if (ex.request_complete) {
        // The whole body was delivered: the next event is the client going away, or the end
        // of the response. Keep reading (bytes of pipelined requests are kept) to notice it.
        while (!ex.response_complete && !ex.disconnected) {
            if (buffer_.size() >= kHighWater) {
                ex.done.emplace(stream_.get_executor());
                co_await ex.done->wait();
                break;
            }
            ex.reading_for_disconnect = true;
            auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), nothrow);
            ex.reading_for_disconnect = false;
            if (ec == asio::error::operation_aborted) continue;
            if (ec) {
                ex.disconnected = true;
                break;
            }
            probe_.bytes_in += n;
            buffer_.commit(n);
        }
        co_return asgi::HttpDisconnect{};
    }
    auto& parser = *ex.parser;
    if (ex.expect_continue && !ex.sent_continue && !ex.head_written && !parser.is_done()) {
        // The head of an already started response is held back until its first body message,
        // so the client is still waiting: 100 Continue is valid until that head is written.
        ex.sent_continue = true;
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), nothrow);
        probe_.bytes_out += n;
        if (ec) {
            ex.disconnected = true;
            co_return asgi::HttpDisconnect{};
        }
    }
    parser.body().clear();
    while (!parser.is_done()) {
        if (buffer_.size() > 0) {
            beast::error_code ec;
            buffer_.consume(parser.feed(buffered(buffer_), ec));
            if (ec && ec != beast::http::error::need_more) {
                // A broken body (bad chunk framing): answer 400 if we still can, and tell the
                // app the client is gone; its further sends raise ClientDisconnected.
                auto rejection = parser.rejection(ec);
                state_.logger.debug("Invalid HTTP request body: " + rejection.detail);
                if (!ex.head_written) {
                    ex.status = rejection.status;
                    co_await write_error(rejection.status, rejection.detail);
                }
                ex.disconnected = true;
                ex.close_after = true;
                co_return asgi::HttpDisconnect{};
            }
            if (!parser.body().empty() || parser.is_done()) break;
            if (!ec) continue;
        }
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), nothrow);
        if (ec) {
            ex.disconnected = true;
            co_return asgi::HttpDisconnect{};
        }
        probe_.bytes_in += n;
        buffer_.commit(n);
    }
    ex.request_complete = parser.is_done();
    asgi::Bytes body;
    if (!parser.body().empty()) body = asgi::Bytes(std::move(parser.body()));
    co_return asgi::HttpRequest{std::move(body), !ex.request_complete};
}

template <class Stream>
void HttpConnection<Stream>::protocol_error(Exchange& ex, const std::string& what) {
    ex.close_after = true;
    throw asgi::ProtocolError(what);
}

template <class Stream>
asio::awaitable<void> HttpConnection<Stream>::send(Exchange& ex, asgi::Message message) {
    if (ex.disconnected || aborted_) throw asgi::ClientDisconnected();
    if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) {
        if (ex.response_started)
            protocol_error(ex, "Unexpected ASGI message 'http.response.start' sent, after "
                               "response already started.");
        if (start->status < 200 || start->status > 599)
            protocol_error(ex, "Invalid HTTP status code " + std::to_string(start->status) +
                                   " in 'http.response.start'.");
        for (const auto& h : start->headers) {
            if (!valid_name(h.first) || !valid_value(h.second))
                protocol_error(ex, "Invalid header name or value in 'http.response.start'.");
            if (is_content_length(h.first)) {
                std::uint64_t n = 0;
                auto v = trim(h.second);
                auto r = std::from_chars(v.data(), v.data() + v.size(), n);
                if (r.ec != std::errc() || r.ptr != v.data() + v.size() || v.empty() ||
                    (ex.declared_length && *ex.declared_length != n))
                    protocol_error(ex, "Invalid Content-Length header in 'http.response.start'.");
                ex.declared_length = n;
            }
        }
        ex.response_started = true;
        ex.status = start->status;
        ex.headers = std::move(start->headers);
        co_return;  // the head goes out with the first body message: one write, and a length
    }
    if (auto* body = std::get_if<asgi::HttpResponseBody>(&message)) {
        if (!ex.response_started)
            protocol_error(ex, "Expected ASGI message 'http.response.start', but got "
                               "'http.response.body'.");
        if (ex.response_complete)
            protocol_error(ex, "Unexpected ASGI message 'http.response.body' sent, after "
                               "response already completed.");
        // Head and body leave in one write (two buffers, Asio's cheapest gather path).
        std::array<asio::const_buffer, 4> buffers;
        char chunk_size[20];
        const std::size_t count = prepare_body(ex, *body, buffers, chunk_size);
        error_code ec;
        std::size_t written = 0;
        std::size_t first = 0;  // buffers the synchronous attempt wrote whole
        if constexpr (std::is_same_v<Stream, asio::ip::tcp::socket>) {
            // The last message of a response is written at once when the socket takes it (it
            // is non-blocking): the request then ends without a trip through the scheduler,
            // its coroutine frames are freed at once and come back from Asio's frame cache.
            // What the socket does not take goes out asynchronously below. Streamed chunks
            // always yield, so a fast stream cannot starve the worker's other connections.
            if (!body->more_body && count > 0) {
                std::size_t n = stream_.write_some(std::span<const asio::const_buffer>(buffers.data(), count), ec);
                if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
                probe_.bytes_out += n;
                while (first < count && n >= buffers[first].size()) n -= buffers[first++].size();
                if (first < count) buffers[first] += n;
            }
        }
        if (ec) {
        } else if (first == count) {
        } else if (first == 0 && count <= 2) {
            std::array<asio::const_buffer, 2> two{buffers[0], buffers[1]};
            std::tie(ec, written) = co_await asio::async_write(stream_, two, nothrow);
        } else if (first + 2 == count) {
            std::array<asio::const_buffer, 2> two{buffers[first], buffers[first + 1]};
            std::tie(ec, written) = co_await asio::async_write(stream_, two, nothrow);
        } else if (first + 1 == count) {
            std::tie(ec, written) = co_await asio::async_write(stream_, buffers[first], nothrow);
        } else if (count > 2) {
            std::tie(ec, written) = co_await asio::async_write(
                stream_, std::span<const asio::const_buffer>(buffers.data() + first, count - first), nothrow);
        }
        probe_.bytes_out += written;
        if (ec) {
            ex.disconnected = true;
            ex.close_after = true;
            throw asgi::ClientDisconnected();
        }
        if (!body->more_body) finish_response(ex);
        co_return;
    }
    protocol_error(ex, "Unexpected ASGI message '" + std::string(asgi::type_name(message)) +
                           "' sent on an HTTP connection.");
}

template <class Stream>
void HttpConnection<Stream>::build_head(Exchange& ex, bool final_body, std::size_t body_size) {
    const auto& cfg = state_.config;
    head_.clear();
    head_ += status_line(ex.status);
    bool has_server = false, has_date = false, has_te = false, has_connection = false;
    for (const auto& [name, value] : ex.headers) {
        // The names the server cares about have distinct lengths: compare only those.
        switch (name.size()) {
            case 4: has_date = has_date || iequals(name, "date"); break;
            case 6: has_server = has_server || iequals(name, "server"); break;
            case 10:
                if (iequals(name, "connection")) {
                    has_connection = true;
                    if (has_token(value, "close")) ex.close_after = true;
                }
                break;
            case 17:
                if (iequals(name, "transfer-encoding")) {
                    has_te = true;
                    ex.chunked = has_token(value, "chunked");
                }
                break;
            default: break;
        }
        head_.append_header(name, value);
    }
    if (cfg.server_header && !has_server) head_ += "server: asgiscope\r\n"sv;
    if (cfg.date_header && !has_date) head_.append_header("date"sv, http_date_now());
    for (const auto& [name, value] : state_.extra_headers) {
        if (asgi::find_header(ex.headers, name)) continue;
        head_.append_header(name, value);
    }
    const bool bodiless = ex.status == 204 || ex.status == 304;
    if (!bodiless && !ex.declared_length && !has_te) {
        if (final_body) {
            head_ += "content-length: "sv;
            head_.append_number(body_size);
            head_ += "\r\n"sv;
        } else if (ex.parser->version() == 11) {
            head_ += "transfer-encoding: chunked\r\n"sv;
            ex.chunked = true;
        } else {
            ex.close_after = true;  // HTTP/1.0: the end of the connection ends the body
        }
    }
    if (!ex.parser->keep_alive_requested() || closing_ || state_.stopping.load() ||
        (ex.expect_continue && !ex.sent_continue && !ex.parser->is_done()))
        ex.close_after = true;
    if (ex.close_after) {
        if (!has_connection) head_ += "connection: close\r\n"sv;
    } else if (ex.parser->version() == 10 && !has_connection) {
        head_ += "connection: keep-alive\r\n"sv;
    }
    head_ += "\r\n"sv;
}

template <class Stream>
std::size_t HttpConnection<Stream>::prepare_body(Exchange& ex, const asgi::HttpResponseBody& body,
                                         std::array<asio::const_buffer, 4>& buffers,
                                         char (&chunk_size)[20]) {
    const bool final_body = !body.more_body;
    const std::size_t n = body.body.size();
    const bool bodiless = ex.status == 204 || ex.status == 304;
    if (ex.declared_length && !ex.head_request && !bodiless) {
        if (ex.body_sent + n > *ex.declared_length)
            protocol_error(ex, "Response content longer than Content-Length");
        if (final_body && ex.body_sent + n < *ex.declared_length)
            protocol_error(ex, "Response content shorter than Content-Length");
    }
    const bool first = !ex.head_written;
    if (first) build_head(ex, final_body, n);
    const bool payload = !ex.head_request && !bodiless;

    std::size_t count = 0;
    if (first) buffers[count++] = asio::buffer(head_.data(), head_.size());
    if (payload && n > 0) {
        if (ex.chunked) {
            int len = std::snprintf(chunk_size, sizeof chunk_size, "%zx\r\n", n);
            buffers[count++] = asio::buffer(chunk_size, std::size_t(len));
            buffers[count++] = asio::buffer(body.body.data(), n);
            buffers[count++] = asio::buffer(final_body ? std::string_view("\r\n0\r\n\r\n")
                                                       : std::string_view("\r\n"));
        } else {
            buffers[count++] = asio::buffer(body.body.data(), n);
        }
    } else if (payload && ex.chunked && final_body) {
        buffers[count++] = asio::buffer(std::string_view("0\r\n\r\n"));
    }
    ex.head_written = true;
    ex.body_sent += n;
    return count;
}

template <class Stream>
void HttpConnection<Stream>::finish_response(Exchange& ex) {
    ex.response_complete = true;
    if (closing_) ex.close_after = true;
    if (ex.reading_for_disconnect) {
        error_code ec;
        socket().cancel(ec);
    }
    if (ex.done) ex.done->set();
}

template <class Stream>
asio::awaitable<bool> HttpConnection<Stream>::discard_unread_body(Exchange& ex) {
    if (ex.expect_continue && !ex.sent_continue) co_return false;
    auto& parser = *ex.parser;
    set_deadline(seconds(state_.config.timeout_header_read));
    std::size_t discarded = 0;
    while (!parser.is_done()) {
        if (buffer_.size() > 0) {
            beast::error_code ec;
            buffer_.consume(parser.feed(buffered(buffer_), ec));
            discarded += parser.body().size();
            parser.body().clear();
            if ((ec && ec != beast::http::error::need_more) || discarded > kDrainLimit)
                co_return false;
            if (!ec) continue;
        }
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), nothrow);
        if (ec) co_return false;
        probe_.bytes_in += n;
        buffer_.commit(n);
    }
    clear_deadline();
    co_return true;
}

template <class Stream>
asio::awaitable<void> HttpConnection<Stream>::write_error(int status, std::string_view text) {
    head_.clear();
    head_ += status_line(status);
    head_ += "content-type: text/plain; charset=utf-8\r\ncontent-length: "sv;
    head_.append_number(text.size());
    head_ += "\r\nconnection: close\r\n"sv;
    if (state_.config.server_header) head_ += "server: asgiscope\r\n"sv;
    if (state_.config.date_header) head_.append_header("date"sv, http_date_now());
    if (status == 505) head_ += "upgrade: HTTP/1.1\r\n"sv;
    head_ += "\r\n"sv;
    head_ += text;
    set_deadline(kErrorWriteTimeout);
    auto [ec, written] = co_await asio::async_write(stream_, asio::buffer(head_.data(), head_.size()), nothrow);
    (void)ec;
    probe_.bytes_out += written;
    clear_deadline();
}

template <class Stream>
void HttpConnection<Stream>::log_access(const Exchange& ex) {
    if (!state_.config.access_log || !state_.logger.enabled(LogLevel::Info)) return;
    auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                             ex.started_at)
                       .count();
    std::string line;
    line.reserve(128);
    if (ex.scope.client) {
        line += ex.scope.client->host;
        line += ':';
        append_number(line, ex.scope.client->port);
    } else {
        line += '-';
    }
    line += " - \"";
    line += ex.scope.method;
    line += ' ';
    line += ex.scope.raw_path;
    if (!ex.scope.query_string.empty()) {
        line += '?';
        line += ex.scope.query_string;
    }
    line += " HTTP/"sv;
    line += ex.scope.http_version;
    line += "\" ";
    append_number(line, std::uint64_t(ex.status));
    line += ' ';
    line += reason_phrase(ex.status);
    char ms[32];
    std::snprintf(ms, sizeof ms, " %.2fms", elapsed);
    line += ms;
    state_.logger.info(line);
}

template class HttpConnection<asio::ip::tcp::socket>;
template class HttpConnection<TlsStream>;

}  // namespace asgiscope::server::detail
