// staticfiles.md: a directory served under /static, with HTML mode, conditional requests and
// what stays out of reach.
#include <filesystem>
#include <fstream>

#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
namespace fs = std::filesystem;

int main() {
    const fs::path site = fs::temp_directory_path() / "asgiscope-docs-site";
    fs::create_directories(site / "css");
    std::ofstream(site / "index.html") << "<h1>Home</h1>";
    std::ofstream(site / "404.html") << "<h1>Not here</h1>";
    std::ofstream(site / "css" / "site.css") << "body { margin: 0 }";

    Starlette app({.routes = {Mount("/static", StaticFiles({.directory = site.string(), .html = true}),
                                    {.name = "static"})}});
    TestClient client(app);

    const TestResponse css = client.get("/static/css/site.css");
    CHECK(css.status_code == 200 && css.text() == "body { margin: 0 }");
    CHECK(css.headers["content-type"] == "text/css; charset=utf-8");

    // A client that has the file already gets 304 and no body.
    const std::string etag(css.headers["etag"]);
    const TestResponse cached = client.get("/static/css/site.css", {.headers = {{"if-none-match", etag}}});
    CHECK(cached.status_code == 304 && cached.content.empty());

    // HTML mode: a directory serves its index.html, a missing file gets 404.html.
    CHECK(client.get("/static/").text() == "<h1>Home</h1>");
    const TestResponse missing = client.get("/static/nothing.html");
    CHECK(missing.status_code == 404 && missing.text() == "<h1>Not here</h1>");

    // Nothing outside the directory, and only GET and HEAD.
    CHECK(client.get("/static/../../etc/passwd").status_code == 404);
    CHECK(client.post("/static/css/site.css").status_code == 405);

    // url_path_for knows the mount: the file goes in the "path" parameter.
    asgi::PathParams file;
    file["path"] = std::string("css/site.css");
    CHECK(app.url_path_for("static", file) == "/static/css/site.css");

    fs::remove_all(site);
    return 0;
}
