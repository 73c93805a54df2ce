#include <asgiscope/trace/hub.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace asgiscope::trace {

namespace {

using Clock = std::chrono::steady_clock;

struct Subscriber {
    TraceHub::Callback callback;  // a trace subscriber has this...
    TraceHub::ConnectionCallback connection_callback;  // ...a connection-event subscriber this
    std::chrono::milliseconds interval;
    Clock::time_point next_due;
    std::uint64_t cursor = 0;  // the next sequence number to deliver; delivery thread only
    std::atomic<std::uint64_t> missed{0};
};

struct Entry {
    std::shared_ptr<const Trace> trace;
    std::size_t bytes;
};

}  // namespace

struct TraceHub::State {
    explicit State(HubOptions o) : options(o) {}

    HubOptions options;

    // The kept traces: sequence numbers first_seq() .. next_seq-1, oldest first.
    mutable std::mutex traces_mutex;
    std::deque<Entry> kept;
    std::uint64_t next_seq = 0;
    std::size_t bytes = 0;
    std::uint64_t dropped = 0;
    std::uint64_t first_seq() const { return next_seq - kept.size(); }

    // The kept connection events, numbered the same way; a lock of their own, so that the
    // server's events never wait for trace publishing and the other way round.
    mutable std::mutex events_mutex;
    std::deque<ConnectionEvent> events;
    std::uint64_t next_event_seq = 0;
    std::uint64_t events_dropped = 0;
    std::uint64_t first_event_seq() const { return next_event_seq - events.size(); }

    // Subscribers and the delivery thread's controls.
    std::mutex mutex;
    std::condition_variable wake;       // to the delivery thread
    std::condition_variable delivered;  // from it
    std::map<std::uint64_t, std::shared_ptr<Subscriber>> subscribers;
    std::uint64_t next_id = 1;
    std::uint64_t delivering = 0;  // the subscriber whose callback runs now; 0: none
    std::uint64_t changes = 0;     // subscribe() bumps it so the thread recomputes its wake-up
    std::uint64_t flush_requested = 0;
    std::uint64_t flush_done = 0;
    bool stop = false;
    std::thread thread;
    std::thread::id thread_id;

    // Evicts the oldest over the caps into `out`; traces_mutex held.
    void evict(std::vector<std::shared_ptr<const Trace>>& out) {
        while (!kept.empty() && (kept.size() > options.max_traces || bytes > options.max_bytes)) {
            bytes -= kept.front().bytes;
            out.push_back(std::move(kept.front().trace));
            kept.pop_front();
            ++dropped;
        }
    }

    // What `sub` has not had yet; delivery thread only.
    TraceBatch take(Subscriber& sub) {
        TraceBatch batch;
        std::lock_guard lock(traces_mutex);
        const std::uint64_t first = first_seq();
        if (sub.cursor < first) {
            sub.missed += first - sub.cursor;
            sub.cursor = first;
        }
        batch.reserve(next_seq - sub.cursor);
        for (std::size_t i = sub.cursor - first; i < kept.size(); ++i) batch.push_back(kept[i].trace);
        sub.cursor = next_seq;
        return batch;
    }

    // The connection events `sub` has not had yet; delivery thread only.
    ConnectionEventBatch take_events(Subscriber& sub) {
        ConnectionEventBatch batch;
        std::lock_guard lock(events_mutex);
        const std::uint64_t first = first_event_seq();
        if (sub.cursor < first) {
            sub.missed += first - sub.cursor;
            sub.cursor = first;
        }
        batch.reserve(next_event_seq - sub.cursor);
        for (std::size_t i = sub.cursor - first; i < events.size(); ++i) batch.push_back(events[i]);
        sub.cursor = next_event_seq;
        return batch;
    }

    void deliver(Subscriber& sub) {
        try {
            if (sub.connection_callback) {
                ConnectionEventBatch batch = take_events(sub);
                if (!batch.empty()) sub.connection_callback(batch);
            } else {
                TraceBatch batch = take(sub);
                if (!batch.empty()) sub.callback(batch);
            }
        } catch (...) {
            // A subscriber's failure is its own; the others still get their batches.
        }
    }

