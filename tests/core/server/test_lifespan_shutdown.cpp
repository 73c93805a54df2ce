// The server's life: lifespan startup and shutdown (auto/on/off), the state it hands to every
// request, graceful shutdown with requests in flight and its timeout, and the limits that
// stop or refuse work (limit-max-requests, limit-concurrency), plus a port already in use.
#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <thread>

#include <boost/system/system_error.hpp>

#include "demo_app.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using testing::RawClient;
using testing::Recorder;
using testing::RunningServer;

namespace {

std::string get(const std::string& path, const std::string& extra = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}

server::Config config(server::LifespanMode mode = server::LifespanMode::Auto) {
    auto c = testing::test_config();
    c.lifespan = mode;
    return c;
}

/// Lifespan behaviour of the test app.
enum class Startup { Complete, Fail, FailThenWait, Raise };

/// Records the lifespan messages and requests it sees; answers every request with "ok".
asgi::App lifespan_app(Recorder& rec, Startup startup) {
    return [&rec, startup](asgi::Scope& scope, asgi::Receive receive,
                           asgi::Send send) -> asio::awaitable<void> {
        rec.add("scope " + scope.type);
        if (scope.type == "lifespan") {
            for (;;) {
                auto message = co_await receive();
                rec.add(testing::describe(message));
                if (std::holds_alternative<asgi::LifespanStartup>(message)) {
                    if (startup == Startup::Raise) throw std::runtime_error("cannot start");
                    if (startup == Startup::Fail || startup == Startup::FailThenWait) {
                        co_await send(asgi::LifespanStartupFailed("database unreachable"));
                        if (startup == Startup::Fail) co_return;
                        continue;  // and wait for a lifespan.shutdown that never comes
                    }
                    co_await send(asgi::LifespanStartupComplete());
                } else if (std::holds_alternative<asgi::LifespanShutdown>(message)) {
                    co_await send(asgi::LifespanShutdownComplete());
                    co_return;
                }
            }
        }
        co_await testing::respond(send, 200, "ok");
    };
}

bool request_ok(std::uint16_t port, const std::string& path = "/") {
    RawClient c(port);
    if (!c.send(get(path))) return false;
    auto r = c.read_response();
    return r && r->status == 200;
}

/// Whether a new TCP connection is refused (the listener is closed).
bool refused(std::uint16_t port) {
    RawClient c(port, 2s);
    return !c.connected();
}

}  // namespace

class TestLifespanShutdown : public QObject {
    Q_OBJECT
private slots:
    // ---- Lifespan ------------------------------------------------------------------------

    void lifespan_auto_with_supporting_app() {
        Recorder rec;
        RunningServer s(lifespan_app(rec, Startup::Complete), config());
        QVERIFY(s.started());
        QVERIFY(s.log_contains("Waiting for application startup."));
        QVERIFY(s.log_contains("Application startup complete."));
        QVERIFY(request_ok(s.port()));
        QCOMPARE(s.stop(), 0);
        QVERIFY(s.log_contains("Application shutdown complete."));
        QCOMPARE(rec.joined(), std::string("scope lifespan | lifespan.startup | scope http | "
                                           "lifespan.shutdown"));
        QVERIFY2(!s.log_contains("ERROR:"), s.log_text().c_str());
    }

    void lifespan_auto_with_unsupporting_app() {
        Recorder rec;
        RunningServer s(lifespan_app(rec, Startup::Raise), config());
        QVERIFY(s.started());
        QVERIFY(s.log_contains("INFO:     ASGI 'lifespan' protocol appears unsupported."));
        QVERIFY(request_ok(s.port()));
        QCOMPARE(s.stop(), 0);
        QVERIFY(!s.log_contains("ERROR:"));
        QVERIFY(!s.log_contains("Waiting for application shutdown."));
    }

