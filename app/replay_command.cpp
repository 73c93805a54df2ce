#include "replay_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <QCommandLineParser>

#include <asgiscope/trace/replay.hpp>

#include "app_source.hpp"
#include "replay_input.hpp"

namespace asgiscope::app {

namespace {

std::shared_ptr<std::atomic<bool>> interrupted;

extern "C" void on_interrupt(int) {
    if (interrupted) interrupted->store(true);
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "asgiscope replay: error: %s\n", message.c_str());
    return 2;
}

std::string request_line(const trace::ReplayResult& r, const trace::Exchange& recorded) {
    const bool ws = recorded.kind == trace::TraceKind::websocket;
    std::string line =
        (ws ? std::string("WS") : recorded.request.method) + " " +
        (r.replayed.request.url.empty() ? recorded.request.url : r.replayed.request.url);
    if (!recorded.origin.empty()) line += "  (" + recorded.origin + ")";
    return line;
}

void print_result(const trace::ReplayResult& r, const trace::Exchange& recorded, std::size_t total,
                  bool verbose) {
    if (r.outcome == trace::ReplayOutcome::skipped) return;
    if (r.outcome == trace::ReplayOutcome::same && !verbose) return;
    const char* label = r.outcome == trace::ReplayOutcome::same        ? "SAME "
                        : r.outcome == trace::ReplayOutcome::different ? "DIFF "
                                                                       : "ERROR";
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.duration).count();
    std::string status;
    if (r.replayed.response)
        status = (recorded.response ? std::to_string(recorded.response->status) + " " : std::string()) + "-> " +
                 std::to_string(r.replayed.response->status) + ", ";
    std::printf("[%zu/%zu] %s %s  (%s%lld ms)\n", r.index + 1, total, label,
                request_line(r, recorded).c_str(), status.c_str(), static_cast<long long>(ms));
    if (!r.error.empty()) std::printf("    error: %s\n", r.error.c_str());
    for (const auto& d : r.differences) std::printf("    %s\n", d.c_str());
    for (const auto& n : r.notes)
        if (verbose || r.outcome != trace::ReplayOutcome::same)
            std::printf("    note: %s\n", n.c_str());
    if (!r.body_diff.empty()) {
        std::string text = r.body_diff;
        std::size_t start = 0;
        while (start < text.size()) {
            const auto nl = text.find('\n', start);
            std::printf("      %s\n", text.substr(start, nl - start).c_str());
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
    }
}

}  // namespace

int replay_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Send recorded requests again and compare each answer with the recorded one (status, the "
        "headers "
        "that matter, body; WebSocket sessions message by message). Exit status: 0 when every "
        "answer is the "
        "same, 1 when any differs or failed, 2 for bad arguments or an unreadable FILE.\n"
        "FILE: an asgiscope trace file (JSON lines), a HAR file, or cURL command lines (one per "
        "line, as "
        "browsers' \"Copy as cURL\" writes them).");
    parser.addPositionalArgument("FILE", "The recording.");
    parser.addHelpOption();
    parser.addOption(QCommandLineOption(
        "target", "Replay against this server: http://host:port[/prefix].", "URL"));
    parser.addOption(QCommandLineOption("in-process",
                                        "Replay in-process (no sockets) against the built-in demo "
                                        "app, or the --app plugin's app."));
    add_app_option(parser);
    parser.addOption(QCommandLineOption(
        "ignore-header", "Also ignore this response header when comparing (repeatable).", "NAME"));
    parser.addOption(QCommandLineOption("compare-all-headers",
                                        "Compare the headers ignored by default too (date, server, "
                                        "age, expires, connection, keep-alive, "
                                        "transfer-encoding, content-length, x-request-id, "
                                        "x-runtime, x-response-time, x-process-time)."));
    parser.addOption(QCommandLineOption(
        "compare-cookie-values",
        "Compare set-cookie values (default: only cookie names and attributes)."));
    parser.addOption(
        QCommandLineOption("timeout", "Seconds each exchange may take.", "SECONDS", "10"));
    parser.addOption(QCommandLineOption("verbose", "Also list the exchanges that are the same."));
    if (!parser.parse(QStringList{"asgiscope replay"} + arguments))
        return usage_error(parser.errorText().toStdString());
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usage_error("expected one FILE (a trace, HAR or cURL file), got " +
                           std::to_string(positional.size()) + " arguments");
    const bool in_process = parser.isSet("in-process");
    if (!in_process && !parser.isSet("target"))
        return usage_error(
            "--target URL is required (or --in-process to replay against the app itself)");
    if (!in_process && parser.isSet("app"))
        return usage_error("--app needs --in-process (a live replay goes to --target)");

    trace::ReplayOptions options;
    options.target = parser.value("target").toStdString();
    bool ok = false;
    const double seconds = parser.value("timeout").toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 24 * 3600)
        return usage_error("--timeout must be a positive number of seconds, not '" +
                           parser.value("timeout").toStdString() + "'");
    options.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    if (parser.isSet("compare-all-headers")) options.compare.ignore_headers.clear();
    for (const QString& name : parser.values("ignore-header")) {
        if (name.trimmed().isEmpty()) return usage_error("--ignore-header needs a header name");
        options.compare.ignore_headers.push_back(name.trimmed().toLower().toStdString());
    }
    options.compare.compare_cookie_values = parser.isSet("compare-cookie-values");

    const std::string file = positional.front().toStdString();
    ReadResult input = read_exchanges(file);
    if (!input.error.empty()) return usage_error(input.error);
    if (input.exchanges.empty()) return usage_error("'" + file + "' holds no requests to replay");

    std::optional<AppSource> source;
    if (in_process) {
        source = open_app("replay", parser);
        if (!source) return 2;
    }

    // Progress on stderr at most once a second, for replays that take a while.
    const auto started = std::chrono::steady_clock::now();
    auto last = started;
    options.on_progress = [&](std::size_t done, std::size_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::seconds(1) || done == total) return;
        last = now;
        std::fprintf(stderr, "asgiscope replay: %zu/%zu replayed\n", done, total);
    };
    interrupted = std::make_shared<std::atomic<bool>>(false);
    options.cancel = interrupted;
    auto previous = std::signal(SIGINT, on_interrupt);

    trace::ReplayReport report;
    try {
        report = in_process ? trace::replay_in_process(input.exchanges, source->app, options)
                            : trace::replay(input.exchanges, options);
    } catch (const std::invalid_argument& e) {
        std::signal(SIGINT, previous);
        return usage_error(e.what());
    }
    std::signal(SIGINT, previous);

    const bool verbose = parser.isSet("verbose");
    for (const auto& r : report.results)
        print_result(r, input.exchanges[r.index], report.results.size(), verbose);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    std::printf("%s%s in %lld ms (%s, %s)\n", report.all_same() ? "" : "\n",
                report.summary().c_str(), static_cast<long long>(ms.count()), input.format.c_str(),
                in_process ? (source->label + ", in-process").c_str() : options.target.c_str());
    return report.all_same() ? 0 : 1;
}

}  // namespace asgiscope::app
