// The ASGI contract in C++: everything else in asgiscope is written against this header.
//
// It mirrors the ASGI 3.0 specification (HTTP and WebSocket spec 2.4, lifespan 2.0):
//   app(scope, receive, send)
// where `scope` describes one connection, `receive` yields the next event from the client
// and `send` hands one event to the server. Each event is one struct below; `Message` is the
// variant of them all and `type_name()` gives the ASGI "type" string of any message.
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace boost::json {
class object;
}

namespace asgiscope::web {
class Router;  // scope.router points at one; asgi code never dereferences it
}  // namespace asgiscope::web

namespace asgiscope::trace {
class TraceContext;  // scope.trace_context holds one; asgi code never dereferences it
}  // namespace asgiscope::trace

namespace asgiscope::asgi {

/// Immutable byte string shared by reference count, so a trace can keep a body without copying.
class Bytes {
public:
    Bytes() = default;
    /// Takes ownership of `s` (no copy of the characters).
    explicit Bytes(std::string s)
        : owner_(std::make_shared<const std::string>(std::move(s))),
          data_(owner_->data()),
          size_(owner_->size()) {}
    /// Copies `s`.
    static Bytes copy(std::string_view s) { return Bytes(std::string(s)); }
    /// Refers to storage that outlives every use, such as a string literal; never allocates.
    static Bytes from_static(std::string_view s) {
        Bytes b;
        b.data_ = s.data();
        b.size_ = s.size();
        return b;
    }

    std::string_view view() const { return {data_, size_}; }
    const char* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::string str() const { return std::string(view()); }
    /// A view of part of this buffer that shares its storage.
    Bytes slice(std::size_t pos, std::size_t count = std::string_view::npos) const;

    friend bool operator==(const Bytes& a, const Bytes& b) { return a.view() == b.view(); }

private:
    std::shared_ptr<const std::string> owner_;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

/// Raw header pairs in wire order, duplicates kept. Names are lower-cased by the server.
using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

/// First value of header `name` (compared case-insensitively), if present.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

/// (host, port) of a peer, as in the scope's `client` and `server` keys.
struct Address {
    std::string host;
    std::uint16_t port = 0;
    friend bool operator==(const Address&, const Address&) = default;
};

/// The scope's `asgi` key.
struct AsgiVersion {
    std::string version = "3.0";
    std::string spec_version = "2.4";
    friend bool operator==(const AsgiVersion&, const AsgiVersion&) = default;
};

/// The ASGI TLS extension (scope["extensions"]["tls"]), spec 0.2.
struct TlsInfo {
    std::optional<std::string> server_cert;         ///< PEM, or none
    std::vector<std::string> client_cert_chain;     ///< PEM, leaf first
    std::optional<std::string> client_cert_name;    ///< RFC 4514 subject
    std::optional<std::string> client_cert_error;   ///< why verification failed
    std::optional<int> tls_version;                 ///< e.g. 0x0304 for TLS 1.3
    std::optional<int> cipher_suite;                ///< IANA number
    friend bool operator==(const TlsInfo&, const TlsInfo&) = default;
};

/// The scope's `extensions` key: the extensions this server offers for this connection.
struct Extensions {
    bool websocket_http_response = false;  ///< "websocket.http.response": denial responses
    std::optional<TlsInfo> tls;            ///< "tls"
    friend bool operator==(const Extensions&, const Extensions&) = default;
};

/// The lifespan state namespace. Values are arbitrary C++ objects; each request sees a
/// shallow copy of what the lifespan startup stored, made when it first changes it
/// (Scope::own_state()).
using State = std::map<std::string, std::any, std::less<>>;

/// A path parameter as its convertor produced it: text (the "str", "path" and "uuid"
/// convertors and most custom ones), an integer ("int") or a number ("float").
using PathValue = std::variant<std::string, std::int64_t, double>;
/// Path parameters by name, as Starlette's scope["path_params"].
using PathParams = std::map<std::string, PathValue, std::less<>>;

/// One connection as the app sees it: the ASGI scope dictionary as a struct.
/// `type` is "http", "websocket" or "lifespan"; keys that do not apply stay empty.
struct Scope {
    std::string type;
    AsgiVersion asgi;
    std::string http_version;  ///< "1.0" or "1.1"
    std::string method;        ///< upper case; empty for websocket
    std::string scheme;        ///< "http", "https", "ws" or "wss"
    std::string path;          ///< percent-decoded, UTF-8, includes root_path
    std::string raw_path;      ///< as sent, without the query string, includes root_path
    std::string query_string;  ///< as sent, without '?'
    std::string root_path;
    Headers headers;
    std::optional<Address> client;
    std::optional<Address> server;
    std::vector<std::string> subprotocols;  ///< websocket only
    /// The lifespan state (scope["state"]); null when the lifespan stored nothing. Read it
    /// directly; change it through own_state(): a server may hand every request the lifespan's
    /// own map (read-only, shared between threads) and mark it `state_shared`.
    std::shared_ptr<State> state;
    /// `state` is shared with other scopes (the lifespan's map): own_state() copies it first.
    bool state_shared = false;
    Extensions extensions;