    void lifespan_on_startup_exception_exits_3() {
        Recorder rec;
        RunningServer s(lifespan_app(rec, Startup::Raise), config(server::LifespanMode::On));
        QVERIFY(!s.started());
        QCOMPARE(s.stop(), int(server::ExitCode::LifespanFailed));
        QVERIFY2(s.log_contains("ERROR:    Exception in 'lifespan' protocol: std::runtime_error: "
                                "cannot start"), s.log_text().c_str());
        QVERIFY(s.log_contains("ERROR:    Application startup failed. Exiting."));
        QVERIFY(!s.log_contains("running on"));
        QVERIFY(!rec.contains("scope http"));
    }

    void lifespan_startup_failed_exits_3_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("app_keeps_waiting");
        QTest::newRow("auto") << int(server::LifespanMode::Auto) << false;
        QTest::newRow("on") << int(server::LifespanMode::On) << false;
        QTest::newRow("on, app keeps waiting") << int(server::LifespanMode::On) << true;
    }
    void lifespan_startup_failed_exits_3() {
        QFETCH(int, mode);
        QFETCH(bool, app_keeps_waiting);
        Recorder rec;
        RunningServer s(lifespan_app(rec, app_keeps_waiting ? Startup::FailThenWait : Startup::Fail),
                        config(server::LifespanMode(mode)));
        QVERIFY(!s.started());
        QCOMPARE(s.stop(), 3);
        QVERIFY(s.log_contains("ERROR:    database unreachable"));
        QVERIFY(s.log_contains("Application startup failed. Exiting."));
        QCOMPARE(rec.joined(), std::string("scope lifespan | lifespan.startup"));
    }

    void lifespan_off_never_calls_app() {
        Recorder rec;
        RunningServer s(lifespan_app(rec, Startup::Raise), config(server::LifespanMode::Off));
        QVERIFY(s.started());
        QVERIFY(request_ok(s.port()));
        QCOMPARE(s.stop(), 0);
        QCOMPARE(rec.joined(), std::string("scope http"));
        QVERIFY(!s.log_contains("lifespan"));
        QVERIFY(!s.log_contains("startup"));
    }

    void lifespan_shutdown_failure_is_logged() {
        auto app = [](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
            if (scope.type != "lifespan") co_return;
            co_await receive();
            co_await send(asgi::LifespanStartupComplete());
            co_await receive();
            co_await send(asgi::LifespanShutdownFailed("could not flush"));
        };
        RunningServer s(app, config(server::LifespanMode::On));
        QVERIFY(s.started());
        QCOMPARE(s.stop(), 0);
        QVERIFY(s.log_contains("ERROR:    could not flush"));
        QVERIFY(s.log_contains("Application shutdown failed. Exiting."));
    }

    void state_copied_into_every_request() {
        Recorder rec;
        auto app = [&rec](asgi::Scope& scope, asgi::Receive receive,
                          asgi::Send send) -> asio::awaitable<void> {
            if (scope.type == "lifespan") {
                co_await receive();
                (*scope.state)["name"] = std::string("from startup");
                (*scope.state)["hits"] = std::make_shared<std::atomic<int>>(0);
                co_await send(asgi::LifespanStartupComplete());
                co_await receive();
                co_await send(asgi::LifespanShutdownComplete());
                co_return;
            }
            std::string seen = "no state";
            if (scope.state) {
                // The request's own copy: the server shares the lifespan's map until it changes.
                auto& st = scope.own_state();
                auto hits = std::any_cast<std::shared_ptr<std::atomic<int>>>(st.at("hits"));
                seen = std::any_cast<std::string>(st.at("name")) + " " +
                       std::to_string(++*hits) + " " + std::to_string(st.size());
                // A request changes only its own copy of the namespace.
                st["name"] = std::string("changed by " + scope.path);
                st["extra"] = 1;
            }
            rec.add(seen);
            co_await testing::respond(send, 200, seen);
        };
        RunningServer s(app, config(server::LifespanMode::On));
        QVERIFY(s.started());
        RawClient c(s.port());
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(c.send(get("/r" + std::to_string(i))));
            auto r = c.read_response();
            QVERIFY(r);
            // The shared counter object is shared (shallow copy); the keys are not.
            QCOMPARE(r->body, "from startup " + std::to_string(i) + " 2");
        }
        QVERIFY(request_ok(s.port(), "/other-connection"));
        QCOMPARE(rec.size(), std::size_t(4));
    }

    // ---- Graceful shutdown ---------------------------------------------------------------

    void graceful_shutdown_finishes_requests_in_flight() {
        Recorder rec;
        std::atomic<bool> release{false};
        auto app = [&](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> asio::awaitable<void> {
            if (scope.type == "lifespan") {
                co_await receive();
                co_await send(asgi::LifespanStartupComplete());
                co_await receive();
                rec.add("lifespan.shutdown");
                co_await send(asgi::LifespanShutdownComplete());
                co_return;
            }
            rec.add("request " + scope.path);
            co_await testing::wait_until([&] { return release.load(); });
            co_await testing::respond(send, 200, "finished " + scope.path);
            rec.add("responded " + scope.path);
        };
        RunningServer s(app, config());
        QVERIFY(s.started());
        RawClient a(s.port()), b(s.port());
        QVERIFY(a.send(get("/a")));
        QVERIFY(b.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
        QTRY_VERIFY(rec.contains("request /a") && rec.contains("request /b"));

        std::thread stopper([&] { s.stop(); });
        QTRY_VERIFY(s.log_contains("Shutting down"));
        QTRY_VERIFY(refused(s.port()));  // no longer accepting
        QTest::qWait(100);
        QVERIFY(!s.finished());  // waiting for the two requests
        QVERIFY(!rec.contains("lifespan.shutdown"));

        release = true;
        for (auto* c : {&a, &b}) {
            auto r = c->read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QVERIFY(r->body.starts_with("finished /"));
            QCOMPARE(r->header("connection").value_or(""), std::string("close"));
            QVERIFY(c->read_until_closed());
        }
        stopper.join();
        QVERIFY(s.finished());
        QCOMPARE(s.stop(), 0);
        // The lifespan shutdown comes after the requests finished.
        auto items = rec.items();
        QCOMPARE(items.back(), std::string("lifespan.shutdown"));
        QVERIFY(s.log_contains("Application shutdown complete."));
    }

    void graceful_shutdown_timeout_cuts_requests_off() {
        Recorder rec;
        auto app = [&rec](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            rec.add("request " + scope.path);
            try {
                co_await testing::sleep_for(30s);
            } catch (const boost::system::system_error&) {
                rec.add("cancelled " + scope.path);
                throw;
            }
            co_await testing::respond(send, 200, "too late");
        };
        auto cfg = config(server::LifespanMode::Off);
        cfg.timeout_graceful_shutdown = 0.3;
        RunningServer s(app, cfg);
        QVERIFY(s.started());
        RawClient c(s.port(), 5s);
        QVERIFY(c.send(get("/long")));
        QTRY_VERIFY(rec.contains("request /long"));
        QElapsedTimer t;
        t.start();
        QCOMPARE(s.stop(), 0);
        QVERIFY2(t.elapsed() >= 250 && t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
        std::string wire;
        QVERIFY(c.read_until_closed(&wire));
        QCOMPARE(wire, std::string());
        QVERIFY(s.log_contains("Cancel 1 running connection(s), timeout graceful shutdown exceeded"));
        QVERIFY(rec.contains("cancelled /long"));  // the app was told, not left running
        QVERIFY(!s.log_contains("still open"));
    }

    void idle_connections_closed_at_shutdown() {
        RunningServer s(demo::make_demo_app(), config());
        QVERIFY(s.started());
        RawClient used(s.port()), silent(s.port()), partial(s.port());
        QVERIFY(used.send(get("/plaintext")));
        QVERIFY(used.read_response());
        QTRY_COMPARE(s.server().open_connections(), std::uint64_t(3));
        QVERIFY(partial.send("GET /plaintext HTTP/1.1\r\n"));  // a head in progress
        QElapsedTimer t;
        t.start();
        std::thread stopper([&] { s.stop(); });
        QVERIFY(used.read_until_closed());
        QVERIFY(silent.read_until_closed());
        stopper.join();
        // Keep-alive is 5 s and the header timeout 10 s: closing came from the shutdown.
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        std::string rest;
        QVERIFY(partial.read_until_closed(&rest));
    }

    // ---- Limits --------------------------------------------------------------------------

    void limit_max_requests_stops_server() {
        auto cfg = config();
        cfg.limit_max_requests = 3;
        RunningServer s(demo::make_demo_app(), cfg);
        QVERIFY(s.started());
        RawClient c(s.port());
        for (int i = 0; i < 3; ++i) {
            QVERIFY(c.send(get("/plaintext")));
            auto r = c.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
        }
        QTRY_VERIFY(s.finished());
        QCOMPARE(s.stop(), 0);
        QVERIFY(s.log_contains("WARNING:  Maximum request limit of 3 exceeded. Terminating process."));
        QVERIFY(s.log_contains("Application shutdown complete."));
        QVERIFY(c.read_until_closed());
        QVERIFY(refused(s.port()));
        QCOMPARE(s.server().requests_served(), std::uint64_t(3));
    }

    void limit_concurrency_answers_503() {
        std::atomic<bool> entered{false}, release{false};
        auto app = [&](asgi::Scope& scope, asgi::Receive, asgi::Send send) -> asio::awaitable<void> {
            if (scope.path == "/hold") {
                entered = true;
                co_await testing::wait_until([&] { return release.load(); });
            }
            co_await testing::respond(send, 200, "ok " + scope.path);
        };
        auto cfg = config(server::LifespanMode::Off);
        cfg.limit_concurrency = 1;
        RunningServer s(app, cfg);
        QVERIFY(s.started());
        RawClient a(s.port());
        QVERIFY(a.send(get("/hold")));
        QTRY_VERIFY(entered.load());
        {
            RawClient b(s.port());
            QVERIFY(b.send(get("/other")));
            auto r = b.read_response();
            QVERIFY(r);
            QCOMPARE(r->status, 503);
            QCOMPARE(r->body, std::string("Service Unavailable"));
            QCOMPARE(r->header("connection").value_or(""), std::string("close"));
            QVERIFY(b.read_until_closed());
        }
        QVERIFY(s.log_contains("WARNING:  Exceeded concurrency limit."));
        release = true;
        auto r = a.read_response();
        QVERIFY(r);
        QCOMPARE(r->body, std::string("ok /hold"));
        a.close();
        // Below the limit again: served.
        QTRY_COMPARE(s.server().open_connections(), std::uint64_t(0));
        QVERIFY(request_ok(s.port(), "/again"));
    }

    void port_in_use_returns_1() {
        RunningServer first(demo::make_demo_app(), config());
        QVERIFY(first.started());
        auto cfg = config();
        cfg.port = first.port();
        RunningServer second(demo::make_demo_app(), cfg);
        QVERIFY(!second.started());
        QCOMPARE(second.stop(), int(server::ExitCode::StartupError));
        const std::string expected = "ERROR:    error while attempting to bind on address 127.0.0.1:" +
                                     std::to_string(first.port()) + ": Address already in use";
        QVERIFY2(second.log_contains(expected), second.log_text().c_str());
        QVERIFY(request_ok(first.port(), "/plaintext"));  // the first is unaffected
    }
};

QTEST_GUILESS_MAIN(TestLifespanShutdown)
#include "test_lifespan_shutdown.moc"
