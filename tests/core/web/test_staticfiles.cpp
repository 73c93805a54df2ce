// StaticFiles against Starlette's tests/test_staticfiles.py: serving, HEAD, 405, 404s, the
// directory checks, 304 by etag and by date, HTML mode (index.html, redirect, 404.html),
// path traversal (.., %2e%2e, absolute, NUL, symbolic links), Range through FileResponse,
// and curl against the real server.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <unistd.h>

#include "files_test.hpp"
#include "test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using testing::call_app;
using testing::http_scope;

namespace {

// Starlette(routes=[Mount(mount, StaticFiles(...))]).
Starlette mounted(StaticFilesOptions options, std::string mount = "/") {
    return Starlette({.routes = {Mount(std::move(mount), StaticFiles(std::move(options)), {.name = "static"})}});
}

asgi::Headers header(std::string name, std::string value) {
    asgi::Headers headers;
    headers.emplace_back(std::move(name), std::move(value));
    return headers;
}

// The status get_response's HTTPException carries for a scope, or 0 when none is thrown.
int thrownStatus(const StaticFiles& app, const asgi::Scope& scope) {
    try {
        (void)app.get_response(StaticFiles::get_path(scope), scope);
    } catch (const HTTPException& e) {
        return e.status_code;
    }
    return 0;
}

}  // namespace

class TestStaticFiles : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> tmp_;
    QString dir_;  // a fresh directory per test

    std::string path(const QString& name) const { return QDir(dir_).filePath(name).toStdString(); }
    bool write(const QString& name, std::string_view content) const {
        return testing::write_file(QDir(dir_).filePath(name), content);
    }
    StaticFilesOptions options(bool html = false) const {
        return {.directory = dir_.toStdString(), .html = html};
    }