    void run() {
        std::unique_lock lock(mutex);
        while (!stop) {
            const Clock::time_point now = Clock::now();
            const std::uint64_t flush_target = flush_requested;
            const bool flushing = flush_target != flush_done;
            const std::uint64_t seen_changes = changes;
            std::vector<std::pair<std::uint64_t, std::shared_ptr<Subscriber>>> due;
            for (auto& [id, sub] : subscribers)
                if (flushing || sub->next_due <= now) {
                    due.emplace_back(id, sub);
                    sub->next_due = now + sub->interval;
                }
            for (auto& [id, sub] : due) {
                if (!subscribers.count(id)) continue;  // unsubscribed while another was served
                delivering = id;
                lock.unlock();
                deliver(*sub);  // the batch is released before the lock is taken again
                lock.lock();
                delivering = 0;
                delivered.notify_all();
            }
            due.clear();
            if (flushing) {
                flush_done = flush_target;
                delivered.notify_all();
                continue;
            }
            Clock::time_point next = Clock::now() + std::chrono::seconds(1);
            for (auto& [id, sub] : subscribers) next = std::min(next, sub->next_due);
            wake.wait_until(lock, next,
                            [&] { return stop || flush_requested != flush_done || changes != seen_changes; });
        }
        delivered.notify_all();
    }

    void unsubscribe(std::uint64_t id) {
        std::unique_lock lock(mutex);
        subscribers.erase(id);
        if (std::this_thread::get_id() == thread_id) return;  // from a callback: it finishes
        delivered.wait(lock, [&] { return delivering != id; });
    }
};

struct TraceHub::Subscription::Link {
    std::weak_ptr<TraceHub::State> state;
    std::uint64_t id = 0;
    std::shared_ptr<Subscriber> subscriber;
};

TraceHub::Subscription::Subscription(Subscription&& other) noexcept : link_(std::move(other.link_)) {}

TraceHub::Subscription& TraceHub::Subscription::operator=(Subscription&& other) noexcept {
    if (this != &other) {
        unsubscribe();
        link_ = std::move(other.link_);
    }
    return *this;
}

TraceHub::Subscription::~Subscription() { unsubscribe(); }

void TraceHub::Subscription::unsubscribe() {
    if (!link_) return;
    if (auto state = link_->state.lock()) state->unsubscribe(link_->id);
    link_->state.reset();
}

bool TraceHub::Subscription::active() const {
    if (!link_) return false;
    auto state = link_->state.lock();
    if (!state) return false;
    std::lock_guard lock(state->mutex);
    return state->subscribers.count(link_->id) > 0 && !state->stop;
}

std::uint64_t TraceHub::Subscription::missed() const { return link_ ? link_->subscriber->missed.load() : 0; }

TraceHub::TraceHub(HubOptions options) : state_(std::make_shared<State>(options)) {
    if (options.max_traces == 0) throw std::invalid_argument("HubOptions::max_traces must be at least 1");
    if (options.max_connection_events == 0)
        throw std::invalid_argument("HubOptions::max_connection_events must be at least 1");
    State& state = *state_;
    std::lock_guard lock(state.mutex);  // thread_id is set before the thread reads it
    state.thread = std::thread([s = state_] { s->run(); });
    state.thread_id = state.thread.get_id();
}

TraceHub::~TraceHub() {
    {
        std::lock_guard lock(state_->mutex);
        state_->stop = true;
    }
    state_->wake.notify_all();
    if (std::this_thread::get_id() == state_->thread_id)
        state_->thread.detach();  // the last owner let go in a callback: the thread ends by itself
    else
        state_->thread.join();
}

const HubOptions& TraceHub::options() const { return state_->options; }

void TraceHub::publish(std::shared_ptr<const Trace> trace) {
    if (!trace) return;
    const std::size_t bytes = trace->bytes ? trace->bytes : trace->approx_bytes();
    std::vector<std::shared_ptr<const Trace>> evicted;  // released after the lock
    State& s = *state_;
    {
        std::lock_guard lock(s.traces_mutex);
        s.kept.push_back(Entry{std::move(trace), bytes});
        s.bytes += bytes;
        ++s.next_seq;
        if (s.kept.size() > s.options.max_traces || s.bytes > s.options.max_bytes) s.evict(evicted);
    }
}

