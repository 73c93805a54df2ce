#include <asgiscope/web/middleware/base_http.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>

#include <asgiscope/web/responses/streaming_response.hpp>

#include "../../server/detail/event.hpp"

namespace asgiscope::web {

namespace asio = boost::asio;
using server::detail::Event;

namespace {

// Wakes every coroutine waiting on it; waiters re-check their condition in a loop.
class Signal {
public:
    explicit Signal(const asio::any_io_executor& ex) : timer_(ex, asio::steady_timer::time_point::max()) {}
    void notify() { timer_.cancel(); }
    asio::awaitable<void> wait() { co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable)); }

private:
    asio::steady_timer timer_;
};

// One request through the middleware: what dispatch, call_next, the response returned by
// call_next and the inner app share.
struct Call {
    Call(asgi::Scope& scope_, asgi::Receive receive_, const asio::any_io_executor& ex)
        : scope(scope_), receive(std::move(receive_)), changed(ex), response_sent(ex), app_done(ex) {}

    asgi::Scope& scope;
    asgi::Receive receive;  // the server's

    // The request side, as seen through the server's receive.
    bool body_complete = false;        // the last body chunk came
    bool client_disconnected = false;  // http.disconnect came
    bool inner_body_served = false;    // the inner app has had the whole body
    bool inner_disconnected = false;   // the inner app has had http.disconnect

    // The response side: the inner app's messages, handed over one at a time.
    std::optional<asgi::Message> slot;
    bool closed = false;  // no more messages: the app finished or the response was sent
    Signal changed;
    Event response_sent;

    bool app_started = false;
    bool app_finished = false;
    Event app_done;
    std::exception_ptr app_error;
    bool app_error_raised = false;  // call_next rethrew it already
    bool cancelled = false;         // dispatch failed: the inner app is being cancelled
    asio::cancellation_signal cancel;

    void close() {
        closed = true;
        changed.notify();
    }
};

asio::awaitable<asgi::Message> tracked_receive(std::shared_ptr<Call> call) {
    asgi::Message message = co_await call->receive();
    if (const auto* chunk = std::get_if<asgi::HttpRequest>(&message)) {
        if (!chunk->more_body) call->body_complete = true;
    } else if (std::holds_alternative<asgi::HttpDisconnect>(message)) {
        call->client_disconnected = true;
    }
    co_return message;
}

// tracked_receive() with the message wrapped: the awaitable operators would flatten a variant.
asio::awaitable<std::optional<asgi::Message>> tracked_receive_wrapped(std::shared_ptr<Call> call) {
    co_return co_await tracked_receive(std::move(call));
}

// The server's next message, or nothing once the response has been sent.
asio::awaitable<std::optional<asgi::Message>> receive_unless_sent(std::shared_ptr<Call> call) {
    using namespace asio::experimental::awaitable_operators;
    std::variant<std::optional<asgi::Message>, std::monostate> result =
        co_await (tracked_receive_wrapped(call) || call->response_sent.wait());
    if (auto* message = std::get_if<std::optional<asgi::Message>>(&result)) co_return std::move(*message);
    co_return std::nullopt;
}

// The inner app's receive (Starlette's wrapped_receive and receive_or_disconnect).
asio::awaitable<asgi::Message> inner_receive(std::shared_ptr<Call> call) {
    Call& c = *call;
    if (c.inner_disconnected || c.response_sent.is_set()) co_return asgi::HttpDisconnect{};
    if (!c.inner_body_served) {
        if (c.scope.cached_body) {  // dispatch (or an outer layer) read the body: serve it again
            c.inner_body_served = true;
            co_return asgi::HttpRequest(*c.scope.cached_body, false);
        }
        if (c.body_complete) {  // dispatch streamed it to the end: an empty body, not a hang
            c.inner_body_served = true;
            co_return asgi::HttpRequest(asgi::Bytes(), false);
        }
    }
    if (c.client_disconnected) {
        c.inner_disconnected = true;
        co_return asgi::HttpDisconnect{};
    }
    std::optional<asgi::Message> message = co_await receive_unless_sent(call);
    if (!message || std::holds_alternative<asgi::HttpDisconnect>(*message)) {
        c.inner_disconnected = true;
        co_return asgi::HttpDisconnect{};
    }
    if (const auto* chunk = std::get_if<asgi::HttpRequest>(&*message)) {
        if (c.inner_body_served)
            throw std::runtime_error("Unexpected message received: " + std::string(asgi::type_name(*message)));
        if (!chunk->more_body) c.inner_body_served = true;
    }
    co_return std::move(*message);
}

