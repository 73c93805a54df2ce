// The lossless trace file (core/trace/trace_json): every field of recorded and hand-made
// traces round-trips through TraceFileWriter and read_trace_file; bad files (empty, wrong
// format or version, truncated JSON, wrong types, unknown keys, a line over the cap, binary
// garbage) give an error naming the file, the line and the key.
#include <cstdio>
#include <fstream>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <boost/json/serialize.hpp>

#include <asgiscope/asgi/json.hpp>
#include <asgiscope/trace.hpp>

#include "trace_samples.hpp"

using namespace asgiscope;

namespace {

std::string write_file(const QTemporaryDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

const std::string kHeader = "{\"format\":\"asgiscope-trace\",\"version\":1}\n";

/// The error read_trace_file gives for `bytes`, or "" when it reads them.
std::string error_for(const QTemporaryDir& dir, const std::string& bytes, trace::TraceReadOptions options = {}) {
    const std::string path = write_file(dir, "bad.jsonl", bytes);
    try {
        trace::read_trace_file(path, [](trace::Trace&&) { return true; }, options);
    } catch (const trace::TraceFormatError& e) {
        return e.what();
    }
    return "";
}

/// One valid trace line, as the writer makes it.
std::string valid_line() { return boost::json::serialize(trace::to_json(testing::handmade_trace())); }

}  // namespace

class TestTraceJson : public QObject {
    Q_OBJECT

private slots:
    void recordedTracesRoundTripThroughAFile() {
        const auto traces = testing::recorded_traces();
        QCOMPARE(traces.size(), std::size_t(7));
        QTemporaryDir dir;
        const std::string path = dir.filePath("traces.jsonl").toStdString();
        {
            trace::TraceFileWriter writer(path);
            for (const auto& t : traces) writer.write(*t);
            writer.flush();
            QCOMPARE(writer.written(), traces.size());
            writer.close();
            QVERIFY(!writer.is_open());
        }
        std::vector<trace::Trace> back;
        const std::size_t n = trace::read_trace_file(path, [&](trace::Trace&& t) {
            back.push_back(std::move(t));
            return true;
        });
        QCOMPARE(n, traces.size());
        QCOMPARE(back.size(), traces.size());
        for (std::size_t i = 0; i < traces.size(); ++i) {
            const std::string diff = testing::trace_difference(*traces[i], back[i]);
            QVERIFY2(diff.empty(), ("trace " + std::to_string(i) + ": " + diff).c_str());
        }
        // The samples hold what the format must carry: a cut body, bytes that are not UTF-8,
        // an exception, path params, WebSocket frames and a close.
        bool cut = false, binary = false, exception = false, params = false, close = false;
        for (const auto& t : back)
            for (const auto& s : t.spans) {
                exception = exception || s.exception.has_value();
                params = params || !s.scope.path_params.empty();
                for (const auto& m : s.messages) {
                    cut = cut || m.truncated();
                    binary = binary || !asgi::is_valid_utf8(m.body.view());
                    close = close || (m.type == "websocket.close" && m.code == 4000);
                }
            }
        QVERIFY(cut && binary && exception && params && close);
        // The file is JSON Lines: a header, then one line per trace.
        std::ifstream in(path);
        std::string line;
        int lines = 0;
        while (std::getline(in, line)) ++lines;
        QCOMPARE(lines, int(traces.size()) + 1);
    }

    void everyFieldRoundTrips() {
        const trace::Trace t = testing::handmade_trace();
        const trace::Trace back = trace::parse_trace_json_line(valid_line());
        const std::string diff = testing::trace_difference(t, back);
        QVERIFY2(diff.empty(), diff.c_str());
        // Serialising again gives the same text.
        QCOMPARE(boost::json::serialize(trace::to_json(back)), valid_line());
        // Headers shared between events stay shared after reading.
        QCOMPARE(back.spans[0].messages[1].shared_headers.get(), back.spans[2].messages[1].shared_headers.get());
        // The comparison itself notices a change.
        trace::Trace changed = back;
        changed.spans[2].messages[3].full_size = 4;
        QVERIFY(!testing::trace_difference(t, changed).empty());
    }

    void bytesAndMemoryReadTheSame() {
        const std::string file = kHeader + valid_line() + "\n\n" + valid_line() + "\r\n";
        std::size_t count = 0;
        QCOMPARE(trace::read_trace_bytes(file, [&](trace::Trace&& t) {
                     ++count;
                     return t.id == 4242;
                 }),
                 std::size_t(2));
        QCOMPARE(count, std::size_t(2));
        // Returning false stops the reading.
        QCOMPARE(trace::read_trace_bytes(file, [](trace::Trace&&) { return false; }), std::size_t(1));
        // A header and nothing else: no traces, no error.
        QCOMPARE(trace::read_trace_bytes(kHeader, [](trace::Trace&&) { return true; }), std::size_t(0));
    }

