// Traces as Chrome's trace event format (JSON object form), which Perfetto and
// chrome://tracing open.
//
// Mapping: one process per trace (pid = trace id, named "GET /path #id" by a process_name
// metadata event); one track per layer name (tid, the same for a layer in every trace, named by
// thread_name metadata and sorted outermost first); one complete event ("ph": "X", ts and dur in
// microseconds with nanosecond fractions) per span, with the span's scope view, flags and
// exception in args; one instant event ("ph": "i", thread scope) per ASGI message, with its
// type, direction, status, sizes and a short body preview in args. ts is microseconds since the
// Unix epoch (fixed-point text), so the traces of one file share a timeline.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <asgiscope/trace/trace.hpp>

namespace asgiscope::trace {

/// Writes a Chrome trace event file trace by trace. Not thread-safe. Errors throw
/// std::runtime_error naming the file.
class ChromeTraceWriter {
public:
    /// Creates (or truncates) `path`.
    explicit ChromeTraceWriter(std::string path);
    ~ChromeTraceWriter();  ///< closes when close() was not called; errors then are swallowed
    ChromeTraceWriter(const ChromeTraceWriter&) = delete;
    ChromeTraceWriter& operator=(const ChromeTraceWriter&) = delete;

    void add(const Trace& trace);
    /// Ends the JSON document and closes the file.
    void close();
    std::size_t traces() const { return traces_; }

    /// The events of one trace as JSON texts, with ts relative to `origin` and tids from
    /// `tids` (layer name -> tid; new names are added).
    static std::vector<std::string> events(const Trace& trace, std::chrono::system_clock::time_point origin,
                                           std::map<std::string, int>& tids);

private:
    void put(std::string_view text);
    std::string path_;
    std::FILE* file_ = nullptr;
    std::size_t traces_ = 0;
    bool first_event_ = true;
    std::optional<std::chrono::system_clock::time_point> origin_;
    std::map<std::string, int> tids_;
};

}  // namespace asgiscope::trace
