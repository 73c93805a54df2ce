#include "websocket_connection.hpp"

#include <deque>
#include <optional>
#include <typeinfo>

#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/core/demangle.hpp>

#include "connection_probe.hpp"
#include "http_util.hpp"
#include "tls.hpp"

namespace asgiscope::server::detail {

/// A completion handler that adds the bytes its operation moved to a connection's counter,
/// then calls the handler it wraps, whose executor, allocator and cancellation slot stay
/// associated (boost::asio::associator below).
template <class Handler>
struct CountingHandler {
    Handler handler;
    std::uint64_t* counter;
    void operator()(boost::system::error_code ec, std::size_t n) {
        *counter += n;
        std::move(handler)(ec, n);
    }
};

}  // namespace asgiscope::server::detail

template <template <typename, typename> class Associator, typename Handler, typename DefaultCandidate>
struct boost::asio::associator<Associator, asgiscope::server::detail::CountingHandler<Handler>, DefaultCandidate>
    : Associator<Handler, DefaultCandidate> {
    static typename Associator<Handler, DefaultCandidate>::type get(
        const asgiscope::server::detail::CountingHandler<Handler>& h) noexcept {
        return Associator<Handler, DefaultCandidate>::get(h.handler);
    }
    static auto get(const asgiscope::server::detail::CountingHandler<Handler>& h, const DefaultCandidate& c) noexcept
        -> decltype(Associator<Handler, DefaultCandidate>::get(h.handler, c)) {
        return Associator<Handler, DefaultCandidate>::get(h.handler, c);
    }
};

namespace asgiscope::server::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;
using namespace std::string_view_literals;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kNever = Clock::time_point::max();
// Time allowed to write an HTTP response (an error, a denial, the 101) to a client that does
// not read, and for the closing handshake: websockets' close_timeout.
constexpr auto kWriteTimeout = std::chrono::seconds(10);
constexpr auto kCloseTimeout = std::chrono::seconds(10);
// Beast's websocket stream keeps received bytes in a buffer of this size; the bytes a client
// sent after its handshake request (it should wait for the 101) must fit there.
constexpr std::size_t kBeastReadBuffer = 1536;  // websocket::stream::tcp_frame_size (private)
constexpr std::size_t kMaxExtensionOffer = 512;

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

bool is_tchar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_tchar(c)) return false;
    return true;
}

bool valid_header(const asgi::Header& h) {
    if (!is_token(h.first)) return false;
    for (char c : h.second)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

/// Standard base64 of exactly 16 bytes: 22 alphabet characters (the last with its four
/// unused bits zero) and "==".
bool valid_websocket_key(std::string_view key) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (key.size() != 24 || key.substr(22) != "==") return false;
    for (std::size_t i = 0; i < 22; ++i) {
        auto v = alphabet.find(key[i]);
        if (v == std::string_view::npos) return false;
        if (i == 21 && (v & 0x0F) != 0) return false;
    }
    return true;
}