// The inner app's send: hands the message to the response and waits until it is taken.
// After the response was sent, messages are dropped (Starlette's send_no_error).
asio::awaitable<void> inner_send(std::shared_ptr<Call> call, asgi::Message message) {
    Call& c = *call;
    if (c.cancelled) throw asgi::ClientDisconnected();  // no silent drops into an endless loop
    const auto* body = std::get_if<asgi::HttpResponseBody>(&message);
    const bool last = body && !body->more_body;
    while (c.slot && !c.closed) co_await c.changed.wait();
    if (c.closed) co_return;
    c.slot = std::move(message);
    c.changed.notify();
    while (c.slot && !c.closed) co_await c.changed.wait();
    if (c.slot) co_return;  // closed before it was taken
    if (last) co_await c.response_sent.wait();
}

// The inner app's next message, or nothing once it has finished.
asio::awaitable<std::optional<asgi::Message>> take(Call& c) {
    while (!c.slot && !c.closed) co_await c.changed.wait();
    if (!c.slot) co_return std::nullopt;
    std::optional<asgi::Message> message = std::move(c.slot);
    c.slot.reset();
    c.changed.notify();
    co_return message;
}

asio::awaitable<void> run_inner(std::shared_ptr<Call> call, const asgi::App& app) {
    asgi::Receive receive = [call] { return inner_receive(call); };
    asgi::Send send = [call](asgi::Message m) { return inner_send(call, std::move(m)); };
    co_await app(call->scope, std::move(receive), std::move(send));
}

// The body of the response call_next returns: the inner app's body messages as they come.
asio::awaitable<void> body_stream(std::shared_ptr<Call> call, StreamWriter write) {
    for (;;) {
        std::optional<asgi::Message> message = co_await take(*call);
        if (!message) co_return;  // the app ended (an exception is rethrown later)
        auto* body = std::get_if<asgi::HttpResponseBody>(&*message);
        if (!body) throw std::runtime_error("Unexpected message: " + std::string(asgi::type_name(*message)));
        if (!body->body.empty()) co_await write(std::move(body->body));
        if (!body->more_body) co_return;
    }
}

asio::awaitable<Response> call_next(std::shared_ptr<Call> call, const asgi::App& app) {
    Call& c = *call;
    if (c.app_started) throw std::runtime_error("call_next() can only be called once per request");
    c.app_started = true;
    const asio::any_io_executor ex = co_await asio::this_coro::executor;
    asio::co_spawn(ex, run_inner(call, app),
                   asio::bind_cancellation_slot(c.cancel.slot(), [call](std::exception_ptr error) {
                       call->app_error = error;
                       call->app_finished = true;
                       call->close();
                       call->app_done.set();
                   }));

    std::optional<asgi::Message> first = co_await take(c);
    if (!first) {
        if (c.app_error) {
            c.app_error_raised = true;
            std::rethrow_exception(c.app_error);
        }
        throw std::runtime_error("No response returned.");
    }
    auto* start = std::get_if<asgi::HttpResponseStart>(&*first);
    if (!start) throw std::runtime_error("Unexpected message: " + std::string(asgi::type_name(*first)));
    StreamingResponse response([call](StreamWriter write) { return body_stream(call, write); }, start->status);
    response.raw_headers = std::move(start->headers);
    co_return response;
}

// Dispatch, then send what it returned.
asio::awaitable<void> respond(const BaseHTTPMiddleware& self, const asgi::App& app, std::shared_ptr<Call> call,
                              const asgi::Send& send) {
    asgi::Receive receive = [call] { return tracked_receive(call); };
    Request request(call->scope, receive);
    CallNext next = [call, &app](Request&) { return call_next(call, app); };
    Response response = co_await self.dispatch(request, std::move(next));
    co_await response(call->scope, std::move(receive), send);
}

}  // namespace

BaseHTTPMiddleware::BaseHTTPMiddleware(asgi::App app, DispatchFunction dispatch)
    : app_(std::move(app)), dispatch_(std::move(dispatch)) {}

boost::asio::awaitable<Response> BaseHTTPMiddleware::dispatch(Request& request, CallNext call_next) const {
    if (!dispatch_)
        throw std::logic_error("BaseHTTPMiddleware needs a dispatch function or a subclass overriding dispatch()");
    return dispatch_(request, std::move(call_next));
}

boost::asio::awaitable<void> BaseHTTPMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                            asgi::Send send) const {
    if (scope.type != "http") return app_(scope, std::move(receive), std::move(send));
    return run(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> BaseHTTPMiddleware::run(asgi::Scope& scope, asgi::Receive receive,
                                                     asgi::Send send) const {
    auto call = std::make_shared<Call>(scope, std::move(receive), co_await asio::this_coro::executor);
    std::exception_ptr failure;
    try {
        co_await respond(*this, app_, call, send);
    } catch (...) {
        failure = std::current_exception();
    }
    call->response_sent.set();
    call->close();
    if (call->app_started && !call->app_finished) {
        if (failure) {
            call->cancelled = true;
            call->cancel.emit(asio::cancellation_type::terminal);
        }
        co_await call->app_done.wait();
    }
    if (failure) std::rethrow_exception(failure);
    if (call->app_error && !call->app_error_raised) std::rethrow_exception(call->app_error);
}

}  // namespace asgiscope::web
