// `asgiscope serve` as a child process on a free port, for the tests of the command line.
#pragma once

#include <cstdint>

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace asgiscope::testing {

/// The asgiscope executable under test (CTest passes it in ASGISCOPE_BIN).
QString asgiscope_binary();

/// Runs `asgiscope serve --port N EXTRA...` (N a free port) until destroyed.
class ServeProcess {
public:
    explicit ServeProcess(const QStringList& extra = {});
    /// SIGTERM; SIGKILL if the server has not exited after 10 s.
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    /// Waits up to 15 s for the "running on http(s)://" line; false if the process exited first
    /// or never said it.
    bool waitReady();
    void signal(int sig);
    /// Waits for the process to exit: its exit code, or -1 after a crash or `ms` without exit.
    int waitExit(int ms = 15000);
    /// SIGTERM, then waitExit().
    int stop();
    /// The server's stderr so far (reads what is pending, waiting briefly while more arrives).
    QString log();
    QString url(const QString& path) const;
    /// The origin, http://127.0.0.1:PORT.
    QString target() const { return url({}); }
    std::uint16_t port() const { return port_; }
    qint64 pid() const { return process_.processId(); }

private:
    std::uint16_t port_;
    QProcess process_;
    QByteArray log_;
};

}  // namespace asgiscope::testing
