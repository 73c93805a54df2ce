// The limits table of README.md ("## Limits") against the code: every row's default must be
// the default of the setting it names, every limit setting must have a row, and every
// `asgiscope serve` flag it names must exist. Changing a default without the README (or the
// other way round) fails here.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include <asgiscope/server/config.hpp>
#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/formparsers.hpp>

using namespace asgiscope;

namespace {

std::string source_file(const std::string& relative) {
    std::ifstream in(qEnvironmentVariable("ASGISCOPE_SOURCE_DIR").toStdString() + "/" + relative);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string number(double v) {
    if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));
    std::ostringstream out;
    out << v;
    return out.str();
}
std::string number(std::size_t v) { return std::to_string(v); }
template <class T>
std::string number(const std::optional<T>& v) {
    return v ? number(*v) : std::string("none");
}

struct Row {
    std::string setting;
    std::string flag;
    std::string default_value;
};

std::string strip(std::string s) {
    while (!s.empty() && (s.front() == ' ')) s.erase(0, 1);
    while (!s.empty() && (s.back() == ' ')) s.pop_back();
    return s;
}

/// The first `code` span of a cell, or the trimmed cell.
std::string code_span(const std::string& cell) {
    auto open = cell.find('`');
    if (open == std::string::npos) return strip(cell);
    auto close = cell.find('`', open + 1);
    return cell.substr(open + 1, close - open - 1);
}

std::vector<Row> readme_rows(std::string* problem) {
    std::istringstream in(source_file("README.md"));
    std::string line;
    bool in_table = false;
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.starts_with("<!-- limits table")) {
            in_table = true;
            continue;
        }
        if (!in_table) continue;
        if (line.empty()) break;
        if (line.starts_with("| limit |") || line.starts_with("| ---")) continue;
        std::vector<std::string> cells;
        std::size_t start = 1;
        for (auto bar = line.find('|', start); bar != std::string::npos; bar = line.find('|', start)) {
            cells.push_back(line.substr(start, bar - start));
            start = bar + 1;
        }
        if (cells.size() != 5) {
            *problem = "malformed row: " + line;
            return {};
        }
        rows.push_back({code_span(cells[1]), code_span(cells[2]), code_span(cells[3])});
    }
    return rows;
}

}  // namespace

class TestLimitsTable : public QObject {
    Q_OBJECT
private slots:
    void readme_defaults_match_the_code() {
        const server::Config config;
        const web::FormOptions form;
        const trace::HubOptions hub;
        const trace::TracerOptions tracer;
        const std::map<std::string, std::string> code = {
            {"Config::limit_request_line", number(config.limit_request_line)},
            {"Config::limit_request_fields", number(config.limit_request_fields)},
            {"Config::limit_request_header_bytes", number(config.limit_request_header_bytes)},
            {"Config::limit_concurrency", number(config.limit_concurrency)},
            {"Config::limit_max_requests", number(config.limit_max_requests)},
            {"Config::backlog", number(static_cast<std::size_t>(config.backlog))},
            {"Config::timeout_keep_alive", number(config.timeout_keep_alive)},
            {"Config::timeout_header_read", number(config.timeout_header_read)},
            {"Config::timeout_graceful_shutdown", number(config.timeout_graceful_shutdown)},
            {"Config::ws_max_size", number(config.ws_max_size)},
            {"Config::ws_max_queue", number(config.ws_max_queue)},
            {"Config::ws_ping_interval", number(config.ws_ping_interval)},
            {"Config::ws_ping_timeout", number(config.ws_ping_timeout)},
            {"FormOptions::max_files", number(form.max_files)},
            {"FormOptions::max_fields", number(form.max_fields)},
            {"FormOptions::max_part_size", number(form.max_part_size)},
            {"FormOptions::spool_max_size", number(form.spool_max_size)},
            {"HubOptions::max_traces", number(hub.max_traces)},
            {"HubOptions::max_bytes", number(hub.max_bytes)},
            {"HubOptions::max_connection_events", number(hub.max_connection_events)},
            {"TracerOptions::max_body_bytes", number(tracer.max_body_bytes)},
            {"TracerOptions::max_messages_per_span", number(tracer.max_messages_per_span)},
        };
        std::string problem;
        const auto rows = readme_rows(&problem);
        QVERIFY2(problem.empty(), problem.c_str());
        QVERIFY2(rows.size() >= code.size(), "the README has no complete limits table");

        const std::string serve = source_file("app/serve_command.cpp");
        QVERIFY(!serve.empty());
        std::map<std::string, int> seen;
        for (const auto& row : rows) {
            ++seen[row.setting];
            if (!row.flag.empty()) {
                // The flag exists in `asgiscope serve`.
                const std::string option = "value(\"" + row.flag.substr(2) + "\"";
                QVERIFY2(row.flag.starts_with("--") && serve.find(option) != std::string::npos,
                         ("no serve flag " + row.flag).c_str());
            }
            auto it = code.find(row.setting);
            if (it != code.end()) {
                QVERIFY2(row.default_value == it->second,
                         (row.setting + ": README says " + row.default_value + ", the code " + it->second).c_str());
                continue;
            }
            // Settings of `asgiscope serve` only: the flag's default in serve_command.cpp.
            QVERIFY2(row.setting == "serve --trace", ("unknown setting in the README: " + row.setting).c_str());
            const std::regex declared("value\\(\"" + row.flag.substr(2) + "\",[^;]*\"([^\"]*)\"\\);");
            std::smatch m;
            QVERIFY2(std::regex_search(serve, m, declared), ("no default for " + row.flag).c_str());
            QCOMPARE(m[1].str(), row.default_value);
        }
        for (const auto& [setting, value] : code)
            QVERIFY2(seen[setting] == 1, (setting + " must have exactly one row in the README limits table").c_str());
        // A flag shown with a tracer setting must default to the same value in the CLI.
        const std::regex max_body("value\\(\"trace-max-body\",[^;]*\"([0-9]+)\"\\);");
        std::smatch m;
        QVERIFY(std::regex_search(serve, m, max_body));
        QCOMPARE(m[1].str(), number(tracer.max_body_bytes));
    }
};

QTEST_GUILESS_MAIN(TestLimitsTable)
#include "test_limits_table.moc"
