#include "trace_recording.hpp"

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace asgiscope::app {

TraceRecording::TraceRecording(const std::string& path, std::size_t max_body_bytes, std::uint64_t max_file_bytes)
    // Room for bursts: the writer falls behind above a few thousand traces a second (the hub
    // keeps these traces after they are written too, so the caps are also its memory).
    : hub_(std::make_shared<trace::TraceHub>(trace::HubOptions{.max_traces = 5000, .max_bytes = 64 * 1024 * 1024})),
      tracer_(std::make_shared<trace::Tracer>(hub_, trace::TracerOptions{.max_body_bytes = max_body_bytes})),
      writer_(std::make_unique<trace::TraceFileWriter>(path)),
      path_(path),
      max_file_bytes_(max_file_bytes) {
    trace::SubscribeOptions options;
    options.interval = std::chrono::milliseconds(100);
    subscription_ = hub_->subscribe([this](const trace::TraceBatch& batch) { write_batch(batch); }, options);
}

TraceRecording::~TraceRecording() { finish(); }

void TraceRecording::write_batch(const trace::TraceBatch& batch) {
    std::lock_guard lock(mutex_);
    if (!error_.empty() || !writer_->is_open()) return;
    try {
        for (const auto& t : batch) writer_->write(*t);
        writer_->flush();  // the file is readable while the server runs
        rotate_if_full();
    } catch (const std::exception& e) {
        error_ = e.what();
        std::fprintf(stderr, "asgiscope serve: error: %s; no more traces are written\n", error_.c_str());
    }
}

void TraceRecording::rotate_if_full() {
    if (max_file_bytes_ == 0) return;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path_, ec);
    if (ec || size < max_file_bytes_) return;
    writer_->close();
    written_before_ += writer_->written();
    std::filesystem::rename(path_, path_ + ".1");  // throws with the paths when it fails
    writer_ = std::make_unique<trace::TraceFileWriter>(path_);
    ++rotations_;
}

bool TraceRecording::finish() {
    if (finished_) return error_.empty();
    finished_ = true;
    hub_->flush();  // hand the last traces to write_batch
    const std::uint64_t missed = subscription_.missed();
    subscription_.unsubscribe();
    std::lock_guard lock(mutex_);
    try {
        writer_->close();
    } catch (const std::exception& e) {
        if (error_.empty()) {
            error_ = e.what();
            std::fprintf(stderr, "asgiscope serve: error: %s\n", error_.c_str());
        }
    }
    if (missed)
        std::fprintf(stderr, "asgiscope serve: warning: %llu traces were dropped before they could be written\n",
                     static_cast<unsigned long long>(missed));
    if (rotations_)
        std::fprintf(stderr, "asgiscope serve: wrote %zu traces; the file reached --trace-max-bytes %d times, "
                             "the last %zu are in %s and the ones before them in %s.1\n",
                     written_before_ + writer_->written(), rotations_, writer_->written(), path_.c_str(), path_.c_str());
    else
        std::fprintf(stderr, "asgiscope serve: wrote %zu traces to %s\n", writer_->written(), writer_->path().c_str());
    return error_.empty() && missed == 0;
}

}  // namespace asgiscope::app
