#include "serve_process.hpp"

#include <csignal>

#include <QElapsedTimer>

#include "test_support.hpp"

namespace asgiscope::testing {

QString asgiscope_binary() { return qEnvironmentVariable("ASGISCOPE_BIN"); }

ServeProcess::ServeProcess(const QStringList& extra) : port_(free_port()) {
    process_.setProcessChannelMode(QProcess::SeparateChannels);
    process_.setReadChannel(QProcess::StandardError);  // waitForReadyRead() waits for the log
    process_.start(asgiscope_binary(), QStringList{"serve", "--port", QString::number(port_)} + extra);
}

ServeProcess::~ServeProcess() {
    if (process_.state() == QProcess::NotRunning) return;
    process_.terminate();
    if (!process_.waitForFinished(10000)) {
        process_.kill();
        process_.waitForFinished(5000);
    }
}

bool ServeProcess::waitReady() {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 15000) {
        log_ += process_.readAllStandardError();
        if (log_.contains("running on http://") || log_.contains("running on https://")) return true;
        if (process_.state() == QProcess::NotRunning) return false;
        process_.waitForReadyRead(100);
    }
    return false;
}

void ServeProcess::signal(int sig) {
    if (process_.state() != QProcess::NotRunning) ::kill(pid_t(process_.processId()), sig);
}

int ServeProcess::waitExit(int ms) {
    if (!process_.waitForFinished(ms)) return -1;
    log_ += process_.readAllStandardError();
    return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
}

int ServeProcess::stop() {
    process_.terminate();
    return waitExit();
}

QString ServeProcess::log() {
    do log_ += process_.readAllStandardError();
    while (process_.state() == QProcess::Running && process_.waitForReadyRead(100));
    return QString::fromUtf8(log_);
}

QString ServeProcess::url(const QString& path) const {
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port_).arg(path);
}

}  // namespace asgiscope::testing
