#include "demo_app.hpp"

#include <charconv>
#include <chrono>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <asgiscope/asgi/json.hpp>

namespace asgiscope::demo {

namespace asio = boost::asio;
using namespace asgi;

namespace {

std::size_t query_number(std::string_view query, std::string_view key, std::size_t fallback) {
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        if (pair.starts_with(key) && pair.size() > key.size() && pair[key.size()] == '=') {
            auto v = pair.substr(key.size() + 1);
            std::size_t n = 0;
            auto r = std::from_chars(v.data(), v.data() + v.size(), n);
            if (r.ec == std::errc() && r.ptr == v.data() + v.size()) return n;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return fallback;
}

// Each route is its own small coroutine and the dispatchers below are plain functions that
// return one of them: one big coroutine holding every route's locals would make a frame too
// large for Asio's per-thread frame cache (about 1 KiB), and cost an allocation per request.

asio::awaitable<void> respond(Send send, int status, std::string_view content_type, Bytes body) {
    HttpResponseStart start;
    start.status = status;
    start.headers.emplace_back("content-type", std::string(content_type));
    start.headers.emplace_back("content-length", std::to_string(body.size()));
    co_await send(std::move(start));
    co_await send(HttpResponseBody(std::move(body)));
}

asio::awaitable<void> lifespan(Scope& scope, Receive receive, Send send) {
    for (;;) {
        auto message = co_await receive();
        if (std::holds_alternative<LifespanStartup>(message)) {
            if (scope.state) (*scope.state)["demo.started"] = std::string("yes");
            co_await send(LifespanStartupComplete{});
        } else if (std::holds_alternative<LifespanShutdown>(message)) {
            co_await send(LifespanShutdownComplete{});
            co_return;
        }
    }
}

asio::awaitable<void> scope_as_json(Scope& scope, Send send) {
    co_await respond(std::move(send), 200, "application/json", Bytes(to_json_string(scope)));
}

// Streams the request body back as it arrives (chunked unless a length was sent).
asio::awaitable<void> echo(Scope& scope, Receive receive, Send send) {
    // (GCC 12 mishandles initializer lists inside coroutines: build headers step by step.)
    Headers headers;
    headers.emplace_back("content-type", "application/octet-stream");
    if (auto cl = find_header(scope.headers, "content-length"))
        headers.emplace_back("content-length", std::string(*cl));
    co_await send(HttpResponseStart(200, std::move(headers)));
    for (;;) {
        auto message = co_await receive();
        auto* req = std::get_if<HttpRequest>(&message);
        if (!req) co_return;  // client went away
        co_await send(HttpResponseBody(req->body, req->more_body));
        if (!req->more_body) break;
    }
}

asio::awaitable<void> stream(std::size_t n, Send send) {
    HttpResponseStart start;
    start.headers.emplace_back("content-type", "text/plain");
    co_await send(std::move(start));
    for (std::size_t i = 0; i < n; ++i)
        co_await send(HttpResponseBody(Bytes("chunk " + std::to_string(i) + "\n"), true));
    co_await send(HttpResponseBody(Bytes(), false));
}

asio::awaitable<void> slow(std::size_t ms, Send send) {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    co_await respond(std::move(send), 200, "text/plain", Bytes::from_static("slept"));
}

asio::awaitable<void> fail() {
    throw std::runtime_error("the demo app raised on purpose");
    co_return;
}

asio::awaitable<void> route(Scope& scope, Receive receive, Send send) {
    // Route on the path below root_path, as Starlette does.
    std::string_view path = scope.path;
    if (path.starts_with(scope.root_path)) path.remove_prefix(scope.root_path.size());
    const bool get = scope.method == "GET" || scope.method == "HEAD";
    if (path == "/plaintext" && get)
        return respond(std::move(send), 200, "text/plain", Bytes::from_static("Hello, world!"));
    if (path == "/json" && get)
        return respond(std::move(send), 200, "application/json",
                       Bytes::from_static(R"({"message":"Hello, world!"})"));
    if (path == "/scope" && get) return scope_as_json(scope, std::move(send));
    if (path == "/echo" && scope.method == "POST")
        return echo(scope, std::move(receive), std::move(send));
    if (path == "/stream" && get)
        return stream(query_number(scope.query_string, "n", 5), std::move(send));
    if (path == "/slow" && get)
        return slow(query_number(scope.query_string, "ms", 1000), std::move(send));
    if (path == "/error") return fail();
    if (path == "/" && get)
        return respond(std::move(send), 200, "text/plain",
                       Bytes::from_static("asgiscope demo app\n"
                                          "GET /plaintext\nGET /json\nGET /scope\nPOST /echo\n"
                                          "GET /stream?n=5\nGET /slow?ms=1000\nGET /error\n"
                                          "WebSocket /ws/echo\n"));
    return respond(std::move(send), 404, "text/plain", Bytes::from_static("Not Found"));
}

asio::awaitable<void> websocket(Scope& scope, Receive receive, Send send) {
    std::string_view path = scope.path;
    if (path.starts_with(scope.root_path)) path.remove_prefix(scope.root_path.size());
    auto connect = co_await receive();
    if (!std::holds_alternative<WebSocketConnect>(connect)) co_return;
    if (path != "/ws/echo") {
        co_await send(WebSocketClose(1000));  // before accept: the client gets 403
        co_return;
    }
    co_await send(WebSocketAccept(std::nullopt));
    for (;;) {
        auto message = co_await receive();
        auto* in = std::get_if<WebSocketReceive>(&message);
        if (!in) co_return;  // websocket.disconnect
        if (in->text) co_await send(WebSocketSend(std::move(*in->text)));
        else co_await send(WebSocketSend(std::move(*in->bytes)));
    }
}

}  // namespace

App make_demo_app() {
    return [](Scope& scope, Receive receive, Send send) -> asio::awaitable<void> {
        if (scope.type == "lifespan") return lifespan(scope, std::move(receive), std::move(send));
        if (scope.type == "http") return route(scope, std::move(receive), std::move(send));
        return websocket(scope, std::move(receive), std::move(send));
    };
}

}  // namespace asgiscope::demo
