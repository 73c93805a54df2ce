// WebSocket echo load generator for bench/ws_run.sh: C connections, each sends N text messages
// of S bytes one at a time and waits for each echo. Boost.Beast client, one thread.
//
// usage: ws_echo_client HOST PORT PATH CONNECTIONS MESSAGES SIZE
// prints: messages=<echoed> errors=<failed connections> seconds=<wall> msgs_per_s=<rate>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {
std::size_t echoed = 0;
std::size_t errors = 0;

asio::awaitable<void> connection(tcp::endpoint ep, std::string host, std::string path,
                                 std::size_t messages, std::size_t size) {
    auto nothrow = asio::as_tuple(asio::use_awaitable);
    beast::websocket::stream<tcp::socket> ws(co_await asio::this_coro::executor);
    auto [ec] = co_await ws.next_layer().async_connect(ep, nothrow);
    if (!ec) ws.next_layer().set_option(tcp::no_delay(true), ec);
    if (!ec) std::tie(ec) = co_await ws.async_handshake(host, path, nothrow);
    const std::string payload(size, 'm');
    beast::flat_buffer buffer;
    for (std::size_t i = 0; i < messages && !ec; ++i) {
        std::size_t n = 0;
        std::tie(ec, n) = co_await ws.async_write(asio::buffer(payload), nothrow);
        if (ec) break;
        buffer.clear();
        std::tie(ec, n) = co_await ws.async_read(buffer, nothrow);
        if (!ec && n != size) ec = asio::error::message_size;
        if (!ec) ++echoed;
    }
    if (!ec) std::tie(ec) = co_await ws.async_close(beast::websocket::close_code::normal, nothrow);
    if (ec) {
        ++errors;
        std::fprintf(stderr, "connection failed: %s\n", ec.message().c_str());
    }
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::fprintf(stderr, "usage: %s HOST PORT PATH CONNECTIONS MESSAGES SIZE\n", argv[0]);
        return 2;
    }
    asio::io_context ioc(1);
    tcp::endpoint ep(asio::ip::make_address(argv[1]), std::uint16_t(std::atoi(argv[2])));
    const std::size_t connections = std::strtoul(argv[4], nullptr, 10);
    const std::size_t messages = std::strtoul(argv[5], nullptr, 10);
    const std::size_t size = std::strtoul(argv[6], nullptr, 10);
    const std::string host = std::string(argv[1]) + ":" + argv[2];
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < connections; ++i)
        asio::co_spawn(ioc, connection(ep, host, argv[3], messages, size), asio::detached);
    ioc.run();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("messages=%zu errors=%zu seconds=%.3f msgs_per_s=%.0f\n", echoed, errors, seconds,
                double(echoed) / seconds);
    return errors ? 1 : 0;
}
