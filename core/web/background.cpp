#include <asgiscope/web/background.hpp>

namespace asgiscope::web {

boost::asio::awaitable<void> BackgroundTask::operator()() const {
    if (async_)
        co_await async_();
    else if (sync_)
        sync_();
}

boost::asio::awaitable<void> BackgroundTasks::operator()() const {
    for (const BackgroundTask& task : tasks) co_await task();
}

}  // namespace asgiscope::web
