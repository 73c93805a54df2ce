// A server with one Starlette route, /plaintext, traced or not, for bench/trace_overhead.sh.
//
// usage: trace_overhead MODE PORT
//   none        no tracer: the plain stack
//   off         a tracer, switched off (the cost of being able to trace)
//   on          tracing on, traces kept by the hub (defaults: 1000 traces / 64 MiB)
//   subscribed  tracing on and one subscriber taking every batch, as the desktop app does
//   events      no tracer; the server publishes connection events to the hub
//               (server::Config::trace_hub), one subscriber taking them
// Runs until SIGINT/SIGTERM, then prints the hub's counters on stderr.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <asgiscope/server.hpp>
#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web.hpp>

using namespace asgiscope;

namespace {

boost::asio::awaitable<web::Response> plaintext(web::Request&) {
    co_return web::PlainTextResponse("Hello, world!");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s none|off|on|subscribed|events PORT\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    if (mode != "none" && mode != "off" && mode != "on" && mode != "subscribed" && mode != "events") {
        std::fprintf(stderr, "unknown mode: %s\n", mode.c_str());
        return 2;
    }
    auto hub = std::make_shared<trace::TraceHub>();
    std::shared_ptr<trace::Tracer> tracer;
    if (mode != "none" && mode != "events") {
        trace::TracerOptions options;
        options.enabled = mode != "off";
        tracer = std::make_shared<trace::Tracer>(hub, options);
    }
    std::atomic<std::size_t> delivered{0};
    trace::TraceHub::Subscription subscription;
    if (mode == "subscribed")
        subscription = hub->subscribe([&](const trace::TraceBatch& batch) { delivered += batch.size(); });
    if (mode == "events")
        subscription = hub->subscribe_connections(
            [&](const trace::ConnectionEventBatch& batch) { delivered += batch.size(); });

    web::StarletteOptions app_options;
    app_options.routes = {web::Route("/plaintext", plaintext), web::Route("/", plaintext)};
    app_options.tracer = tracer;
    web::Starlette app(std::move(app_options));

    server::Config config;
    config.port = static_cast<std::uint16_t>(std::atoi(argv[2]));
    config.access_log = false;
    config.install_signal_handlers = true;
    if (mode == "events") config.trace_hub = hub;
    server::Server server(config, app);
    const int code = server.run();
    const trace::HubStats st = hub->stats();
    std::fprintf(stderr, "mode=%s published=%llu kept=%zu dropped=%llu bytes=%zu delivered=%zu missed=%llu\n",
                 mode.c_str(), static_cast<unsigned long long>(st.published), st.kept,
                 static_cast<unsigned long long>(st.dropped), st.bytes, delivered.load(),
                 static_cast<unsigned long long>(subscription.missed()));
    return code;
}
