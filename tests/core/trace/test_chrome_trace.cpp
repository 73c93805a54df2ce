// Chrome trace event export (core/trace/chrome_trace): the file parses back; every trace is a
// process with a name, every layer a named track with the same tid in every trace; one "X"
// event per span nested inside its parent's, one instant event per message inside its span.
#include <cmath>
#include <fstream>
#include <map>
#include <regex>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <asgiscope/trace.hpp>

#include "trace_samples.hpp"

using namespace asgiscope;
namespace json = boost::json;

class TestChromeTrace : public QObject {
    Q_OBJECT

private slots:
    void structureOfRecordedTraces() {
        auto traces = testing::recorded_traces();
        const trace::Trace handmade = testing::handmade_trace();
        QTemporaryDir dir;
        const std::string path = dir.filePath("trace.json").toStdString();
        {
            trace::ChromeTraceWriter writer(path);
            for (const auto& t : traces) writer.add(*t);
            writer.add(handmade);
            writer.close();
            QCOMPARE(writer.traces(), traces.size() + 1);
        }
        std::ifstream in(path, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // Times are plain decimals (no exponent form).
        QVERIFY(std::regex_search(text, std::regex("\"ts\":[0-9]+\\.[0-9]{3},")));
        QVERIFY(!std::regex_search(text, std::regex("\"(ts|dur)\":[0-9.]+[eE]")));

        const json::value doc = json::parse(text);
        const json::array& events = doc.at("traceEvents").as_array();
        std::map<std::int64_t, std::string> process_names;
        std::map<std::pair<std::int64_t, std::int64_t>, std::string> thread_names;
        std::map<std::string, std::int64_t> tid_of_layer;
        // Per pid: span index -> (ts, end, tid)
        std::map<std::int64_t, std::map<std::int64_t, std::tuple<double, double, std::int64_t>>> spans;
        std::map<std::int64_t, std::map<std::int64_t, std::int64_t>> parents;
        std::size_t x_count = 0, i_count = 0;
        std::vector<const json::object*> instants;
        for (const auto& v : events) {
            const json::object& e = v.as_object();
            const std::string ph(e.at("ph").as_string());
            const std::int64_t pid = e.at("pid").as_int64();
            const std::int64_t tid = e.at("tid").as_int64();
            if (ph == "M") {
                const std::string name(e.at("name").as_string());
                if (name == "process_name") process_names[pid] = std::string(e.at("args").at("name").as_string());
                if (name == "thread_name") thread_names[{pid, tid}] = std::string(e.at("args").at("name").as_string());
                continue;
            }
            const double ts = e.at("ts").to_number<double>();
            QVERIFY(ts >= 0);
            if (ph == "X") {
                ++x_count;
                const double dur = e.at("dur").to_number<double>();
                QVERIFY(dur >= 0);
                const std::string name(e.at("name").as_string());
                // One track per layer name, the same in every trace.
                auto [it, added] = tid_of_layer.emplace(name, tid);
                QCOMPARE(it->second, tid);
                const json::object& args = e.at("args").as_object();
                spans[pid][args.at("span").as_int64()] = {ts, ts + dur, tid};
                parents[pid][args.at("span").as_int64()] = args.at("parent").as_int64();
            } else {
                QCOMPARE(ph, std::string("i"));
                QCOMPARE(std::string(e.at("s").as_string()), std::string("t"));
                ++i_count;
                instants.push_back(&e);
            }
        }
        std::size_t span_total = 0, message_total = 0;
        traces.push_back(std::make_shared<const trace::Trace>(handmade));
        for (const auto& t : traces) {
            span_total += t->spans.size();
            for (const auto& s : t->spans) message_total += s.messages.size();
            QVERIFY(process_names.count(std::int64_t(t->id)));
            QVERIFY(process_names[std::int64_t(t->id)].find("#" + std::to_string(t->id)) != std::string::npos);
        }
        QCOMPARE(x_count, span_total);
        QCOMPARE(i_count, message_total);
        QCOMPARE(process_names.size(), traces.size());
        // Every track is named after its layer; children sit inside their parents.
        for (const auto& [pid, by_span] : spans) {
            for (const auto& [index, s] : by_span) {
                const auto& [ts, end, tid] = s;
                QVERIFY(thread_names.count({pid, tid}));
                const std::int64_t parent = parents[pid][index];
                if (parent < 0) continue;
                const auto& [pts, pend, ptid] = by_span.at(parent);
                QVERIFY2(pts <= ts + 0.5 && end <= pend + 0.5,
                         qPrintable(QString("span %1 of pid %2 is not inside its parent").arg(index).arg(pid)));
                QVERIFY(ptid != tid);
            }
        }
        // Messages sit on a span's track inside its time (the hand-made trace's times are
        // made up, so only the recorded ones are held to this).
        for (const json::object* e : instants) {
            const std::int64_t pid = e->at("pid").as_int64();
            if (pid == std::int64_t(handmade.id)) continue;
            const double ts = e->at("ts").to_number<double>();
            bool inside = false;
            for (const auto& [index, s] : spans[pid]) {
                const auto& [sts, send, tid] = s;
                if (tid == e->at("tid").as_int64() && sts <= ts + 0.5 && ts <= send + 0.5) inside = true;
            }
            QVERIFY2(inside, qPrintable(QString::fromStdString(json::serialize(*e))));
        }
        // Bodies that are not UTF-8 are shown as base64; cut ones say so.
        QVERIFY(text.find("\"body_base64\"") != std::string::npos);
        QVERIFY(text.find("\"body_cut\":true") != std::string::npos);
    }

    void errors() {
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, trace::ChromeTraceWriter("/nonexistent-dir/t.json"));
        QTemporaryDir dir;
        trace::ChromeTraceWriter writer(dir.filePath("t.json").toStdString());
        writer.close();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.add(testing::handmade_trace()));
        // An empty file is still a valid document.
        std::ifstream in(dir.filePath("t.json").toStdString());
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY(json::parse(text).at("traceEvents").as_array().empty());
    }
};

QTEST_GUILESS_MAIN(TestChromeTrace)
#include "test_chrome_trace.moc"
