#include <asgiscope/web/requests/request.hpp>

#include <chrono>
#include <utility>
#include <variant>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "../detail/request_cache.hpp"

namespace asgiscope::web {

Request::Request(asgi::Scope& scope, asgi::Receive receive, asgi::Send send)
    : HTTPConnection(scope), receive_(std::move(receive)), send_(std::move(send)) {}

boost::asio::awaitable<std::optional<asgi::Bytes>> Request::stream() {
    if (scope_->cached_body) {
        if (cached_served_ || scope_->cached_body->empty()) co_return std::nullopt;
        cached_served_ = true;
        co_return *scope_->cached_body;
    }
    if (progress_ == Progress::Done) co_return std::nullopt;
    if (pending_) {
        progress_ = pending_more_ ? Progress::Streaming : Progress::Done;
        std::optional<asgi::Bytes> chunk = std::exchange(pending_, std::nullopt);
        if (!chunk->empty()) co_return chunk;
        if (progress_ == Progress::Done) co_return std::nullopt;
    }
    if (disconnected_) throw ClientDisconnect();
    if (!receive_) throw std::runtime_error("Receive channel has not been made available");
    for (;;) {
        asgi::Message message = co_await receive_();
        if (auto* chunk = std::get_if<asgi::HttpRequest>(&message)) {
            progress_ = chunk->more_body ? Progress::Streaming : Progress::Done;
            if (!chunk->body.empty()) co_return std::move(chunk->body);
            if (progress_ == Progress::Done) co_return std::nullopt;
        } else if (std::holds_alternative<asgi::HttpDisconnect>(message)) {
            progress_ = Progress::Done;
            disconnected_ = true;
            throw ClientDisconnect();
        }
    }
}

boost::asio::awaitable<asgi::Bytes> Request::body() {
    if (scope_->cached_body) co_return *scope_->cached_body;
    if (progress_ != Progress::Fresh) throw std::runtime_error("Stream consumed");
    // One chunk (the usual case) is kept as it came, without a copy.
    std::optional<asgi::Bytes> first;
    std::string joined;
    while (std::optional<asgi::Bytes> chunk = co_await stream()) {
        if (!first) {
            first = std::move(*chunk);
        } else {
            if (joined.empty()) joined.assign(first->view());
            joined.append(chunk->view());
        }
    }
    scope_->cached_body = !joined.empty() ? asgi::Bytes(std::move(joined)) : first.value_or(asgi::Bytes());
    co_return *scope_->cached_body;
}

boost::asio::awaitable<boost::json::value> Request::json() {
    auto& c = cache();
    if (!c.json) {
        const asgi::Bytes body_bytes = co_await body();
        boost::json::error_code ec;
        boost::json::value v = boost::json::parse(body_bytes.view(), ec);
        if (ec) throw std::invalid_argument("request body is not JSON: " + ec.message());
        cache().json = std::move(v);
    }
    co_return *cache().json;
}

boost::asio::awaitable<bool> Request::is_disconnected() {
    if (disconnected_ || !receive_ || pending_) co_return disconnected_;
    using namespace boost::asio::experimental::awaitable_operators;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(1));
    // The operator flattens the result: the message's own alternatives, then monostate.
    auto got = co_await (receive_() || timer.async_wait(boost::asio::use_awaitable));
    if (std::holds_alternative<asgi::HttpDisconnect>(got)) {
        disconnected_ = true;
    } else if (auto* chunk = std::get_if<asgi::HttpRequest>(&got)) {
        pending_more_ = chunk->more_body;
        pending_ = std::move(chunk->body);
    }
    co_return disconnected_;
}

}  // namespace asgiscope::web
