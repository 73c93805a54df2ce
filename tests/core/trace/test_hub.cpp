// TraceHub: publishing from many threads, the count and byte caps, drop counting, batched
// delivery (every trace once, in order), unsubscribing during delivery, clean destruction.
#include <asgiscope/trace/hub.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <QtTest/QtTest>

using namespace asgiscope;
using namespace asgiscope::trace;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const Trace> make_trace(TraceId id, std::size_t bytes = 100) {
    auto t = std::make_shared<Trace>();
    t->id = id;
    t->bytes = bytes;
    return t;
}

/// Collects what a subscriber receives.
struct Sink {
    std::mutex mutex;
    std::vector<TraceId> ids;
    std::vector<std::size_t> batch_sizes;
    std::thread::id thread;

    TraceHub::Callback callback() {
        return [this](const TraceBatch& batch) {
            std::lock_guard lock(mutex);
            thread = std::this_thread::get_id();
            batch_sizes.push_back(batch.size());
            for (const auto& t : batch) ids.push_back(t->id);
        };
    }
    std::vector<TraceId> received() {
        std::lock_guard lock(mutex);
        return ids;
    }
};

}  // namespace

class TestHub : public QObject {
    Q_OBJECT

private slots:
    void keepsNewestWithinCount() {
        TraceHub hub({.max_traces = 3, .max_bytes = 1 << 20});
        for (TraceId id = 1; id <= 5; ++id) hub.publish(make_trace(id));
        const TraceBatch kept = hub.snapshot();
        QCOMPARE(kept.size(), std::size_t(3));
        QCOMPARE(kept[0]->id, TraceId(3));
        QCOMPARE(kept[2]->id, TraceId(5));
        const HubStats st = hub.stats();
        QCOMPARE(st.published, std::uint64_t(5));
        QCOMPARE(st.dropped, std::uint64_t(2));
        QCOMPARE(st.kept, std::size_t(3));
        QCOMPARE(st.bytes, std::size_t(300));
    }

    void keepsNewestWithinBytes() {
        TraceHub hub({.max_traces = 100, .max_bytes = 1000});
        for (TraceId id = 1; id <= 10; ++id) hub.publish(make_trace(id, 300));
        const TraceBatch kept = hub.snapshot();
        QCOMPARE(kept.size(), std::size_t(3));  // 900 bytes
        QCOMPARE(kept.front()->id, TraceId(8));
        QCOMPARE(hub.stats().dropped, std::uint64_t(7));
        QVERIFY(hub.stats().bytes <= 1000);
        // A trace bigger than the whole cap is not kept at all, and counted.
        hub.publish(make_trace(11, 5000));
        QCOMPARE(hub.stats().kept, std::size_t(0));
        QCOMPARE(hub.stats().dropped, std::uint64_t(11));
        QCOMPARE(hub.stats().bytes, std::size_t(0));
    }

