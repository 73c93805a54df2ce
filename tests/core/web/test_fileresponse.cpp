// FileResponse against the FileResponse tests of Starlette's tests/test_responses.py: headers
// (content-length, last-modified, etag, content-disposition, accept-ranges), HEAD, missing
// files and directories, every kind of Range request, If-Range, and a large file streamed in
// 64 KiB chunks.
#include <asgiscope/web.hpp>

#include <QCryptographicHash>
#include <QtTest/QtTest>

#include "files_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;
using testing::call_app;
using testing::http_scope;

namespace {

// An app sending FileResponse(path, options) to every request.
asgi::App fileApp(std::string path, FileResponseOptions options = {}) {
    return [path, options](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
        const FileResponse response(path, options);
        co_await response(scope, std::move(receive), std::move(send));
    };
}

asgi::Headers rangeHeaders(const std::string& range) {
    asgi::Headers headers;
    headers.emplace_back("range", range);
    return headers;
}

std::string md5Hex(const std::string& s) {
    return QCryptographicHash::hash(QByteArray::fromStdString(s), QCryptographicHash::Md5).toHex().toStdString();
}

// One part of a multipart/byteranges body.
struct Part {
    std::string content_type;
    std::string content_range;
    std::string data;
};

// Parses a multipart/byteranges body by its boundary; nothing if it is not well formed.
std::optional<std::vector<Part>> parseMultipart(const std::string& body, const std::string& boundary) {
    std::vector<Part> parts;
    const std::string delimiter = "--" + boundary;
    std::size_t pos = 0;
    while (true) {
        if (body.compare(pos, delimiter.size(), delimiter) != 0) return std::nullopt;
        pos += delimiter.size();
        if (body.compare(pos, 2, "--") == 0) return pos + 2 == body.size() ? std::optional(parts) : std::nullopt;
        if (body.compare(pos, 2, "\r\n") != 0) return std::nullopt;
        pos += 2;
        const auto end_of_headers = body.find("\r\n\r\n", pos);
        if (end_of_headers == std::string::npos) return std::nullopt;
        Part part;
        const std::string head = body.substr(pos, end_of_headers - pos);
        for (const QString& line : QString::fromStdString(head).split("\r\n")) {
            const auto colon = line.indexOf(':');
            const QString name = line.left(colon).trimmed().toLower();
            const std::string value = line.mid(colon + 1).trimmed().toStdString();
            if (name == "content-type") part.content_type = value;
            if (name == "content-range") part.content_range = value;
        }
        pos = end_of_headers + 4;
        const auto next = body.find("\r\n" + delimiter, pos);
        if (next == std::string::npos) return std::nullopt;
        part.data = body.substr(pos, next - pos);
        parts.push_back(std::move(part));
        pos = next + 2;
    }
}

}  // namespace

