#include "desktop_command.hpp"

#include <csignal>
#include <cstdio>
#include <optional>

#include <sys/socket.h>
#include <unistd.h>

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QSocketNotifier>

#include <asgiscope/plugin/loader.hpp>
#include <asgiscope/server/config.hpp>

#include "demo_app.hpp"
#include "main_window/main_window.hpp"
#include "i18n/language.hpp"
#include "models/app_settings.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "screenshot.hpp"
#include "theme/theme.hpp"

namespace asgiscope::app {

namespace {

int usage_error(const QString& message) {
    std::fprintf(stderr, "asgiscope: error: %s\n", qPrintable(message));
    return 2;
}

/// SIGINT/SIGTERM close the window (and so stop the server gracefully) from the event loop:
/// the handler only writes a byte to a socket the loop watches.
int signal_fds[2] = {-1, -1};

extern "C" void on_quit_signal(int) {
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(signal_fds[0], &byte, 1);
}

void close_on_signals(QWidget* window) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signal_fds) != 0) return;
    auto* notifier = new QSocketNotifier(signal_fds[1], QSocketNotifier::Read, window);
    QObject::connect(notifier, &QSocketNotifier::activated, window, [window, notifier] {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(signal_fds[1], &byte, 1);
        notifier->setEnabled(false);
        window->close();
    });
    struct sigaction action {};
    action.sa_handler = on_quit_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int desktop_command(int& argc, char** argv, const QStringList& arguments) {
    // Preferences first (Tools > Preferences); --host and --port override them.
    QCoreApplication::setOrganizationName(QStringLiteral("asgiscope"));
    QCoreApplication::setApplicationName(QStringLiteral("asgiscope"));
    const ui::AppSettings settings = ui::AppSettings::load();
    server::Config config;
    config.host = settings.host.toStdString();
    config.port = std::uint16_t(settings.port);
    QString app_library;
    ScreenshotOptions screenshot;
    QString open_file;  // a trace file to show instead of serving (`asgiscope FILE`)
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        QString name = arguments[i];
        if (!name.startsWith(QLatin1Char('-'))) {
            if (!open_file.isEmpty())
                return usage_error(QStringLiteral("one FILE to open, not '%1' and '%2'").arg(open_file, name));
            if (!QFileInfo(name).isFile())
                return usage_error(QStringLiteral("'%1' is not a file (asgiscope FILE opens a trace file)").arg(name));
            open_file = name;
            continue;
        }
        QString value;
        bool has_value = false;
        if (const qsizetype eq = name.indexOf('='); name.startsWith("--") && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            has_value = true;
        }
        // --screenshot FILE, --screenshot-delay MS, --raise-dock NAME: hidden, for
        // scripts/screenshot.sh.
        const bool takes_value = name == "--host" || name == "--port" || name == "--app" ||
                                 name == "--screenshot" || name == "--screenshot-delay" ||
                                 name == "--raise-dock";
        if (!takes_value)
            return usage_error(
                QStringLiteral("unknown option or command '%1' (try 'asgiscope --help')")
                    .arg(arguments[i]));
        if (!has_value) {
            if (i + 1 >= arguments.size())
                return usage_error(QStringLiteral("%1 needs a value").arg(name));
            value = arguments[++i];
        }
        if (name == "--host") {
            if (value.isEmpty()) return usage_error(QStringLiteral("--host must not be empty"));
            config.host = value.toStdString();
        } else if (name == "--port") {
            bool ok = false;
            const int port = value.toInt(&ok);
            if (!ok || port < 0 || port > 65535)
                return usage_error(
                    QStringLiteral("--port must be an integer from 0 to 65535, not '%1'")
                        .arg(value));
            config.port = std::uint16_t(port);
        } else if (name == "--screenshot") {
            if (value.isEmpty()) return usage_error(QStringLiteral("--screenshot needs a file name"));
            screenshot.file = value;
        } else if (name == "--screenshot-delay") {
            bool ok = false;
            screenshot.delay_ms = value.toInt(&ok);
            if (!ok || screenshot.delay_ms < 0 || screenshot.delay_ms > 600000)
                return usage_error(
                    QStringLiteral("--screenshot-delay must be milliseconds from 0 to 600000, not '%1'").arg(value));
        } else if (name == "--raise-dock") {
            screenshot.raise_dock = value;
        } else {
            app_library = value;
        }
    }
    if (auto problem = server::validate(config))
        return usage_error(QString::fromStdString(*problem));
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return usage_error(QStringLiteral(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "use 'asgiscope serve' to run the demo app headless"));

    // The user's app from its plugin (docs/plugins.md), checked before any window opens.
    std::optional<web::Starlette> user_app;
    if (!app_library.isEmpty()) {
        try {
            plugin::LoadedApp loaded = plugin::load_app(app_library.toStdString());
            if (!loaded.starlette)
                return usage_error(
                    QStringLiteral("--app %1: the plugin's factory gave a bare ASGI app; the window "
                                   "needs a Starlette application to show its routes and middleware "
                                   "(use 'asgiscope serve --app' to serve it)")
                        .arg(app_library));
            user_app = std::move(loaded.starlette);
        } catch (const plugin::LoadError& e) {
            return usage_error(QString::fromStdString(e.what()));
        }
    }

    QApplication application(argc, argv);
    QApplication::setApplicationVersion(QStringLiteral(ASGISCOPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/asgiscope.svg")));
    ui::installTranslators(application, settings.language);
    ui::applyTheme(settings.theme);

    trace::HubOptions hub;
    hub.max_traces = std::size_t(settings.hubTraces);
    trace::TracerOptions tracer;
    tracer.enabled = settings.tracingOnStart;
    tracer.max_body_bytes = std::size_t(settings.bodyCaptureBytes);
    auto* controller =
        user_app ? new ui::ServerController(std::move(*user_app), config, QFileInfo(app_library).fileName(), hub, tracer)
                 : new ui::ServerController(demo::make_demo_application(), config, QObject::tr("demo"), hub, tracer);
    ui::MainWindow window(controller);
    window.traceStore()->setCap(settings.traceStoreCount);
    window.traceStore()->setByteCap(std::size_t(settings.traceStoreMiB) * 1024 * 1024);
    close_on_signals(&window);
    if (!screenshot.file.isEmpty()) schedule_screenshot(window, screenshot);
    window.show();
    if (open_file.isEmpty()) {
        window.start();
    } else if (window.openFile(open_file)) {  // no server: the window shows the file
        // A terminal user sees what was opened, as `serve` says where it listens.
        std::fprintf(stderr, "asgiscope: showing %d traces from %s (no server running)\n",
                     window.traceStore()->count(), qPrintable(open_file));
    } else if (!window.lastError().isEmpty()) {  // the same text is in the window's dialog
        std::fprintf(stderr, "asgiscope: error: %s\n", qPrintable(window.lastError().replace('\n', ' ')));
    } else {
        std::fprintf(stderr, "asgiscope: %s holds requests, not traces: the window offers them for replay\n",
                     qPrintable(open_file));
    }
    return application.exec();
}

}  // namespace asgiscope::app
