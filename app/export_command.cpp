#include "export_command.hpp"

#include <cstdio>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include <QCommandLineParser>

#include <asgiscope/trace/chrome_trace.hpp>
#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/trace_json.hpp>

namespace asgiscope::app {

namespace {

enum class Input { trace_file, har };

/// What IN is, from its first bytes: a trace file starts with its header line, a HAR with an
/// object holding "log". Anything else is read as a trace file, whose reader says what is wrong.
Input sniff(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    if (head.find("\"asgiscope-trace\"") != std::string::npos) return Input::trace_file;
    if (head.find("\"log\"") != std::string::npos) return Input::har;
    return Input::trace_file;
}

std::string output_path(const QString& out) { return out == "-" ? "/dev/stdout" : out.toStdString(); }

int fail(const std::string& message) {
    std::fprintf(stderr, "asgiscope export: error: %s\n", message.c_str());
    return 1;
}

int usage(const std::string& message) {
    std::fprintf(stderr, "asgiscope export: error: %s\n", message.c_str());
    return 2;
}

}  // namespace

int export_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Convert a trace file (written by 'asgiscope serve --trace FILE') to trace JSON, HAR 1.2 or Chrome's trace "
        "event format (Perfetto, chrome://tracing). A HAR file is accepted as input for --format har.");
    parser.addHelpOption();
    parser.addOption(QCommandLineOption({"f", "format"}, "Output format: json, har or chrome.", "format"));
    parser.addOption(QCommandLineOption({"o", "output"}, "Output file ('-' for standard output).", "file"));
    parser.addPositionalArgument("IN", "The trace file (or HAR file) to read.");
    if (!parser.parse(QStringList{"asgiscope export"} + arguments)) return usage(parser.errorText().toStdString());
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const QString format = parser.value("format");
    if (format.isEmpty()) return usage("--format is required: json, har or chrome");
    if (format != "json" && format != "har" && format != "chrome")
        return usage("--format must be json, har or chrome, not '" + format.toStdString() + "'");
    if (!parser.isSet("output")) return usage("-o OUT is required ('-' for standard output)");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) return usage(positional.isEmpty() ? "IN is required" : "one IN file, not several");
    const std::string in = positional.front().toStdString();
    const std::string out = output_path(parser.value("output"));
    if (out == in) return usage("IN and OUT are the same file");

    try {
        const Input kind = sniff(in);
        std::size_t written = 0, skipped = 0;
        if (kind == Input::har) {
            if (format != "har")
                return usage("'" + in + "' is a HAR file: it holds requests, not traces, so it converts only to --format har");
            trace::HarWriter writer(out, ASGISCOPE_VERSION);
            trace::read_har_file(in, [&](trace::Exchange&& x) {
                writer.add(x);
                return true;
            });
            writer.close();
            written = writer.entries();
        } else if (format == "json") {
            trace::TraceFileWriter writer(out);
            trace::read_trace_file(in, [&](trace::Trace&& t) {
                writer.write(t);
                return true;
            });
            writer.close();
            written = writer.written();
        } else if (format == "har") {
            trace::HarWriter writer(out, ASGISCOPE_VERSION);
            trace::read_trace_file(in, [&](trace::Trace&& t) {
                if (auto x = trace::exchange_from_trace(t)) writer.add(*x);
                else ++skipped;  // lifespan traces have no HTTP exchange
                return true;
            });
            writer.close();
            written = writer.entries();
        } else {
            trace::ChromeTraceWriter writer(out);
            trace::read_trace_file(in, [&](trace::Trace&& t) {
                writer.add(t);
                return true;
            });
            writer.close();
            written = writer.traces();
        }
        std::fprintf(stderr, "asgiscope export: wrote %zu %s to %s%s\n", written,
                     format == "har" ? "entries" : "traces", out.c_str(),
                     skipped ? (" (" + std::to_string(skipped) + " lifespan traces have no HAR entry)").c_str() : "");
        return 0;
    } catch (const std::exception& e) {
        if (out != "/dev/stdout") std::remove(out.c_str());  // no half-written file left behind
        return fail(e.what());
    }
}

}  // namespace asgiscope::app
