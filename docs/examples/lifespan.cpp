// lifespan.md: startup and shutdown around one co_await, state handed to every request, and
// the TestClient running them.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;

// Something an application opens at startup and closes at shutdown.
struct Database {
    bool open = true;
    std::vector<std::string> rows{"first row"};
};

bool shutdown_ran = false;  // for the checks below

awaitable<void> lifespan(LifespanContext& context) {
    auto db = std::make_shared<Database>();  // startup
    asgi::State state;
    state["db"] = db;
    co_await context.serve(std::move(state));  // the application runs here
    db->open = false;                          // shutdown
    shutdown_ran = true;
}

awaitable<Response> rows(Request& request) {
    // Each request's state starts as a copy of the lifespan state.
    const auto& db = request.state().get<std::shared_ptr<Database>>("db");
    co_return PlainTextResponse(db->open ? db->rows.front() : "closed");
}

int main() {
    Starlette app({.routes = {Route("/rows", rows)}, .lifespan = lifespan});

    TestClient client(app);
    client.open();  // runs startup; a failure there throws
    CHECK(client.get("/rows").text() == "first row");
    CHECK(client.app_state()->contains("db"));
    client.close();  // runs shutdown (the destructor would too)
    CHECK(shutdown_ran);

    // Handlers in lists are the other form (not together with a lifespan).
    auto events = std::make_shared<std::vector<std::string>>();
    Starlette old_style({
        .on_startup = {[events]() -> awaitable<void> {
            events->push_back("startup");
            co_return;
        }},
        .on_shutdown = {[events]() -> awaitable<void> {
            events->push_back("shutdown");
            co_return;
        }},
    });
    {
        TestClient second(old_style);
        second.open();
    }
    CHECK(*events == (std::vector<std::string>{"startup", "shutdown"}));
    return 0;
}