class TestFileResponse : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path_;     // "xyz" repeated: 100 bytes
    std::string content_;

    std::string file(const char* name) const { return dir_.filePath(name).toStdString(); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        for (int i = 0; i < 100; ++i) content_ += char('a' + i % 26);
        path_ = file("example.png");
        QVERIFY(testing::write_file(QString::fromStdString(path_), content_));
        QVERIFY(testing::set_mtime(QString::fromStdString(path_), 1381448400));
    }

    void fileResponseHeaders() {
        auto filled_by_bg_task = std::make_shared<std::string>();
        FileResponseOptions options;
        options.filename = "example.png";
        options.background = BackgroundTask([filled_by_bg_task] { *filled_by_bg_task = "6, 7, 8, 9"; });
        TestClient client(fileApp(path_, options));
        const auto r = client.get("/");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.content, content_);
        COMPARE_STR(r.headers["content-type"], "image/png");
        COMPARE_STR(r.headers["content-disposition"], "attachment; filename=\"example.png\"");
        COMPARE_STR(r.headers["content-length"], "100");
        COMPARE_STR(r.headers["accept-ranges"], "bytes");
        COMPARE_STR(r.headers["last-modified"], "Thu, 10 Oct 2013 23:40:00 GMT");
        // Starlette's etag: md5 of "<repr(mtime)>-<st_size>".
        COMPARE_STR(r.headers["etag"], "\"" + md5Hex("1381448400.0-100") + "\"");
        COMPARE_STR(*filled_by_bg_task, "6, 7, 8, 9");
    }

    void etagUsesTheFractionOfTheMtime() {
        const std::string path = file("fraction.bin");
        QVERIFY(testing::write_file(QString::fromStdString(path), "12345"));
        QVERIFY(testing::set_mtime(QString::fromStdString(path), 1381448400, 500000000));
        TestClient client(fileApp(path));
        const auto r = client.get("/");
        COMPARE_STR(r.headers["etag"], "\"" + md5Hex("1381448400.5-5") + "\"");
        COMPARE_STR(r.headers["last-modified"], "Thu, 10 Oct 2013 23:40:00 GMT");
        COMPARE_STR(r.headers["content-type"], "application/octet-stream");
    }

    void headMethodSendsHeadersOnly() {
        const auto messages = call_app(fileApp(path_), http_scope("HEAD", "/"));
        QCOMPARE(messages.size(), std::size_t(2));
        const auto& start = std::get<asgi::HttpResponseStart>(messages[0]);
        QCOMPARE(start.status, 200);
        COMPARE_STR(asgi::find_header(start.headers, "content-length").value_or(""), "100");
        QVERIFY(asgi::find_header(start.headers, "etag"));
        QVERIFY(asgi::find_header(start.headers, "last-modified"));
        const auto& body = std::get<asgi::HttpResponseBody>(messages[1]);
        QVERIFY(body.body.empty());
        QVERIFY(!body.more_body);

        TestClient client(fileApp(path_));
        const auto r = client.head("/");
        QCOMPARE(r.status_code, 200);
        QVERIFY(r.content.empty());
        COMPARE_STR(r.headers["content-length"], "100");
    }

    void mediaTypeAndCharset() {
        COMPARE_STR(FileResponse(path_, {.media_type = "image/jpeg"}).headers()["content-type"], "image/jpeg");
        COMPARE_STR(FileResponse(file("a.txt")).headers()["content-type"], "text/plain; charset=utf-8");
        COMPARE_STR(FileResponse(file("a.html")).headers()["content-type"], "text/html; charset=utf-8");
        COMPARE_STR(FileResponse(file("a.js")).headers()["content-type"], "text/javascript; charset=utf-8");
        COMPARE_STR(FileResponse(file("noext")).headers()["content-type"], "application/octet-stream");
        // The filename, when given, decides.
        COMPARE_STR(FileResponse(file("noext"), {.filename = "x.css"}).headers()["content-type"],
                    "text/css; charset=utf-8");
        COMPARE_STR(guess_type("archive.tar.gz").value_or(""), "application/x-tar");
        COMPARE_STR(guess_type("dir.d/IMAGE.PNG").value_or(""), "image/png");
        QVERIFY(!guess_type("x.gz"));
        QVERIFY(!guess_type(".bashrc"));
        QVERIFY(!guess_type("dir.d/file"));
        // Nothing is read or stat'ed before sending: no content-length yet.
        QVERIFY(!FileResponse(file("missing")).headers().contains("content-length"));
        QVERIFY(FileResponse(path_).is_streaming());
    }

    void statResultGivenSetsHeadersAtOnce() {
        const FileStat stat = FileStat::of(path_);
        QCOMPARE(stat.size, std::uint64_t(100));
        QVERIFY(stat.is_regular);
        QVERIFY(!stat.is_directory);
        const FileResponse response(path_, {.stat_result = stat});
        COMPARE_STR(response.headers()["content-length"], "100");
        COMPARE_STR(response.headers()["last-modified"], "Thu, 10 Oct 2013 23:40:00 GMT");
        QVERIFY(response.headers().contains("etag"));
        TestClient client(fileApp(path_, {.stat_result = stat}));
        COMPARE_STR(client.get("/").content, content_);
    }

    void missingFileAndDirectoryRaise() {
        TestClient missing(fileApp(file("404.txt")));
        try {
            missing.get("/");
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            COMPARE_STR(e.what(), "File at path " + file("404.txt") + " does not exist.");
        }
        TestClient directory(fileApp(dir_.path().toStdString()));
        try {
            directory.get("/");
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            QVERIFY(std::string(e.what()).ends_with("is not a file."));
        }
        // Without raise_server_exceptions: a 500, not a crash.
        TestClient quiet(fileApp(file("404.txt")), {.raise_server_exceptions = false});
        QCOMPARE(quiet.get("/").status_code, 500);
    }

    void contentDisposition() {
        COMPARE_STR(FileResponse(path_, {.filename = "你好.txt"}).headers()["content-disposition"],
                    "attachment; filename*=utf-8''%E4%BD%A0%E5%A5%BD.txt");
        COMPARE_STR(FileResponse(path_, {.filename = "hello.txt", .content_disposition_type = "inline"})
                        .headers()["content-disposition"],
                    "inline; filename=\"hello.txt\"");
        // Characters that would break the header are percent-encoded too.
        COMPARE_STR(FileResponse(path_, {.filename = "a \"b\"\r\n.txt"}).headers()["content-disposition"],
                    "attachment; filename*=utf-8''a%20%22b%22%0D%0A.txt");
        QVERIFY(!FileResponse(path_).headers().contains("content-disposition"));
        TestClient client(fileApp(path_, {.filename = "你好.txt"}));
        COMPARE_STR(client.get("/").headers["content-disposition"],
                    "attachment; filename*=utf-8''%E4%BD%A0%E5%A5%BD.txt");
    }

    void singleRange() {
        TestClient client(fileApp(path_));
        auto r = client.get("/", {.headers = rangeHeaders("bytes=0-4")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(0, 5));
        COMPARE_STR(r.headers["content-range"], "bytes 0-4/100");
        COMPARE_STR(r.headers["content-length"], "5");
        COMPARE_STR(r.headers["content-type"], "image/png");
        // The end is clamped to the file.
        r = client.get("/", {.headers = rangeHeaders("bytes=90-1000")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(90));
        COMPARE_STR(r.headers["content-range"], "bytes 90-99/100");
        // Case and spaces in the unit and around the numbers.
        r = client.get("/", {.headers = rangeHeaders(" Bytes = 10 - 19 ")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(10, 10));
    }

    void openAndSuffixRanges() {
        TestClient client(fileApp(path_));
        auto r = client.get("/", {.headers = rangeHeaders("bytes=95-")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(95));
        COMPARE_STR(r.headers["content-range"], "bytes 95-99/100");
        r = client.get("/", {.headers = rangeHeaders("bytes=-7")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(93));
        COMPARE_STR(r.headers["content-range"], "bytes 93-99/100");
        // A suffix longer than the file is the whole file.
        r = client.get("/", {.headers = rangeHeaders("bytes=-500")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_);
        COMPARE_STR(r.headers["content-range"], "bytes 0-99/100");
    }

    void mergedRanges() {
        TestClient client(fileApp(path_));
        // Overlapping and adjacent ranges become one: a plain 206.
        auto r = client.get("/", {.headers = rangeHeaders("bytes=1-3, 2-4")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(1, 4));
        COMPARE_STR(r.headers["content-range"], "bytes 1-4/100");
        r = client.get("/", {.headers = rangeHeaders("bytes=0-9,10-19")});
        COMPARE_STR(r.headers["content-range"], "bytes 0-19/100");
        // Parts without a dash, empty parts and non-numbers are skipped.
        r = client.get("/", {.headers = rangeHeaders("bytes=100, -, , abc-def, 0-50")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.headers["content-range"], "bytes 0-50/100");
    }

    void multipleRanges() {
        TestClient client(fileApp(path_));
        const auto r = client.get("/", {.headers = rangeHeaders("bytes=50-59, 0-4, 3-6")});
        QCOMPARE(r.status_code, 206);
        const QString type = QString::fromStdString(std::string(r.headers["content-type"]));
        QVERIFY2(type.startsWith("multipart/byteranges; boundary="), qPrintable(type));
        const std::string boundary = type.mid(int(std::strlen("multipart/byteranges; boundary="))).toStdString();
        QCOMPARE(boundary.size(), std::size_t(26));
        COMPARE_STR(r.headers["content-length"], std::to_string(r.content.size()));
        const auto parts = parseMultipart(r.content, boundary);
        QVERIFY2(parts, r.content.c_str());
        // Sorted, 0-4 and 3-6 merged.
        QCOMPARE(parts->size(), std::size_t(2));
        COMPARE_STR((*parts)[0].content_type, "image/png");
        COMPARE_STR((*parts)[0].content_range, "bytes 0-6/100");
        COMPARE_STR((*parts)[0].data, content_.substr(0, 7));
        COMPARE_STR((*parts)[1].content_range, "bytes 50-59/100");
        COMPARE_STR((*parts)[1].data, content_.substr(50, 10));

        // HEAD: the same headers, no body.
        const auto head = client.head("/", {.headers = rangeHeaders("bytes=50-59, 0-4")});
        QCOMPARE(head.status_code, 206);
        QVERIFY(head.content.empty());
        QVERIFY(QString::fromStdString(std::string(head.headers["content-type"])).startsWith("multipart/byteranges"));
        QVERIFY(head.headers.contains("content-length"));
    }

    void multipleRangesOfATextFileKeepItsType() {
        const std::string path = file("text.txt");
        QVERIFY(testing::write_file(QString::fromStdString(path), "0123456789"));
        TestClient client(fileApp(path));
        const auto r = client.get("/", {.headers = rangeHeaders("bytes=0-0,-1")});
        QCOMPARE(r.status_code, 206);
        const std::string type(r.headers["content-type"]);
        const auto parts = parseMultipart(r.content, type.substr(type.find('=') + 1));
        QVERIFY(parts);
        QCOMPARE(parts->size(), std::size_t(2));
        COMPARE_STR((*parts)[0].content_type, "text/plain; charset=utf-8");
        COMPARE_STR((*parts)[0].data, "0");
        COMPARE_STR((*parts)[1].content_range, "bytes 9-9/10");
        COMPARE_STR((*parts)[1].data, "9");
    }

    void unsatisfiableRange() {
        TestClient client(fileApp(path_));
        for (const char* range : {"bytes=100-", "bytes=1000-2000", "bytes=-0", "bytes=5-9, 200-300"}) {
            const auto r = client.get("/", {.headers = rangeHeaders(range)});
            QVERIFY2(r.status_code == 416, range);
            COMPARE_STR(r.headers["content-range"], "bytes */100");
            QVERIFY(r.content.empty());
        }
        // An empty file has no satisfiable range.
        const std::string empty = file("empty.bin");
        QVERIFY(testing::write_file(QString::fromStdString(empty), ""));
        TestClient empty_client(fileApp(empty));
        QCOMPARE(empty_client.get("/", {.headers = rangeHeaders("bytes=0-")}).status_code, 416);
        COMPARE_STR(empty_client.get("/").content, "");
    }

    void malformedRange() {
        TestClient client(fileApp(path_));
        auto r = client.get("/", {.headers = rangeHeaders("bytes")});
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Malformed range header.");
        r = client.get("/", {.headers = rangeHeaders("bytes=")});
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Range header: range must be requested");
        r = client.get("/", {.headers = rangeHeaders("bytes=abc-def")});
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Range header: range must be requested");
        r = client.get("/", {.headers = rangeHeaders("bytes=10-5")});
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Range header: start must be less than end");
        // Huge numbers neither overflow nor crash.
        r = client.get("/", {.headers = rangeHeaders("bytes=0-99999999999999999999999999")});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.headers["content-range"], "bytes 0-99/100");
        r = client.get("/", {.headers = rangeHeaders("bytes=-99999999999999999999999999")});
        QCOMPARE(r.status_code, 206);
        r = client.get("/", {.headers = rangeHeaders("bytes=99999999999999999999999999-")});
        QCOMPARE(r.status_code, 416);
    }

    void rangesThatAreIgnored() {
        TestClient client(fileApp(path_));
        // A unit other than bytes: the whole file (RFC 9110 14.2).
        auto r = client.get("/", {.headers = rangeHeaders("items=0-5")});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.content, content_);
        // More than 100 ranges: the whole file.
        std::string many = "bytes=0-0";
        for (int i = 1; i <= 100; ++i) many += "," + std::to_string(i) + "-" + std::to_string(i);
        r = client.get("/", {.headers = rangeHeaders(many)});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.content, content_);
    }

    void ifRange() {
        TestClient client(fileApp(path_));
        const auto full = client.get("/");
        const std::string etag(full.headers["etag"]);
        const std::string last_modified(full.headers["last-modified"]);
        auto headers = rangeHeaders("bytes=0-4");
        headers.emplace_back("if-range", etag);
        auto r = client.get("/", {.headers = headers});
        QCOMPARE(r.status_code, 206);
        COMPARE_STR(r.content, content_.substr(0, 5));
        headers.back().second = last_modified;
        r = client.get("/", {.headers = headers});
        QCOMPARE(r.status_code, 206);
        // A stale validator: the whole file.
        headers.back().second = "\"123\"";
        r = client.get("/", {.headers = headers});
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.content, content_);
        headers.back().second = "Thu, 10 Oct 2013 23:39:59 GMT";
        r = client.get("/", {.headers = headers});
        QCOMPARE(r.status_code, 200);
        QVERIFY(!r.headers.contains("content-range"));
    }

    void largeFileIsStreamedInChunks() {
        const std::string path = file("large.bin");
        std::string data(10 * 1024 * 1024, '\0');
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = char((i * 7 + i / 4096) & 0xff);
        QVERIFY(testing::write_file(QString::fromStdString(path), data));

        const auto messages = call_app(fileApp(path), http_scope("GET", "/large.bin"));
        const auto bodies = testing::bodies(messages);
        // 160 full chunks, then the empty last message (the size is a multiple of 64 KiB).
        QCOMPARE(bodies.size(), std::size_t(161));
        for (std::size_t i = 0; i + 1 < bodies.size(); ++i) {
            QCOMPARE(bodies[i].body.size(), FileResponse::chunk_size);
            QVERIFY(bodies[i].more_body);
        }
        QVERIFY(bodies.back().body.empty());
        QVERIFY(!bodies.back().more_body);
        QVERIFY(testing::joined_body(messages) == data);

        // A range of it: chunks of at most 64 KiB, the last one ends the body.
        const auto ranged = call_app(fileApp(path), http_scope("GET", "/large.bin", rangeHeaders("bytes=100-200099")));
        const auto& start = std::get<asgi::HttpResponseStart>(ranged.front());
        QCOMPARE(start.status, 206);
        const auto parts = testing::bodies(ranged);
        QCOMPARE(parts.size(), std::size_t(4));  // 65536 * 3 + 3392
        for (const auto& b : parts) QVERIFY(b.body.size() <= FileResponse::chunk_size);
        QVERIFY(!parts.back().more_body);
        QVERIFY(testing::joined_body(ranged) == data.substr(100, 200000));
    }
};

QTEST_GUILESS_MAIN(TestFileResponse)
#include "test_fileresponse.moc"
