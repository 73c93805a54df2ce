// replay.md: a recorded exchange replayed in-process against an application, first unchanged,
// then with one route changed, and how the differences read.
#include <asgiscope/trace/replay.hpp>
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
namespace trace = asgiscope::trace;
using boost::asio::awaitable;

awaitable<Response> user(Request& request) {
    boost::json::object body;
    body["id"] = request.path_param<std::int64_t>("id");
    body["name"] = "Ada";
    co_return JSONResponse(body);
}

awaitable<Response> user_renamed(Request& request) {
    boost::json::object body;
    body["id"] = request.path_param<std::int64_t>("id");
    body["name"] = "Grace";
    co_return JSONResponse(body);
}

// What a client sent and got back, as an import from HAR or a trace would give it.
trace::Exchange recorded_exchange() {
    trace::Exchange e;
    e.request.method = "GET";
    e.request.url = "http://api.example.org/users/7";
    e.request.headers = {{"Accept", "application/json"}};
    trace::ResponseRecord response;
    response.status = 200;
    response.headers = {{"content-type", "application/json"}, {"date", "Mon, 01 Jan 2024 10:00:00 GMT"}};
    const std::string body = "{\"name\": \"Ada\", \"id\": 7}";  // other key order, other spacing
    response.body = asgi::Bytes::copy(body);
    response.body_size = body.size();
    e.response = response;
    return e;
}

int main() {
    const std::vector<trace::Exchange> recording = {recorded_exchange()};

    // Unchanged: the same status, headers and JSON value (key order and spacing do not count,
    // the date header is ignored).
    Starlette app({.routes = {Route("/users/{id:int}", user)}});
    const trace::ReplayReport same = trace::replay_in_process(recording, app, {});
    CHECK(same.all_same());
    CHECK(same.summary() == "1 exchange: 1 same, 0 different, 0 errors");

    // Changed: the report says what and where.
    Starlette changed({.routes = {Route("/users/{id:int}", user_renamed)}});
    const trace::ReplayReport report = trace::replay_in_process(recording, changed, {});
    CHECK(report.different == 1);
    const trace::ReplayResult& result = report.results[0];
    CHECK(result.outcome == trace::ReplayOutcome::different);
    CHECK(result.differences.size() == 1);
    CHECK(result.differences[0] == "body: JSON differs at $.name: \"Ada\" -> \"Grace\"");

    // Against a live server it is the same call with a target:
    //     trace::replay(recording, {.target = "http://127.0.0.1:8000"});
    return 0;
}
