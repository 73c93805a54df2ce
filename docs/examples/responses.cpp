// responses.md: each response class, headers and cookies, a streamed body and a file.
#include <filesystem>
#include <fstream>

#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

awaitable<Response> text(Request&) { co_return PlainTextResponse("plain"); }

awaitable<Response> html(Request&) { co_return HTMLResponse("<h1>Hi</h1>"); }

awaitable<Response> data(Request&) {
    json::object body;
    body["name"] = "café";
    body["tags"] = json::array{"a", "b"};
    co_return JSONResponse(body);
}

awaitable<Response> custom(Request&) {
    asgi::Headers headers;
    headers.emplace_back("x-version", "2");
    Response response("a,b\n1,2\n", 200, std::move(headers), "text/csv");
    response.set_cookie("theme", "dark", {.max_age = 3600, .httponly = true});
    co_return response;
}

awaitable<Response> moved(Request&) { co_return RedirectResponse(std::string_view("/text")); }

awaitable<Response> counting(Request&) {
    co_return StreamingResponse(
        [](StreamWriter write) -> awaitable<void> {
            for (int i = 1; i <= 3; ++i) co_await write(std::to_string(i) + "\n");
        },
        200, {}, "text/plain");
}

int main() {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / "asgiscope-docs-report.txt";
    std::ofstream(file) << "0123456789";

    Starlette app({.routes = {
                       Route("/text", text),
                       Route("/html", html),
                       Route("/json", data),
                       Route("/custom", custom),
                       Route("/moved", moved),
                       Route("/count", counting),
                       Route("/report", Endpoint([file](Request&) -> awaitable<Response> {
                                 co_return FileResponse(file.string(), {.filename = "report.txt"});
                             })),
                   }});
    TestClient client(app);

    const TestResponse t = client.get("/text");
    CHECK(t.headers["content-type"] == "text/plain; charset=utf-8");
    CHECK(t.headers["content-length"] == "5");
    CHECK(client.get("/html").headers["content-type"] == "text/html; charset=utf-8");

    const TestResponse j = client.get("/json");
    CHECK(j.headers["content-type"] == "application/json");
    CHECK(j.text() == "{\"name\":\"café\",\"tags\":[\"a\",\"b\"]}");  // compact, UTF-8 as is

    const TestResponse c = client.get("/custom");
    CHECK(c.headers["content-type"] == "text/csv; charset=utf-8");
    CHECK(c.headers["x-version"] == "2");
    CHECK(c.headers["set-cookie"] == "theme=dark; HttpOnly; Max-Age=3600; Path=/; SameSite=lax");

    const TestResponse m = client.get("/moved", {.follow_redirects = false});
    CHECK(m.status_code == 307 && m.headers["location"] == "/text");

    const TestResponse s = client.get("/count");
    CHECK(s.text() == "1\n2\n3\n");
    CHECK(!s.headers.contains("content-length"));  // streamed: sent chunked

    const TestResponse f = client.get("/report");
    CHECK(f.text() == "0123456789");
    CHECK(f.headers["content-disposition"] == "attachment; filename=\"report.txt\"");
    CHECK(f.headers.contains("etag") && f.headers.contains("last-modified"));
    const TestResponse part = client.get("/report", {.headers = {{"range", "bytes=2-4"}}});
    CHECK(part.status_code == 206 && part.text() == "234");
    CHECK(part.headers["content-range"] == "bytes 2-4/10");

    std::filesystem::remove(file);
    return 0;
}
