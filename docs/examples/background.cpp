// background.md: work that runs after the response went out, one task or several.
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
using boost::asio::awaitable;

using Outbox = std::shared_ptr<std::vector<std::string>>;

// A plain function task: called inline once the body has been sent.
void log_signup(Outbox outbox, std::string user) { outbox->push_back("log " + user); }

// A coroutine task: awaited once the body has been sent.
awaitable<void> send_welcome(Outbox outbox, std::string user) {
    outbox->push_back("mail " + user);
    co_return;
}

int main() {
    auto outbox = std::make_shared<std::vector<std::string>>();

    auto signup = [outbox](Request& request) -> awaitable<Response> {
        const std::string user = request.path_param<std::string>("user");
        BackgroundTasks tasks;
        tasks.add_task(log_signup, outbox, user);  // arguments are kept by value
        tasks.add_task(send_welcome, outbox, user);
        PlainTextResponse response("welcome " + user);
        response.background = tasks;
        co_return response;
    };
    auto ping = [outbox](Request&) -> awaitable<Response> {
        PlainTextResponse response("pong");
        response.background = BackgroundTask(log_signup, outbox, std::string("ping"));
        co_return response;
    };

    Starlette app({.routes = {Route("/signup/{user}", Endpoint(signup)), Route("/ping", Endpoint(ping))}});
    TestClient client(app);

    CHECK(client.get("/signup/ada").text() == "welcome ada");
    CHECK(outbox->size() == 2 && (*outbox)[0] == "log ada" && (*outbox)[1] == "mail ada");
    client.get("/ping");
    CHECK(outbox->back() == "log ping");
    return 0;
}
