// Fuzzes the HTTP/1.1 connection of the real server: the input is the byte stream a client
// sends on one connection (request heads, Content-Length and chunked bodies, pipelined
// requests, upgrades), written to a loopback socket of an in-process Server. The app reads
// each body whole and echoes its size, so every body byte goes through the parser. The
// server must answer or close, never crash, hang or fail outside the app.
#include <cstddef>
#include <cstdint>
#include <string>

#include <asgiscope/asgi/types.hpp>

#include "loopback.hpp"

namespace asgi = asgiscope::asgi;

namespace {

boost::asio::awaitable<void> app(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    if (scope.type == "websocket") {
        co_await receive();  // websocket.connect
        asgi::WebSocketClose close(1000);
        co_await send(std::move(close));
        co_return;
    }
    std::size_t size = 0;
    for (;;) {
        asgi::Message message = co_await receive();
        auto* request = std::get_if<asgi::HttpRequest>(&message);
        if (!request) co_return;  // http.disconnect
        size += request->body.size();
        if (!request->more_body) break;
    }
    std::string body = scope.method + " " + scope.path + " " + std::to_string(size);
    asgi::Headers headers;
    headers.emplace_back("content-type", "text/plain");
    headers.emplace_back("content-length", std::to_string(body.size()));
    asgi::HttpResponseStart start(200, std::move(headers));
    co_await send(std::move(start));
    asgi::HttpResponseBody last(asgi::Bytes(std::move(body)), false);
    co_await send(std::move(last));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::uint16_t port = asgiscope::fuzz::loopback_server(app);
    asgiscope::fuzz::exchange(port, std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
