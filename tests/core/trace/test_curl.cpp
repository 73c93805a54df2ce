// cURL import (core/trace/curl): commands as Chrome and Firefox copy them, every supported
// option, files of several commands, errors that name the option and where it is; to_curl ->
// parse gives the same request back; and real curl, run by bash on the same command against a
// local server, sends what the parser says it would.
#include <mutex>

#include <QtTest/QtTest>

#include <asgiscope/asgi/json.hpp>
#include <asgiscope/trace.hpp>
#include <test_support.hpp>

#include "trace_samples.hpp"

#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

using namespace asgiscope;
using boost::asio::awaitable;

namespace {

std::optional<std::string> header(const asgi::Headers& headers, std::string_view name) {
    if (auto v = asgi::find_header(headers, name)) return std::string(*v);
    return std::nullopt;
}

std::string parse_error(std::string_view text, const std::string& name = "cmds") {
    try {
        trace::parse_curl_commands(text, name);
    } catch (const trace::CurlParseError& e) {
        return e.what();
    }
    return "";
}

/// What a request looks like for comparing a record with its parse: headers that curl makes
/// itself (Content-Length, a Host equal to the URL's) and HTTP/2 pseudo-headers left out.
std::string request_key(const trace::RequestRecord& r) {
    std::string url = r.url;
    if (url.rfind("ws", 0) == 0) url.replace(0, 2, "http");
    std::string out = r.method + " " + url + "\n";
    const auto start = url.find("://") + 3;
    const std::string authority = url.substr(start, url.find_first_of("/?#", start) - start);
    for (const auto& [n, v] : r.headers) {
        std::string lower = n;
        for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (lower.empty() || lower[0] == ':' || lower == "content-length" || (lower == "host" && v == authority)) continue;
        out += lower + ": " + v + "\n";
    }
    return out + "\n" + r.body.str();
}

/// A request as it arrived at the test server.
struct Arrived {
    std::string method;
    std::string target;
    asgi::Headers headers;
    std::string body;
};

class Catcher {
public:
    asgi::App app() {
        return [this](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> awaitable<void> {
            if (scope.type != "http") co_return;
            const std::optional<std::string> body = co_await testing::read_body(receive);
            Arrived a;
            a.method = scope.method;
            a.target = scope.raw_path + (scope.query_string.empty() ? "" : "?" + scope.query_string);
            a.headers = scope.headers;
            a.body = body.value_or("");
            {
                std::lock_guard lock(mutex_);
                arrived_.push_back(std::move(a));
            }
            co_await testing::respond(send, 200, "ok");
        };
    }
    std::vector<Arrived> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(arrived_, {});
    }

private:
    std::mutex mutex_;
    std::vector<Arrived> arrived_;
};

}  // namespace

class TestCurl : public QObject {
    Q_OBJECT

private slots:
    void chromeCopyAsCurl() {
        // As Chrome 122 writes "Copy as cURL (bash)".
        const std::string cmd =
            "curl 'https://shop.example.test/api/items?page=2' \\\n"
            "  -H 'accept: application/json' \\\n"
            "  -H 'accept-language: en-GB,en;q=0.9' \\\n"
            "  -H $'cookie: a=1; b=it\\'s' \\\n"
            "  -H 'content-type: application/json' \\\n"
            "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\\n"
            "  --data-raw $'{\"msg\":\"line1\\\\nline2 caf\\u00e9 \\x41\\u0021\"}' \\\n"
            "  --compressed";
        const trace::Exchange x = trace::parse_curl(cmd);
        QCOMPARE(x.kind, trace::TraceKind::http);
        QCOMPARE(x.request.method, std::string("POST"));
        QCOMPARE(x.request.url, std::string("https://shop.example.test/api/items?page=2"));
        QCOMPARE(header(x.request.headers, "cookie"), std::optional<std::string>("a=1; b=it's"));
        QCOMPARE(header(x.request.headers, "accept-language"), std::optional<std::string>("en-GB,en;q=0.9"));
        QCOMPARE(header(x.request.headers, "content-type"), std::optional<std::string>("application/json"));
        QCOMPARE(header(x.request.headers, "accept-encoding"), std::optional<std::string>("deflate, gzip, br, zstd"));
        QCOMPARE(x.request.body.str(), std::string("{\"msg\":\"line1\\nline2 caf\xc3\xa9 A!\"}"));
        QVERIFY(!x.response);
        QCOMPARE(x.origin, std::string("curl line 1"));
    }

    void firefoxCopyAsCurl() {
        // Firefox writes one line, -X for the method and --data-raw.
        const trace::Exchange x = trace::parse_curl(
            "curl 'http://127.0.0.1:8000/api/todos/3' -X PUT -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; "
            "rv:123.0) Gecko/20100101 Firefox/123.0' -H 'Accept: */*' -H 'Content-Type: application/json' "
            "-H 'Connection: keep-alive' --data-raw '{\"title\":\"milk\"}'");
        QCOMPARE(x.request.method, std::string("PUT"));
        QCOMPARE(x.request.headers.size(), std::size_t(4));
        QCOMPARE(x.request.headers[1], (asgi::Header{"Accept", "*/*"}));
        QCOMPARE(x.request.body.str(), std::string("{\"title\":\"milk\"}"));
    }