/// Close codes an endpoint may send (RFC 6455 7.4, IANA registry; 3000-4999 for apps).
bool sendable_close_code(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

void append_number(std::string& out, std::uint64_t n) { out += std::to_string(n); }

/// The next layer under Beast's websocket stream: the connection's socket, or its TLS stream
/// when TLS is on (one branch per operation, so the session is not a template; the WebSocket
/// path spends its time in Beast's framing, not here). While `capture` is on, writes are kept
/// in `captured` instead of sent. Beast writes its 101 response through it during accept; the
/// session then sends that head itself, adjusted (Beast insists on a Server header of its own
/// otherwise). next_layer() is the TCP socket: Beast closes it to fail a connection.
class HandshakeStream {
public:
    using executor_type = tcp::socket::executor_type;
    using next_layer_type = tcp::socket;

    HandshakeStream(tcp::socket& socket, TlsStream* tls, ConnectionProbe& probe)
        : socket_(&socket), tls_(tls), probe_(&probe) {}

    executor_type get_executor() { return socket_->get_executor(); }
    next_layer_type& next_layer() { return *socket_; }
    TlsStream* tls() { return tls_; }

    template <class MutableBufferSequence, class Token>
    auto async_read_some(const MutableBufferSequence& buffers, Token&& token) {
        return asio::async_initiate<Token, void(error_code, std::size_t)>(
            [this](auto&& handler, const MutableBufferSequence& b) {
                using H = std::decay_t<decltype(handler)>;
                CountingHandler<H> counting{std::forward<decltype(handler)>(handler), &probe_->bytes_in};
                if (tls_) tls_->async_read_some(b, std::move(counting));
                else socket_->async_read_some(b, std::move(counting));
            },
            token, buffers);
    }

    template <class ConstBufferSequence, class Token>
    auto async_write_some(const ConstBufferSequence& buffers, Token&& token) {
        return asio::async_initiate<Token, void(error_code, std::size_t)>(
            [this](auto&& handler, const ConstBufferSequence& b) {
                if (!capture) {
                    using H = std::decay_t<decltype(handler)>;
                    CountingHandler<H> counting{std::forward<decltype(handler)>(handler), &probe_->bytes_out};
                    if (tls_) tls_->async_write_some(b, std::move(counting));
                    else socket_->async_write_some(b, std::move(counting));
                    return;
                }
                const std::size_t n = asio::buffer_size(b);
                const std::size_t old = captured.size();
                captured.resize(old + n);
                asio::buffer_copy(asio::buffer(captured.data() + old, n), b);
                asio::post(socket_->get_executor(),
                           asio::append(std::forward<decltype(handler)>(handler), error_code(), n));
            },
            token, buffers);
    }

    bool capture = false;
    std::string captured;
    /// Set when Beast tears the connection down (after a close handshake or a protocol
    /// error): it then waits for the client's FIN, at most until this deadline.
    Clock::time_point* teardown_deadline = nullptr;

private:
    tcp::socket* socket_;
    TlsStream* tls_;
    ConnectionProbe* probe_;  // bytes in and out are counted on it
};

// Found by argument-dependent lookup when Beast closes the stream.
[[maybe_unused]] void teardown(beast::role_type role, HandshakeStream& s, error_code& ec) {
    websocket::teardown(role, s.next_layer(), ec);
}

template <class TeardownHandler>
void async_teardown(beast::role_type role, HandshakeStream& s, TeardownHandler&& handler) {
    if (s.teardown_deadline) *s.teardown_deadline = Clock::now() + kCloseTimeout;
    if (TlsStream* tls = s.tls()) {
        // Our close_notify, without waiting for the peer's; then the TCP teardown.
        prepare_one_way_shutdown(*tls);
        tls->async_shutdown(
            [role, &s, h = std::forward<TeardownHandler>(handler)](error_code) mutable {
                websocket::async_teardown(role, s.next_layer(), std::move(h));
            });
        return;
    }
    websocket::async_teardown(role, s.next_layer(), std::forward<TeardownHandler>(handler));
}

using WsStream = websocket::stream<HandshakeStream, true>;

/// One WebSocket request, from the validated upgrade request to the closed connection.
class Session final : public WebSocketControl {
public:
    Session(ServerState& state, tcp::socket& socket, TlsStream* tls, asgi::Scope& scope,
            bool shutting_down, ConnectionProbe& probe)
        : state_(state),
          cfg_(state.config),
          socket_(socket),
          tls_(tls),
          probe_(probe),
          scope_(scope),
          shutting_down_(shutting_down),
          receive_wake_(socket.get_executor(), kNever),
          reader_wake_(socket.get_executor(), kNever),
          write_wake_(socket.get_executor(), kNever),
          state_wake_(socket.get_executor(), kNever),
          ping_timer_(socket.get_executor(), kNever) {}

    asio::awaitable<WebSocketOutcome> run(std::string_view already_read, bool has_body);

    void begin_shutdown() override;
    void abort() override;
    void check_deadline(Clock::time_point now) override;

private:
    enum class Phase {
        Connecting,  // the app has not decided yet
        Open,        // accepted: frames flow
        Responding,  // a denial response is being sent
        Answered,    // an HTTP response was sent instead of the 101
    };

    std::optional<std::pair<int, std::string>> validate(std::string_view already_read, bool has_body);
    void fill_scope();
    std::string beast_request() const;

    asio::awaitable<asgi::Message> receive();
    asio::awaitable<void> send(asgi::Message message);
    asio::awaitable<void> accept(asgi::WebSocketAccept& accept);
    asio::awaitable<void> send_frame(asgi::WebSocketSend& message);
    asio::awaitable<void> send_denial_body(asgi::WebSocketHttpResponseBody& body);
    asio::awaitable<void> close_websocket(int code, std::string reason);
    asio::awaitable<bool> write_raw(std::string_view data);
    asio::awaitable<void> answer(int status, std::string_view body, std::string_view extra_head = {});

    asio::awaitable<void> reader();
    asio::awaitable<void> pinger();
    asio::awaitable<void> shutdown_closer();
    asio::awaitable<void> finish(bool app_failed);
    void task_done();

    void connection_over(asgi::WebSocketDisconnect d);
    asgi::WebSocketDisconnect disconnect_for(const error_code& ec) const;
    void wake_all();
    std::string head_line(int status) const;
    void default_headers(std::string& head, const asgi::Headers& app_headers) const;
    void log_request(std::string_view outcome) const;
    [[noreturn]] void protocol_error(const std::string& what) const { throw asgi::ProtocolError(what); }

    ServerState& state_;
    const Config& cfg_;
    tcp::socket& socket_;
    TlsStream* tls_;  // null for plain TCP
    ConnectionProbe& probe_;  // the connection's counters and events
    asgi::Scope& scope_;
    std::optional<WsStream> ws_;
    std::string leftover_;

    Phase phase_ = Phase::Connecting;
    bool connect_delivered_ = false;
    bool app_closed_ = false;     // the app sent websocket.close
    bool close_started_ = false;  // our close frame is on its way
    bool closing_now_ = false;    // a close_websocket() is running
    bool peer_gone_ = false;      // nothing more will be read
    bool writing_ = false;        // a websocket.send is being written
    bool finished_ = false;       // the app has returned: tasks wind down
    bool aborted_ = false;
    bool shutting_down_ = false;
    int tasks_ = 0;               // reader, pinger, shutdown closer still running
    std::deque<asgi::Message> queue_;
    std::optional<asgi::WebSocketDisconnect> disconnect_;
    int logged_status_ = 0;

    // Denial response (websocket.http.response.*)
    int denial_status_ = 0;
    asgi::Headers denial_headers_;
    bool denial_head_written_ = false;
    bool denial_chunked_ = false;
    bool denial_complete_ = false;

    Clock::time_point write_deadline_ = kNever;
    Clock::time_point close_deadline_ = kNever;
    Clock::time_point ping_deadline_ = kNever;
    Clock::time_point teardown_deadline_ = kNever;

    asio::steady_timer receive_wake_;  // the app's receive waits for a message
    asio::steady_timer reader_wake_;   // the reader waits for room in the queue
    asio::steady_timer write_wake_;    // a send waits for the one before it
    asio::steady_timer state_wake_;    // finish() waits for the tasks and the close
    asio::steady_timer ping_timer_;
};

// ---- Handshake --------------------------------------------------------------------------

std::optional<std::pair<int, std::string>> Session::validate(std::string_view already_read,
                                                             bool has_body) {
    if (has_body) return std::pair{400, std::string("WebSocket handshake request with a body")};
    int keys = 0, versions = 0;
    std::string_view key, version;
    for (const auto& [name, value] : scope_.headers) {
        if (name == "sec-websocket-key") {
            ++keys;
            key = trim(value);
        } else if (name == "sec-websocket-version") {
            ++versions;
            version = trim(value);
        }
    }
    if (keys == 0) return std::pair{400, std::string("Missing Sec-WebSocket-Key header")};
    if (keys > 1) return std::pair{400, std::string("Duplicate Sec-WebSocket-Key header")};
    if (!valid_websocket_key(key)) return std::pair{400, std::string("Invalid Sec-WebSocket-Key header")};
    if (versions != 1 || version != "13")
        return std::pair{426, std::string("Unsupported WebSocket version")};
    if (beast_request().size() + already_read.size() > kBeastReadBuffer)
        return std::pair{400, std::string("Data sent before the WebSocket handshake completed")};
    leftover_.assign(already_read);
    return std::nullopt;
}

bool is_websocket_upgrade_impl(const asgi::Scope& scope) {
    // Asked of every request: string_view comparisons (a length test first), not
    // std::string == const char* (strlen and compare).
    if (scope.method != "GET"sv || scope.http_version != "1.1"sv) return false;
    bool connection_upgrade = false, upgrade_websocket = false;
    for (const auto& [name, value] : scope.headers) {
        if (name == "connection"sv && has_token(value, "upgrade")) connection_upgrade = true;
        else if (name == "upgrade"sv && has_token(value, "websocket")) upgrade_websocket = true;
    }
    return connection_upgrade && upgrade_websocket;
}

void Session::fill_scope() {
    auto& s = scope_;
    s.type = "websocket";
    s.scheme = s.scheme == "https" ? "wss" : "ws";
    s.method.clear();
    s.asgi.spec_version = "2.4";
    s.extensions.websocket_http_response = true;
    for (const auto& [name, value] : s.headers) {
        if (name != "sec-websocket-protocol") continue;
        std::string_view list = value;
        while (true) {
            auto comma = list.find(',');
            if (auto p = trim(list.substr(0, comma)); !p.empty()) s.subprotocols.emplace_back(p);
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    }
}

// What Beast's accept parses: only the fields it checks or negotiates with. The handshake
// itself was validated before; the app's scope keeps the request as it came.
std::string Session::beast_request() const {
    std::string r = "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ";
    r += trim(*asgi::find_header(scope_.headers, "sec-websocket-key"));
    r += "\r\n";
    if (cfg_.ws_per_message_deflate) {
        std::string offers;
        for (const auto& [name, value] : scope_.headers) {
            if (name != "sec-websocket-extensions") continue;
            if (!offers.empty()) offers += ", ";
            offers += value;
        }
        if (!offers.empty() && offers.size() <= kMaxExtensionOffer) {
            r += "Sec-WebSocket-Extensions: ";
            r += offers;
            r += "\r\n";
        }
    }
    r += "\r\n";
    return r;
}

// ---- Running the app --------------------------------------------------------------------

asio::awaitable<WebSocketOutcome> Session::run(std::string_view already_read, bool has_body) {
    if (auto problem = validate(already_read, has_body)) {
        state_.logger.debug("Invalid WebSocket handshake: " + problem->second);
        co_await answer(problem->first, problem->second,
                        problem->first == 426 ? "sec-websocket-version: 13\r\n"sv : ""sv);
        co_return WebSocketOutcome::HttpResponse;
    }
    fill_scope();

    asgi::Receive receive = [this]() { return this->receive(); };
    asgi::Send send = [this](asgi::Message m) { return this->send(std::move(m)); };
    std::string error;
    bool disconnected = false;
    try {
        co_await state_.app(scope_, std::move(receive), std::move(send));
    } catch (const asgi::ClientDisconnected&) {
        disconnected = true;
    } catch (const std::exception& e) {
        error = boost::core::demangle(typeid(e).name()) + ": " + e.what();
    } catch (...) {
        error = "unknown exception";
    }
    // A forced shutdown cancels the app through the connection's cancellation slot; what
    // follows must still wait for this session's tasks, so it runs with a fresh state.
    co_await asio::this_coro::reset_cancellation_state();
    co_await asio::this_coro::throw_if_cancelled(false);

    if (!error.empty() && aborted_) {
        state_.logger.debug("ASGI application cancelled by forced shutdown: " + error);
    } else if (!error.empty()) {
        state_.logger.error("Exception in ASGI application: " + error);
    } else if (disconnected) {
        state_.logger.debug("ASGI application stopped: client disconnected");
    } else if (phase_ == Phase::Connecting && !aborted_) {
        state_.logger.error("ASGI callable returned without sending handshake.");
    } else if (phase_ == Phase::Responding && !aborted_) {
        state_.logger.error("ASGI callable returned without completing response.");
    }
    const bool upgraded = ws_ && phase_ == Phase::Open;
    try {
        co_await finish(!error.empty());
    } catch (const std::exception& e) {
        state_.logger.debug(std::string("websocket session ended: ") + e.what());
    }
    co_return upgraded ? WebSocketOutcome::Upgraded : WebSocketOutcome::HttpResponse;
}

asio::awaitable<void> Session::finish(bool app_failed) {
    if (phase_ == Phase::Connecting && !aborted_) {
        co_await answer(500, "Internal Server Error");
    } else if (phase_ == Phase::Responding && !denial_head_written_ && !aborted_) {
        co_await answer(500, "Internal Server Error");
    } else if (phase_ == Phase::Open) {
        if (!aborted_ && !close_started_ && ws_->is_open())
            co_await close_websocket(app_failed ? 1011 : 1000, "");
        while (closing_now_ && !aborted_) co_await state_wake_.async_wait(nothrow);
    }
    finished_ = true;
    error_code ec;
    socket_.close(ec);  // ends a read still pending; the close handshake is over by now
    wake_all();
    while (tasks_ > 0) co_await state_wake_.async_wait(nothrow);
    if (phase_ == Phase::Open && cfg_.access_log && state_.logger.enabled(LogLevel::Info))
        state_.logger.info("connection closed");
}

void Session::task_done() {
    if (--tasks_ == 0) state_wake_.cancel();
}

void Session::wake_all() {
    receive_wake_.cancel();
    reader_wake_.cancel();
    write_wake_.cancel();
    state_wake_.cancel();
    ping_timer_.cancel();
}

void Session::connection_over(asgi::WebSocketDisconnect d) {
    peer_gone_ = true;
    if (!disconnect_) disconnect_ = std::move(d);
    receive_wake_.cancel();
    ping_deadline_ = kNever;
}

asgi::WebSocketDisconnect Session::disconnect_for(const error_code& ec) const {
    if (ec == websocket::error::closed) {
        const auto& r = ws_->reason();
        int code = r.code == websocket::close_code::none ? 1005 : int(r.code);
        return asgi::WebSocketDisconnect(code, std::string(r.reason.data(), r.reason.size()));
    }
    // Beast failed the connection and sent a close frame with the matching code.
    if (ec == websocket::error::message_too_big) return asgi::WebSocketDisconnect(1009);
    if (ec == websocket::error::bad_frame_payload) return asgi::WebSocketDisconnect(1007);
    if (ec == websocket::condition::protocol_violation) return asgi::WebSocketDisconnect(1002);
    // The peer's close frame was read, but answering it failed: a client that drops the TCP
    // connection right after its close frame (QWebSocket does). The app still gets its code.
    if (const auto& r = ws_->reason(); r.code != websocket::close_code::none)
        return asgi::WebSocketDisconnect(int(r.code), std::string(r.reason.data(), r.reason.size()));
    return asgi::WebSocketDisconnect(1006);
}

asio::awaitable<asgi::Message> Session::receive() {
    if (!connect_delivered_) {
        connect_delivered_ = true;
        co_return asgi::WebSocketConnect{};
    }
    for (;;) {
        if (!queue_.empty()) {
            asgi::Message m = std::move(queue_.front());
            queue_.pop_front();
            reader_wake_.cancel();
            co_return m;
        }
        if (disconnect_) co_return *disconnect_;
        if (phase_ == Phase::Answered || aborted_) co_return asgi::WebSocketDisconnect(1006);
        co_await receive_wake_.async_wait(nothrow);
    }
}

asio::awaitable<void> Session::send(asgi::Message message) {
    if (aborted_) throw asgi::ClientDisconnected();
    const auto type = std::string(asgi::type_name(message));
    switch (phase_) {
        case Phase::Connecting:
            if (auto* a = std::get_if<asgi::WebSocketAccept>(&message)) {
                co_await accept(*a);
            } else if (auto* c = std::get_if<asgi::WebSocketClose>(&message)) {
                (void)c;
                app_closed_ = true;
                co_await answer(403, "");
            } else if (auto* start = std::get_if<asgi::WebSocketHttpResponseStart>(&message)) {
                if (start->status < 200 || start->status > 599)
                    protocol_error("Invalid HTTP status code " + std::to_string(start->status) +
                                   " in 'websocket.http.response.start'.");
                for (const auto& h : start->headers)
                    if (!valid_header(h))
                        protocol_error("Invalid header name or value in "
                                       "'websocket.http.response.start'.");
                denial_status_ = start->status;
                denial_headers_ = std::move(start->headers);
                phase_ = Phase::Responding;
            } else {
                protocol_error("Expected ASGI message 'websocket.accept', 'websocket.close' or "
                               "'websocket.http.response.start', but got '" + type + "'.");
            }
            co_return;
        case Phase::Responding:
            if (auto* body = std::get_if<asgi::WebSocketHttpResponseBody>(&message)) {
                co_await send_denial_body(*body);
                co_return;
            }
            protocol_error("Expected ASGI message 'websocket.http.response.body', but got '" +
                           type + "'.");
        case Phase::Answered:
            protocol_error("Unexpected ASGI message '" + type +
                           "', after sending 'websocket.close' or response already completed.");
        case Phase::Open:
            break;
    }
    if (app_closed_)
        protocol_error("Unexpected ASGI message '" + type + "', after sending 'websocket.close'.");
    if (auto* frame = std::get_if<asgi::WebSocketSend>(&message)) {
        co_await send_frame(*frame);
    } else if (auto* close = std::get_if<asgi::WebSocketClose>(&message)) {
        if (!sendable_close_code(close->code))
            protocol_error("Invalid close code " + std::to_string(close->code) +
                           " in 'websocket.close'.");
        if (close->reason.size() > 123 ||
            !websocket::detail::check_utf8(close->reason.data(), close->reason.size()))
            protocol_error("The reason in 'websocket.close' must be UTF-8 of at most 123 bytes.");
        app_closed_ = true;
        co_await close_websocket(close->code, std::move(close->reason));
    } else {
        protocol_error("Unexpected ASGI message '" + type + "' after 'websocket.accept'.");
    }
}

asio::awaitable<void> Session::accept(asgi::WebSocketAccept& a) {
    if (a.subprotocol) {
        if (!is_token(*a.subprotocol))
            protocol_error("Invalid subprotocol in 'websocket.accept'.");
        bool offered = false;
        for (const auto& p : scope_.subprotocols) offered = offered || p == *a.subprotocol;
        if (!offered)
            protocol_error("Subprotocol '" + *a.subprotocol +
                           "' in 'websocket.accept' was not offered by the client.");
    }
    for (const auto& h : a.headers)
        if (!valid_header(h))
            protocol_error("Invalid header name or value in 'websocket.accept'.");

    ws_.emplace(socket_, tls_, probe_);
    ws_->next_layer().teardown_deadline = &teardown_deadline_;
    ws_->read_message_max(cfg_.ws_max_size);
    ws_->auto_fragment(false);
    websocket::permessage_deflate pmd;
    pmd.server_enable = cfg_.ws_per_message_deflate;
    ws_->set_option(pmd);
    ws_->control_callback([this](websocket::frame_type kind, beast::string_view payload) {
        if (kind == websocket::frame_type::pong) ping_deadline_ = kNever;
        if (!probe_.on()) return;
        using trace::Direction;
        using trace::WebSocketOpcode;
        if (kind == websocket::frame_type::ping) {
            probe_.frame(Direction::receive, WebSocketOpcode::ping, payload.size());
            probe_.frame(Direction::send, WebSocketOpcode::pong, payload.size());  // Beast answers it
        } else if (kind == websocket::frame_type::pong) {
            probe_.frame(Direction::receive, WebSocketOpcode::pong, payload.size());
        } else {
            const auto& r = ws_->reason();
            const int code = r.code == websocket::close_code::none ? 1005 : int(r.code);
            const std::string_view reason(r.reason.data(), r.reason.size());
            probe_.frame(Direction::receive, WebSocketOpcode::close, reason.size() + (code == 1005 ? 0 : 2), code,
                         reason);
            // Beast answers the client's close (unless ours went out first) with its code alone,
            // or 1000 when it had none.
            if (!close_started_) probe_.frame(Direction::send, WebSocketOpcode::close, 2, code == 1005 ? 1000 : code);
        }
    });
    ws_->set_option(websocket::stream_base::decorator([this, &a](websocket::response_type& res) {
        if (a.subprotocol) res.set(beast::http::field::sec_websocket_protocol, *a.subprotocol);
        for (const auto& [name, value] : a.headers) res.insert(name, value);
        if (cfg_.server_header && !asgi::find_header(a.headers, "server"))
            res.set(beast::http::field::server, "asgiscope");
        if (cfg_.date_header && !asgi::find_header(a.headers, "date"))
            res.set(beast::http::field::date, http_date_now());
        for (const auto& [name, value] : state_.extra_headers)
            if (!asgi::find_header(a.headers, name)) res.insert(name, value);
    }));

    std::string request = beast_request();
    request += leftover_;
    auto& capture = ws_->next_layer();
    capture.capture = true;
    auto [ec] = co_await ws_->async_accept(asio::buffer(request), nothrow);
    capture.capture = false;
    std::string head = std::move(capture.captured);
    if (!cfg_.server_header && !asgi::find_header(a.headers, "server")) {
        static constexpr std::string_view beast_server = "\r\nServer: " BOOST_BEAST_VERSION_STRING;
        if (auto at = head.find(beast_server); at != std::string::npos)
            head.erase(at, head.find("\r\n", at + 2) - at);
    }
    if (ec) {
        // The handshake was validated before the app saw it, so Beast should not refuse it.
        state_.logger.error("WebSocket handshake failed: " + ec.message());
        phase_ = Phase::Answered;
        co_await write_raw(head);
        throw asgi::ClientDisconnected();
    }
    if (!co_await write_raw(head)) {
        phase_ = Phase::Answered;
        disconnect_ = asgi::WebSocketDisconnect(1006);
        throw asgi::ClientDisconnected();
    }
    phase_ = Phase::Open;
    log_request("[accepted]");
    if (cfg_.access_log && state_.logger.enabled(LogLevel::Info)) state_.logger.info("connection open");
    ++tasks_;
    asio::co_spawn(socket_.get_executor(), reader(), asio::detached);
    if (cfg_.ws_ping_interval > 0) {
        ++tasks_;
        asio::co_spawn(socket_.get_executor(), pinger(), asio::detached);
    }
    if (shutting_down_) begin_shutdown();
}

// ---- Messages after accept --------------------------------------------------------------

asio::awaitable<void> Session::send_frame(asgi::WebSocketSend& message) {
    if (message.bytes.has_value() == message.text.has_value())
        protocol_error("Exactly one of 'bytes' and 'text' must be set in 'websocket.send'.");
    if (message.text && !websocket::detail::check_utf8(message.text->data(), message.text->size()))
        protocol_error("The text in 'websocket.send' is not valid UTF-8.");
    // One write at a time (Beast's rule); concurrent sends from app tasks queue up here.
    while (writing_ && !peer_gone_ && !close_started_) co_await write_wake_.async_wait(nothrow);
    if (peer_gone_ || close_started_ || !ws_->is_open()) throw asgi::ClientDisconnected();
    writing_ = true;
    ws_->text(message.text.has_value());
    auto payload = message.text ? asio::const_buffer(message.text->data(), message.text->size())
                                : asio::const_buffer(message.bytes->data(), message.bytes->size());
    auto [ec, n] = co_await ws_->async_write(payload, nothrow);
    writing_ = false;
    write_wake_.cancel();
    if (ec) throw asgi::ClientDisconnected();
    if (probe_.on())
        probe_.frame(trace::Direction::send,
                     message.text ? trace::WebSocketOpcode::text : trace::WebSocketOpcode::binary, payload.size());
}

asio::awaitable<void> Session::close_websocket(int code, std::string reason) {
    if (close_started_ || !ws_ || !ws_->is_open() || aborted_) co_return;
    close_started_ = closing_now_ = true;
    close_deadline_ = Clock::now() + kCloseTimeout;
    write_wake_.cancel();
    websocket::close_reason cr(static_cast<websocket::close_code>(code), reason);
    if (probe_.on()) probe_.frame(trace::Direction::send, trace::WebSocketOpcode::close, reason.size() + 2, code, reason);
    auto [ec] = co_await ws_->async_close(cr, nothrow);
    close_deadline_ = kNever;
    closing_now_ = false;
    // Beast read the peer's answer itself when no read was pending (a full queue).
    if (!ec) connection_over(disconnect_for(websocket::error::closed));
    state_wake_.cancel();
}

asio::awaitable<void> Session::reader() {
    try {
        while (!finished_) {
            while (queue_.size() >= cfg_.ws_max_queue && !finished_)
                co_await reader_wake_.async_wait(nothrow);  // back-pressure: stop reading
            if (finished_) break;
            std::string data;
            auto buffer = asio::dynamic_buffer(data);
            auto [ec, n] = co_await ws_->async_read(buffer, nothrow);
            if (ec) {
                const asgi::WebSocketDisconnect d = disconnect_for(ec);
                // Beast failed the connection with a close frame of its own (1002, 1007, 1009).
                if (probe_.on() && ec != websocket::error::closed && d.code != 1006 && !close_started_)
                    probe_.frame(trace::Direction::send, trace::WebSocketOpcode::close, 2, d.code);
                connection_over(d);
                break;
            }
            if (probe_.on())
                probe_.frame(trace::Direction::receive,
                             ws_->got_text() ? trace::WebSocketOpcode::text : trace::WebSocketOpcode::binary, n);
            if (ws_->got_text()) queue_.emplace_back(asgi::WebSocketReceive(std::move(data)));
            else queue_.emplace_back(asgi::WebSocketReceive(asgi::Bytes(std::move(data))));
            receive_wake_.cancel();
        }
    } catch (const std::exception& e) {
        state_.logger.debug(std::string("websocket reader failed: ") + e.what());
        connection_over(asgi::WebSocketDisconnect(1006));
    }
    task_done();
}

asio::awaitable<void> Session::pinger() {
    try {
        while (!finished_) {
            ping_timer_.expires_after(seconds(cfg_.ws_ping_interval));
            co_await ping_timer_.async_wait(nothrow);
            if (finished_ || peer_gone_ || close_started_ || !ws_->is_open()) break;
            if (ping_deadline_ != kNever) continue;  // still waiting for the last pong
            if (cfg_.ws_ping_timeout > 0) ping_deadline_ = Clock::now() + seconds(cfg_.ws_ping_timeout);
            auto [ec] = co_await ws_->async_ping({}, nothrow);
            if (ec) break;
            probe_.frame(trace::Direction::send, trace::WebSocketOpcode::ping, 0);
        }
    } catch (const std::exception& e) {
        state_.logger.debug(std::string("websocket pinger failed: ") + e.what());
    }
    task_done();
}

asio::awaitable<void> Session::shutdown_closer() {
    try {
        co_await close_websocket(1012, "");
    } catch (const std::exception& e) {
        state_.logger.debug(std::string("websocket close failed: ") + e.what());
    }
    task_done();
}

// ---- Control from the connection's owner --------------------------------------------------

void Session::begin_shutdown() {
    shutting_down_ = true;
    if (phase_ != Phase::Open || close_started_ || peer_gone_ || finished_ || !ws_->is_open())
        return;
    if (!disconnect_) disconnect_ = asgi::WebSocketDisconnect(1012);
    receive_wake_.cancel();
    ++tasks_;
    asio::co_spawn(socket_.get_executor(), shutdown_closer(), asio::detached);
}

void Session::abort() {
    aborted_ = true;
    if (!disconnect_) disconnect_ = asgi::WebSocketDisconnect(1006);
    error_code ec;
    socket_.close(ec);
    wake_all();
}

void Session::check_deadline(Clock::time_point now) {
    if (now >= ping_deadline_) {
        state_.logger.debug("WebSocket keepalive ping timeout; closing the connection.");
    } else if (now < write_deadline_ && now < close_deadline_ && now < teardown_deadline_) {
        return;
    }
    ping_deadline_ = write_deadline_ = close_deadline_ = teardown_deadline_ = kNever;
    error_code ec;
    socket_.close(ec);
}

// ---- HTTP responses instead of the 101 ----------------------------------------------------

std::string Session::head_line(int status) const {
    std::string head = "HTTP/1.1 ";
    append_number(head, std::uint64_t(status));
    head += ' ';
    head += reason_phrase(status);
    head += "\r\n";
    return head;
}

void Session::default_headers(std::string& head, const asgi::Headers& app_headers) const {
    if (cfg_.server_header && !asgi::find_header(app_headers, "server")) head += "server: asgiscope\r\n";
    if (cfg_.date_header && !asgi::find_header(app_headers, "date")) {
        head += "date: ";
        head += http_date_now();
        head += "\r\n";
    }
}

asio::awaitable<bool> Session::write_raw(std::string_view data) {
    if (aborted_) co_return false;
    write_deadline_ = Clock::now() + kWriteTimeout;
    HandshakeStream stream(socket_, tls_, probe_);
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(data), nothrow);
    write_deadline_ = kNever;
    co_return !ec;
}

asio::awaitable<void> Session::answer(int status, std::string_view body, std::string_view extra_head) {
    phase_ = Phase::Answered;
    receive_wake_.cancel();
    logged_status_ = status;
    std::string head = head_line(status);
    if (!body.empty()) head += "content-type: text/plain; charset=utf-8\r\n";
    head += "content-length: ";
    append_number(head, body.size());
    head += "\r\nconnection: close\r\n";
    default_headers(head, {});
    head += extra_head;
    head += "\r\n";
    head += body;
    if (scope_.type == "websocket") log_request(std::to_string(status));
    co_await write_raw(head);
}

asio::awaitable<void> Session::send_denial_body(asgi::WebSocketHttpResponseBody& body) {
    const bool final_body = !body.more_body;
    std::string out;
    if (!denial_head_written_) {
        out = head_line(denial_status_);
        bool has_length = false;
        for (const auto& [name, value] : denial_headers_) {
            if (iequals(name, "content-length")) has_length = true;
            if (iequals(name, "transfer-encoding") || iequals(name, "connection")) continue;
            out += name;
            out += ": ";
            out += value;
            out += "\r\n";
        }
        if (!has_length) {
            if (final_body) {
                out += "content-length: ";
                append_number(out, body.body.size());
                out += "\r\n";
            } else {
                out += "transfer-encoding: chunked\r\n";
                denial_chunked_ = true;
            }
        }
        out += "connection: close\r\n";
        default_headers(out, denial_headers_);
        out += "\r\n";
        denial_head_written_ = true;
        logged_status_ = denial_status_;
        log_request(std::to_string(denial_status_));
    }
    if (denial_chunked_) {
        if (!body.body.empty()) {
            char size[20];
            std::snprintf(size, sizeof size, "%zx\r\n", body.body.size());
            out += size;
            out += body.body.view();
            out += "\r\n";
        }
        if (final_body) out += "0\r\n\r\n";
    } else {
        out += body.body.view();
    }
    if (final_body) {
        denial_complete_ = true;
        phase_ = Phase::Answered;
        receive_wake_.cancel();
    }
    if (!co_await write_raw(out)) {
        phase_ = Phase::Answered;
        throw asgi::ClientDisconnected();
    }
}

void Session::log_request(std::string_view outcome) const {
    if (!cfg_.access_log || !state_.logger.enabled(LogLevel::Info)) return;
    std::string line;
    if (scope_.client) {
        line += scope_.client->host;
        line += ':';
        append_number(line, scope_.client->port);
    } else {
        line += '-';
    }
    line += " - \"WebSocket ";
    line += scope_.raw_path;
    if (!scope_.query_string.empty()) {
        line += '?';
        line += scope_.query_string;
    }
    line += "\" ";
    line += outcome;
    state_.logger.info(line);
}

}  // namespace

