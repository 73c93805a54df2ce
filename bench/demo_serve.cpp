// The built-in demo app on asgiscope's server, without Qt: what `asgiscope serve --workers 1
// --no-access-log` runs, in a binary that needs only the core and the demo library. For
// bench/instructions.sh and bench/allocations.sh (`--bin`), whose per-request figures then
// do not wait for the desktop app to build.
//
// usage: demo_serve [serve] --port N [--host H] [--log-level L] [--no-access-log]
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <asgiscope/server/server.hpp>

#include "demo_app.hpp"

int main(int argc, char** argv) {
    using namespace asgiscope;
    server::Config config;
    config.install_signal_handlers = true;
    config.access_log = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            const long port = std::strtol(argv[++i], nullptr, 10);
            if (port < 0 || port > 65535) {
                std::fprintf(stderr, "demo_serve: --port must be 0 to 65535\n");
                return 2;
            }
            config.port = static_cast<std::uint16_t>(port);
        } else if (arg == "--host" && i + 1 < argc) {
            config.host = argv[++i];
        } else if (arg == "--log-level" && i + 1 < argc) {
            const auto level = server::parse_log_level(argv[++i]);
            if (!level) {
                std::fprintf(stderr, "demo_serve: unknown --log-level '%s'\n", argv[i]);
                return 2;
            }
            config.log_level = *level;
        } else if (arg == "--no-access-log" || arg == "serve") {
            // accepted for the same command lines as `asgiscope serve`
        } else {
            std::fprintf(stderr, "demo_serve: unknown argument '%s' (usage: demo_serve --port N [--host H] [--log-level L])\n", argv[i]);
            return 2;
        }
    }
    std::optional<web::Starlette> starlette = demo::make_demo_application();
    asgi::App app = *starlette;
    server::Server server(std::move(config), std::move(app));
    return server.run();
}
