// trace-formats.md: record traces of an application, write them to a trace file, read them
// back one at a time, export them to HAR and Chrome trace events, and turn a cURL command line
// into a request.
#include <filesystem>

#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace trace = asgiscope::trace;
using boost::asio::awaitable;

awaitable<Response> user(Request& request) {
    boost::json::object body;
    body["id"] = std::get<std::int64_t>(request.path_params().at("id"));
    co_return JSONResponse(body);
}

int main() {
    // Trace every layer of the application into a hub; write each finished trace to a file.
    auto hub = std::make_shared<trace::TraceHub>();
    auto tracer = std::make_shared<trace::Tracer>(hub);
    Starlette app({.routes = {Route("/users/{id:int}", user)}, .tracer = tracer});
    const auto dir = std::filesystem::temp_directory_path();
    const std::string path = (dir / "asgiscope-doc-traces.jsonl").string();
    {
        trace::TraceFileWriter writer(path);  // line 1: {"format":"asgiscope-trace","version":1,...}
        auto subscription = hub->subscribe([&](const trace::TraceBatch& batch) {
            for (const auto& t : batch) writer.write(*t);  // one line per trace
        });
        TestClient client(app);
        CHECK(client.get("/users/7?full=1").status_code == 200);
        hub->flush();  // deliver what is pending now
        writer.close();
    }

    // Read it back one trace at a time (the whole file is never in memory).
    std::vector<trace::Exchange> exchanges;
    trace::read_trace_file(path, [&](trace::Trace&& t) {
        CHECK(t.spans.front().name == "ServerErrorMiddleware");
        if (auto x = trace::exchange_from_trace(t)) exchanges.push_back(std::move(*x));
        return true;  // false stops reading
    });
    CHECK(exchanges.size() == 1);
    CHECK(exchanges[0].request.url == "http://testserver/users/7?full=1");
    CHECK(exchanges[0].response->body.str() == R"({"id":7})");

    // HAR 1.2 for browsers, and back.
    const std::string har = (dir / "asgiscope-doc.har").string();
    trace::HarWriter writer(har);
    writer.add(exchanges[0]);
    writer.close();
    std::size_t entries = trace::read_har_file(har, [](trace::Exchange&& x) {
        CHECK(x.response->status == 200);
        return true;
    });
    CHECK(entries == 1);

    // A request copied from a browser as cURL, and the command that makes it again.
    trace::Exchange copied = trace::parse_curl(
        "curl 'http://127.0.0.1:8000/echo' -H 'content-type: text/plain' --data-raw $'two\\nlines'");
    CHECK(copied.request.method == "POST");
    CHECK(copied.request.body.str() == "two\nlines");
    CHECK(trace::parse_curl(trace::to_curl(copied.request)).request.body.str() == "two\nlines");

    // Errors name the file, the line and the key.
    try {
        trace::read_trace_bytes("{\"format\":\"asgiscope-trace\",\"version\":9}\n", [](trace::Trace&&) { return true; },
                                "old.jsonl");
        CHECK(false);
    } catch (const trace::TraceFormatError& e) {
        CHECK(std::string(e.what()) == "old.jsonl:1: unsupported trace file version 9 (this asgiscope reads version 1)");
    }
    std::filesystem::remove(path);
    std::filesystem::remove(har);
}
