#include <asgiscope/server/logging.hpp>

#include <cstdio>
#include <mutex>
#include <string>

namespace asgiscope::server {

std::string_view level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Trace: return "TRACE";
        case LogLevel::Debug: return "DEBUG";
        case LogLevel::Info: return "INFO";
        case LogLevel::Warning: return "WARNING";
        case LogLevel::Error: return "ERROR";
        case LogLevel::Critical: return "CRITICAL";
    }
    return "INFO";
}

std::optional<LogLevel> parse_log_level(std::string_view name) {
    for (auto l : {LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warning,
                   LogLevel::Error, LogLevel::Critical}) {
        std::string lower(level_name(l));
        for (auto& c : lower) c = char(c - 'A' + 'a');
        if (name == lower) return l;
    }
    return std::nullopt;
}

namespace {
void stderr_sink(LogLevel, std::string_view line) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}
}  // namespace

Logger::Logger(LogLevel level, LogSink sink)
    : level_(level), sink_(sink ? std::move(sink) : LogSink(&stderr_sink)) {}

void Logger::log(LogLevel level, std::string_view message) const {
    if (!enabled(level)) return;
    // uvicorn pads "LEVEL:" to 10 columns: "INFO:     Started server process".
    std::string line(level_name(level));
    line += ':';
    if (line.size() < 10) line.append(10 - line.size(), ' ');
    line += message;
    sink_(level, line);
}

}  // namespace asgiscope::server
