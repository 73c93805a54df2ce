// WebSocketTestSession: the app and the test talk through two queues on the client's
// io_context, which the session runs (on the calling thread) whenever it waits for the app.
// Single-threaded by design: no locks, and nothing runs between the test's calls.
#include <asgiscope/web/testclient.hpp>

#include <deque>
#include <iostream>
#include <stdexcept>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include "detail/json_text.hpp"

namespace asgiscope::web {

namespace asio = boost::asio;

struct WebSocketTestSession::Conversation {
    explicit Conversation(asio::io_context& context)
        : ioc(context),
          wake(std::in_place, context.get_executor(), asio::steady_timer::time_point::max()) {}
    asio::io_context& ioc;
    asgi::Scope scope;
    std::chrono::milliseconds timeout{};
    std::deque<asgi::Message> to_app;    // the test's messages, for the app's receive
    std::deque<asgi::Message> from_app;  // the app's messages, for the test's receive
    std::optional<asio::steady_timer>
        wake;                  // the app's receive waits on it; cancelled on each message
    bool client_gone = false;  // the TestClient (and its io_context) is going or gone
    /// The test sent websocket.disconnect: once the queue is drained, the app's receive keeps
    /// answering with it, as a server does after the connection has closed.
    std::optional<asgi::WebSocketDisconnect> closed_by_test;
    bool done = false;  // the app has returned (or thrown: `error`)
    std::exception_ptr error;
    bool timed_out = false;  // a wait gave up: the destructor does not wait again
    std::optional<std::string> accepted_subprotocol;
    asgi::Headers extra_headers;
};

namespace {

using Conversation = WebSocketTestSession::Conversation;

asio::awaitable<asgi::Message> app_receive(Conversation& c) {
    while (c.to_app.empty()) {
        if (c.closed_by_test) co_return asgi::Message(*c.closed_by_test);
        if (!c.wake) throw asgi::ClientDisconnected();  // the client is going
        co_await c.wake->async_wait(asio::as_tuple(asio::use_awaitable));
    }
    asgi::Message message = std::move(c.to_app.front());
    c.to_app.pop_front();
    co_return message;
}

asio::awaitable<void> app_send(Conversation& c, asgi::Message message) {
    c.from_app.push_back(std::move(message));
    // A scheduling point: an app that only sends still lets the session check its deadline.
    const auto executor = co_await asio::this_coro::executor;
    co_await asio::post(executor, asio::use_awaitable);
}

// Holds the conversation for as long as the app runs, even past a timeout.
asio::awaitable<void> run_app(const asgi::App& app, std::shared_ptr<Conversation> keep) {
    Conversation& c = *keep;
    co_await app(
        c.scope, [&c]() { return app_receive(c); },
        [&c](asgi::Message m) { return app_send(c, std::move(m)); });
}

// Runs the client's io_context until `ready()` or the conversation's timeout.
template <class Ready>
void drive(Conversation& c, Ready ready, const char* what) {
    if (c.client_gone) throw std::runtime_error("WebSocketTestSession: its TestClient is gone");
    const auto deadline = std::chrono::steady_clock::now() + c.timeout;
    while (!ready()) {
        if (c.ioc.stopped()) c.ioc.restart();
        const std::size_t ran = c.ioc.run_one_until(deadline);
        if (ready()) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            c.timed_out = true;
            throw std::runtime_error(std::string("WebSocketTestSession: ") + what +
                                     " timed out after " + std::to_string(c.timeout.count()) +
                                     " ms waiting for the application");
        }
        if (ran == 0 && c.ioc.stopped())
            throw std::runtime_error(std::string("WebSocketTestSession: ") + what + " stalled");
    }
}

// The app's next message, running it until it sends one; `what` names the wait, `ended` what
// the app did not do if it returns.
asgi::Message next_message(Conversation& c, const char* what, const char* ended) {
    drive(
        c, [&c] { return !c.from_app.empty() || c.done; }, what);
    if (!c.from_app.empty()) {
        asgi::Message message = std::move(c.from_app.front());
        c.from_app.pop_front();
        return message;
    }
    if (c.error) {
        const std::exception_ptr error = std::exchange(c.error, nullptr);
        std::rethrow_exception(error);
    }
    throw std::runtime_error(
        std::string("WebSocketTestSession: the application returned without ") + ended);
}

}  // namespace

WebSocketDenialResponse::WebSocketDenialResponse(TestResponse response_)
    : WebSocketDisconnect(1000, {},
                          "WebSocket denied with HTTP " + std::to_string(response_.status_code)),
      response(std::move(response_)) {}

WebSocketTestSession::WebSocketTestSession(std::shared_ptr<Conversation> conversation)
    : c_(std::move(conversation)) {}
WebSocketTestSession::WebSocketTestSession(WebSocketTestSession&&) noexcept = default;

WebSocketTestSession& WebSocketTestSession::operator=(WebSocketTestSession&& other) noexcept {
    if (this != &other) {
        WebSocketTestSession old(std::move(*this));  // closes the current one
        c_ = std::move(other.c_);
    }
    return *this;
}

WebSocketTestSession::~WebSocketTestSession() {
    if (!c_ || c_->timed_out || c_->client_gone) return;
    try {
        close(1000);
    } catch (const std::exception& e) {
        std::cerr << "WebSocketTestSession: the application failed: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "WebSocketTestSession: the application failed\n";
    }
}

