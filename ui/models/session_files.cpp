#include "models/session_files.hpp"

#include <exception>
#include <fstream>
#include <memory>

#include <QFileInfo>

#include <asgiscope/trace/chrome_trace.hpp>
#include <asgiscope/trace/curl.hpp>
#include <asgiscope/trace/har.hpp>
#include <asgiscope/trace/import.hpp>
#include <asgiscope/trace/trace_json.hpp>

namespace asgiscope::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

}  // namespace

WriteResult writeTraces(const std::vector<TracePtr>& traces, ExportFormat format,
                        const QString& path) {
    WriteResult result;
    const std::string file = path.toStdString();
    try {
        switch (format) {
            case ExportFormat::TraceJson: {
                trace::TraceFileWriter writer(file);
                for (const auto& t : traces)
                    if (t) writer.write(*t), ++result.written;
                writer.close();
                break;
            }
            case ExportFormat::Har: {
                trace::HarWriter writer(file, "asgiscope");
                for (const auto& t : traces) {
                    if (!t) continue;
                    if (auto x = trace::exchange_from_trace(*t)) {
                        writer.add(*x);
                        ++result.written;
                    } else {
                        ++result.skipped;
                    }
                }
                writer.close();
                break;
            }
            case ExportFormat::ChromeTrace: {
                trace::ChromeTraceWriter writer(file);
                for (const auto& t : traces)
                    if (t) writer.add(*t), ++result.written;
                writer.close();
                break;
            }
        }
    } catch (const std::exception& e) {
        result.error = qs(e.what());
    }
    return result;
}

OpenedFile openTraceFile(const QString& path) {
    OpenedFile out;
    out.path = path;
    const std::string file = path.toStdString();
    const QFileInfo info(path);
    if (!info.exists()) {
        out.error = QObject::tr("%1: no such file").arg(path);
        return out;
    }
    if (info.isDir()) {
        out.error = QObject::tr("%1: is a folder, not a file").arg(path);
        return out;
    }
    try {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            out.error = QObject::tr("%1: cannot be read (permission denied?)").arg(path);
            return out;
        }
        std::string head(4096, '\0');
        in.read(head.data(), std::streamsize(head.size()));
        head.resize(std::size_t(in.gcount()));
        in.close();
        const trace::ImportFormat format = trace::detect_import_format(head, file);
        out.format = qs(std::string(trace::to_string(format)));
        switch (format) {
            case trace::ImportFormat::trace_json:
                out.isTraceFile = true;
                trace::read_trace_file(file, [&](trace::Trace&& t) {
                    out.traces.push_back(std::make_shared<const trace::Trace>(std::move(t)));
                    return true;
                });
                break;
            case trace::ImportFormat::har:
                trace::read_har_file(file, [&](trace::Exchange&& x) {
                    out.exchanges.push_back(std::move(x));
                    return true;
                });
                break;
            case trace::ImportFormat::curl:
                out.exchanges = trace::read_curl_file(file);
                break;
        }
    } catch (const std::exception& e) {
        QString what = qs(e.what());
        if (out.format.isEmpty())
            what += QObject::tr(
                " (expected an asgiscope trace file, a HAR 1.2 file or cURL command lines)");
        out.error = what;
    }
    return out;
}

}  // namespace asgiscope::ui
