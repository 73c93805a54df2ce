// Class-based endpoints (Starlette's endpoints.py): HTTPEndpoint dispatches on the request
// method to member handlers, WebSocketEndpoint turns a WebSocket into on_connect / on_receive /
// on_disconnect calls.
#pragma once

#include <array>
#include <concepts>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses/response.hpp>
#include <asgiscope/web/websockets.hpp>

namespace asgiscope::web {

/// A class of HTTP handlers, one per method (Starlette's HTTPEndpoint). Derive from it and
/// declare any of
///   awaitable<Response> get(Request&);     head, post, put, patch, delete_, options likewise
/// then route to it with `Route("/users", HTTPEndpoint::app<Users>())`. Each request gets a
/// new instance (built from app()'s arguments). The handlers a class declares are the
/// methods it allows: HEAD falls back to get() when there is no head(), and any other method
/// is answered by method_not_allowed(): 405 with an Allow header listing the declared ones
/// (in the order GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS).
class HTTPEndpoint {
public:
    HTTPEndpoint() = default;
    HTTPEndpoint(const HTTPEndpoint&) = delete;
    HTTPEndpoint& operator=(const HTTPEndpoint&) = delete;
    virtual ~HTTPEndpoint() = default;

    /// The request's scope, receive and send (Starlette's self.scope, ...); valid inside handlers.
    asgi::Scope& scope() const { return *scope_; }
    const asgi::Receive& receive() const { return receive_; }
    const asgi::Send& send() const { return send_; }
    /// The methods this class declares handlers for, as the Allow header lists them.
    const std::vector<std::string>& allowed_methods() const;

    /// 405 with the Allow header; inside an application, thrown as HTTPException(405) so that
    /// the application's handlers answer (as Starlette does when scope has "app").
    boost::asio::awaitable<Response> method_not_allowed(Request& request) const;

    /// The endpoint class T (derived from HTTPEndpoint) as an ASGI app for Route: each request
    /// builds `T(args...)` and dispatches to it.
    template <class T, class... Args>
    static asgi::App app(Args... args);

    /// A handler, bound to its class: calls T::get and the like on the instance.
    using Handler = boost::asio::awaitable<Response> (*)(HTTPEndpoint&, Request&);
    /// The handlers of one endpoint class, by method, and its Allow list.
    struct Methods {
        /// Indexed as kMethodNames.
        std::array<Handler, 7> handlers{};
        std::vector<std::string> allowed;
        std::string allow;
    };
    static constexpr std::array<std::string_view, 7> kMethodNames = {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

private:
    template <class T>
    static std::shared_ptr<const Methods> methods_of();
    static void finish(Methods& methods);
    static boost::asio::awaitable<void> dispatch(std::unique_ptr<HTTPEndpoint> endpoint,
                                                 std::shared_ptr<const Methods> methods,
                                                 asgi::Scope& scope, asgi::Receive receive,
                                                 asgi::Send send);

    asgi::Scope* scope_ = nullptr;
    asgi::Receive receive_;
    asgi::Send send_;
    const Methods* methods_ = nullptr;
};

/// How WebSocketEndpoint decodes the messages it hands to on_receive() (Starlette's
/// `encoding` class attribute: None, "text", "bytes" or "json").
enum class WebSocketEncoding { none, text, bytes, json };

/// One received message as on_receive() gets it: text for WebSocketEncoding::text, bytes for
/// ::bytes, a JSON value for ::json, and text or bytes as the frame was for ::none.
using WebSocketData = std::variant<std::string, asgi::Bytes, boost::json::value>;

/// A class-based WebSocket endpoint (Starlette's WebSocketEndpoint): on_connect() (by default
/// accepts), on_receive() for each message decoded as `encoding` says, on_disconnect() with
/// the close code once the client leaves (1011 when a handler threw; the exception then goes
/// on up). A message of the wrong kind for the encoding (or bad JSON) closes the connection
/// with 1003 and throws std::runtime_error, as Starlette does. Route to it with
/// `WebSocketRoute("/ws", WebSocketEndpoint::app<Chat>())`; each connection gets a new instance.
class WebSocketEndpoint {
public:
    explicit WebSocketEndpoint(WebSocketEncoding encoding_ = WebSocketEncoding::none)
        : encoding(encoding_) {}
    WebSocketEndpoint(const WebSocketEndpoint&) = delete;
    WebSocketEndpoint& operator=(const WebSocketEndpoint&) = delete;
    virtual ~WebSocketEndpoint() = default;

    WebSocketEncoding encoding;