const std::optional<std::string>& WebSocketTestSession::accepted_subprotocol() const {
    return c_->accepted_subprotocol;
}

const asgi::Headers& WebSocketTestSession::extra_headers() const {
    return c_->extra_headers;
}

WebSocketTestSession WebSocketTestSession::connect(asio::io_context& ioc, const asgi::App& app,
                                                   asgi::Scope scope,
                                                   std::chrono::milliseconds timeout) {
    auto c = std::make_shared<Conversation>(ioc);
    c->scope = std::move(scope);
    c->timeout = timeout;
    asio::co_spawn(ioc, run_app(app, c), [c](std::exception_ptr e) {
        c->error = e;
        c->done = true;
    });
    WebSocketTestSession session(c);  // from here on, a failure closes what was started
    session.send(asgi::WebSocketConnect{});
    const asgi::Message first =
        next_message(*c, "the handshake", "accepting or closing the WebSocket");
    session.raise_on_close(first);
    const auto* accept = std::get_if<asgi::WebSocketAccept>(&first);
    if (!accept)
        throw asgi::ProtocolError(
            "Expected ASGI message \"websocket.accept\", \"websocket.close\" or "
            "\"websocket.http.response.start\", "
            "but got '" +
            std::string(asgi::type_name(first)) + "'");
    c->accepted_subprotocol = accept->subprotocol;
    c->extra_headers = accept->headers;
    return session;
}

void WebSocketTestSession::raise_on_close(const asgi::Message& message) {
    if (const auto* close_message = std::get_if<asgi::WebSocketClose>(&message))
        throw WebSocketDisconnect(close_message->code, close_message->reason);
    const auto* start = std::get_if<asgi::WebSocketHttpResponseStart>(&message);
    if (!start) return;
    TestResponse response;
    response.status_code = start->status;
    response.headers = Headers(start->headers);
    response.url = URL::from_scope(c_->scope);
    for (;;) {
        const asgi::Message next = receive();
        const auto* body = std::get_if<asgi::WebSocketHttpResponseBody>(&next);
        if (!body)
            throw asgi::ProtocolError(
                "Expected ASGI message \"websocket.http.response.body\", but got '" +
                std::string(asgi::type_name(next)) + "'");
        response.content.append(body->body.view());
        if (!body->more_body) break;
    }
    throw WebSocketDenialResponse(std::move(response));
}

void WebSocketTestSession::send(asgi::Message message) {
    if (c_->client_gone) throw std::runtime_error("WebSocketTestSession: its TestClient is gone");
    if (c_->closed_by_test) throw std::runtime_error("WebSocketTestSession: send after close");
    if (const auto* d = std::get_if<asgi::WebSocketDisconnect>(&message)) c_->closed_by_test = *d;
    c_->to_app.push_back(std::move(message));
    c_->wake->cancel();
}

void WebSocketTestSession::detach(Conversation& c) {
    // The timer belongs to the client's io_context: it must go before that does. A wait on it
    // is aborted; the app's coroutine is destroyed with the io_context, never resumed.
    c.client_gone = true;
    c.wake.reset();
}

void WebSocketTestSession::send_text(std::string data) {
    send(asgi::WebSocketReceive(std::move(data)));
}

void WebSocketTestSession::send_bytes(std::string data) {
    send(asgi::WebSocketReceive(asgi::Bytes(std::move(data))));
}

void WebSocketTestSession::send_json(const boost::json::value& data, JsonMode mode) {
    std::string text = detail::python_json_dumps(data);
    if (mode == JsonMode::text)
        send_text(std::move(text));
    else
        send_bytes(std::move(text));
}

void WebSocketTestSession::close(int code, std::string reason) {
    Conversation& c = *c_;
    if (!c.closed_by_test) send(asgi::WebSocketDisconnect(code, std::move(reason)));
    drive(
        c, [&c] { return c.done; }, "close");
    if (c.error) {
        const std::exception_ptr error = std::exchange(c.error, nullptr);
        std::rethrow_exception(error);
    }
}

asgi::Message WebSocketTestSession::receive() {
    return next_message(*c_, "receive", "sending another message");
}

std::string WebSocketTestSession::receive_text() {
    const asgi::Message message = receive();
    raise_on_close(message);
    const auto* sent = std::get_if<asgi::WebSocketSend>(&message);
    if (!sent)
        throw std::runtime_error("WebSocketTestSession: expected websocket.send, got " +
                                 std::string(asgi::type_name(message)));
    if (!sent->text)
        throw std::runtime_error("WebSocketTestSession: expected a text message, got bytes");
    return *sent->text;
}

std::string WebSocketTestSession::receive_bytes() {
    const asgi::Message message = receive();
    raise_on_close(message);
    const auto* sent = std::get_if<asgi::WebSocketSend>(&message);
    if (!sent)
        throw std::runtime_error("WebSocketTestSession: expected websocket.send, got " +
                                 std::string(asgi::type_name(message)));
    if (!sent->bytes)
        throw std::runtime_error("WebSocketTestSession: expected a bytes message, got text");
    return sent->bytes->str();
}

boost::json::value WebSocketTestSession::receive_json(JsonMode mode) {
    const std::string text = mode == JsonMode::text ? receive_text() : receive_bytes();
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw std::invalid_argument("WebSocket message is not JSON: " + ec.message());
    return v;
}

}  // namespace asgiscope::web
