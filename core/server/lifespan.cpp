#include "detail/lifespan.hpp"

#include <typeinfo>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/core/demangle.hpp>

#include <asgiscope/trace/connection.hpp>
#include <asgiscope/trace/hub.hpp>

namespace asgiscope::server::detail {

namespace asio = boost::asio;

LifespanRunner::LifespanRunner(ServerState& state, asio::io_context& ioc)
    : state_(state),
      ioc_(ioc),
      startup_done_(ioc.get_executor()),
      shutdown_requested_(ioc.get_executor()),
      shutdown_done_(ioc.get_executor()) {
    scope_.type = "lifespan";
    scope_.asgi.spec_version = "2.0";
    scope_.state = std::make_shared<asgi::State>();
}

asio::awaitable<bool> LifespanRunner::startup() {
    state_.logger.info("Waiting for application startup.");
    asio::co_spawn(ioc_, run_main(shared_from_this()), asio::detached);
    co_await startup_done_.wait();
    if (startup_failed_ || (error_occurred_ && state_.config.lifespan == LifespanMode::On)) {
        state_.logger.error("Application startup failed. Exiting.");
        co_return false;
    }
    state_.logger.info("Application startup complete.");
    co_return true;
}

asio::awaitable<void> LifespanRunner::shutdown() {
    if (error_occurred_ || finished_) co_return;
    state_.logger.info("Waiting for application shutdown.");
    shutdown_requested_.set();
    co_await shutdown_done_.wait();
    if (shutdown_failed_ || (error_occurred_ && state_.config.lifespan == LifespanMode::On)) {
        state_.logger.error("Application shutdown failed. Exiting.");
        co_return;
    }
    state_.logger.info("Application shutdown complete.");
}

asio::awaitable<void> LifespanRunner::run_main(std::shared_ptr<LifespanRunner> self) {
    co_await self->main();
}

asio::awaitable<void> LifespanRunner::main() {
    std::string error;
    try {
        co_await state_.app(
            scope_, [this]() { return receive(); },
            [this](asgi::Message m) { return send(std::move(m)); });
    } catch (const std::exception& e) {
        error = boost::core::demangle(typeid(e).name()) + ": " + e.what();
    } catch (...) {
        error = "unknown exception";
    }
    finished_ = true;
    if (!error.empty()) {
        note("lifespan.error", error);
        error_occurred_ = true;
        if (state_.config.lifespan == LifespanMode::Auto && !startup_done_.is_set())
            state_.logger.info("ASGI 'lifespan' protocol appears unsupported.");
        else
            state_.logger.error("Exception in 'lifespan' protocol: " + error);
    }
    startup_done_.set();
    shutdown_done_.set();
}

void LifespanRunner::note(std::string_view type, std::string_view message) const {
    if (!state_.hub) return;
    trace::ConnectionEvent e;
    e.kind = trace::ConnectionEventKind::lifespan;
    e.time = std::chrono::system_clock::now();
    e.detail.assign(type);
    if (!message.empty()) {
        e.detail += ": ";
        e.detail += message;
    }
    state_.hub->publish_connection_event(std::move(e));
}

asio::awaitable<asgi::Message> LifespanRunner::receive() {
    if (++receives_ == 1) {
        note(asgi::LifespanStartup::type);
        co_return asgi::LifespanStartup{};
    }
    co_await shutdown_requested_.wait();
    note(asgi::LifespanShutdown::type);
    co_return asgi::LifespanShutdown{};
}

asio::awaitable<void> LifespanRunner::send(asgi::Message message) {
    if (state_.hub) {
        std::string_view failure;
        if (auto* f = std::get_if<asgi::LifespanStartupFailed>(&message)) failure = f->message;
        if (auto* f = std::get_if<asgi::LifespanShutdownFailed>(&message)) failure = f->message;
        note(asgi::type_name(message), failure);
    }
    if (std::holds_alternative<asgi::LifespanStartupComplete>(message) && !startup_done_.is_set()) {
        startup_done_.set();
    } else if (auto* f = std::get_if<asgi::LifespanStartupFailed>(&message);
               f && !startup_done_.is_set()) {
        startup_failed_ = true;
        if (!f->message.empty()) state_.logger.error(f->message);
        startup_done_.set();
    } else if (std::holds_alternative<asgi::LifespanShutdownComplete>(message) &&
               shutdown_requested_.is_set() && !shutdown_done_.is_set()) {
        shutdown_done_.set();
    } else if (auto* sf = std::get_if<asgi::LifespanShutdownFailed>(&message);
               sf && shutdown_requested_.is_set() && !shutdown_done_.is_set()) {
        shutdown_failed_ = true;
        if (!sf->message.empty()) state_.logger.error(sf->message);
        shutdown_done_.set();
    } else {
        throw asgi::ProtocolError("Unexpected ASGI message '" +
                                  std::string(asgi::type_name(message)) +
                                  "' sent in the lifespan protocol.");
    }
    co_return;
}

}  // namespace asgiscope::server::detail
