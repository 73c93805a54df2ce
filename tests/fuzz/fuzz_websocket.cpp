// Fuzzes the WebSocket frame path of the real server: after a valid upgrade handshake (with
// permessage-deflate offered when the input's first byte is odd, so compressed frames reach
// the inflater) the rest of the input is sent as raw client frames. The app echoes every
// message. The server must close or keep echoing, never crash, hang or fail outside the app.
#include <cstddef>
#include <cstdint>
#include <string>

#include <asgiscope/asgi/types.hpp>

#include "loopback.hpp"

namespace asgi = asgiscope::asgi;

namespace {

boost::asio::awaitable<void> app(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    if (scope.type != "websocket") {
        asgi::HttpResponseStart start(404);
        co_await send(std::move(start));
        asgi::HttpResponseBody last;
        co_await send(std::move(last));
        co_return;
    }
    co_await receive();  // websocket.connect
    asgi::WebSocketAccept accept;
    co_await send(std::move(accept));
    for (;;) {
        asgi::Message message = co_await receive();
        auto* in = std::get_if<asgi::WebSocketReceive>(&message);
        if (!in) co_return;  // websocket.disconnect
        if (in->text) {
            asgi::WebSocketSend out(std::move(*in->text));
            co_await send(std::move(out));
        } else if (in->bytes) {
            asgi::WebSocketSend out(std::move(*in->bytes));
            co_await send(std::move(out));
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::uint16_t port = asgiscope::fuzz::loopback_server(app);
    if (size == 0) return 0;
    std::string bytes =
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (data[0] & 1) bytes += "Sec-WebSocket-Extensions: permessage-deflate\r\n";
    bytes += "\r\n";
    bytes.append(reinterpret_cast<const char*>(data) + 1, size - 1);
    asgiscope::fuzz::exchange(port, bytes);
    return 0;
}
