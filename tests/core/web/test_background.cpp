// Background tasks against Starlette's tests/test_background.py: coroutine and plain tasks
// after a Response, a StreamingResponse and a FileResponse, several tasks in order, a failing
// task stopping the next, and the task running only after the last body message.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include "files_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using testing::call_app;
using testing::http_scope;

namespace {

// The responses Starlette's test parametrises over, each carrying `task`.
Response plainResponse(BackgroundTask task, const std::string&) {
    Response response("task initiated", 200, {}, "text/plain");
    response.background = std::move(task);
    return response;
}

Response streamingResponse(BackgroundTask task, const std::string&) {
    StreamingResponse response([](StreamWriter write) -> awaitable<void> { co_await write("task initiated"); }, 200, {},
                               "text/plain");
    response.background = std::move(task);
    return response;
}

Response fileResponse(BackgroundTask task, const std::string& path) {
    return FileResponse(path, {.media_type = "text/plain", .background = std::move(task)});
}

// An app sending `response`.
asgi::App respondWith(Response response) {
    auto shared = std::make_shared<const Response>(std::move(response));
    return [shared](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
        return (*shared)(scope, std::move(receive), std::move(send));
    };
}

awaitable<void> setFlag(std::shared_ptr<bool> flag) {
    *flag = true;
    co_return;
}

}  // namespace

class TestBackground : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string file_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        file_ = dir_.filePath("task.txt").toStdString();
        QVERIFY(testing::write_file(QString::fromStdString(file_), "task initiated"));
    }

    void asyncTask_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("Response") << 0;
        QTest::newRow("StreamingResponse") << 1;
        QTest::newRow("FileResponse") << 2;
    }

    void asyncTask() {
        QFETCH(int, kind);
        auto complete = std::make_shared<bool>(false);
        const BackgroundTask task(setFlag, complete);
        QVERIFY(task.is_async());
        Response response = kind == 0 ? plainResponse(task, file_)
                            : kind == 1 ? streamingResponse(task, file_)
                                        : fileResponse(task, file_);
        TestClient client(respondWith(std::move(response)));
        const auto r = client.get("/");
        COMPARE_STR(r.text(), "task initiated");
        QVERIFY(*complete);
    }

    void syncTask() {
        auto complete = std::make_shared<bool>(false);
        const BackgroundTask task([complete] { *complete = true; });
        QVERIFY(!task.is_async());
        TestClient client(respondWith(plainResponse(task, file_)));
        COMPARE_STR(client.get("/").text(), "task initiated");
        QVERIFY(*complete);
    }

    void multipleTasksRunInOrder() {
        auto counter = std::make_shared<std::vector<int>>();
        auto increment = [counter](int amount) { counter->push_back(amount); };
        BackgroundTasks tasks;
        tasks.add_task(increment, 1);
        tasks.add_task(increment, 2);
        tasks.add_task([counter](int amount) -> awaitable<void> {
            counter->push_back(amount);
            co_return;
        }, 3);
        QCOMPARE(tasks.tasks.size(), std::size_t(3));
        Response response("tasks initiated", 200, {}, "text/plain");
        response.background = tasks;
        TestClient client(respondWith(std::move(response)));
        COMPARE_STR(client.get("/").text(), "tasks initiated");
        QCOMPARE(*counter, (std::vector<int>{1, 2, 3}));
    }

    void failingTaskAvoidsNextExecution() {
        auto counter = std::make_shared<int>(0);
        auto increment = [counter] {
            ++*counter;
            if (*counter == 1) throw std::runtime_error("task failed");
        };
        BackgroundTasks tasks;
        tasks.add_task(increment);
        tasks.add_task(increment);
        Response response("tasks initiated", 200, {}, "text/plain");
        response.background = tasks;
        TestClient client(respondWith(std::move(response)));
        bool thrown = false;
        try {
            client.get("/");
        } catch (const std::runtime_error& e) {
            thrown = std::string(e.what()).find("task failed") != std::string::npos;
        }
        QVERIFY(thrown);
        QCOMPARE(*counter, 1);
    }

    void failingTaskAfterTheResponseWentOut() {
        // Without raise_server_exceptions the client still has the complete response: the
        // task failed after it was sent, as in Starlette.
        Response response("sent", 200, {}, "text/plain");
        response.background = BackgroundTask([] { throw std::runtime_error("late failure"); });
        TestClient client(respondWith(std::move(response)), {.raise_server_exceptions = false});
        const auto r = client.get("/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "sent");
    }

    void taskRunsAfterTheLastBodyMessage() {
        auto messages_at_task = std::make_shared<std::size_t>(0);
        auto sent_so_far = std::make_shared<std::size_t>(0);
        StreamingResponse streaming(
            [](StreamWriter write) -> awaitable<void> {
                co_await write("a");
                co_await write("b");
            },
            200, {}, "text/plain");
        streaming.background = BackgroundTask([messages_at_task, sent_so_far] { *messages_at_task = *sent_so_far; });
        const Response response = std::move(streaming);
        std::vector<asgi::Message> seen;
        asgi::Scope scope = http_scope("GET", "/");
        testing::run_coroutine([&]() -> awaitable<void> {
            asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::HttpDisconnect(); };
            asgi::Send send = [&seen, sent_so_far](asgi::Message m) -> awaitable<void> {
                seen.push_back(std::move(m));
                *sent_so_far = seen.size();
                co_return;
            };
            co_await response(scope, receive, send);
        });
        // start, "a", "b", and the closing empty body: all four before the task.
        QCOMPARE(seen.size(), std::size_t(4));
        QCOMPARE(*messages_at_task, std::size_t(4));
        QVERIFY(!std::get<asgi::HttpResponseBody>(seen.back()).more_body);
    }

    void taskFromAnEndpoint() {
        auto log = std::make_shared<std::vector<std::string>>();
        Starlette app({.routes = {Route("/signup", [log](Request&) -> awaitable<Response> {
                           JSONResponse response(boost::json::object{{"status", "Signup successful"}});
                           BackgroundTasks tasks;
                           tasks.add_task([log](std::string to, std::string text) { log->push_back(to + ": " + text); },
                                          std::string("a@example.com"), std::string("welcome"));
                           tasks.add_task([log] { log->push_back("admin notified"); });
                           response.background = tasks;
                           co_return response;
                       })}});
        TestClient client(app);
        const auto r = client.get("/signup");
        COMPARE_STR(r.text(), "{\"status\":\"Signup successful\"}");
        QCOMPARE(*log, (std::vector<std::string>{"a@example.com: welcome", "admin notified"}));
    }

    void argumentsAreKeptByValue() {
        auto out = std::make_shared<std::string>();
        std::optional<BackgroundTask> task;
        {
            std::string temporary = "copied";
            task.emplace([out](const std::string& s) { *out = s; }, temporary);
            temporary = "changed";
        }
        testing::run_coroutine([&]() -> awaitable<void> { co_await (*task)(); });
        COMPARE_STR(*out, "copied");
        // A default task does nothing; tasks nest.
        BackgroundTasks outer;
        outer.add_task(BackgroundTask());
        BackgroundTasks inner;
        inner.add_task([out] { *out += "+inner"; });
        outer.add_task(inner);
        testing::run_coroutine([&]() -> awaitable<void> { co_await outer(); });
        COMPARE_STR(*out, "copied+inner");
    }
};

QTEST_GUILESS_MAIN(TestBackground)
#include "test_background.moc"
