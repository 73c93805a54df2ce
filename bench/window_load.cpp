// The desktop window under load: the demo served by the window's ServerController, wrk
// driving it flat out, and a timer-drift probe on the GUI thread measuring event-loop stalls
// (a 10 ms QTimer: any tick later than due is a stall of that much). Reports the stalls, what
// wrk got, the trace hub's figures, the process's memory and how long closing the window
// (graceful server stop) took, as Markdown on stdout.
//
// usage: window_load [--duration S] [--connections N] [--path /plaintext] [--tracing on|off]
//                    [--access-log on|off]
// Runs offscreen unless QT_QPA_PLATFORM says otherwise.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#include "demo_app.hpp"
#include "log/log_panel.hpp"
#include "main_window/main_window.hpp"
#include "models/log_model.hpp"
#include "models/server_controller.hpp"

namespace {

/// "VmRSS" or "VmHWM" of this process, in KiB.
long status_kib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
    return -1;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(q * double(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("asgiscope-bench"));
    QApplication::setApplicationName(QStringLiteral("window_load"));
    int duration = 30;
    int connections = 64;
    QString path = QStringLiteral("/plaintext");
    bool tracing = true;
    bool access_log = false;  // as a load test would run; "on" sends every request to the Log panel
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--duration")
            duration = args[i + 1].toInt();
        else if (args[i] == "--connections")
            connections = args[i + 1].toInt();
        else if (args[i] == "--path")
            path = args[i + 1];
        else if (args[i] == "--tracing")
            tracing = args[i + 1] == "on";
        else if (args[i] == "--access-log")
            access_log = args[i + 1] == "on";
        else {
            std::fprintf(stderr, "window_load: unknown argument %s\n", qPrintable(args[i]));
            return 2;
        }
    }

    asgiscope::server::Config config;
    config.port = 0;
    config.access_log = access_log;
    auto* controller = new asgiscope::ui::ServerController(asgiscope::demo::make_demo_application(),
                                                           config, QStringLiteral("demo"));
    asgiscope::ui::MainWindow window(controller);
    window.resize(1400, 860);
    window.show();
    controller->setTracingEnabled(tracing);
    window.start();
    QElapsedTimer wait;
    wait.start();
    while (controller->state() != asgiscope::ui::ServerController::State::Running &&
           wait.elapsed() < 15000)
        app.processEvents(QEventLoop::AllEvents, 50);
    if (controller->state() != asgiscope::ui::ServerController::State::Running) {
        std::fprintf(stderr, "window_load: the server did not start\n");
        return 1;
    }
    const long rss_before = status_kib("VmRSS");

    // The probe: a 10 ms timer; every tick records how late it came.
    std::vector<double> lateness_ms;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness_ms.push_back(std::max(0.0, double(now - last) / 1e6 - 10.0));
        last = now;
    });

    QProcess wrk;
    const QString url = controller->url().toString() + path;
    wrk.start(QStringLiteral("wrk"),
              {QStringLiteral("-t2"), QStringLiteral("-c%1").arg(connections),
               QStringLiteral("-d%1s").arg(duration), QStringLiteral("--latency"), url});
    if (!wrk.waitForStarted()) {
        std::fprintf(stderr, "window_load: cannot run wrk\n");
        return 1;
    }
    probe.start();
    QEventLoop loop;
    QObject::connect(&wrk, &QProcess::finished, &loop, &QEventLoop::quit);
    loop.exec();
    probe.stop();
    const QString report = QString::fromLocal8Bit(wrk.readAllStandardOutput());
    const long rss_after = status_kib("VmRSS");
    const int log_rows = window.logPanel()->model()->rowCount();
    const quint64 log_dropped =
        window.logPanel()->model()->droppedLines() + controller->droppedLogLines();
    const long rss_peak = status_kib("VmHWM");
    const auto hub = controller->hubStats();
    const auto served = controller->requestsServed();

    QElapsedTimer closing;
    closing.start();
    window.close();
    const qint64 close_ms = closing.elapsed();

    const auto rps =
        QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(report).captured(1);
    const auto p99 = QRegularExpression(QStringLiteral("99%\\s+(\\S+)")).match(report).captured(1);
    std::printf(
        "| tracing | access log | wrk -c%d, %d s | requests served | req/s (wrk) | wrk p99 latency "
        "| probe ticks | "
        "stall p50 | stall p99 | stall max | stalls > 100 ms | traces kept / dropped | hub MiB | "
        "RSS before / after / peak MiB | log rows kept / dropped | close |\n",
        connections, duration);
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    const auto over_100 =
        std::count_if(lateness_ms.begin(), lateness_ms.end(), [](double v) { return v > 100; });
    std::printf(
        "| %s | %s | %s | %llu | %s | %s | %zu | %.1f ms | %.1f ms | %.1f ms | %ld | %zu / %llu | "
        "%.1f | %.0f / %.0f / %.0f | %d / %llu | %lld ms |\n",
        tracing ? "on" : "off", access_log ? "on" : "off", qPrintable(path),
        static_cast<unsigned long long>(served), qPrintable(rps), qPrintable(p99),
        lateness_ms.size(), percentile(lateness_ms, 0.5), percentile(lateness_ms, 0.99),
        lateness_ms.empty() ? 0.0 : *std::max_element(lateness_ms.begin(), lateness_ms.end()),
        static_cast<long>(over_100), hub.kept, static_cast<unsigned long long>(hub.dropped),
        double(hub.bytes) / (1024.0 * 1024.0), double(rss_before) / 1024.0,
        double(rss_after) / 1024.0, double(rss_peak) / 1024.0, log_rows,
        static_cast<unsigned long long>(log_dropped), static_cast<long long>(close_ms));
    return 0;
}