    // Keys a server adds about the connection (not part of ASGI, nor of the JSON form).
    /// The server's number for the connection this request came on (see
    /// asgiscope::trace::ConnectionEvent); 0 when the server gives none.
    std::uint64_t connection_id = 0;
    /// This request's place on its connection: 1 for the first, 2 for the first keep-alive
    /// reuse, ...; 0 when the server gives none.
    std::uint64_t request_index = 0;

    // Keys the framework (asgiscope::web) adds on its way down, as Starlette adds keys to its
    // scope dict. Plain data only, so that a Python bridge can carry them as dict keys.
    PathParams path_params;  ///< parameters captured by the routes matched so far
    /// Name of the route that matched, "mount:child" inside named mounts: the name
    /// url_path_for() knows it by. Stands in for Starlette's scope["endpoint"].
    std::string route_name;
    /// The root_path the application itself was given, before any Mount extended root_path.
    std::optional<std::string> app_root_path;
    /// Set by a Starlette application (Starlette's scope["app"]): routers and routes inside
    /// one raise HTTPException for 404/405 so the application's handlers answer.
    bool in_app = false;
    /// The outermost Router the request passed (Starlette's scope["router"]): what
    /// HTTPConnection::url_for() resolves names with. Not owned; the app outlives its requests.
    /// Not part of the JSON form (a pointer means nothing outside this process).
    const web::Router* router = nullptr;
    /// The whole request body once framework code has read it: `receive` cannot replay it,
    /// so a later Request over this scope (say, after a middleware read it) gets it here.
    std::optional<Bytes> cached_body;
    /// The parsed form once framework code has parsed it (a std::shared_ptr<web::FormData>),
    /// for the same reason: a later Request over this scope gets it instead of the body that
    /// was streamed away. Opaque to servers and bridges.
    std::any cached_form;
    /// The session dictionary (Starlette's scope["session"]), loaded from its cookie by
    /// SessionMiddleware; null when no SessionMiddleware is installed.
    std::shared_ptr<boost::json::object> session;
    /// Whether HTTPConnection::session() was used: SessionMiddleware then adds Vary: Cookie.
    bool session_accessed = false;
    /// The credentials AuthenticationMiddleware found (Starlette's scope["auth"]): holds a
    /// web::AuthCredentials; empty when no AuthenticationMiddleware is installed.
    std::any auth;
    /// The authenticated user (Starlette's scope["user"]): holds a
    /// std::shared_ptr<web::BaseUser>; empty when no AuthenticationMiddleware is installed.
    std::any user;
    /// The trace this request is being recorded into, while a traced application runs it (see
    /// asgiscope::trace::Tracer): each traced layer adds its span to it. Null when the request
    /// is not traced. Not part of the JSON form; opaque to servers and bridges.
    std::shared_ptr<trace::TraceContext> trace_context;

