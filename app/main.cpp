// The asgiscope executable: without a command, the desktop app; the subcommands run headless
// (no display needed, no QApplication made).
#include <cstdio>
#include <utility>

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

#include "desktop_command.hpp"
#include "export_command.hpp"
#include "inspect_commands.hpp"
#include "replay_command.hpp"
#include "serve_command.hpp"

namespace {
void print_usage(std::FILE* out) {
    std::fputs(
        "Usage: asgiscope [--host HOST] [--port PORT]   open the desktop app on the demo app\n"
        "       asgiscope [open] FILE                  open the desktop app on a saved trace file (no server)\n"
        "       asgiscope <command> [options]\n"
        "\n"
        "Without a command, asgiscope opens its window and serves the built-in demo app on\n"
        "127.0.0.1:8000 (the next free port when that one is taken), traced.\n"
        "  --host HOST  Bind the server to this host [default: 127.0.0.1]\n"
        "  --port PORT  Bind the server to this port; 0 picks a free one [default: 8000]\n"
        "  --app LIB    Inspect the application in a shared library (not available yet)\n"
        "\n"
        "Commands:\n"
        "  serve       Run the built-in demo app on the asgiscope server (see 'asgiscope serve --help')\n"
        "  routes      List the app's routes (methods, pattern, name, endpoint kind)\n"
        "  middleware  Show the app's middleware stack with each layer's options\n"
        "  match       Explain how the app routes a request: asgiscope match GET /users/1\n"
        "  url-for     Build the path of a named route: asgiscope url-for user id=7\n"
        "  openapi     Print the app's OpenAPI document\n"
        "  export      Convert a trace file to trace JSON, HAR or Chrome trace events: export --format har IN -o OUT\n"
        "  replay      Send recorded requests again and compare: asgiscope replay FILE --target URL\n"
        "\n"
        "Each command works on the built-in demo app, or on your own app with --app ./libmyapp.so\n"
        "(a plugin made with ASGISCOPE_EXPORT_APP, see docs/plugins.md).\n"
        "\n"
        "Options:\n"
        "  --version  Print the version and exit\n"
        "  --help     Print this help and exit\n",
        out);
}
}  // namespace

int main(int argc, char** argv) {
    QStringList args;
    for (int i = 1; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    if (!args.isEmpty() && (args.front() == "--help" || args.front() == "-h")) {
        print_usage(stdout);
        return 0;
    }
    if (!args.isEmpty() && args.front() == "--version") {
        std::printf("asgiscope %s\n", ASGISCOPE_VERSION);
        return 0;
    }
    // No command (nothing, or options only): the desktop app.
    if (args.isEmpty() || args.front().startsWith("-")) return asgiscope::app::desktop_command(argc, argv, args);
    const QString command = args.takeFirst();
    if (command == "serve") {
        QCoreApplication app(argc, argv);
        return asgiscope::app::serve_command(args);
    }
    using Command = int (*)(const QStringList&);
    const std::pair<const char*, Command> inspect_commands[] = {
        {"routes", asgiscope::app::routes_command},   {"middleware", asgiscope::app::middleware_command},
        {"match", asgiscope::app::match_command},     {"url-for", asgiscope::app::url_for_command},
        {"openapi", asgiscope::app::openapi_command}, {"export", asgiscope::app::export_command},
        {"replay", asgiscope::app::replay_command},
    };
    for (const auto& [name, run] : inspect_commands)
        if (command == name) {
            QCoreApplication app(argc, argv);
            return run(args);
        }
    // `asgiscope open FILE` and `asgiscope FILE`: the window on a trace file, no server.
    if (command == "open") {
        if (args.isEmpty() || args.front().startsWith("-")) {
            std::fprintf(stderr, "asgiscope: error: open needs a FILE: asgiscope open session.jsonl\n");
            return 2;
        }
        return asgiscope::app::desktop_command(argc, argv, args);
    }
    if (QFileInfo(command).isFile()) return asgiscope::app::desktop_command(argc, argv, QStringList{command} + args);
    std::fprintf(stderr, "asgiscope: error: unknown command '%s' (try 'asgiscope --help')\n",
                 qPrintable(command));
    return 2;
}
