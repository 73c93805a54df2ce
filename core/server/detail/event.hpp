// A one-shot event for coroutines on one io_context: wait() suspends until set().
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asgiscope::server::detail {

class Event {
public:
    explicit Event(const boost::asio::any_io_executor& ex)
        : timer_(ex, boost::asio::steady_timer::time_point::max()) {}
    void set() {
        set_ = true;
        timer_.cancel();
    }
    bool is_set() const { return set_; }
    boost::asio::awaitable<void> wait() {
        while (!set_) co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }

private:
    boost::asio::steady_timer timer_;
    bool set_ = false;
};

}  // namespace asgiscope::server::detail
