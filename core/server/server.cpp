#include <asgiscope/server/server.hpp>

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "detail/http_connection.hpp"
#include "detail/lifespan.hpp"

namespace asgiscope::server {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

namespace detail {

ServerState::ServerState(Config c, asgi::App a)
    : config(std::move(c)),
      app(std::move(a)),
      logger(config.log_level, config.log_sink),
      trusted(config.forwarded_allow_ips),
      hub(config.trace_hub.get()) {
    for (const auto& h : config.headers) {
        auto& added = extra_headers.emplace_back(h);
        lower_in_place(added.first);
    }
}

}  // namespace detail

struct Server::Impl {
    Impl(Config config, asgi::App app) : state(std::move(config), std::move(app)) {}

    asio::awaitable<void> main();
    asio::awaitable<void> accept_loop(tcp::acceptor& acceptor);
    asio::awaitable<void> drain_connections();
    static asio::awaitable<void> sweep_deadlines(detail::Worker& worker);
    bool bind(tcp::acceptor& acceptor);
    void set_phase(int p) {
        {
            std::lock_guard lock(mutex);
            phase = p;
        }
        cv.notify_all();
    }
    template <class F>
    void for_each_connection(F f) {
        for (auto& w : workers)
            asio::post(w->ioc, [w = w.get(), f] {
                // Copy first: a connection may leave the list while being told.
                std::vector<detail::Connection*> conns(w->connections.begin(),
                                                       w->connections.end());
                for (auto* c : conns) f(*c);
            });
    }

    detail::ServerState state;
    std::vector<std::unique_ptr<detail::Worker>> workers;
    std::unique_ptr<asio::steady_timer> stop_signal;  // cancelled to wake main()
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> force_requested{false};
    std::atomic<std::uint16_t> bound_port{0};
    std::mutex mutex;
    std::condition_variable cv;
    int phase = 0;  // 0 starting, 1 started, 2 failed or finished
    int exit_code = ExitCode::Ok;
};

Server::Server(Config config, asgi::App app)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(app))) {
    for (int i = 0; i < std::max(1, impl_->state.config.workers); ++i)
        impl_->workers.push_back(std::make_unique<detail::Worker>());
    impl_->stop_signal = std::make_unique<asio::steady_timer>(
        impl_->workers[0]->ioc, asio::steady_timer::time_point::max());
    impl_->state.request_stop = [impl = impl_.get()] {
        if (impl->stop_requested.exchange(true)) return;
        asio::post(impl->workers[0]->ioc, [impl] { impl->stop_signal->cancel(); });
    };
}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->bound_port.load(); }
std::uint64_t Server::requests_served() const { return impl_->state.requests_total.load(); }
std::uint64_t Server::open_connections() const { return impl_->state.open_connections.load(); }

bool Server::wait_until_started(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    impl_->cv.wait_for(lock, timeout, [&] { return impl_->phase != 0; });
    return impl_->phase == 1;
}

void Server::request_stop() { impl_->state.request_stop(); }

int Server::run() {
    auto& s = impl_->state;
    if (auto problem = validate(s.config)) {
        s.logger.error(*problem);
        impl_->set_phase(2);
        return ExitCode::StartupError;
    }
    if (!s.config.ssl_certfile.empty()) {
        std::string problem;
        s.tls = detail::make_tls_context(s.config, problem);
        if (!s.tls) {
            s.logger.error(problem);
            impl_->set_phase(2);
            return ExitCode::StartupError;
        }
    }
    auto& main_ioc = impl_->workers[0]->ioc;

    using Guard = asio::executor_work_guard<asio::io_context::executor_type>;
    std::vector<Guard> guards;
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < impl_->workers.size(); ++i) {
        guards.emplace_back(impl_->workers[i]->ioc.get_executor());
        threads.emplace_back([ioc = &impl_->workers[i]->ioc] { ioc->run(); });
    }
    for (auto& w : impl_->workers) asio::co_spawn(w->ioc, Impl::sweep_deadlines(*w), asio::detached);
    asio::co_spawn(main_ioc, impl_->main(), [this](std::exception_ptr e) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                impl_->state.logger.error(std::string("server failure: ") + ex.what());
            }
            impl_->exit_code = ExitCode::StartupError;
        }
        for (auto& w : impl_->workers) w->ioc.stop();
    });
    main_ioc.run();
    guards.clear();
    for (auto& t : threads) t.join();
    impl_->set_phase(2);
    return impl_->exit_code;
}