void TraceHub::publish_connection_event(ConnectionEvent event) {
    State& s = *state_;
    std::lock_guard lock(s.events_mutex);
    s.events.push_back(std::move(event));
    ++s.next_event_seq;
    while (s.events.size() > s.options.max_connection_events) {
        s.events.pop_front();
        ++s.events_dropped;
    }
}

TraceHub::Subscription TraceHub::subscribe(Callback callback, SubscribeOptions options) {
    if (!callback) throw std::invalid_argument("TraceHub::subscribe: empty callback");
    if (options.interval.count() <= 0) throw std::invalid_argument("TraceHub::subscribe: interval must be positive");
    auto sub = std::make_shared<Subscriber>();
    sub->callback = std::move(callback);
    {
        std::lock_guard lock(state_->traces_mutex);
        sub->cursor = options.replay_kept ? state_->first_seq() : state_->next_seq;
    }
    return add_subscriber(std::move(sub), options);
}

TraceHub::Subscription TraceHub::subscribe_connections(ConnectionCallback callback, SubscribeOptions options) {
    if (!callback) throw std::invalid_argument("TraceHub::subscribe_connections: empty callback");
    if (options.interval.count() <= 0)
        throw std::invalid_argument("TraceHub::subscribe_connections: interval must be positive");
    auto sub = std::make_shared<Subscriber>();
    sub->connection_callback = std::move(callback);
    {
        std::lock_guard lock(state_->events_mutex);
        sub->cursor = options.replay_kept ? state_->first_event_seq() : state_->next_event_seq;
    }
    return add_subscriber(std::move(sub), options);
}

TraceHub::Subscription TraceHub::add_subscriber(std::shared_ptr<void> subscriber, SubscribeOptions options) {
    auto sub = std::static_pointer_cast<Subscriber>(std::move(subscriber));
    sub->interval = options.interval;
    sub->next_due = Clock::now() + options.interval;
    auto link = std::make_shared<Subscription::Link>();
    link->state = state_;
    link->subscriber = sub;
    {
        std::lock_guard lock(state_->mutex);
        link->id = state_->next_id++;
        state_->subscribers.emplace(link->id, std::move(sub));
        ++state_->changes;
    }
    state_->wake.notify_all();
    return Subscription(std::move(link));
}

void TraceHub::flush() {
    State& s = *state_;
    if (std::this_thread::get_id() == s.thread_id)
        throw std::logic_error("TraceHub::flush() called from a subscriber's callback");
    std::unique_lock lock(s.mutex);
    const std::uint64_t target = ++s.flush_requested;
    s.wake.notify_all();
    s.delivered.wait(lock, [&] { return s.flush_done >= target || s.stop; });
}

TraceBatch TraceHub::snapshot() const {
    TraceBatch out;
    std::lock_guard lock(state_->traces_mutex);
    out.reserve(state_->kept.size());
    for (const Entry& e : state_->kept) out.push_back(e.trace);
    return out;
}

HubStats TraceHub::stats() const {
    HubStats st;
    {
        std::lock_guard lock(state_->traces_mutex);
        st.published = state_->next_seq;
        st.dropped = state_->dropped;
        st.kept = state_->kept.size();
        st.bytes = state_->bytes;
    }
    {
        std::lock_guard lock(state_->events_mutex);
        st.connection_events_published = state_->next_event_seq;
        st.connection_events_dropped = state_->events_dropped;
        st.connection_events_kept = state_->events.size();
    }
    std::lock_guard lock(state_->mutex);
    st.subscribers = state_->subscribers.size();
    return st;
}

ConnectionEventBatch TraceHub::connection_snapshot() const {
    std::lock_guard lock(state_->events_mutex);
    return ConnectionEventBatch(state_->events.begin(), state_->events.end());
}

void TraceHub::clear() {
    std::deque<Entry> gone;
    std::lock_guard lock(state_->traces_mutex);
    state_->dropped += state_->kept.size();
    state_->bytes = 0;
    gone.swap(state_->kept);
}

}  // namespace asgiscope::trace