    void options() {
        auto parse = [](const std::string& c) { return trace::parse_curl(c).request; };
        auto r = parse("curl -sSLk -XDELETE --url http://h/x -u ann:s3cret -A agent/1 -e 'http://ref/;auto' -b 'a=1' -b b=2");
        QCOMPARE(r.method, std::string("DELETE"));
        QCOMPARE(r.url, std::string("http://h/x"));
        QCOMPARE(header(r.headers, "authorization"), std::optional<std::string>("Basic " + asgi::base64_encode("ann:s3cret")));
        QCOMPARE(header(r.headers, "user-agent"), std::optional<std::string>("agent/1"));
        QCOMPARE(header(r.headers, "referer"), std::optional<std::string>("http://ref/"));
        QCOMPARE(header(r.headers, "cookie"), std::optional<std::string>("a=1; b=2"));

        r = parse("curl h:8000 -d a=1 -d 'b=2 3'");
        QCOMPARE(r.method, std::string("POST"));
        QCOMPARE(r.url, std::string("http://h:8000/"));
        QCOMPARE(r.body.str(), std::string("a=1&b=2 3"));
        QCOMPARE(header(r.headers, "content-type"), std::optional<std::string>("application/x-www-form-urlencoded"));

        r = parse("curl -G http://h/s?x=1 -d q=a --data-urlencode 'name=caf\xc3\xa9 & co'");
        QCOMPARE(r.method, std::string("GET"));
        QCOMPARE(r.url, std::string("http://h/s?x=1&q=a&name=caf%c3%a9+%26+co"));
        QVERIFY(r.body.empty());

        r = parse("curl -I http://h/ -H 'X-Empty;' -H 'Accept:' -H 'X-A: 1' -H 'x-a: 2' --http1.0");
        QCOMPARE(r.method, std::string("HEAD"));
        QCOMPARE(r.http_version, std::string("1.0"));
        QCOMPARE(r.headers, (asgi::Headers{{"X-Empty", ""}, {"X-A", "1"}, {"x-a", "2"}}));

        r = parse("curl http://h/up -F name=ann -F 'note=hi there;type=text/plain' --form-string 'raw=@not-a-file'");
        QCOMPARE(r.method, std::string("POST"));
        const auto type = header(r.headers, "content-type");
        QVERIFY(type && type->rfind("multipart/form-data; boundary=", 0) == 0);
        const std::string boundary = type->substr(std::string("multipart/form-data; boundary=").size());
        QCOMPARE(r.body.str(), "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nann\r\n" +
                                   "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi there\r\n" +
                                   "--" + boundary + "\r\nContent-Disposition: form-data; name=\"raw\"\r\n\r\n@not-a-file\r\n" +
                                   "--" + boundary + "--\r\n");

        // "Content-Type:" drops curl's default for --data.
        r = parse("curl http://h/ --data-binary 'x' -H 'Content-Type:'");
        QVERIFY(!header(r.headers, "content-type"));
        // ws:// URLs are WebSocket handshakes.
        QCOMPARE(trace::parse_curl("curl wss://h/ws").kind, trace::TraceKind::websocket);
        // Double quotes and backslashes as bash reads them.
        r = parse("curl \"http://h/\" -H \"X-Q: \\\"q\\\" \\$HOME\" -d a\\ b");
        QCOMPARE(header(r.headers, "x-q"), std::optional<std::string>("\"q\" $HOME"));
        QCOMPARE(r.body.str(), std::string("a b"));
    }

    void fileOfCommands() {
        const std::string text =
            "# exported requests\n"
            "curl 'http://h/one' \\\n"
            "  -H 'a: 1'\n"
            "\n"
            "curl 'http://h/two' -X POST ;\n"
            "curl 'http://h/three' && curl 'http://h/four'\n";
        const auto xs = trace::parse_curl_commands(text, "reqs.sh");
        QCOMPARE(xs.size(), std::size_t(4));
        QCOMPARE(xs[0].request.url, std::string("http://h/one"));
        QCOMPARE(header(xs[0].request.headers, "a"), std::optional<std::string>("1"));
        QCOMPARE(xs[1].request.method, std::string("POST"));
        QCOMPARE(xs[0].origin, std::string("reqs.sh line 2"));
        QCOMPARE(xs[1].origin, std::string("reqs.sh line 5"));
        QCOMPARE(xs[2].origin, std::string("reqs.sh line 6"));
        QCOMPARE(xs[3].request.url, std::string("http://h/four"));
        QVERIFY(trace::parse_curl_commands("\n# nothing\n", "empty").empty());
    }

