// `serve --trace FILE`: a tracer whose finished traces are appended to a trace file as they
// come (one JSON line each, flushed after every batch), closed cleanly when serving ends.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <asgiscope/trace/hub.hpp>
#include <asgiscope/trace/trace_json.hpp>
#include <asgiscope/trace/tracer.hpp>

namespace asgiscope::app {

/// Records every trace of an application into a trace file.
class TraceRecording {
public:
    /// Creates `path` (throws std::runtime_error naming it when that fails). Message bodies
    /// are kept up to `max_body_bytes` each. With `max_file_bytes` > 0 the file is rotated
    /// once it reaches that size: it becomes `path`.1 (replacing an older one) and a new
    /// `path` is started, so a long recording keeps the latest traces in at most about twice
    /// that many bytes.
    TraceRecording(const std::string& path, std::size_t max_body_bytes, std::uint64_t max_file_bytes = 0);
    ~TraceRecording();

    /// Give this to the application (web::Starlette::set_tracer).
    const std::shared_ptr<trace::Tracer>& tracer() const { return tracer_; }

    /// Writes what is still pending and closes the file; returns false (after printing why)
    /// when a write failed or traces were lost. Idempotent.
    bool finish();

private:
    void write_batch(const trace::TraceBatch& batch);
    void rotate_if_full();  // with mutex_ held

    std::shared_ptr<trace::TraceHub> hub_;
    std::shared_ptr<trace::Tracer> tracer_;
    std::unique_ptr<trace::TraceFileWriter> writer_;
    trace::TraceHub::Subscription subscription_;
    std::mutex mutex_;
    std::string path_;
    std::uint64_t max_file_bytes_ = 0;
    std::size_t written_before_ = 0;  // traces in files rotated away
    int rotations_ = 0;
    std::string error_;  // the first write error; writing stops there
    bool finished_ = false;
};

}  // namespace asgiscope::app