bool is_websocket_upgrade(const asgi::Scope& scope) { return is_websocket_upgrade_impl(scope); }

namespace {
asio::awaitable<WebSocketOutcome> serve(ServerState& state, tcp::socket& socket, TlsStream* tls,
                                        asgi::Scope& scope, std::string_view already_read,
                                        bool request_has_body, bool shutting_down,
                                        WebSocketControl*& control, ConnectionProbe& probe) {
    Session session(state, socket, tls, scope, shutting_down, probe);
    // Cleared however this frame ends (an exception, or destruction with the io_context).
    struct Registration {
        WebSocketControl*& slot;
        ~Registration() { slot = nullptr; }
    } registration{control};
    control = &session;
    co_return co_await session.run(already_read, request_has_body);
}
}  // namespace

asio::awaitable<WebSocketOutcome> serve_websocket(ServerState& state, tcp::socket& socket,
                                                  asgi::Scope& scope, std::string_view already_read,
                                                  bool request_has_body, bool shutting_down,
                                                  WebSocketControl*& control, ConnectionProbe& probe) {
    return serve(state, socket, nullptr, scope, already_read, request_has_body, shutting_down,
                 control, probe);
}

asio::awaitable<WebSocketOutcome> serve_websocket(ServerState& state, TlsStream& stream,
                                                  asgi::Scope& scope, std::string_view already_read,
                                                  bool request_has_body, bool shutting_down,
                                                  WebSocketControl*& control, ConnectionProbe& probe) {
    return serve(state, stream.next_layer(), &stream, scope, already_read, request_has_body,
                 shutting_down, control, probe);
}

}  // namespace asgiscope::server::detail