    /// Called first; accepts the connection unless overridden.
    virtual boost::asio::awaitable<void> on_connect(WebSocket& websocket);
    /// Called with each message; does nothing unless overridden.
    virtual boost::asio::awaitable<void> on_receive(WebSocket& websocket, WebSocketData data);
    /// Called last, with the close code; does nothing unless overridden.
    virtual boost::asio::awaitable<void> on_disconnect(WebSocket& websocket, int close_code);

    /// Runs the connection (Starlette's dispatch): on_connect, the receive loop, on_disconnect.
    boost::asio::awaitable<void> dispatch(asgi::Scope& scope, asgi::Receive receive,
                                          asgi::Send send);
    /// A message's data as `encoding` wants it; closes with 1003 and throws otherwise.
    boost::asio::awaitable<WebSocketData> decode(WebSocket& websocket,
                                                 asgi::WebSocketReceive message);

    /// The endpoint class T (derived from WebSocketEndpoint) as an ASGI app for WebSocketRoute:
    /// each connection builds `T(args...)` and dispatches to it.
    template <class T, class... Args>
    static asgi::App app(Args... args);

private:
    static boost::asio::awaitable<void> run(std::unique_ptr<WebSocketEndpoint> endpoint,
                                            asgi::Scope& scope, asgi::Receive receive,
                                            asgi::Send send);
    boost::asio::awaitable<int> receive_loop(WebSocket& websocket);
};

// ---- templates --------------------------------------------------------------------------

namespace endpoint_detail {
// Whether T declares a handler named NAME callable as `awaitable<Response> NAME(Request&)`;
// a member of that name that is not is a compile error rather than a silent 405.
#define ASGISCOPE_ENDPOINT_HANDLER(NAME)                                                         \
    template <class T>                                                                           \
    constexpr bool has_##NAME() {                                                                \
        constexpr bool callable = requires(T & t, Request & r) {                                 \
            { t.NAME(r) } -> std::same_as<boost::asio::awaitable<Response>>;                     \
        };                                                                                       \
        constexpr bool named = requires {                                                        \
            &T::NAME;                                                                            \
        };                                                                                       \
        static_assert(callable || !named, "HTTPEndpoint: " #NAME                                 \
                                          "() must be awaitable<Response> " #NAME "(Request&)"); \
        return callable;                                                                         \
    }
ASGISCOPE_ENDPOINT_HANDLER(get)
ASGISCOPE_ENDPOINT_HANDLER(head)
ASGISCOPE_ENDPOINT_HANDLER(post)
ASGISCOPE_ENDPOINT_HANDLER(put)
ASGISCOPE_ENDPOINT_HANDLER(patch)
ASGISCOPE_ENDPOINT_HANDLER(delete_)
ASGISCOPE_ENDPOINT_HANDLER(options)
#undef ASGISCOPE_ENDPOINT_HANDLER
}  // namespace endpoint_detail

template <class T>
std::shared_ptr<const HTTPEndpoint::Methods> HTTPEndpoint::methods_of() {
    Methods m;
    using namespace endpoint_detail;
    if constexpr (has_get<T>())
        m.handlers[0] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).get(r); };
    if constexpr (has_head<T>())
        m.handlers[1] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).head(r); };
    if constexpr (has_post<T>())
        m.handlers[2] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).post(r); };
    if constexpr (has_put<T>())
        m.handlers[3] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).put(r); };
    if constexpr (has_patch<T>())
        m.handlers[4] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).patch(r); };
    if constexpr (has_delete_<T>())
        m.handlers[5] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).delete_(r); };
    if constexpr (has_options<T>())
        m.handlers[6] = [](HTTPEndpoint& e, Request& r) { return static_cast<T&>(e).options(r); };
    finish(m);
    return std::make_shared<const Methods>(std::move(m));
}

template <class T, class... Args>
asgi::App HTTPEndpoint::app(Args... args) {
    static_assert(std::derived_from<T, HTTPEndpoint>,
                  "HTTPEndpoint::app<T>: T must derive from HTTPEndpoint");
    return [methods = methods_of<T>(), ... args = std::move(args)](
               asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
        return dispatch(std::make_unique<T>(args...), methods, scope, std::move(receive),
                        std::move(send));
    };
}

template <class T, class... Args>
asgi::App WebSocketEndpoint::app(Args... args) {
    static_assert(std::derived_from<T, WebSocketEndpoint>,
                  "WebSocketEndpoint::app<T>: T must derive from WebSocketEndpoint");
    return
        [... args = std::move(args)](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
            return run(std::make_unique<T>(args...), scope, std::move(receive), std::move(send));
        };
}

}  // namespace asgiscope::web
