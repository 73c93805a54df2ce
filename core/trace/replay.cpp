// Replay's driver: runs each exchange in turn on an io_context of its own (live or in-process),
// with a timeout each, progress and cancellation, and compares the answers.
#include <asgiscope/trace/replay.hpp>

#include <exception>
#include <functional>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <asgiscope/trace/detail/replay_util.hpp>

// g++ 12 false positive: when it inlines a coroutine's ramp into its caller it pairs Asio's
// frame deallocation with the aligned_alloc fallback of Asio's recycling allocator and calls
// them mismatched (the tests and docs examples silence it the same way).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace asgiscope::trace {

namespace asio = boost::asio;
using asio::awaitable;

namespace {

bool cancelled(const ReplayOptions& options) {
    return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

awaitable<void> sleep_until_timeout(std::chrono::milliseconds timeout) {
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    co_await timer.async_wait(asio::use_awaitable);
}

/// Resumes once `options.cancel` is set (checked every 20 ms); never, without a cancel flag.
awaitable<void> until_cancelled(const ReplayOptions& options) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
        if (cancelled(options)) co_return;
        if (options.cancel)
            timer.expires_after(std::chrono::milliseconds(20));
        else
            timer.expires_at(asio::steady_timer::time_point::max());
        co_await timer.async_wait(asio::use_awaitable);  // cancelled with the race it is part of
    }
}

/// One exchange with its deadline: the attempt, an error naming the timeout, or, when the
/// replay is cancelled while the exchange is under way, an attempt marked cancelled (the
/// request is abandoned: a user pressing Cancel does not wait for a slow answer).
template <class Run>
awaitable<detail::Attempt> with_timeout(Run run, const ReplayOptions& options) {
    using namespace asio::experimental::awaitable_operators;
    auto outcome = co_await (run() || sleep_until_timeout(options.timeout) || until_cancelled(options));
    if (outcome.index() == 0) co_return std::get<0>(std::move(outcome));
    detail::Attempt stopped;
    if (outcome.index() == 1)
        stopped.error = "timed out after " + std::to_string(options.timeout.count()) + " ms";
    else
        stopped.cancelled = true;
    co_return stopped;
}

/// Runs `run_one(exchange)` for each exchange, compares, reports progress.
template <class RunOne>
awaitable<void> replay_all(const std::vector<Exchange>& exchanges, const ReplayOptions& options,
                           RunOne run_one, ReplayReport& report) {
    for (std::size_t i = 0; i < exchanges.size(); ++i) {
        ReplayResult& result = report.results[i];
        if (cancelled(options)) {
            report.cancelled = true;
            break;
        }
        const auto start = std::chrono::steady_clock::now();
        detail::Attempt attempt;
        try {
            attempt = co_await run_one(exchanges[i]);
        } catch (const std::exception& e) {
            attempt.error = e.what();
        }
        if (attempt.cancelled) {  // abandoned under way: not replayed, like the rest
            report.cancelled = true;
            break;
        }
        result.duration = std::chrono::steady_clock::now() - start;
        result.replayed = std::move(attempt.replayed);
        if (!attempt.error.empty()) {
            result.outcome = ReplayOutcome::error;
            result.error = std::move(attempt.error);
        } else {
            compare_exchanges(exchanges[i], result.replayed, options.compare, result);
        }
        if (options.on_progress) options.on_progress(i + 1, exchanges.size());
    }
}

ReplayReport make_report(const std::vector<Exchange>& exchanges) {
    ReplayReport report;
    report.results.resize(exchanges.size());
    for (std::size_t i = 0; i < exchanges.size(); ++i) report.results[i].index = i;
    return report;
}

void count(ReplayReport& report) {
    for (const auto& r : report.results) {
        switch (r.outcome) {
            case ReplayOutcome::same:
                ++report.same;
                break;
            case ReplayOutcome::different:
                ++report.different;
                break;
            case ReplayOutcome::error:
                ++report.errors;
                break;
            case ReplayOutcome::skipped:
                ++report.skipped;
                break;
        }
    }
}

