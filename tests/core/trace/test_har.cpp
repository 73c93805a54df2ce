// HAR import and export (core/trace/har): hand-written Chrome and Firefox HARs (HTTP/2
// pseudo-headers, a form POST, base64 content, WebSocket messages, time zones) import field by
// field; exports of recorded traces and of the imported HARs pass an independent HAR 1.2
// structure check (validate_har.py) and import back to the same exchanges; bad input names
// the file, the byte offset and the key path.
#include <fstream>
#include <random>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <asgiscope/trace.hpp>
#include <test_support.hpp>

#include "trace_samples.hpp"

using namespace asgiscope;

namespace {

std::string data_file(const char* name) {
    return qEnvironmentVariable("ASGISCOPE_SOURCE_DIR").toStdString() + "/tests/core/trace/data/" + name;
}

std::vector<trace::Exchange> import(const std::string& path) {
    std::vector<trace::Exchange> out;
    trace::read_har_file(path, [&](trace::Exchange&& x) {
        out.push_back(std::move(x));
        return true;
    });
    return out;
}

/// JSON text written with single quotes (no raw strings: moc trips on them).
std::string j(std::string s) {
    for (char& c : s)
        if (c == '\'') c = '"';
    return s;
}

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

/// Runs the HAR 1.2 structure check; "" when it passes, else its complaints.
QString validate(const std::string& path, int entries) {
    const QString script = qEnvironmentVariable("ASGISCOPE_SOURCE_DIR") + "/tests/core/trace/validate_har.py";
    const auto r = testing::run_process(testing::python(),
                                        {script, QString::fromStdString(path), "--entries", QString::number(entries)});
    if (r.exit_code == 0) return {};
    return r.out + r.err + (r.finished ? "" : "(timed out)");
}

std::string write_file(const QTemporaryDir& dir, const std::string& name, std::string_view bytes) {
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

/// The error reading `bytes` as a HAR file gives ("" when none).
std::string har_error(const QTemporaryDir& dir, std::string_view bytes, trace::HarReadOptions options = {}) {
    const std::string path = write_file(dir, "bad.har", bytes);
    try {
        trace::read_har_file(path, [](trace::Exchange&&) { return true; }, options);
    } catch (const trace::HarFormatError& e) {
        return e.what();
    }
    return "";
}

/// "" when the exchanges carry the same request, response and frames.
std::string exchange_difference(const trace::Exchange& a, const trace::Exchange& b) {
    auto differ = [](const std::string& what, const auto& x, const auto& y) {
        return x == y ? std::string() : what + " differs";
    };
    std::string d;
    auto check = [&](std::string s) {
        if (d.empty()) d = std::move(s);
    };
    check(differ("kind", int(a.kind), int(b.kind)));
    check(differ("start", epoch_ms(a.start), epoch_ms(b.start)));
    check(differ("method", a.request.method, b.request.method));
    check(differ("url", a.request.url, b.request.url));
    check(differ("http_version", a.request.http_version, b.request.http_version));
    check(differ("request headers", a.request.headers, b.request.headers));
    check(differ("request body", a.request.body.str(), b.request.body.str()));
    check(differ("response", a.response.has_value(), b.response.has_value()));
    if (a.response && b.response) {
        check(differ("status", a.response->status, b.response->status));
        check(differ("reason", a.response->reason, b.response->reason));
        check(differ("response headers", a.response->headers, b.response->headers));
        check(differ("response body", a.response->body.str(), b.response->body.str()));
        check(differ("body_size", a.response->body_size, b.response->body_size));
    }
    check(differ("frames", a.frames.size(), b.frames.size()));
    for (std::size_t i = 0; d.empty() && i < a.frames.size(); ++i) {
        const auto& f = a.frames[i];
        const auto& g = b.frames[i];
        check(differ("frame " + std::to_string(i), std::tuple(f.from_client, f.text, f.data.str()),
                     std::tuple(g.from_client, g.text, g.data.str())));
        if (std::llabs(f.time_ns - g.time_ns) > 2000) check("frame " + std::to_string(i) + " time differs");
    }
    check(differ("close code", a.close_code, b.close_code));
    check(differ("close reason", a.close_reason, b.close_reason));
    return d;
}

}  // namespace

class TestHar : public QObject {
    Q_OBJECT

private slots:
    void importsAChromeHar() {
        const auto xs = import(data_file("chrome.har"));
        QCOMPARE(xs.size(), std::size_t(4));

        const trace::Exchange& get = xs[0];
        QCOMPARE(get.kind, trace::TraceKind::http);
        QCOMPARE(get.request.method, std::string("GET"));
        QCOMPARE(get.request.url, std::string("https://shop.example.test/api/items?page=2&q=caf%C3%A9"));
        QCOMPARE(get.request.http_version, std::string("2"));
        QCOMPARE(get.request.headers.size(), std::size_t(8));
        QCOMPARE(get.request.headers[0], (asgi::Header{":authority", "shop.example.test"}));
        QCOMPARE(get.request.headers[6], (asgi::Header{"cookie", "session=abc123; theme=dark"}));
        QVERIFY(get.request.body.empty());
        QCOMPARE(epoch_ms(get.start), std::int64_t(1709630102345));
        QVERIFY(get.response);
        QCOMPARE(get.response->status, 200);
        QCOMPARE(get.response->body.str(), std::string("{\"items\":[{\"id\":7,\"name\":\"caf\xc3\xa9\"}],\"n\":1}"));
        QCOMPARE(get.response->body_size, std::size_t(41));
        QVERIFY(!get.response->body_truncated());
        QCOMPARE(get.timings.wait_ns, std::int64_t(20'500'000));
        QCOMPARE(get.timings.receive_ns, std::int64_t(1'656'000));
        QCOMPARE(get.timings.total_ns, std::int64_t(23'456'000));
        QVERIFY(get.origin.find("chrome.har entry 0") != std::string::npos);

        const trace::Exchange& post = xs[1];
        QCOMPARE(post.request.method, std::string("POST"));
        QCOMPARE(post.request.body.str(), std::string("user=ann&pass=s%C3%A9cret+word%21"));
        QCOMPARE(post.response->status, 303);
        QVERIFY(asgi::find_header(post.response->headers, "location") == std::string_view("/account"));

        const trace::Exchange& png = xs[2];
        QCOMPARE(png.response->body.str(), std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\x00\x7f", 19));

        const trace::Exchange& ws = xs[3];
        QCOMPARE(ws.kind, trace::TraceKind::websocket);
        QCOMPARE(ws.request.url, std::string("wss://shop.example.test/ws/chat"));
        QCOMPARE(ws.response->status, 101);
        QCOMPARE(ws.frames.size(), std::size_t(4));
        QVERIFY(ws.frames[0].from_client && ws.frames[0].text);
        QCOMPARE(ws.frames[0].data.str(), std::string("{\"join\":\"lobby\"}"));
        QVERIFY(std::llabs(ws.frames[0].time_ns - 23'456'000) < 2000);
        QVERIFY(!ws.frames[1].from_client);
        QCOMPARE(ws.frames[1].data.str(), std::string("welcome, caf\xc3\xa9"));
        QVERIFY(ws.frames[2].from_client && !ws.frames[2].text);
        QCOMPARE(ws.frames[2].data.str(), std::string("\x00\x01\x02\xff", 4));
        QVERIFY(!ws.frames[3].from_client && !ws.frames[3].text);
        QVERIFY(std::llabs(ws.frames[3].time_ns - 900'000'000) < 2000);
    }

    void importsAFirefoxHar() {
        const auto xs = import(data_file("firefox.har"));
        QCOMPARE(xs.size(), std::size_t(3));
        const trace::Exchange& put = xs[0];
        QCOMPARE(epoch_ms(put.start), std::int64_t(1709630400250));  // +01:00 taken into account
        QCOMPARE(put.request.method, std::string("PUT"));
        QCOMPARE(put.request.http_version, std::string("1.1"));
        QCOMPARE(put.request.headers[0], (asgi::Header{"Host", "127.0.0.1:8000"}));
        QCOMPARE(put.request.body.str(), std::string("{\"title\":\"milk\",\"done\":true}"));
        QCOMPARE(put.response->reason, std::string("OK"));
        QCOMPARE(put.response->body.str(), std::string("{\"id\":3,\"title\":\"milk\",\"done\":true}"));
        // Only params: the body is rebuilt url-encoded.
        QCOMPARE(xs[1].request.body.str(), std::string("name=Zo%C3%AB+%26+co&n=2"));
        QCOMPARE(xs[1].response->status, 404);
        const trace::Exchange& ws = xs[2];
        QCOMPARE(ws.kind, trace::TraceKind::websocket);
        QCOMPARE(ws.request.url, std::string("ws://127.0.0.1:8000/ws/echo"));
        QCOMPARE(ws.frames.size(), std::size_t(2));
        QCOMPARE(ws.frames[0].time_ns, std::int64_t(250'000'000));
        QCOMPARE(ws.frames[1].time_ns, std::int64_t(262'500'000));
        QCOMPARE(ws.frames[1].data.str(), std::string("ping"));
    }

    void exportOfRecordedTracesValidatesAndImportsBack() {
        const auto traces = testing::recorded_traces();
        std::vector<trace::Exchange> xs;
        for (const auto& t : traces) xs.push_back(*trace::exchange_from_trace(*t));
        QTemporaryDir dir;
        const std::string path = dir.filePath("recorded.har").toStdString();
        {
            trace::HarWriter writer(path);
            for (const auto& x : xs) writer.add(x);
            writer.close();
            QCOMPARE(writer.entries(), xs.size());
        }
        const QString problems = validate(path, int(xs.size()));
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        const auto back = import(path);
        QCOMPARE(back.size(), xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const std::string d = exchange_difference(xs[i], back[i]);
            QVERIFY2(d.empty(), ("entry " + std::to_string(i) + ": " + d).c_str());
        }
        // The cut body says so and keeps the whole size; binary content went as base64.
        QVERIFY(back[2].response->body_truncated());
        QCOMPARE(back[2].response->body_size, std::size_t(200));
        QCOMPARE(back[3].response->body.str(), std::string("\x00\x01\xff\xfe png?", 10));
        QCOMPARE(back[6].close_code, std::optional<int>(4000));
        QCOMPARE(back[6].frames.size(), std::size_t(4));
    }

    void browserHarsExportAgainUnchanged() {
        for (const char* name : {"chrome.har", "firefox.har"}) {
            const auto xs = import(data_file(name));
            QTemporaryDir dir;
            const std::string path = dir.filePath("again.har").toStdString();
            trace::HarWriter writer(path);
            for (const auto& x : xs) writer.add(x);
            writer.close();
            const QString problems = validate(path, int(xs.size()));
            QVERIFY2(problems.isEmpty(), qPrintable(problems));
            const auto back = import(path);
            QCOMPARE(back.size(), xs.size());
            for (std::size_t i = 0; i < xs.size(); ++i) {
                const std::string d = exchange_difference(xs[i], back[i]);
                QVERIFY2(d.empty(), (std::string(name) + " entry " + std::to_string(i) + ": " + d).c_str());
            }
        }
    }

    void theValidatorRejectsBrokenHars() {
        // The structure check is a real check: it refuses what HAR 1.2 forbids.
        QTemporaryDir dir;
        const std::string bad = write_file(
            dir, "broken.har",
            j("{'log':{'version':'1.2','creator':{'name':'x','version':'1'},'entries':["
            "{'startedDateTime':'yesterday','time':1,'request':{'method':'GET','url':'/relative',"
            "'httpVersion':'HTTP/1.1','cookies':[],'headers':[{'name':'a'}],'queryString':[],'headersSize':-1,"
            "'bodySize':0},'response':{'status':'200','statusText':'','httpVersion':'','cookies':[],'headers':[],"
            "'content':{'size':0},'redirectURL':'','headersSize':-1,'bodySize':0},'cache':{},'timings':"
            "{'send':0,'wait':5,'receive':0},'extra':1}]}}"));
        const QString problems = validate(bad, 1);
        for (const char* expected : {"startedDateTime", "absolute URL", "headers[0]", "status", "mimeType",
                                     "add up to 5", "unknown field \"extra\""})
            QVERIFY2(problems.contains(expected), qPrintable(QString(expected) + " not in: " + problems));
    }

    void streamingStopsAndCapsEntries() {
        // Returning false stops after the first entry.
        std::size_t seen = 0;
        trace::read_har_file(data_file("chrome.har"), [&](trace::Exchange&&) {
            ++seen;
            return false;
        });
        QCOMPARE(seen, std::size_t(1));
        // A many-entry HAR in memory, read entry by entry.
        std::string big = j("{'log':{'version':'1.2','creator':{'name':'t','version':'1'},'entries':[");
        for (int i = 0; i < 3000; ++i) {
            if (i) big += ',';
            big += j("{'startedDateTime':'2024-01-01T00:00:00Z','time':0,'request':{'method':'GET','url':'http://h/") +
                   std::to_string(i) +
                   j("','httpVersion':'HTTP/1.1','headers':[],'cookies':[],'queryString':[],'headersSize':-1,'bodySize':0},"
                   "'response':{'status':200,'statusText':'OK','httpVersion':'HTTP/1.1','headers':[],'cookies':[],"
                   "'content':{'size':1,'mimeType':'text/plain','text':'x'},'redirectURL':'','headersSize':-1,'bodySize':1},"
                   "'cache':{},'timings':{'send':0,'wait':0,'receive':0}}");
        }
        big += "]}}";
        std::size_t last = 0;
        QCOMPARE(trace::read_har_bytes(big, [&](trace::Exchange&& x) {
                     last = std::stoul(x.request.url.substr(9));
                     return true;
                 }),
                 std::size_t(3000));
        QCOMPARE(last, std::size_t(2999));
        // An entry over the cap is an error naming it.
        QTemporaryDir dir;
        trace::HarReadOptions small;
        small.max_entry_bytes = 200;
        const std::string e = har_error(dir, big, small);
        QVERIFY2(e.find("larger than the limit of 200 bytes") != std::string::npos, e.c_str());
        QVERIFY2(e.find("log.entries[0]") != std::string::npos, e.c_str());
    }

    void badInputNamesFileOffsetAndPath() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("bad.har").toStdString();
        auto expect = [&](std::string_view bytes, const std::string& what, const std::string& where = {}) {
            const std::string e = har_error(dir, bytes);
            QVERIFY2(e.rfind(file + ": ", 0) == 0, ("no file name in: " + e).c_str());
            QVERIFY2(e.find(what) != std::string::npos, ("no '" + what + "' in: " + e).c_str());
            if (!where.empty()) QVERIFY2(e.find(where) != std::string::npos, ("no '" + where + "' in: " + e).c_str());
        };
        std::ifstream in(data_file("chrome.har"), std::ios::binary);
        const std::string chrome((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

        expect("", "empty file");
        expect(chrome.substr(0, 3000), "truncated JSON", "log.entries[0]");
        std::string syntax = chrome;
        syntax.replace(syntax.find("\"method\": \"POST\""), 16, "\"method\" \"POST\"");
        expect(syntax, "invalid JSON", "(at log.entries[1].request.method)");
        expect(j("{'log':{'version':'1.2','entries':{'a':1}}}"), "\"entries\" must be an array, got an object",
               "byte 34");
        expect(j("{'log':{'version':'1.2','entries':[42]}}"), "an entry must be an object", "log.entries[0]");
        expect(j("{'log':{'version':'3.0','entries':[]}}"), "unsupported HAR version \"3.0\"");
        expect(j("{'log':{'version':1.2,'entries':[]}}"), "\"version\" must be a string");
        expect(j("[{'log':{}}]"), "the document must be an object");
        expect(j("{'log':[]}"), "\"log\" must be an object");
        expect(j("{'nolog':{}}"), "no \"log\" object");
        expect(j("{'log':{'version':'1.2'}}"), "no \"entries\" array");
        expect(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", 18), "invalid JSON", "byte 0");

        std::string wrong = chrome;
        wrong.replace(wrong.find("\"status\": 303"), 13, "\"status\": \"303\"");
        expect(wrong, "must be an integer, got a string (at log.entries[1].response.status)");
        std::string no_url = chrome;
        no_url.replace(no_url.find("\"url\": \"https://shop.example.test/login\""), 5, "\"uri\"");
        expect(no_url, "\"url\" is missing (at log.entries[1].request)");
        std::string bad_b64 = chrome;
        bad_b64.replace(bad_b64.find("iVBORw0KGgo"), 4, "!!!!");
        expect(bad_b64, "is not valid base64 (at log.entries[2].response.content.text)");
        std::string bad_date = chrome;
        bad_date.replace(bad_date.find("2024-03-05T09:15:03.000Z"), 24, "March 5th");
        expect(bad_date, "not an ISO 8601 date-time (at log.entries[1].startedDateTime)");
        std::string bad_ws = chrome;
        bad_ws.replace(bad_ws.find("\"type\": \"receive\""), 17, "\"type\": \"recv\"");
        expect(bad_ws, "must be \"send\" or \"receive\" (at log.entries[3]._webSocketMessages[1].type)");

        // Found by fuzz_trace_import: a WebSocket message time whose nanoseconds since 1970 do
        // not fit 64 bits overflowed (undefined behaviour); it now counts as unknown (0).
        std::string far_ws = chrome;
        far_ws.replace(far_ws.find("1709630104.140001"), 17, "17145576001.5");
        std::vector<trace::Exchange> far;
        trace::read_har_bytes(far_ws, [&](trace::Exchange&& x) {
            far.push_back(std::move(x));
            return true;
        });
        QCOMPARE(far.size(), std::size_t(4));
        QCOMPARE(far[3].frames.size(), std::size_t(4));
        QCOMPARE(far[3].frames[1].time_ns, std::int64_t(0));
        QVERIFY(far[3].frames[2].time_ns > 0);

        // exchange_from_har_entry on its own: the path starts at the entry.
        try {
            (void)trace::exchange_from_har_entry(boost::json::parse(j("{'request':{'method':'GET'}}")));
            QFAIL("no error");
        } catch (const trace::HarFormatError& e) {
            QCOMPARE(std::string(e.what()), std::string("\"url\" is missing (at request)"));
        }
    }

    void mutatedInputsGiveErrorsNotCrashes() {
        // Deterministic mutations of the fixtures, a trace file and curl commands through all
        // three readers: each either reads or throws its own error type (a crash, another
        // exception type or a hang fails the test).
        std::ifstream chrome(data_file("chrome.har"), std::ios::binary);
        std::ifstream firefox(data_file("firefox.har"), std::ios::binary);
        std::string trace_file = "{\"format\":\"asgiscope-trace\",\"version\":1}\n";
        for (const auto& t : testing::recorded_traces()) trace_file += boost::json::serialize(trace::to_json(*t)) + "\n";
        const std::vector<std::string> seeds = {
            std::string((std::istreambuf_iterator<char>(chrome)), std::istreambuf_iterator<char>()),
            std::string((std::istreambuf_iterator<char>(firefox)), std::istreambuf_iterator<char>()), trace_file,
            "curl 'http://h/' -H $'a: \\x41\\u00e9' --data-raw $'x\\ny' -sSL -XPOST \\\n -b 'a=1'\n"
            "curl h -G -d a=1 ; curl \"x\\\"y\" --data-urlencode 'n=v'"};
        std::mt19937 rng(42);
        const std::string_view specials = "{}[]\",:\\'$\n0-e";
        int read = 0, refused = 0;
        for (int i = 0; i < 1500; ++i) {
            std::string s = seeds[std::size_t(i) % seeds.size()];
            for (int k = 0, n = 1 + int(rng() % 6); k < n && !s.empty(); ++k) {
                const std::size_t pos = rng() % s.size();
                switch (rng() % 4) {
                case 0: s[pos] = char(rng()); break;
                case 1: s.erase(pos, rng() % 16); break;
                case 2: s.insert(pos, 1, specials[rng() % specials.size()]); break;
                default: s.resize(pos);
                }
            }
            try {
                trace::read_har_bytes(s, [](trace::Exchange&&) { return true; });
                ++read;
            } catch (const trace::HarFormatError&) {
                ++refused;
            }
            try {
                trace::read_trace_bytes(s, [](trace::Trace&& t) {
                    (void)trace::exchange_from_trace(t);
                    return true;
                });
                ++read;
            } catch (const trace::TraceFormatError&) {
                ++refused;
            }
            try {
                for (const auto& x : trace::parse_curl_commands(s)) (void)trace::to_curl(x.request);
                ++read;
            } catch (const trace::CurlParseError&) {
                ++refused;
            }
        }
        QCOMPARE(read + refused, 4500);
        QVERIFY(refused > 0);
    }

    void isoDates() {
        using namespace std::chrono;
        // Expected values from Python's datetime.fromisoformat(...).timestamp().
        QCOMPARE(epoch_ms(*trace::parse_iso8601("1970-01-01T00:00:00Z")), std::int64_t(0));
        QCOMPARE(epoch_ms(*trace::parse_iso8601("2024-02-29T23:59:59.999-00:30")), std::int64_t(1709252999999));
        QCOMPARE(trace::format_iso8601(system_clock::time_point(milliseconds(1709630102345))),
                 std::string("2024-03-05T09:15:02.345000Z"));
        QCOMPARE(trace::format_iso8601(system_clock::time_point(microseconds(-1))), std::string("1969-12-31T23:59:59.999999Z"));
        for (const char* bad : {"", "2024-03-05", "2024-13-01T00:00:00Z", "2024-03-05T09:15:02.Z", "2024-03-05T09:15:02+1",
                                "2024-03-05T09:15:02Zjunk",
                                // Found by fuzz_trace_import: years whose nanoseconds since 1970 do
                                // not fit 64 bits overflowed (undefined behaviour); now refused.
                                "1012-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
            QVERIFY2(!trace::parse_iso8601(bad), bad);
        QVERIFY(trace::parse_iso8601("1700-01-01T00:00:00Z"));
        QVERIFY(trace::parse_iso8601("2200-01-01T00:00:00Z"));
    }
};

QTEST_GUILESS_MAIN(TestHar)
#include "test_har.moc"
