// Levelled logging in uvicorn's shape ("INFO:     message"), thread-safe, with a pluggable
// sink so that the desktop app can show the server log in a panel.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace asgiscope::server {

enum class LogLevel { Trace = 5, Debug = 10, Info = 20, Warning = 30, Error = 40, Critical = 50 };

/// Receives finished log lines (without the trailing newline). Called from server threads.
using LogSink = std::function<void(LogLevel, std::string_view line)>;

std::string_view level_name(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view name);

/// Formats lines as uvicorn does and hands them to a sink; the default sink is stderr.
class Logger {
public:
    Logger(LogLevel level, LogSink sink);
    bool enabled(LogLevel level) const { return level >= level_; }
    void log(LogLevel level, std::string_view message) const;
    void trace(std::string_view m) const { log(LogLevel::Trace, m); }
    void debug(std::string_view m) const { log(LogLevel::Debug, m); }
    void info(std::string_view m) const { log(LogLevel::Info, m); }
    void warning(std::string_view m) const { log(LogLevel::Warning, m); }
    void error(std::string_view m) const { log(LogLevel::Error, m); }

private:
    LogLevel level_;
    LogSink sink_;
};

}  // namespace asgiscope::server
