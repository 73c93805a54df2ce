// Background tasks: work a response runs after its body went out (Starlette's background.py).
#pragma once

#include <concepts>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace asgiscope::web {

/// One function and its arguments, run after a response was sent (Starlette's BackgroundTask).
/// The function is a coroutine (returning `awaitable<void>`, awaited) or a plain function
/// (called inline on the connection's executor: there is no thread pool here). The arguments
/// are stored by value, so they outlive the request that made them.
///
///     response.background = BackgroundTask(send_mail, address, "Welcome");
class BackgroundTask {
public:
    /// A task that does nothing.
    BackgroundTask() = default;

    template <class F, class... Args>
        requires(std::invocable<std::decay_t<F>&, std::decay_t<Args>&...> &&
                 (sizeof...(Args) > 0 || !std::is_same_v<std::remove_cvref_t<F>, BackgroundTask>))
    BackgroundTask(F&& func, Args&&... args) {  // NOLINT(google-explicit-constructor): as Starlette, any callable
        using Result = std::invoke_result_t<std::decay_t<F>&, std::decay_t<Args>&...>;
        if constexpr (std::is_same_v<Result, boost::asio::awaitable<void>>) {
            async_ = [f = std::forward<F>(func), ... a = std::forward<Args>(args)]() mutable {
                return std::invoke(f, a...);
            };
        } else {
            sync_ = [f = std::forward<F>(func), ... a = std::forward<Args>(args)]() mutable {
                (void)std::invoke(f, a...);
            };
        }
    }

    /// Whether the function is a coroutine (Starlette's `is_async`).
    bool is_async() const { return bool(async_); }

    /// Runs the function; what it throws propagates. The task must outlive the returned awaitable.
    boost::asio::awaitable<void> operator()() const;

private:
    std::function<boost::asio::awaitable<void>()> async_;
    std::function<void()> sync_;
};

/// Several tasks run one after the other, in the order they were added (Starlette's
/// BackgroundTasks). A task that throws stops the ones after it. Converts to a BackgroundTask
/// (a copy of the list), so it goes where one task goes: `response.background = tasks;`.
class BackgroundTasks {
public:
    BackgroundTasks() = default;
    explicit BackgroundTasks(std::vector<BackgroundTask> tasks_) : tasks(std::move(tasks_)) {}

    /// Appends BackgroundTask(func, args...).
    template <class F, class... Args>
    void add_task(F&& func, Args&&... args) {
        tasks.emplace_back(std::forward<F>(func), std::forward<Args>(args)...);
    }

    std::vector<BackgroundTask> tasks;

    /// Runs every task in order; stops at the first that throws and rethrows it.
    boost::asio::awaitable<void> operator()() const;
};

}  // namespace asgiscope::web