bool Server::Impl::bind(tcp::acceptor& acceptor) {
    const auto& cfg = state.config;
    error_code ec;
    auto fail = [&](const std::string& what) {
        state.logger.error("error while attempting to bind on address " + cfg.host + ":" +
                           std::to_string(cfg.port) + ": " + what);
        return false;
    };
    tcp::resolver resolver(acceptor.get_executor());
    auto results = resolver.resolve(cfg.host, std::to_string(cfg.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) return fail(ec ? ec.message() : "no such address");
    tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor.open(endpoint.protocol(), ec);
    if (ec) return fail(ec.message());
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    acceptor.bind(endpoint, ec);
    if (ec) return fail(ec.message());
    acceptor.listen(cfg.backlog, ec);
    if (ec) return fail(ec.message());
    bound_port = acceptor.local_endpoint().port();
    return true;
}

asio::awaitable<void> Server::Impl::main() {
    auto& main_ioc = workers[0]->ioc;
    const auto& cfg = state.config;
    tcp::acceptor acceptor(main_ioc);
    if (!bind(acceptor)) {
        exit_code = ExitCode::StartupError;
        set_phase(2);
        co_return;
    }
    state.logger.info("Started server process [" + std::to_string(::getpid()) + "]");

    std::optional<asio::signal_set> signals;
    if (cfg.install_signal_handlers) {
        signals.emplace(main_ioc, SIGINT, SIGTERM);
        std::function<void(const error_code&, int)> on_signal;
        on_signal = [this, &signals, &on_signal](const error_code& ec, int) {
            if (ec) return;
            if (stop_requested.exchange(true)) {
                force_requested = true;  // a second Ctrl+C: stop waiting for requests
            }
            stop_signal->cancel();
            signals->async_wait(on_signal);
        };
        signals->async_wait(on_signal);
    }

    // Shared with the app's lifespan task, which may outlive this coroutine (an app that
    // reported startup failure and still awaits receive()).
    std::shared_ptr<detail::LifespanRunner> lifespan;
    if (cfg.lifespan != LifespanMode::Off) {
        lifespan = std::make_shared<detail::LifespanRunner>(state, main_ioc);
        if (!co_await lifespan->startup()) {
            exit_code = ExitCode::LifespanFailed;
            set_phase(2);
            if (signals) signals->cancel();
            co_return;
        }
        if (auto st = lifespan->state(); st && !st->empty()) state.lifespan_state = st;
    }

    state.logger.info(std::string("asgiscope running on ") + (state.tls ? "https://" : "http://") + cfg.host + ":" +
                      std::to_string(bound_port.load()) + " (Press CTRL+C to quit)");
    asio::co_spawn(main_ioc, accept_loop(acceptor), asio::detached);
    set_phase(1);

    while (!stop_requested) co_await stop_signal->async_wait(asio::as_tuple(asio::use_awaitable));

    state.logger.info("Shutting down");
    state.stopping = true;
    error_code ec;
    acceptor.close(ec);
    co_await drain_connections();
    if (lifespan) co_await lifespan->shutdown();
    if (signals) signals->cancel();
    state.logger.info("Finished server process [" + std::to_string(::getpid()) + "]");
}

asio::awaitable<void> Server::Impl::accept_loop(tcp::acceptor& acceptor) {
    std::size_t next = 0;
    for (;;) {
        auto& worker = *workers[next];
        next = (next + 1) % workers.size();
        auto [ec, socket] =
            co_await acceptor.async_accept(worker.ioc, asio::as_tuple(asio::use_awaitable));
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: say so, pause, keep serving the others.
            state.logger.error("accept failed: " + ec.message());
            asio::steady_timer pause(acceptor.get_executor(), 100ms);
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto* st = &state;
        auto* w = &worker;
        // The signal lets a forced shutdown cancel whatever the app awaits (a sleep, a queue).
        auto cancel = std::make_shared<asio::cancellation_signal>();
        auto on_done = [st, cancel](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                st->logger.error(std::string("connection task failed: ") + ex.what());
            }
        };
        if (st->tls) {
            asio::co_spawn(
                worker.ioc,
                [st, w, cancel, s = std::move(socket)]() mutable -> asio::awaitable<void> {
                    detail::HttpConnection<detail::TlsStream> connection(
                        *st, *w, detail::TlsStream(std::move(s), st->tls->ssl), *cancel);
                    co_await connection.run();
                },
                asio::bind_cancellation_slot(cancel->slot(), std::move(on_done)));
        } else {
            asio::co_spawn(
                worker.ioc,
                [st, w, cancel, s = std::move(socket)]() mutable -> asio::awaitable<void> {
                    detail::HttpConnection<tcp::socket> connection(*st, *w, std::move(s), *cancel);
                    co_await connection.run();
                },
                asio::bind_cancellation_slot(cancel->slot(), std::move(on_done)));
        }
    }
}

// Timeouts (keep-alive, header read, linger) are deadlines on the connections, checked here
// ten times a second: a request then costs no timer operation at all.
asio::awaitable<void> Server::Impl::sweep_deadlines(detail::Worker& worker) {
    asio::steady_timer tick(worker.ioc);
    for (;;) {
        tick.expires_after(100ms);
        auto [ec] = co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        auto now = std::chrono::steady_clock::now();
        std::vector<detail::Connection*> conns(worker.connections.begin(),
                                               worker.connections.end());
        for (auto* c : conns) c->check_deadline(now);
    }
}

asio::awaitable<void> Server::Impl::drain_connections() {
    for_each_connection([](detail::Connection& c) { c.begin_shutdown(); });
    const auto& cfg = state.config;
    auto start = std::chrono::steady_clock::now();
    asio::steady_timer tick(workers[0]->ioc);
    bool forced = false;
    std::chrono::steady_clock::time_point forced_at;
    while (state.open_connections.load() > 0) {
        if (forced && std::chrono::steady_clock::now() - forced_at > 2s) {
            state.logger.error("Connections still open after cancellation; leaving them.");
            break;
        }
        bool timed_out = cfg.timeout_graceful_shutdown &&
                         std::chrono::steady_clock::now() - start >=
                             std::chrono::duration<double>(*cfg.timeout_graceful_shutdown);
        if (!forced && (timed_out || force_requested)) {
            forced = true;
            forced_at = std::chrono::steady_clock::now();
            if (timed_out)
                state.logger.error("Cancel " + std::to_string(state.open_connections.load()) +
                                   " running connection(s), timeout graceful shutdown exceeded");
            for_each_connection([](detail::Connection& c) { c.abort(); });
        }
        tick.expires_after(20ms);
        co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace asgiscope::server