/// Runs `task` on a fresh io_context on this thread until it ends (what it left running, such as
/// an app's lifespan that never finishes, is abandoned); rethrows what escapes it.
void run_here(awaitable<void> task) {
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
        failure = e;
        io.stop();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

// ---- in-process lifespan ------------------------------------------------------------------

/// The app's lifespan, run beside the replays as a server runs it (uvicorn's "auto": an app
/// that does not speak the protocol is fine).
struct Lifespan {
    enum class Phase { starting, started, unsupported, failed, shutting_down, done };
    Phase phase = Phase::starting;
    bool shutdown_requested = false;
    std::string message;
    asgi::Scope scope;
};

awaitable<asgi::Message> lifespan_receive(std::shared_ptr<Lifespan> life, bool first) {
    if (first) co_return asgi::Message(asgi::LifespanStartup());
    const std::function<bool()> condition1 = [life] { return life->shutdown_requested; };
    co_await detail::wait_for(condition1, std::chrono::hours(24 * 365));
    co_return asgi::Message(asgi::LifespanShutdown());
}

awaitable<void> lifespan_send(std::shared_ptr<Lifespan> life, asgi::Message message) {
    if (std::holds_alternative<asgi::LifespanStartupComplete>(message))
        life->phase = Lifespan::Phase::started;
    else if (auto* f = std::get_if<asgi::LifespanStartupFailed>(&message)) {
        life->phase = Lifespan::Phase::failed;
        life->message = f->message;
    } else if (std::holds_alternative<asgi::LifespanShutdownComplete>(message) ||
               std::holds_alternative<asgi::LifespanShutdownFailed>(message))
        life->phase = Lifespan::Phase::done;
    co_return;
}

awaitable<void> run_lifespan(asgi::App app, std::shared_ptr<Lifespan> life) {
    auto first = std::make_shared<bool>(true);
    asgi::Receive receive = [life, first]() {
        const bool is_first = *first;
        *first = false;
        return lifespan_receive(life, is_first);
    };
    asgi::Send send = [life](asgi::Message m) { return lifespan_send(life, std::move(m)); };
    try {
        co_await app(life->scope, std::move(receive), std::move(send));
    } catch (const std::exception& e) {
        if (life->phase == Lifespan::Phase::starting) life->message = e.what();
    } catch (...) {
    }
    if (life->phase == Lifespan::Phase::starting)
        life->phase = Lifespan::Phase::unsupported;
    else if (life->phase != Lifespan::Phase::failed)
        life->phase = Lifespan::Phase::done;
}

awaitable<void> replay_in_process_all(const std::vector<Exchange>& exchanges, const asgi::App& app,
                                      const ReplayOptions& options,
                                      std::optional<detail::Target> target, ReplayReport& report) {
    auto life = std::make_shared<Lifespan>();
    life->scope.type = "lifespan";
    life->scope.state = std::make_shared<asgi::State>();
    auto executor = co_await asio::this_coro::executor;
    asio::co_spawn(executor, run_lifespan(app, life), asio::detached);
    const std::function<bool()> started = [life] {
        return life->phase != Lifespan::Phase::starting;
    };
    const bool settled = co_await detail::wait_for(started, options.timeout);
    if (!settled || life->phase == Lifespan::Phase::failed) {
        const std::string why = !settled ? "the app's lifespan startup did not finish within " +
                                               std::to_string(options.timeout.count()) + " ms"
                                         : "the app's lifespan startup failed: " + life->message;
        for (auto& r : report.results) {
            r.outcome = ReplayOutcome::error;
            r.error = why;
        }
        life->shutdown_requested = true;
        co_return;
    }
    std::shared_ptr<asgi::State> state =
        life->phase == Lifespan::Phase::started ? life->scope.state : nullptr;
    auto run_one = [&](const Exchange& exchange) {
        return with_timeout(
            [&] { return detail::run_in_process(exchange, app, target, state, options); }, options);
    };
    co_await replay_all(exchanges, options, run_one, report);
    if (life->phase == Lifespan::Phase::started) {
        life->shutdown_requested = true;
        const std::function<bool()> condition2 = [life] {
            return life->phase == Lifespan::Phase::done;
        };
        co_await detail::wait_for(condition2, options.timeout);
    } else {
        life->shutdown_requested = true;
    }
}

}  // namespace

ReplayReport replay(const std::vector<Exchange>& exchanges, const ReplayOptions& options) {
    const auto target = detail::parse_target(options.target);
    if (!target)
        throw std::invalid_argument(
            "the replay target must be an http:// URL such as http://127.0.0.1:8000, not '" +
            options.target + "'");
    ReplayReport report = make_report(exchanges);
    auto run_one = [&](const Exchange& exchange) {
        return with_timeout([&] { return detail::run_live(exchange, *target, options); }, options);
    };
    run_here(replay_all(exchanges, options, run_one, report));
    count(report);
    return report;
}

ReplayReport replay_in_process(const std::vector<Exchange>& exchanges, const asgi::App& app,
                               const ReplayOptions& options) {
    if (!app) throw std::invalid_argument("replay_in_process: the app is empty");
    std::optional<detail::Target> target;
    if (!options.target.empty()) {
        target = detail::parse_target(options.target);
        if (!target)
            throw std::invalid_argument(
                "the replay target must be an http:// URL such as http://127.0.0.1:8000, "
                "not '" +
                options.target + "'");
    }
    ReplayReport report = make_report(exchanges);
    run_here(replay_in_process_all(exchanges, app, options, target, report));
    count(report);
    return report;
}

}  // namespace asgiscope::trace
