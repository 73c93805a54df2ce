#include "models/app_settings.hpp"

#include <QRegularExpression>
#include <QSettings>

namespace asgiscope::ui {

namespace {

constexpr auto key_host = "server/host";
constexpr auto key_port = "server/port";
constexpr auto key_store_count = "traces/storeCount";
constexpr auto key_store_mib = "traces/storeMiB";
constexpr auto key_hub_traces = "traces/hubTraces";
constexpr auto key_body_bytes = "traces/bodyCaptureBytes";
constexpr auto key_tracing = "traces/tracingOnStart";
constexpr auto key_language = "ui/language";
constexpr auto key_theme = "ui/theme";

/// The stored integer when it is one and within [lo, hi], else `fallback`.
int readInt(const QSettings& s, const char* key, int fallback, int lo, int hi) {
    bool ok = false;
    const int v = s.value(QLatin1String(key)).toInt(&ok);
    return ok && v >= lo && v <= hi ? v : fallback;
}

bool validHost(const QString& host) {
    if (host.isEmpty()) return false;
    static const QRegularExpression ipv4(QStringLiteral(
        "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"));
    if (ipv4.match(host).hasMatch()) return true;
    // An IPv6 address: hex groups and colons (at most one "::"), checked loosely.
    if (host.contains(u':')) {
        static const QRegularExpression ipv6(QStringLiteral("^[0-9A-Fa-f:.]{2,45}$"));
        return ipv6.match(host).hasMatch() && host.count(QStringLiteral("::")) <= 1 && host.count(u':') <= 7;
    }
    // Only digits and dots but not a valid IPv4 address: a mistake, not a name.
    static const QRegularExpression numeric(QStringLiteral("^[0-9.]+$"));
    if (numeric.match(host).hasMatch()) return false;
    // A DNS name: labels of letters, digits and hyphens.
    static const QRegularExpression name(QStringLiteral(
        "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
    return name.match(host).hasMatch();
}

}  // namespace

AppSettings AppSettings::load(QSettings& s) {
    AppSettings a;
    const QString host = s.value(QLatin1String(key_host), a.host).toString().trimmed();
    if (validHost(host)) a.host = host;
    a.port = readInt(s, key_port, a.port, 0, 65535);
    a.traceStoreCount = readInt(s, key_store_count, a.traceStoreCount, minTraceStoreCount, maxTraceStoreCount);
    a.traceStoreMiB = readInt(s, key_store_mib, a.traceStoreMiB, minTraceStoreMiB, maxTraceStoreMiB);
    a.hubTraces = readInt(s, key_hub_traces, a.hubTraces, minHubTraces, maxHubTraces);
    a.bodyCaptureBytes = readInt(s, key_body_bytes, a.bodyCaptureBytes, minBodyCaptureBytes, maxBodyCaptureBytes);
    a.tracingOnStart = s.value(QLatin1String(key_tracing), a.tracingOnStart).toBool();
    a.language = languageFromCode(s.value(QLatin1String(key_language)).toString());
    a.theme = themeFromCode(s.value(QLatin1String(key_theme)).toString());
    return a;
}

AppSettings AppSettings::load() {
    QSettings s;
    return load(s);
}

void AppSettings::save(QSettings& s) const {
    s.setValue(QLatin1String(key_host), host);
    s.setValue(QLatin1String(key_port), port);
    s.setValue(QLatin1String(key_store_count), traceStoreCount);
    s.setValue(QLatin1String(key_store_mib), traceStoreMiB);
    s.setValue(QLatin1String(key_hub_traces), hubTraces);
    s.setValue(QLatin1String(key_body_bytes), bodyCaptureBytes);
    s.setValue(QLatin1String(key_tracing), tracingOnStart);
    s.setValue(QLatin1String(key_language), languageCode(language));
    s.setValue(QLatin1String(key_theme), themeCode(theme));
}

void AppSettings::save() const {
    QSettings s;
    save(s);
}

QStringList AppSettings::validate() const {
    QStringList errors;
    if (!validHost(host.trimmed()))
        errors << tr("Host \"%1\" is not an IP address or a host name.").arg(host);
    if (port < 0 || port > 65535)
        errors << tr("Port must be from 0 to 65535 (0 picks a free port), not %1.").arg(port);
    auto range = [&](int v, int lo, int hi, const QString& what) {
        if (v < lo || v > hi) errors << tr("%1 must be from %2 to %3, not %4.").arg(what).arg(lo).arg(hi).arg(v);
    };
    range(traceStoreCount, minTraceStoreCount, maxTraceStoreCount, tr("Traces kept by the window"));
    range(traceStoreMiB, minTraceStoreMiB, maxTraceStoreMiB, tr("Trace memory (MiB)"));
    range(hubTraces, minHubTraces, maxHubTraces, tr("Traces kept by the hub"));
    range(bodyCaptureBytes, minBodyCaptureBytes, maxBodyCaptureBytes, tr("Body capture (bytes)"));
    return errors;
}

QString AppSettings::languageCode(Language language) {
    switch (language) {
        case Language::English: return QStringLiteral("en");
        case Language::SimplifiedChinese: return QStringLiteral("zh_CN");
        case Language::System: break;
    }
    return QStringLiteral("system");
}

AppSettings::Language AppSettings::languageFromCode(const QString& code) {
    if (code == QLatin1String("en")) return Language::English;
    if (code == QLatin1String("zh_CN")) return Language::SimplifiedChinese;
    return Language::System;
}

QString AppSettings::themeCode(Theme theme) {
    switch (theme) {
        case Theme::Light: return QStringLiteral("light");
        case Theme::Dark: return QStringLiteral("dark");
        case Theme::System: break;
    }
    return QStringLiteral("system");
}

AppSettings::Theme AppSettings::themeFromCode(const QString& code) {
    if (code == QLatin1String("light")) return Theme::Light;
    if (code == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

}  // namespace asgiscope::ui
