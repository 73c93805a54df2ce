#include "ui_test_support.hpp"

#include <stdexcept>

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include "demo_app.hpp"
#include "models/server_controller.hpp"

namespace asgiscope::testing {

using boost::asio::awaitable;

namespace {

/// A middleware that reads the whole request body before calling the app.
class ReadBodyMiddleware {
public:
    explicit ReadBodyMiddleware(asgi::App app) : app_(std::move(app)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        web::Request request(scope, receive);
        (void)co_await request.body();
        co_await app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
};

awaitable<web::Response> echo(web::Request& request) {
    const asgi::Bytes body = co_await request.body();
    co_return web::PlainTextResponse(body.str(), 200);
}

ui::TracePtr newest(const trace::TraceHub& hub, std::string_view path) {
    const auto all = hub.snapshot();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if ((*it)->kind != trace::TraceKind::lifespan && (*it)->scope.path == path) return *it;
    throw std::runtime_error("no trace for " + std::string(path));
}

}  // namespace

TracedDemo::TracedDemo()
    : hub_(std::make_shared<trace::TraceHub>(trace::HubOptions{.max_traces = 10000})),
      tracer_(std::make_shared<trace::Tracer>(hub_)) {
    app_ = std::make_unique<web::Starlette>(demo::make_demo_application());
    app_->set_tracer(tracer_);
    client_ = std::make_unique<web::TestClient>(*app_, web::TestClientOptions{.raise_server_exceptions = false});
}

TracedDemo::~TracedDemo() = default;

ui::TracePtr TracedDemo::last(std::string_view path) const { return newest(*hub_, path); }

ui::TracePtr TracedDemo::get(std::string_view url, const web::RequestOptions& options) {
    client_->get(url, options);
    std::string_view path = url.substr(0, url.find('?'));
    return last(path);
}

TracedBodyReader::TracedBodyReader()
    : hub_(std::make_shared<trace::TraceHub>()), tracer_(std::make_shared<trace::Tracer>(hub_)) {
    app_ = std::make_unique<web::Starlette>(
        web::StarletteOptions{.routes = {web::Route("/echo", echo, {.methods = {"POST"}, .name = "echo"})},
                              .middleware = {web::Middleware::of<ReadBodyMiddleware>()},
                              .tracer = tracer_});
    client_ = std::make_unique<web::TestClient>(*app_);
}

TracedBodyReader::~TracedBodyReader() = default;

ui::TracePtr TracedBodyReader::post(std::string body) {
    web::RequestOptions o;
    o.content = std::move(body);
    client_->post("/echo", o);
    return newest(*hub_, "/echo");
}

ui::TracePtr syntheticTrace(trace::TraceId id, std::string method, std::string path, int status,
                            std::string routeName, std::size_t bodySize, std::int64_t durationNs) {
    auto t = std::make_shared<trace::Trace>();
    t->id = id;
    t->kind = trace::TraceKind::http;
    t->start = std::chrono::system_clock::now();
    t->duration_ns = durationNs;
    t->scope.type = "http";
    t->scope.http_version = "1.1";
    t->scope.method = std::move(method);
    t->scope.path = std::move(path);
    const char* names[] = {"ServerErrorMiddleware", "Router", "endpoint"};
    auto headers = std::make_shared<const asgi::Headers>(asgi::Headers{{"content-type", "text/plain"}});
    for (int i = 0; i < 3; ++i) {
        trace::Span s;
        s.name = names[i];
        s.kind = i == 0 ? trace::SpanKind::middleware : i == 1 ? trace::SpanKind::router : trace::SpanKind::endpoint;
        s.depth = i;
        s.parent = i - 1;
        s.enter_ns = i * 10;
        s.exit_ns = durationNs - i * 10;
        s.self_ns = i == 2 ? s.exit_ns - s.enter_ns : 20;
        s.inner_called = i < 2;
        if (i == 2) s.scope.route_name = routeName;
        trace::MessageEvent start;
        start.direction = trace::Direction::send;
        start.type = asgi::HttpResponseStart::type;
        start.status = status;
        start.time_ns = durationNs / 2 + (2 - i);
        start.shared_headers = headers;
        trace::MessageEvent body;
        body.direction = trace::Direction::send;
        body.type = asgi::HttpResponseBody::type;
        body.full_size = bodySize;
        body.time_ns = durationNs / 2 + 5 + (2 - i);
        s.messages = {start, body};
        t->spans.push_back(std::move(s));
    }
    t->bytes = t->approx_bytes();
    return t;
}

ui::TracePtr syntheticWebSocket(trace::TraceId id, int frames) {
    auto t = std::make_shared<trace::Trace>();
    t->id = id;
    t->kind = trace::TraceKind::websocket;
    t->start = std::chrono::system_clock::now();
    t->scope.type = "websocket";
    t->scope.path = "/ws/echo";
    std::int64_t now = 0;
    const char* names[] = {"ServerErrorMiddleware", "endpoint ws_echo"};
    std::vector<trace::Span> spans(2);
    for (int i = 0; i < 2; ++i) {
        spans[static_cast<std::size_t>(i)].name = names[i];
        spans[static_cast<std::size_t>(i)].depth = i;
        spans[static_cast<std::size_t>(i)].parent = i - 1;
        spans[static_cast<std::size_t>(i)].kind = i == 0 ? trace::SpanKind::middleware : trace::SpanKind::endpoint;
    }
    auto both = [&](trace::Direction d, std::string_view type, std::string text, int code = 0) {
        ++now;
        for (int i = 0; i < 2; ++i) {
            trace::MessageEvent m;
            m.direction = d;
            m.type = type;
            m.code = code;
            m.text = !text.empty();
            m.body = asgi::Bytes::copy(text);
            m.full_size = text.size();
            // receive: outer first; send: inner first
            const bool outerFirst = d == trace::Direction::receive;
            m.time_ns = now * 1000 + ((i == 0) == outerFirst ? 0 : 1);
            spans[static_cast<std::size_t>(i)].messages.push_back(std::move(m));
        }
    };
    both(trace::Direction::receive, asgi::WebSocketConnect::type, {});
    both(trace::Direction::send, asgi::WebSocketAccept::type, {});
    for (int f = 0; f < frames; ++f) {
        both(trace::Direction::receive, asgi::WebSocketReceive::type, "frame " + std::to_string(f));
        both(trace::Direction::send, asgi::WebSocketSend::type, "frame " + std::to_string(f));
    }
    both(trace::Direction::receive, asgi::WebSocketDisconnect::type, {}, 1000);
    for (auto& s : spans) {
        s.enter_ns = 0;
        s.exit_ns = now * 1000 + 10;
    }
    spans[0].self_ns = 10;
    spans[1].self_ns = spans[1].exit_ns - 10;
    t->spans = std::move(spans);
    t->duration_ns = now * 1000 + 10;
    t->bytes = t->approx_bytes();
    return t;
}

std::string screenshotDir() {
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir.toStdString();
}

ui::ServerController* makeDemoController() {
    server::Config config;
    config.host = "127.0.0.1";
    config.port = 0;
    return new ui::ServerController(demo::make_demo_application({.secret_key = "test"}), config,
                                    QStringLiteral("demo"));
}

void useFreshSettings(const QString& applicationName) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("asgiscope-tests"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings().clear();
}

}  // namespace asgiscope::testing