    /// The state map this request may change: `*state`, after replacing a shared map with a
    /// shallow copy of its own (ASGI's per-request copy, made only when needed) or creating an
    /// empty one when there is none.
    State& own_state();
};

// ---- Messages --------------------------------------------------------------------------
// One struct per ASGI event. `type` is the ASGI type string.
// Messages that own data have constructors, so they are not aggregates: g++ 12 destroys an
// aggregate temporary twice when it is built inside a co_await expression, as in
// `co_await send(HttpResponseBody{...})`. With constructors that idiom is safe.

struct HttpRequest {
    static constexpr std::string_view type = "http.request";
    HttpRequest() = default;
    explicit HttpRequest(Bytes body_, bool more_body_ = false)
        : body(std::move(body_)), more_body(more_body_) {}
    Bytes body;
    bool more_body = false;
};
struct HttpDisconnect {
    static constexpr std::string_view type = "http.disconnect";
};
struct HttpResponseStart {
    static constexpr std::string_view type = "http.response.start";
    HttpResponseStart() = default;
    explicit HttpResponseStart(int status_, Headers headers_ = {}, bool trailers_ = false)
        : status(status_), headers(std::move(headers_)), trailers(trailers_) {}
    int status = 200;
    Headers headers;
    bool trailers = false;
};
struct HttpResponseBody {
    static constexpr std::string_view type = "http.response.body";
    HttpResponseBody() = default;
    explicit HttpResponseBody(Bytes body_, bool more_body_ = false)
        : body(std::move(body_)), more_body(more_body_) {}
    Bytes body;
    bool more_body = false;
};

struct WebSocketConnect {
    static constexpr std::string_view type = "websocket.connect";
};
struct WebSocketAccept {
    static constexpr std::string_view type = "websocket.accept";
    WebSocketAccept() = default;
    explicit WebSocketAccept(std::optional<std::string> subprotocol_, Headers headers_ = {})
        : subprotocol(std::move(subprotocol_)), headers(std::move(headers_)) {}
    std::optional<std::string> subprotocol;
    Headers headers;
};
/// Exactly one of `bytes` and `text` is set.
struct WebSocketReceive {
    static constexpr std::string_view type = "websocket.receive";
    WebSocketReceive() = default;
    explicit WebSocketReceive(Bytes bytes_) : bytes(std::move(bytes_)) {}
    explicit WebSocketReceive(std::string text_) : text(std::move(text_)) {}
    std::optional<Bytes> bytes;
    std::optional<std::string> text;
};
struct WebSocketSend {
    static constexpr std::string_view type = "websocket.send";
    WebSocketSend() = default;
    explicit WebSocketSend(Bytes bytes_) : bytes(std::move(bytes_)) {}
    explicit WebSocketSend(std::string text_) : text(std::move(text_)) {}
    std::optional<Bytes> bytes;
    std::optional<std::string> text;
};
struct WebSocketDisconnect {
    static constexpr std::string_view type = "websocket.disconnect";
    WebSocketDisconnect() = default;
    explicit WebSocketDisconnect(int code_, std::string reason_ = {})
        : code(code_), reason(std::move(reason_)) {}
    int code = 1005;
    std::string reason;
};
struct WebSocketClose {
    static constexpr std::string_view type = "websocket.close";
    WebSocketClose() = default;
    explicit WebSocketClose(int code_, std::string reason_ = {})
        : code(code_), reason(std::move(reason_)) {}
    int code = 1000;
    std::string reason;
};
/// The denial-response extension: an HTTP response instead of accepting the handshake.
struct WebSocketHttpResponseStart {
    static constexpr std::string_view type = "websocket.http.response.start";
    WebSocketHttpResponseStart() = default;
    explicit WebSocketHttpResponseStart(int status_, Headers headers_ = {})
        : status(status_), headers(std::move(headers_)) {}
    int status = 403;
    Headers headers;
};
struct WebSocketHttpResponseBody {
    static constexpr std::string_view type = "websocket.http.response.body";
    WebSocketHttpResponseBody() = default;
    explicit WebSocketHttpResponseBody(Bytes body_, bool more_body_ = false)
        : body(std::move(body_)), more_body(more_body_) {}
    Bytes body;
    bool more_body = false;
};

struct LifespanStartup {
    static constexpr std::string_view type = "lifespan.startup";
};
struct LifespanStartupComplete {
    static constexpr std::string_view type = "lifespan.startup.complete";
};
struct LifespanStartupFailed {
    static constexpr std::string_view type = "lifespan.startup.failed";
    LifespanStartupFailed() = default;
    explicit LifespanStartupFailed(std::string message_) : message(std::move(message_)) {}
    std::string message;
};
struct LifespanShutdown {
    static constexpr std::string_view type = "lifespan.shutdown";
};
struct LifespanShutdownComplete {
    static constexpr std::string_view type = "lifespan.shutdown.complete";
};
struct LifespanShutdownFailed {
    static constexpr std::string_view type = "lifespan.shutdown.failed";
    LifespanShutdownFailed() = default;
    explicit LifespanShutdownFailed(std::string message_) : message(std::move(message_)) {}
    std::string message;
};

using Message = std::variant<HttpRequest, HttpDisconnect, HttpResponseStart, HttpResponseBody,
                             WebSocketConnect, WebSocketAccept, WebSocketReceive, WebSocketSend,
                             WebSocketDisconnect, WebSocketClose, WebSocketHttpResponseStart,
                             WebSocketHttpResponseBody, LifespanStartup, LifespanStartupComplete,
                             LifespanStartupFailed, LifespanShutdown, LifespanShutdownComplete,
                             LifespanShutdownFailed>;

/// The ASGI "type" string of a message, e.g. "http.response.start".
inline std::string_view type_name(const Message& m) {
    return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::type; }, m);
}

// ---- The callable shapes ----------------------------------------------------------------

/// Awaits the next event from the client.
using Receive = std::function<boost::asio::awaitable<Message>()>;
/// Hands one event to the server; completes when the server has taken it (back-pressure).
using Send = std::function<boost::asio::awaitable<void>(Message)>;
/// An ASGI application. The scope is owned by the caller and outlives the call.
using App = std::function<boost::asio::awaitable<void>(Scope&, Receive, Send)>;

/// Thrown by `send` when the client has gone away (ASGI 2.4: sending on a closed connection
/// raises). Servers do not log it as an application failure.
class ClientDisconnected : public std::runtime_error {
public:
    ClientDisconnected() : std::runtime_error("client disconnected") {}
};

/// Thrown by `send` (or `receive`) when the app breaks the protocol, e.g. a body before
/// the response start. The server logs it and closes the connection.
class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace asgiscope::asgi