private slots:
    void init() {
        tmp_ = std::make_unique<QTemporaryDir>();
        QVERIFY(tmp_->isValid());
        dir_ = tmp_->path();
    }

    void servesAFile() {
        QVERIFY(write("example.txt", "<file content>"));
        TestClient client{StaticFiles(options())};
        const auto r = client.get("/example.txt");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<file content>");
        COMPARE_STR(r.headers["content-type"], "text/plain; charset=utf-8");
        COMPARE_STR(r.headers["accept-ranges"], "bytes");
        QVERIFY(r.headers.contains("etag"));
        QVERIFY(r.headers.contains("last-modified"));
    }

    void servesUnderAMount() {
        QVERIFY(QDir(dir_).mkdir("css"));
        QVERIFY(write("css/site.css", "body{}"));
        TestClient client(mounted(options(), "/static"));
        const auto r = client.get("/static/css/site.css");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "body{}");
        COMPARE_STR(r.headers["content-type"], "text/css; charset=utf-8");
        QCOMPARE(client.get("/static/css/other.css").status_code, 404);
        QCOMPARE(client.get("/elsewhere/site.css").status_code, 404);
    }

    void headNeverSendsTheBody() {
        QVERIFY(write("example.txt", std::string(100, 'x')));
        TestClient client(mounted(options(), "/static"));
        const auto r = client.head("/static/example.txt");
        QCOMPARE(r.status_code, 200);
        QVERIFY(r.content.empty());
        COMPARE_STR(r.headers["content-length"], "100");
        const auto messages = call_app(StaticFiles(options()), http_scope("HEAD", "/example.txt"));
        QCOMPARE(messages.size(), std::size_t(2));
        QVERIFY(std::get<asgi::HttpResponseBody>(messages[1]).body.empty());
    }

    void postIs405() {
        QVERIFY(write("example.txt", "<file content>"));
        TestClient client(mounted(options()));
        auto r = client.post("/example.txt");
        QCOMPARE(r.status_code, 405);
        COMPARE_STR(r.text(), "Method Not Allowed");
        // Alone, without an application around it: the same answer.
        TestClient bare{StaticFiles(options())};
        r = bare.request("DELETE", "/example.txt");
        QCOMPARE(r.status_code, 405);
        COMPARE_STR(r.text(), "Method Not Allowed");
        // Inside an application it is an HTTPException its handlers see.
        QCOMPARE(thrownStatus(StaticFiles(options()), http_scope("PUT", "/example.txt")), 405);
    }

    void notFoundCases() {
        QVERIFY(write("example.txt", "<file content>"));
        TestClient client(mounted(options()));
        for (const char* url : {"/", "/404.txt", "/foo/example.txt", "/example.txt/foo"}) {
            const auto r = client.get(url);
            QVERIFY2(r.status_code == 404, url);
            COMPARE_STR(r.text(), "Not Found");
        }
        // A name too long for the file system.
        const long name_max = ::pathconf("/", _PC_PATH_MAX);
        const auto r = client.get("/" + std::string(std::size_t(name_max > 0 ? name_max : 4096), 'a') + ".txt");
        QCOMPARE(r.status_code, 404);
        COMPARE_STR(r.text(), "Not Found");
    }

    void directoryChecks() {
        const std::string missing = path("no_such_directory");
        try {
            StaticFiles app({.directory = missing});
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "Directory '" + missing + "' does not exist");
        }
        // check_dir=false: the first request finds out.
        TestClient unchecked(StaticFiles({.directory = missing, .check_dir = false}));
        try {
            unchecked.get("/example.txt");
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "StaticFiles directory '" + missing + "' does not exist.");
        }
        QVERIFY(write("example.txt", "<file content>"));
        TestClient file_as_dir(StaticFiles({.directory = path("example.txt"), .check_dir = false}));
        try {
            file_as_dir.get("/example.txt");
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            QVERIFY(std::string(e.what()).ends_with("is not a directory."));
        }
    }

    void configIsCheckedOnlyOnce() {
        QVERIFY(QDir(dir_).mkdir("sub"));
        const std::string sub = path("sub");
        TestClient client(StaticFiles({.directory = sub}));
        QCOMPARE(client.get("/x").status_code, 404);
        // The directory goes away: no second check, a plain 404.
        QVERIFY(QDir(dir_).rmdir("sub"));
        QCOMPARE(client.get("/x").status_code, 404);
    }

    void traversalIsRefused() {
        QVERIFY(QDir(dir_).mkdir("static"));
        QVERIFY(QDir(dir_).mkdir("static_disallow"));
        QVERIFY(write("static/index.html", "<h1>Hello</h1>"));
        QVERIFY(write("static_disallow/index.html", "<h1>Private</h1>"));
        QVERIFY(write("static1.txt", "Private"));
        const StaticFiles app({.directory = path("static")});

        // get_path keeps the ".." that climb out; lookup refuses them.
        COMPARE_STR(StaticFiles::get_path(http_scope("GET", "/../static1.txt")), "../static1.txt");
        COMPARE_STR(StaticFiles::get_path(http_scope("GET", "/a/./b/../c")), "a/c");
        COMPARE_STR(StaticFiles::get_path(http_scope("GET", "/")), ".");
        for (const char* p : {"/../static1.txt", "/../static_disallow/index.html", "/x/../../static1.txt",
                              "/../../../../../etc/passwd"})
            QVERIFY2(thrownStatus(app, http_scope("GET", p)) == 404, p);
        QVERIFY(app.lookup_path("../static1.txt").first.empty());

        // Whatever the client sends: encoded dots and slashes, absolute paths, NUL bytes.
        TestClient client(mounted({.directory = path("static")}));
        for (const char* url : {"/../static1.txt", "/%2e%2e/static1.txt", "/%2E%2E%2Fstatic1.txt",
                                "/..%2fstatic_disallow/index.html", "//etc/passwd", "/%2Fetc%2Fpasswd",
                                "/index.html%00", "/example%00.txt"}) {
            const auto r = client.get(url);
            QVERIFY2(r.status_code == 404, url);
            QVERIFY2(r.text() == "Not Found", url);
        }
        QCOMPARE(client.get("/index.html").status_code, 200);

        // Raw scopes, as a server that does not normalise paths would send them.
        for (std::string p : {std::string("/../static1.txt"), std::string("/..//static1.txt"),
                              std::string("/index.html\0x", 13), path("static1.txt")}) {
            const auto messages = call_app(StaticFiles({.directory = path("static")}), http_scope("GET", p));
            QCOMPARE(std::get<asgi::HttpResponseStart>(messages.front()).status, 404);
            QVERIFY(testing::joined_body(messages) != "Private");
        }
    }

    void symlinkOutsideTheDirectory() {
        QVERIFY(QDir(dir_).mkdir("statics"));
        QTemporaryDir source;
        QVERIFY(testing::write_file(source.filePath("page.html"), "<h1>Hello</h1>"));
        QVERIFY(QFile::link(source.filePath("page.html"), QDir(dir_).filePath("statics/index.html")));
        QVERIFY(QFile::link(source.path(), QDir(dir_).filePath("statics/html")));

        // Refused by default...
        TestClient strict(StaticFiles({.directory = path("statics")}));
        QCOMPARE(strict.get("/index.html").status_code, 404);
        QCOMPARE(strict.get("/html/page.html").status_code, 404);
        // ...served with follow_symlink.
        TestClient follow(StaticFiles({.directory = path("statics"), .follow_symlink = true}));
        auto r = follow.get("/index.html");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<h1>Hello</h1>");
        r = follow.get("/html/page.html");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<h1>Hello</h1>");
        // A symbolic link inside the directory pointing inside it is fine either way.
        QVERIFY(write("statics/real.txt", "real"));
        QVERIFY(QFile::link(QDir(dir_).filePath("statics/real.txt"), QDir(dir_).filePath("statics/alias.txt")));
        COMPARE_STR(strict.get("/alias.txt").text(), "real");
    }

    void symlinkedDirectoryCannotBeEscaped() {
        // The directory itself is a link; "/.." must still not reach its neighbours.
        QTemporaryDir root_source;
        QVERIFY(QDir(root_source.path()).mkdir("statics"));
        QVERIFY(testing::write_file(root_source.filePath("index.html"), "<h1>Hello</h1>"));
        QVERIFY(testing::write_file(root_source.filePath("statics/inside.txt"), "inside"));
        QVERIFY(QFile::link(root_source.filePath("statics"), QDir(dir_).filePath("statics")));
        for (const bool follow : {false, true}) {
            const StaticFiles app({.directory = path("statics"), .follow_symlink = follow});
            QCOMPARE(thrownStatus(app, http_scope("GET", "/../index.html")), 404);
            TestClient client(app);
            COMPARE_STR(client.get("/inside.txt").text(), "inside");
        }
    }

    void symlinkLoopIs500() {
        QVERIFY(QFile::link(QDir(dir_).filePath("loop"), QDir(dir_).filePath("loop")));
        TestClient client(mounted(options()), {.raise_server_exceptions = false});
        const auto r = client.get("/loop");
        QCOMPARE(r.status_code, 500);
        COMPARE_STR(r.text(), "Internal Server Error");
    }

    void unreadableDirectoryIs401() {
        if (::geteuid() == 0) QSKIP("root reads any directory");
        QVERIFY(QDir(dir_).mkdir("locked"));
        QVERIFY(write("locked/example.txt", "<file content>"));
        QFile::setPermissions(QDir(dir_).filePath("locked"), QFileDevice::ExeOther | QFileDevice::ReadOther |
                                                                  QFileDevice::WriteOther);
        TestClient client(mounted({.directory = path("locked")}));
        const auto r = client.get("/example.txt");
        QFile::setPermissions(QDir(dir_).filePath("locked"), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                                  QFileDevice::ExeOwner);
        QCOMPARE(r.status_code, 401);
        COMPARE_STR(r.text(), "Unauthorized");
    }

    void notModifiedByEtag() {
        QVERIFY(write("example.txt", "<file content>"));
        TestClient client{StaticFiles(options())};
        const auto first = client.get("/example.txt");
        QCOMPARE(first.status_code, 200);
        const std::string etag(first.headers["etag"]);
        auto r = client.get("/example.txt", {.headers = header("if-none-match", etag)});
        QCOMPARE(r.status_code, 304);
        QVERIFY(r.content.empty());
        // Only the headers a 304 may carry.
        COMPARE_STR(r.headers["etag"], etag);
        QVERIFY(!r.headers.contains("content-length"));
        QVERIFY(!r.headers.contains("content-type"));
        QVERIFY(!r.headers.contains("last-modified"));
        r = client.get("/example.txt", {.headers = header("if-none-match", "W/" + etag + ", \"123\"")});
        QCOMPARE(r.status_code, 304);
        QVERIFY(r.content.empty());
        // A mismatch: the file.
        r = client.get("/example.txt", {.headers = header("if-none-match", "\"123\"")});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<file content>");
        // If-None-Match present: If-Modified-Since is not looked at.
        auto both = header("if-none-match", "\"123\"");
        both.emplace_back("if-modified-since", std::string(first.headers["last-modified"]));
        r = client.get("/example.txt", {.headers = both});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<file content>");
    }

    void notModifiedByDate() {
        QVERIFY(write("example.txt", "<file content>"));
        QVERIFY(testing::set_mtime(QDir(dir_).filePath("example.txt"), 1381448400));  // 2013-10-10 23:40:00 UTC
        TestClient client{StaticFiles(options())};
        auto r = client.get("/example.txt", {.headers = header("If-Modified-Since", "Thu, 11 Oct 2013 15:30:19 GMT")});
        QCOMPARE(r.status_code, 304);
        QVERIFY(r.content.empty());
        r = client.get("/example.txt", {.headers = header("If-Modified-Since", "Thu, 20 Feb 2012 15:30:19 GMT")});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<file content>");
        // The same second, and the other date formats of RFC 9110.
        for (const char* date : {"Thu, 10 Oct 2013 23:40:00 GMT", "Thursday, 10-Oct-13 23:40:00 GMT",
                                 "Thu Oct 10 23:40:00 2013"}) {
            r = client.get("/example.txt", {.headers = header("if-modified-since", date)});
            QVERIFY2(r.status_code == 304, date);
        }
        // Not a date: the file.
        r = client.get("/example.txt", {.headers = header("if-modified-since", "yesterday")});
        QCOMPARE(r.status_code, 200);
    }

    void htmlMode() {
        QVERIFY(write("404.html", "<h1>Custom not found page</h1>"));
        QVERIFY(QDir(dir_).mkdir("dir"));
        QVERIFY(write("dir/index.html", "<h1>Hello</h1>"));
        TestClient client{StaticFiles(options(true))};

        auto r = client.get("/dir/");
        COMPARE_STR(r.url.str(), "http://testserver/dir/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<h1>Hello</h1>");

        r = client.get("/dir");
        COMPARE_STR(r.url.str(), "http://testserver/dir/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<h1>Hello</h1>");
        QCOMPARE(r.history.size(), std::size_t(1));
        QCOMPARE(r.history[0].status_code, 307);
        COMPARE_STR(r.history[0].headers["location"], "http://testserver/dir/");

        r = client.get("/dir/index.html");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<h1>Hello</h1>");

        r = client.get("/missing");
        QCOMPARE(r.status_code, 404);
        COMPARE_STR(r.text(), "<h1>Custom not found page</h1>");
        COMPARE_STR(r.headers["content-type"], "text/html; charset=utf-8");
    }

    void htmlModeRedirectKeepsTheMountAndQuery() {
        QVERIFY(QDir(dir_).mkdir("docs"));
        QVERIFY(write("docs/index.html", "docs"));
        TestClient client(mounted(options(true), "/static"), {.follow_redirects = false});
        const auto r = client.get("/static/docs?x=1");
        QCOMPARE(r.status_code, 307);
        COMPARE_STR(r.headers["location"], "http://testserver/static/docs/?x=1");
    }

    void htmlModeWithoutIndex() {
        QVERIFY(write("404.html", "<h1>Custom not found page</h1>"));
        QVERIFY(QDir(dir_).mkdir("dir"));
        TestClient client{StaticFiles(options(true))};
        for (const char* url : {"/dir/", "/dir", "/missing"}) {
            const auto r = client.get(url);
            QVERIFY2(r.status_code == 404, url);
            COMPARE_STR(r.text(), "<h1>Custom not found page</h1>");
            QVERIFY(r.history.empty());
        }
    }

    void htmlModeWithout404Page() {
        QVERIFY(QDir(dir_).mkdir("dir"));
        QVERIFY(write("dir/index.html", "<h1>Hello</h1>"));
        TestClient client(mounted(options(true)));
        COMPARE_STR(client.get("/dir").text(), "<h1>Hello</h1>");
        const auto r = client.get("/missing");
        QCOMPARE(r.status_code, 404);
        COMPARE_STR(r.text(), "Not Found");
        QCOMPARE(thrownStatus(StaticFiles(options(true)), http_scope("GET", "/missing")), 404);
    }

    void htmlModeOnlyFiles() {
        QVERIFY(write("hello.html", "<h1>Hello</h1>"));
        TestClient client(mounted(options(true)));
        QCOMPARE(client.get("/").status_code, 404);
        const auto r = client.get("/hello.html");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "<h1>Hello</h1>");
        // The top directory's index.html, once there is one.
        QVERIFY(write("index.html", "top"));
        COMPARE_STR(client.get("/").text(), "top");
    }

    void deletedFileInHtmlModeIsNotCached() {
        QVERIFY(write("404.html", "<p>404 file</p>"));
        QVERIFY(write("some.html", "<p>some file</p>"));
        QVERIFY(testing::set_mtime(QDir(dir_).filePath("404.html"), 1381448400));
        QVERIFY(testing::set_mtime(QDir(dir_).filePath("some.html"), 1381448400));
        TestClient client{StaticFiles(options(true))};
        const auto exists = client.get("/some.html");
        QCOMPARE(exists.status_code, 200);
        const auto since = header("If-Modified-Since", std::string(exists.headers["last-modified"]));
        QCOMPARE(client.get("/some.html", {.headers = since}).status_code, 304);
        QVERIFY(QFile::remove(QDir(dir_).filePath("some.html")));
        const auto deleted = client.get("/some.html", {.headers = since});
        QCOMPARE(deleted.status_code, 404);
        COMPARE_STR(deleted.text(), "<p>404 file</p>");
    }

    void rangeThroughStaticFiles() {
        QVERIFY(write("numbers.txt", "0123456789"));
        TestClient client(mounted(options(), "/static"));
        auto r = client.get("/static/numbers.txt", {.headers = header("range", "bytes=2-4")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.text(), "234");
        COMPARE_STR(r.headers["content-range"], "bytes 2-4/10");
        r = client.get("/static/numbers.txt", {.headers = header("range", "bytes=20-")});
        QCOMPARE(r.status_code, 416);
        COMPARE_STR(r.headers["content-range"], "bytes */10");
    }

    void webSocketIsClosed() {
        asgi::Scope scope = http_scope("", "/example.txt");
        scope.type = "websocket";
        const auto messages = call_app(StaticFiles(options()), scope);
        QCOMPARE(messages.size(), std::size_t(1));
        QVERIFY(std::holds_alternative<asgi::WebSocketClose>(messages[0]));
    }

    void notModifiedResponseKeepsOnlyCacheHeaders() {
        const Headers full{{"content-length", "10"}, {"etag", "\"x\""}, {"cache-control", "no-cache"},
                           {"vary", "accept"},      {"last-modified", "y"}};
        const NotModifiedResponse r(full);
        QCOMPARE(r.status_code, 304);
        QVERIFY(r.raw_headers ==
                (asgi::Headers{{"etag", "\"x\""}, {"cache-control", "no-cache"}, {"vary", "accept"}}));
        QVERIFY(StaticFiles::is_not_modified(Headers{{"etag", "\"x\""}}, Headers{{"if-none-match", " W/\"x\" "}}));
        QVERIFY(!StaticFiles::is_not_modified(Headers{{"etag", "\"x\""}}, Headers{{"if-none-match", "\"y\""}}));
        QVERIFY(!StaticFiles::is_not_modified(Headers{{"etag", "\"x\""}}, Headers{}));
    }

    void curlAgainstTheServer() {
        std::string data;
        for (int i = 0; i < 1000; ++i) data += char('A' + i % 26);
        QVERIFY(write("letters.txt", data));
        testing::RunningServer s(mounted(options(), "/static"), testing::test_config());
        QVERIFY(s.started());
        const QString url = QString("http://127.0.0.1:%1/static/letters.txt").arg(s.port());

        auto r = testing::run_process("curl", {"-s", "-i", "--noproxy", "*", "--max-time", "10", "-r", "0-9", url});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.startsWith("HTTP/1.1 206 Partial Content\r\n"), qPrintable(r.out));
        QVERIFY(r.out.contains("content-range: bytes 0-9/1000\r\n", Qt::CaseInsensitive));
        QVERIFY(r.out.endsWith("\r\n\r\nABCDEFGHIJ"));

        r = testing::run_process("curl", {"-s", "-i", "--noproxy", "*", "--max-time", "10", "-H",
                                          "Range: bytes=0-1,5-6", url});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.startsWith("HTTP/1.1 206 Partial Content\r\n"), qPrintable(r.out));
        const QRegularExpression type("content-type: multipart/byteranges; boundary=([0-9a-f]{26})\r\n",
                                      QRegularExpression::CaseInsensitiveOption);
        const auto m = type.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        const QString boundary = m.captured(1);
        const QString part_head = "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes ";
        const QString expected_body = "--" + boundary + part_head + "0-1/1000\r\n\r\nAB\r\n--" + boundary +
                                      part_head + "5-6/1000\r\n\r\nFG\r\n--" + boundary + "--";
        QVERIFY2(r.out.endsWith("\r\n\r\n" + expected_body), qPrintable(r.out));

        // The whole file, and curl's own check of what it received against the length.
        r = testing::run_process(
            "curl", {"-s", "--noproxy", "*", "--max-time", "10", "-w", "%{http_code} %{size_download}", url});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(r.out.endsWith("200 1000"));
        QVERIFY(r.out.startsWith(QString::fromStdString(data)));
    }
};

QTEST_GUILESS_MAIN(TestStaticFiles)
#include "test_staticfiles.moc"
