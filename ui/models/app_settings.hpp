// AppSettings: the user's preferences (server address, trace caps, language, theme) as plain
// values, read from and written to QSettings, validated in one place. No widgets: the
// Preferences dialog edits one, app/desktop_command.cpp reads one at start-up.
#pragma once

#include <cstddef>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QSettings;

namespace asgiscope::ui {

/// The preferences, with the built-in defaults until load() reads stored ones.
struct AppSettings {
    Q_DECLARE_TR_FUNCTIONS(AppSettings)
public:
    /// Interface language: follow the system locale, or a fixed one.
    enum class Language { System, English, SimplifiedChinese };
    /// Colours: follow the system, or a fixed light or dark palette.
    enum class Theme { System, Light, Dark };

    // Limits the validation enforces (inclusive).
    static constexpr int minTraceStoreCount = 10;
    static constexpr int maxTraceStoreCount = 10'000'000;
    static constexpr int minTraceStoreMiB = 1;
    static constexpr int maxTraceStoreMiB = 64 * 1024;
    static constexpr int minHubTraces = 1;
    static constexpr int maxHubTraces = 1'000'000;
    static constexpr int minBodyCaptureBytes = 0;
    static constexpr int maxBodyCaptureBytes = 64 * 1024 * 1024;

    /// Where the server listens (applied on the next start; --host/--port override it).
    QString host = QStringLiteral("127.0.0.1");
    int port = 8000;
    /// The window's TraceStore keeps at most this many traces and MiB of them.
    int traceStoreCount = 100000;
    int traceStoreMiB = 512;
    /// The trace hub keeps at most this many traces for late subscribers (HubOptions::max_traces).
    int hubTraces = 1000;
    /// Bodies longer than this are cut in traces (TracerOptions::max_body_bytes).
    int bodyCaptureBytes = 4096;
    /// Whether tracing is on when the app starts.
    bool tracingOnStart = true;
    Language language = Language::System;
    Theme theme = Theme::System;

    /// Reads the stored values; keys that are missing or invalid keep their defaults.
    static AppSettings load(QSettings& settings);
    /// Reads from the application's default QSettings.
    static AppSettings load();
    void save(QSettings& settings) const;
    void save() const;
    /// What is wrong, one translated sentence per field; empty when everything is valid.
    QStringList validate() const;

    /// "system", "en", "zh_CN" (stored form) and back; unknown text gives System.
    static QString languageCode(Language language);
    static Language languageFromCode(const QString& code);
    /// "system", "light", "dark" and back; unknown text gives System.
    static QString themeCode(Theme theme);
    static Theme themeFromCode(const QString& code);

    bool operator==(const AppSettings&) const = default;
};

}  // namespace asgiscope::ui
