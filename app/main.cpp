// The asgiscope executable. Subcommands run headless (no display needed).
#include <cstdio>

#include <QCoreApplication>
#include <QStringList>

#include "serve_command.hpp"

namespace {
void print_usage(std::FILE* out) {
    std::fputs(
        "Usage: asgiscope <command> [options]\n"
        "\n"
        "Commands:\n"
        "  serve     Run the built-in demo app on the asgiscope server (see 'asgiscope serve --help')\n"
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
    if (args.isEmpty() || args.front() == "--help" || args.front() == "-h") {
        print_usage(args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.front() == "--version") {
        std::printf("asgiscope %s\n", ASGISCOPE_VERSION);
        return 0;
    }
    const QString command = args.takeFirst();
    if (command == "serve") {
        QCoreApplication app(argc, argv);
        return asgiscope::app::serve_command(args);
    }
    std::fprintf(stderr, "asgiscope: error: unknown command '%s' (try 'asgiscope --help')\n",
                 qPrintable(command));
    return 2;
}
