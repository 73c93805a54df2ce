// Helpers for the UI tests: real traces made by running the demo application (or a small app)
// with a tracer through the in-process TestClient, and cheap synthetic traces for volume.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <asgiscope/trace.hpp>
#include <asgiscope/web.hpp>

#include "models/trace_store.hpp"

class QString;

namespace asgiscope::ui {
class ServerController;
}

namespace asgiscope::testing {

/// The demo application with a tracer, driven in-process.
class TracedDemo {
public:
    TracedDemo();
    ~TracedDemo();

    web::TestClient& client() { return *client_; }
    const std::shared_ptr<trace::TraceHub>& hub() const { return hub_; }
    /// The newest HTTP or WebSocket trace whose path is `path` (throws when there is none).
    ui::TracePtr last(std::string_view path) const;
    /// GET `url` and the trace it made.
    ui::TracePtr get(std::string_view url, const web::RequestOptions& options = {});
    /// Every trace the hub holds, oldest first.
    trace::TraceBatch all() const { return hub_->snapshot(); }

private:
    std::shared_ptr<trace::TraceHub> hub_;
    std::shared_ptr<trace::Tracer> tracer_;
    std::unique_ptr<web::Starlette> app_;
    std::unique_ptr<web::TestClient> client_;
};

/// A small traced app whose middleware reads the request body before calling inward
/// (ReadBodyMiddleware), with POST /echo.
class TracedBodyReader {
public:
    TracedBodyReader();
    ~TracedBodyReader();
    /// POSTs `body` to /echo and returns the trace.
    ui::TracePtr post(std::string body);

private:
    std::shared_ptr<trace::TraceHub> hub_;
    std::shared_ptr<trace::Tracer> tracer_;
    std::unique_ptr<web::Starlette> app_;
    std::unique_ptr<web::TestClient> client_;
};

/// A made-up HTTP trace of three layers, for volume tests: `id`, method, path, status, the
/// route name, a response body size and a duration.
ui::TracePtr syntheticTrace(trace::TraceId id, std::string method, std::string path, int status,
                            std::string routeName, std::size_t bodySize, std::int64_t durationNs);

/// A made-up WebSocket session with `frames` text frames each way (long sessions).
ui::TracePtr syntheticWebSocket(trace::TraceId id, int frames);

/// Where the tests write screenshots: <build>/tests/ui/screenshots (made if missing).
std::string screenshotDir();

/// A ServerController for the demo app (session secret "test") on 127.0.0.1, on a port the
/// kernel picks; not started. The caller owns it (a MainWindow takes it).
ui::ServerController* makeDemoController();

/// QSettings in Qt's test mode under `applicationName`, cleared: each test starts from the
/// defaults and never reads or writes the user's own settings.
void useFreshSettings(const QString& applicationName);

}  // namespace asgiscope::testing
