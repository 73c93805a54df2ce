// Saving, opening and exporting the session's traces: the files behind File > Save Session,
// File > Open and File > Export. Widget-free; every failure is a message naming the file and
// the place (line or byte offset) and what was expected, never an exception or a crash.
#pragma once

#include <vector>

#include <QString>

#include <asgiscope/trace/exchange.hpp>
#include <asgiscope/trace/hub.hpp>

#include "models/trace_store.hpp"

namespace asgiscope::ui {

/// The formats traces are written in.
enum class ExportFormat {
    TraceJson,    ///< the lossless JSON Lines trace file (trace::TraceFileWriter)
    Har,          ///< HAR 1.2 (trace::HarWriter), one entry per HTTP or WebSocket exchange
    ChromeTrace,  ///< Chrome's trace event format (trace::ChromeTraceWriter)
};

/// What a write did.
struct WriteResult {
    int written = 0;  ///< traces (HAR: entries) written
    int skipped = 0;  ///< traces the format cannot hold (HAR: lifespan traces)
    QString error;    ///< empty on success
    bool ok() const { return error.isEmpty(); }
};

/// Writes `traces` (in order) to `path` in `format`, replacing the file.
WriteResult writeTraces(const std::vector<TracePtr>& traces, ExportFormat format,
                        const QString& path);

/// What a file held. A trace file gives traces; a HAR or a cURL list gives exchanges (requests
/// to replay: they carry no traces). On an error, what was read before it is kept.
struct OpenedFile {
    QString path;
    QString format;  ///< "trace JSON", "HAR", "cURL commands"; empty when not recognised
    bool isTraceFile = false;
    trace::TraceBatch traces;
    std::vector<trace::Exchange> exchanges;
    /// Why the file could not be read to its end: "capture.json:3: ... (at spans[0].name)";
    /// empty when it was read whole.
    QString error;
    bool ok() const { return error.isEmpty(); }
    /// Records read before the error (traces or exchanges).
    int recordsRead() const { return isTraceFile ? int(traces.size()) : int(exchanges.size()); }
};

/// Reads the file at `path`, telling the format by its first bytes (trace::detect_import_format).
OpenedFile openTraceFile(const QString& path);

}  // namespace asgiscope::ui
