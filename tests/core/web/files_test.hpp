// Helpers for the FileResponse, StaticFiles and background-task tests: files in a temporary
// directory, and one raw ASGI call whose sent messages are recorded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <fcntl.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <asgiscope/asgi/types.hpp>

#include "web_test.hpp"

namespace asgiscope::testing {

/// Writes `content` to `path` (created or truncated); false on failure.
inline bool write_file(const QString& path, std::string_view content) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return f.write(content.data(), qint64(content.size())) == qint64(content.size());
}

/// Sets a file's modification (and access) time to `seconds` + `nanoseconds` after the epoch.
inline bool set_mtime(const QString& path, std::int64_t seconds, long nanoseconds = 0) {
    struct timespec times[2];
    times[0].tv_sec = time_t(seconds);
    times[0].tv_nsec = nanoseconds;
    times[1] = times[0];
    return ::utimensat(AT_FDCWD, path.toStdString().c_str(), times, 0) == 0;
}

/// An HTTP scope as a server would build it for `method` and `path` (no query string).
inline asgi::Scope http_scope(std::string method, std::string path, asgi::Headers headers = {}) {
    asgi::Scope scope;
    scope.type = "http";
    scope.http_version = "1.1";
    scope.method = std::move(method);
    scope.scheme = "http";
    scope.path = path;
    scope.raw_path = std::move(path);
    scope.headers = std::move(headers);
    scope.server = asgi::Address{"testserver", 80};
    return scope;
}

/// Runs `app` once over `scope`; gives every message it sent, in order. `receive` answers
/// http.request (empty body) once, then http.disconnect.
inline std::vector<asgi::Message> call_app(const asgi::App& app, asgi::Scope scope) {
    auto sent = std::make_shared<std::vector<asgi::Message>>();
    auto received = std::make_shared<bool>(false);
    run_coroutine([&]() -> boost::asio::awaitable<void> {
        asgi::Receive receive = [received]() -> boost::asio::awaitable<asgi::Message> {
            if (!*received) {
                *received = true;
                co_return asgi::HttpRequest();
            }
            co_return asgi::HttpDisconnect();
        };
        asgi::Send send = [sent](asgi::Message m) -> boost::asio::awaitable<void> {
            sent->push_back(std::move(m));
            co_return;
        };
        co_await app(scope, receive, send);
    });
    return *sent;
}

/// The body messages among `messages`.
inline std::vector<asgi::HttpResponseBody> bodies(const std::vector<asgi::Message>& messages) {
    std::vector<asgi::HttpResponseBody> out;
    for (const auto& m : messages)
        if (const auto* b = std::get_if<asgi::HttpResponseBody>(&m)) out.push_back(*b);
    return out;
}

/// The whole body sent.
inline std::string joined_body(const std::vector<asgi::Message>& messages) {
    std::string out;
    for (const auto& b : bodies(messages)) out += b.body.view();
    return out;
}

}  // namespace asgiscope::testing
