// Helpers of the WebSocket tests: endpoint functions as apps, and two small endpoints.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

#include <asgiscope/web.hpp>

#include "web_test.hpp"

namespace asgiscope::testing {

using boost::asio::awaitable;

using Session = std::function<awaitable<void>(web::WebSocket&)>;

// An ASGI app from an endpoint function (what WebSocketRoute does with one).
inline asgi::App app_of(Session session) {
    return web::websocket_session(std::move(session));
}

// Runs `f`, which must throw E; returns the exception.
template <class E, class F>
E expect_throw(F f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    }
    throw std::logic_error("expected an exception that did not come");
}

// Accepts and waits for the client to leave.
inline awaitable<void> accept_and_wait(web::WebSocket& ws) {
    co_await ws.accept();
    (void)co_await ws.receive();
}

// Echoes one text message ("Message was: ..."), then closes.
inline awaitable<void> echo_text(web::WebSocket& ws) {
    co_await ws.accept();
    const std::string data = co_await ws.receive_text();
    co_await ws.send_text("Message was: " + data);
    co_await ws.close();
}

}  // namespace asgiscope::testing
