// One HTTP/1.1 connection: reads requests, runs the app once per request with `receive` and
// `send` bound to this socket, and writes the responses, in order, with keep-alive.
//
// The class is a template on the stream: boost::asio::ip::tcp::socket for plain HTTP and
// TlsStream (asio's ssl::stream over the socket) for HTTPS. Both are instantiated explicitly
// in http_connection.cpp, so the plain path is compiled exactly as if TLS did not exist; the
// TLS-only steps (handshake, scope extension, close_notify) are `if constexpr` branches.
#pragma once

#include <array>
#include <chrono>
#include <list>
#include <optional>
#include <string>
#include <type_traits>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "connection_probe.hpp"
#include "event.hpp"
#include "head_buffer.hpp"
#include "request_parser.hpp"
#include "server_state.hpp"
#include "tls.hpp"
#include "websocket_connection.hpp"

namespace asgiscope::server::detail {

/// Serves one accepted socket until it closes; lives in its coroutine frame.
template <class Stream>
class HttpConnection final : public Connection {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, boost::asio::ip::tcp::socket>;

    /// `cancel` is emitted by abort() to cancel whatever the app is awaiting.
    HttpConnection(ServerState& state, Worker& worker, Stream stream,
                   boost::asio::cancellation_signal& cancel);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    boost::asio::awaitable<void> run();

    /// Graceful shutdown: close now if between requests (idle or mid-head), else after the
    /// current response.
    void begin_shutdown() override;
    /// Forced shutdown: close the socket now and cancel the app's pending operation.
    void abort() override;
    /// Called by the worker's sweeper: cancels the pending read or write if its deadline passed.
    void check_deadline(std::chrono::steady_clock::time_point now) override;

private:
    /// Per-request state: what the app has received and sent so far.
    struct Exchange {
        asgi::Scope scope;
        std::optional<RequestParser> parser;
        std::chrono::steady_clock::time_point started_at;
        bool expect_continue = false;
        bool sent_continue = false;
        bool request_complete = false;   // the app has been given the whole body
        bool disconnected = false;       // the client is gone (or the connection is broken)
        bool response_started = false;   // http.response.start accepted
        bool head_written = false;
        bool response_complete = false;
        bool head_request = false;
        bool chunked = false;
        bool close_after = false;
        bool reading_for_disconnect = false;
        bool websocket = false;          // a WebSocket upgrade, served by serve_websocket()
        int status = 0;
        asgi::Headers headers;            // from http.response.start, until written
        std::optional<std::uint64_t> declared_length;
        std::uint64_t body_sent = 0;
        std::optional<Event> done;        // set when the response completes
    };

    enum class HeadResult { Ready, Closed };
    /// TLS only: rejects plaintext, runs the handshake within timeout_header_read.
    boost::asio::awaitable<bool> handshake();
    /// TLS only: sends close_notify, waiting at most a moment for the peer to take it.
    boost::asio::awaitable<void> close_tls();
    boost::asio::awaitable<HeadResult> read_head(Exchange& ex);
    boost::asio::awaitable<void> handle(Exchange& ex);
    /// After the app returned or threw (`error`, else empty): logs what went wrong and
    /// decides how the connection goes on; true when a 500 must still be written.
    bool app_finished(Exchange& ex, const std::string& error);
    boost::asio::awaitable<asgi::Message> receive(Exchange& ex);
    boost::asio::awaitable<void> send(Exchange& ex, asgi::Message message);
    /// Checks a body message against the response so far and lays out the bytes to write
    /// (head first if not yet written, chunk framing); returns how many buffers are used.
    std::size_t prepare_body(Exchange& ex, const asgi::HttpResponseBody& body,
                             std::array<boost::asio::const_buffer, 4>& buffers,
                             char (&chunk_size)[20]);
    boost::asio::awaitable<bool> discard_unread_body(Exchange& ex);
    boost::asio::awaitable<void> write_error(int status, std::string_view text);
    boost::asio::awaitable<void> close_gracefully();

    void fill_scope(Exchange& ex);
    void build_head(Exchange& ex, bool final_body, std::size_t body_size);
    void finish_response(Exchange& ex);
    void protocol_error(Exchange& ex, const std::string& what);
    void log_access(const Exchange& ex);
    /// Why the connection closes: the first reason noted wins.
    void note_close(trace::CloseReason reason, std::string detail = {});
    void publish_opened();
    void publish_request(const Exchange& ex);
    void publish_closed();

    ServerState& state_;
    Worker& worker_;
    ConnectionProbe probe_;  // id, byte and request counts; connection events when on
    // Timeouts are deadlines checked by the worker's sweeper a few times a second, so that a
    // request costs no timer operations (see Worker).
    void set_deadline(std::chrono::steady_clock::duration d) {
        deadline_ = std::chrono::steady_clock::now() + d;
    }
    void clear_deadline() { deadline_ = std::chrono::steady_clock::time_point::max(); }

    boost::asio::ip::tcp::socket& socket() {
        if constexpr (kTls) return stream_.next_layer();
        else return stream_;
    }

    Stream stream_;
    std::optional<asgi::TlsInfo> tls_;  // after the handshake
    std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
    boost::asio::cancellation_signal& cancel_;
    boost::beast::flat_buffer buffer_;
    HeadBuffer head_;  // response head being written, reused between requests
    std::list<Connection*>::iterator registration_;
    std::optional<asgi::Address> client_;
    std::optional<asgi::Address> server_;
    bool client_trusted_ = false;  // the peer may set X-Forwarded-* (decided once)
    WebSocketControl* websocket_ = nullptr;  // the WebSocket session this socket was handed to
    bool idle_ = true;  // no request in progress: waiting for or reading a request head
    bool closing_ = false;
    bool aborted_ = false;
    bool timed_out_ = false;
    bool websocket_upgraded_ = false;  // the connection was handed to a WebSocket session  // the sweeper cancelled the pending I/O: a deadline passed
    std::uint64_t requests_ = 0;
    std::optional<trace::CloseReason> close_reason_;
    std::string close_detail_;
};

extern template class HttpConnection<boost::asio::ip::tcp::socket>;
extern template class HttpConnection<TlsStream>;

}  // namespace asgiscope::server::detail