    void nullAndBadOptions() {
        TraceHub hub;
        hub.publish(nullptr);
        QCOMPARE(hub.stats().published, std::uint64_t(0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hub.subscribe(TraceHub::Callback()));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hub.subscribe([](const TraceBatch&) {}, {.interval = 0ms}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TraceHub({.max_traces = 0}));
    }

    void manyPublishersCapsHonoured() {
        TraceHub hub({.max_traces = 500, .max_bytes = 40'000});
        Sink sink;
        auto sub = hub.subscribe(sink.callback(), {.interval = 5ms});
        constexpr int threads = 4, per_thread = 5000;
        std::vector<std::thread> workers;
        std::atomic<TraceId> next{1};
        std::atomic<bool> over_caps{false};
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&] {
                for (int i = 0; i < per_thread; ++i) {
                    hub.publish(make_trace(next.fetch_add(1), 100));
                    const HubStats st = i % 500 == 0 ? hub.stats() : HubStats{};
                    if (st.kept > 400 || st.bytes > 40'000) over_caps = true;
                }
            });
        for (auto& w : workers) w.join();
        QVERIFY(!over_caps.load());  // the caps hold at all times, not only at the end
        hub.flush();
        const HubStats st = hub.stats();
        QCOMPARE(st.published, std::uint64_t(threads * per_thread));
        QCOMPARE(st.kept, std::size_t(400));  // the byte cap is the tighter one
        QCOMPARE(st.bytes, std::size_t(40'000));
        QCOMPARE(st.dropped, std::uint64_t(threads * per_thread - 400));
        // Every published trace was either delivered or missed, never twice.
        const std::vector<TraceId> got = sink.received();
        QCOMPARE(got.size() + sub.missed(), std::size_t(threads * per_thread));
        std::vector<TraceId> sorted = got;
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    }

    void subscribersGetEveryTraceOnceInOrder() {
        TraceHub hub;
        Sink a, b;
        auto sa = hub.subscribe(a.callback(), {.interval = 10ms});
        auto sb = hub.subscribe(b.callback(), {.interval = 30ms});
        std::vector<TraceId> expected;
        for (TraceId id = 1; id <= 300; ++id) {
            hub.publish(make_trace(id));
            expected.push_back(id);
            if (id % 50 == 0) std::this_thread::sleep_for(15ms);
        }
        hub.flush();
        QCOMPARE(a.received(), expected);
        QCOMPARE(b.received(), expected);
        QCOMPARE(sa.missed(), std::uint64_t(0));
        // Batches, not one call per trace; never an empty batch; never on this thread.
        QVERIFY(a.batch_sizes.size() < 300);
        for (std::size_t n : a.batch_sizes) QVERIFY(n > 0);
        QVERIFY(a.thread != std::this_thread::get_id());
        // Nothing is delivered twice on later passes.
        hub.publish(make_trace(301));
        hub.flush();
        QCOMPARE(a.received().size(), std::size_t(301));
        QCOMPARE(a.received().back(), TraceId(301));
    }

    void replayAndTheDefaultInterval() {
        TraceHub hub;
        hub.publish(make_trace(1));
        hub.publish(make_trace(2));
        Sink fresh, replay;
        auto s1 = hub.subscribe(fresh.callback());
        auto s2 = hub.subscribe(replay.callback(), {.replay_kept = true});
        hub.publish(make_trace(3));
        // The default interval (150 ms) delivers without a flush.
        QTRY_COMPARE_WITH_TIMEOUT(fresh.received().size(), std::size_t(1), 2000);
        QCOMPARE(fresh.received().front(), TraceId(3));
        QTRY_COMPARE_WITH_TIMEOUT(replay.received().size(), std::size_t(3), 2000);
        QCOMPARE(replay.received().front(), TraceId(1));
    }

    void missedWhenTheCapsDropBeforeDelivery() {
        TraceHub hub({.max_traces = 2});
        Sink sink;
        auto sub = hub.subscribe(sink.callback(), {.interval = std::chrono::milliseconds(60'000)});
        for (TraceId id = 1; id <= 5; ++id) hub.publish(make_trace(id));
        hub.flush();
        QCOMPARE(sink.received(), (std::vector<TraceId>{4, 5}));
        QCOMPARE(sub.missed(), std::uint64_t(3));
    }

    void unsubscribeStopsDelivery() {
        TraceHub hub;
        Sink sink;
        auto sub = hub.subscribe(sink.callback(), {.interval = 5ms});
        QVERIFY(sub.active());
        QCOMPARE(hub.stats().subscribers, std::size_t(1));
        sub.unsubscribe();
        QVERIFY(!sub.active());
        QCOMPARE(hub.stats().subscribers, std::size_t(0));
        hub.publish(make_trace(1));
        hub.flush();
        QVERIFY(sink.received().empty());
        sub.unsubscribe();  // twice is harmless
    }

    void unsubscribeDuringDelivery() {
        TraceHub hub;
        std::atomic<bool> in_callback{false}, release{false};
        std::atomic<int> calls{0};
        auto sub = std::make_unique<TraceHub::Subscription>(hub.subscribe(
            [&](const TraceBatch&) {
                in_callback = true;
                while (!release) std::this_thread::sleep_for(1ms);
                ++calls;
                in_callback = false;
            },
            {.interval = 1ms}));
        hub.publish(make_trace(1));
        QTRY_VERIFY_WITH_TIMEOUT(in_callback.load(), 2000);
        // Unsubscribing from another thread waits for the running callback to finish.
        std::thread releaser([&] {
            std::this_thread::sleep_for(50ms);
            release = true;
        });
        sub.reset();
        QVERIFY(!in_callback.load());
        QCOMPARE(calls.load(), 1);
        releaser.join();
        hub.publish(make_trace(2));
        hub.flush();
        QCOMPARE(calls.load(), 1);
    }

    void unsubscribeFromItsOwnCallback() {
        TraceHub hub;
        std::atomic<int> calls{0};
        TraceHub::Subscription sub;
        std::mutex sub_mutex;
        {
            std::lock_guard lock(sub_mutex);
            sub = hub.subscribe(
                [&](const TraceBatch&) {
                    ++calls;
                    std::lock_guard l(sub_mutex);
                    sub.unsubscribe();  // does not deadlock
                },
                {.interval = 1ms});
        }
        hub.publish(make_trace(1));
        hub.flush();
        QCOMPARE(calls.load(), 1);
        hub.publish(make_trace(2));
        hub.flush();
        QCOMPARE(calls.load(), 1);
        QVERIFY(!sub.active());
        // flush() from a callback is refused, not a deadlock.
        std::atomic<bool> refused{false};
        auto other = hub.subscribe(
            [&](const TraceBatch&) {
                try {
                    hub.flush();
                } catch (const std::logic_error&) {
                    refused = true;
                }
            },
            {.interval = 1ms});
        hub.publish(make_trace(3));
        hub.flush();
        QVERIFY(refused.load());
    }

    void throwingSubscriberDoesNotStopOthers() {
        TraceHub hub;
        Sink sink;
        auto bad = hub.subscribe([](const TraceBatch&) { throw std::runtime_error("subscriber failed"); });
        auto good = hub.subscribe(sink.callback());
        hub.publish(make_trace(1));
        hub.flush();
        hub.publish(make_trace(2));
        hub.flush();
        QCOMPARE(sink.received(), (std::vector<TraceId>{1, 2}));
    }

    void destructionJoinsCleanly() {
        Sink sink;
        TraceHub::Subscription outlives;
        {
            TraceHub hub;
            outlives = hub.subscribe(sink.callback(), {.interval = 1ms});
            for (TraceId id = 1; id <= 100; ++id) hub.publish(make_trace(id));
        }  // joins the delivery thread, with a subscriber still attached
        QVERIFY(!outlives.active());
        outlives.unsubscribe();  // the hub is gone: a no-op
        // Traces the hub held are released with it.
        std::weak_ptr<const Trace> weak;
        {
            TraceHub hub;
            auto t = make_trace(1);
            weak = t;
            hub.publish(std::move(t));
            QVERIFY(!weak.expired());
        }
        QVERIFY(weak.expired());
    }

    // ---- Connection events: a stream of their own -------------------------------------------

    void connectionEventsHaveTheirOwnCapAndSubscribers() {
        TraceHub hub({.max_traces = 2, .max_connection_events = 4});
        std::mutex mutex;
        std::vector<ConnectionId> got;
        auto events = hub.subscribe_connections(
            [&](const ConnectionEventBatch& batch) {
                std::lock_guard lock(mutex);
                for (const auto& e : batch) got.push_back(e.connection_id);
            },
            {.interval = std::chrono::milliseconds(60'000)});
        Sink traces;
        auto trace_sub = hub.subscribe(traces.callback(), {.interval = std::chrono::milliseconds(60'000)});
        for (ConnectionId id = 1; id <= 10; ++id) {
            ConnectionEvent e;
            e.kind = ConnectionEventKind::opened;
            e.connection_id = id;
            hub.publish_connection_event(std::move(e));
        }
        hub.publish(make_trace(1));
        hub.flush();
        {
            std::lock_guard lock(mutex);
            QCOMPARE(got, (std::vector<ConnectionId>{7, 8, 9, 10}));  // the four newest, in order
        }
        QCOMPARE(events.missed(), std::uint64_t(6));
        QCOMPARE(traces.received(), (std::vector<TraceId>{1}));  // no events in the trace stream
        const HubStats st = hub.stats();
        QCOMPARE(st.connection_events_published, std::uint64_t(10));
        QCOMPARE(st.connection_events_dropped, std::uint64_t(6));
        QCOMPARE(st.connection_events_kept, std::size_t(4));
        QCOMPARE(st.published, std::uint64_t(1));  // traces are counted apart
        QCOMPARE(st.subscribers, std::size_t(2));
        const ConnectionEventBatch kept = hub.connection_snapshot();
        QCOMPARE(kept.size(), std::size_t(4));
        QCOMPARE(kept.front().connection_id, ConnectionId(7));

        // A late subscriber asking for replay starts with what is kept.
        std::vector<ConnectionId> replayed;
        auto late = hub.subscribe_connections(
            [&](const ConnectionEventBatch& batch) {
                std::lock_guard lock(mutex);
                for (const auto& e : batch) replayed.push_back(e.connection_id);
            },
            {.interval = std::chrono::milliseconds(60'000), .replay_kept = true});
        hub.flush();
        std::lock_guard lock(mutex);
        QCOMPARE(replayed, (std::vector<ConnectionId>{7, 8, 9, 10}));
    }

    void connectionEventsFromManyThreads() {
        TraceHub hub({.max_connection_events = 100});
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&hub, t] {
                for (int i = 0; i < 1000; ++i) {
                    ConnectionEvent e;
                    e.kind = ConnectionEventKind::request;
                    e.connection_id = ConnectionId(t + 1);
                    e.request_index = std::uint64_t(i + 1);
                    hub.publish_connection_event(std::move(e));
                }
            });
        for (auto& th : threads) th.join();
        const HubStats st = hub.stats();
        QCOMPARE(st.connection_events_published, std::uint64_t(4000));
        QCOMPARE(st.connection_events_kept, std::size_t(100));
        QCOMPARE(st.connection_events_dropped, std::uint64_t(3900));
        // Each connection's events stay in their order.
        std::map<ConnectionId, std::uint64_t> last;
        for (const auto& e : hub.connection_snapshot()) {
            QVERIFY(e.request_index > last[e.connection_id]);
            last[e.connection_id] = e.request_index;
        }
    }

    void connectionEventOptionsChecked() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TraceHub({.max_connection_events = 0}));
        TraceHub hub;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hub.subscribe_connections(nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 hub.subscribe_connections([](const ConnectionEventBatch&) {},
                                                           {.interval = std::chrono::milliseconds(0)}));
    }

    void connectionRecordFoldsEvents() {
        ConnectionRecord record;
        ConnectionEvent opened;
        opened.kind = ConnectionEventKind::opened;
        opened.connection_id = 3;
        opened.client = asgi::Address{"127.0.0.1", 5555};
        record.apply(opened);
        ConnectionEvent other = opened;
        other.connection_id = 4;
        other.bytes_in = 999;
        record.apply(other);  // another connection: ignored
        QCOMPARE(record.id, ConnectionId(3));
        QCOMPARE(record.bytes_in, std::uint64_t(0));
        QVERIFY(record.open());
        ConnectionEvent request = opened;
        request.kind = ConnectionEventKind::request;
        request.requests = 2;
        request.bytes_in = 80;
        record.apply(request);
        QVERIFY(record.reused());
        ConnectionEvent closed = request;
        closed.kind = ConnectionEventKind::closed;
        closed.reason = CloseReason::keep_alive_timeout;
        closed.bytes_out = 300;
        record.apply(closed);
        QVERIFY(!record.open());
        QCOMPARE(record.close_reason, std::optional<CloseReason>(CloseReason::keep_alive_timeout));
        QCOMPARE(record.bytes_out, std::uint64_t(300));
        QCOMPARE(to_string(CloseReason::keep_alive_timeout), std::string_view("keep_alive_timeout"));
    }

    void clearDropsKept() {
        TraceHub hub;
        for (TraceId id = 1; id <= 4; ++id) hub.publish(make_trace(id));
        hub.clear();
        QCOMPARE(hub.stats().kept, std::size_t(0));
        QCOMPARE(hub.stats().dropped, std::uint64_t(4));
        QCOMPARE(hub.stats().bytes, std::size_t(0));
        QVERIFY(hub.snapshot().empty());
    }
};

QTEST_GUILESS_MAIN(TestHub)
#include "test_hub.moc"
