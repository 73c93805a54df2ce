// Runs the ASGI lifespan protocol against the app, with uvicorn's `--lifespan auto|on|off`.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <asgiscope/asgi/types.hpp>

#include "event.hpp"
#include "server_state.hpp"

namespace asgiscope::server::detail {

/// Drives one app through lifespan.startup and, later, lifespan.shutdown.
class LifespanRunner : public std::enable_shared_from_this<LifespanRunner> {
public:
    LifespanRunner(ServerState& state, boost::asio::io_context& ioc);

    /// Starts the app's lifespan task and waits for startup. False: the server must exit.
    /// The runner must be owned by a shared_ptr.
    boost::asio::awaitable<bool> startup();
    /// Sends lifespan.shutdown and waits for the app to answer (or to have finished).
    boost::asio::awaitable<void> shutdown();
    /// What the app stored in scope["state"] during startup.
    std::shared_ptr<asgi::State> state() const { return scope_.state; }

private:
    /// Runs main() while holding `self`: the app's task keeps the runner alive.
    static boost::asio::awaitable<void> run_main(std::shared_ptr<LifespanRunner> self);
    boost::asio::awaitable<void> main();
    boost::asio::awaitable<asgi::Message> receive();
    boost::asio::awaitable<void> send(asgi::Message message);
    /// Publishes a lifespan connection event (when the server has a hub): `type` is the ASGI
    /// message type, `message` a failure message or an error.
    void note(std::string_view type, std::string_view message = {}) const;

    ServerState& state_;
    boost::asio::io_context& ioc_;
    asgi::Scope scope_;
    Event startup_done_;
    Event shutdown_requested_;
    Event shutdown_done_;
    int receives_ = 0;
    bool startup_failed_ = false;
    bool shutdown_failed_ = false;
    bool error_occurred_ = false;
    bool finished_ = false;
};

}  // namespace asgiscope::server::detail