    void badFilesNameTheFileLineAndKey() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("bad.jsonl").toStdString();
        auto expect = [&](const std::string& bytes, const std::string& where, const std::string& what,
                          trace::TraceReadOptions options = {}) {
            const std::string e = error_for(dir, bytes, options);
            QVERIFY2(e.rfind(file + where, 0) == 0, ("no '" + where + "' in: " + e).c_str());
            QVERIFY2(e.find(what) != std::string::npos, ("no '" + what + "' in: " + e).c_str());
        };
        expect("", ": empty file", "header");
        expect("\n  \n", ": empty file", "header");
        expect("{\"format\":\"asgiscope-trace\",\"version\":2}\n", ":1: ", "unsupported trace file version 2");
        expect("{\"format\":\"har\",\"version\":1}\n", ":1: ", "not an asgiscope trace file");
        expect("[1,2]\n", ":1: ", "header");
        expect("{\"format\":\"asgiscope-trace\",\"version\":\"1\"}\n", ":1: ", "must be an integer");
        expect(kHeader + valid_line() + "\n" + valid_line().substr(0, 200) + "\n", ":3: ", "not valid JSON");
        expect(kHeader + valid_line().substr(0, valid_line().size() - 1), ":2: ", "not valid JSON");
        expect(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", 20), ":1: ", "not valid JSON");
        expect(kHeader + "42\n", ":2: ", "must be a JSON object");

        std::string wrong_type = valid_line();
        const auto status = wrong_type.find("\"status\":201");
        QVERIFY(status != std::string::npos);
        wrong_type.replace(status, 12, "\"status\":\"201\"");
        expect(kHeader + wrong_type + "\n", ":2: ", "must be an integer, got a string (at spans[0].messages[4].status)");

        std::string unknown_key = valid_line();
        unknown_key.replace(unknown_key.find("\"dropped_messages\""), 18, "\"dropped_mesages\"");
        expect(kHeader + unknown_key + "\n", ":2: ", "unknown key \"dropped_mesages\" (at spans[0])");

        std::string bad_type = valid_line();
        bad_type.replace(bad_type.find("\"websocket.connect\""), 19, "\"websocket.conect\"");
        expect(kHeader + bad_type + "\n", ":2: ", "not an ASGI message type");

        std::string bad_parent = valid_line();
        bad_parent.replace(bad_parent.find("\"parent\":1"), 10, "\"parent\":5");
        expect(kHeader + bad_parent + "\n", ":2: ", "spans[2].parent");

        std::string no_kind = valid_line();
        no_kind.replace(no_kind.find("\"kind\":\"websocket\""), 18, "\"kind\":\"smtp\"");
        expect(kHeader + no_kind + "\n", ":2: ", "must be one of http, websocket, lifespan");

        // A line over the cap is refused without being read whole.
        trace::TraceReadOptions small;
        small.max_line_bytes = 1000;
        expect(kHeader + valid_line() + "\n", ":2: ", "longer than the limit of 1000 bytes", small);
        expect(kHeader + std::string(5000, ' ') + "x", ":2: ", "longer than the limit", small);

        // A file that is not there.
        try {
            trace::read_trace_file(dir.filePath("missing.jsonl").toStdString(), [](trace::Trace&&) { return true; });
            QFAIL("no error");
        } catch (const trace::TraceFormatError& e) {
            QVERIFY(std::string(e.what()).find("missing.jsonl: cannot open") != std::string::npos);
        }
    }

    void writerErrorsNameTheFile() {
        try {
            trace::TraceFileWriter writer("/nonexistent-dir/x/traces.jsonl");
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            QVERIFY(std::string(e.what()).find("/nonexistent-dir/x/traces.jsonl") != std::string::npos);
        }
        // /dev/full accepts the open and fails the writes: the error surfaces by close().
        if (QFileInfo::exists("/dev/full")) {
            bool failed = false;
            try {
                trace::TraceFileWriter writer("/dev/full");
                for (int i = 0; i < 100; ++i) writer.write(testing::handmade_trace());
                writer.close();
            } catch (const std::runtime_error& e) {
                failed = std::string(e.what()).find("/dev/full") != std::string::npos;
            }
            QVERIFY(failed);
        }
        QTemporaryDir dir;
        trace::TraceFileWriter writer(dir.filePath("t.jsonl").toStdString());
        writer.close();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.write(testing::handmade_trace()));
    }
};

QTEST_GUILESS_MAIN(TestTraceJson)
#include "test_trace_json.moc"