    void errorsNameTheOptionAndPlace() {
        auto expect = [](const std::string& text, const std::string& what) {
            const std::string e = parse_error(text);
            QVERIFY2(e.find(what) != std::string::npos, ("no '" + what + "' in: " + e).c_str());
        };
        expect("curl http://h/ --frobnicate", "cmds:1: unknown option '--frobnicate' (argument 2 '--frobnicate')");
        expect("curl http://h/ -sZ", "cmds:1: unknown option '-Z' (argument 2 '-sZ')");
        expect("curl http://h/\ncurl http://h/ \\\n  -H 'a: b' \\\n  --bogus", "cmds:2: unknown option '--bogus' (argument 4");
        expect("curl 'http://h/", "cmds:1: unterminated ' quote");
        expect("curl http://h/ -H \"a: b", "cmds:1: unterminated \" quote");
        expect("curl http://h/ -d @body.json", "reading data from a file (@...) is not supported (argument 3 '@body.json')");
        expect("curl http://h/ -H", "option '-H' needs a value");
        expect("curl http://h/ -H nocolon", "a header must look like 'Name: value'");
        expect("curl http://a/ http://b/", "a second URL");
        expect("wget http://h/", "not a curl command");
        expect("curl -s", "no URL");
        expect("curl http://h/ -b cookies.txt", "reading cookies from a file is not supported");
        expect("curl http://h/ | jq .", "unsupported shell syntax '|'");
        expect("curl http://h/$PATH", "shell expansion");
        expect(std::string("curl \x01\xff\xfe garbage"), "a second URL: one request per command (argument 2 'garbage')");
        QVERIFY(parse_error("curl http://h/ -k --compressed -L -v -o out.txt -m 5").empty());
    }

    void toCurlAndBackGivesTheSameRequest() {
        std::vector<trace::RequestRecord> records;
        for (const auto& t : testing::recorded_traces()) records.push_back(trace::exchange_from_trace(*t)->request);
        trace::read_har_file(qEnvironmentVariable("ASGISCOPE_SOURCE_DIR").toStdString() + "/tests/core/trace/data/chrome.har",
                             [&](trace::Exchange&& x) {
                                 records.push_back(x.request);
                                 return true;
                             });
        trace::RequestRecord odd;
        odd.method = "PATCH";
        odd.url = "http://h/a?b='c'";
        odd.headers = {{"X-Q", "it's \"q\" $HOME !"}, {"X-Empty", ""}};
        odd.body = asgi::Bytes(std::string("\x01\xff\r\n\t\\ caf\xc3\xa9 'q'"));
        records.push_back(odd);
        for (const auto& r : records) {
            if (r.method == "HEAD") continue;
            const std::string cmd = trace::to_curl(r);
            const trace::RequestRecord back = trace::parse_curl(cmd).request;
            QCOMPARE(request_key(back), request_key(r));
        }
    }

    void realCurlSendsWhatTheParserSays() {
        Catcher catcher;
        testing::RunningServer server(catcher.app(), testing::test_config_without_lifespan());
        QVERIFY(server.started());
        const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
        const std::vector<std::string> commands = {
            "curl '" + base + "/api/items?page=2&q=caf%C3%A9' \\\n  -H 'accept: application/json' \\\n"
            "  -H $'cookie: a=1; b=it\\'s' \\\n  -H 'content-type: application/json' \\\n"
            "  --data-raw $'{\"msg\":\"line1\\\\nline2 caf\\u00e9 \\x41\"}' \\\n  --compressed",
            "curl '" + base + "/put' -X PUT -H 'Accept: */*' --data-raw 'a=1&b=2'",
            "curl -sSL -G " + base + "/search -d q=a --data-urlencode 'name=caf\xc3\xa9 & co' -u ann:pw -A agent/1 -b 'x=1'",
            "curl " + base + "/form -d a=1 -d b=2 -e http://ref/ -H 'X-Empty;'",
            "curl " + base + "/bin --data-binary $'\\x01\\xff\\r\\n\\t end' -H 'Content-Type:'",
            "curl -X DELETE '" + base + "/items/7' --http1.0",
        };
        for (const std::string& cmd : commands) {
            const trace::RequestRecord expected = trace::parse_curl(cmd).request;
            const auto r = testing::run_process("/bin/bash", {"-c", QString::fromStdString(cmd + " -s -o /dev/null")});
            QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            const auto arrived = catcher.take();
            QCOMPARE(arrived.size(), std::size_t(1));
            const Arrived& a = arrived[0];
            QCOMPARE(QString::fromStdString(a.method), QString::fromStdString(expected.method));
            QCOMPARE(QString::fromStdString(base + a.target), QString::fromStdString(expected.url));
            QCOMPARE(QByteArray::fromStdString(a.body), QByteArray::fromStdString(expected.body.str()));
            for (const auto& [name, value] : expected.headers)
                QCOMPARE(QString::fromStdString(header(a.headers, name).value_or("<absent>")), QString::fromStdString(value));
            // What the parser says is absent is absent (curl's own Host, User-Agent, Accept aside).
            if (!header(expected.headers, "content-type")) QVERIFY(!header(a.headers, "content-type"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCurl)
#include "test_curl.moc"
