#include "i18n/language.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace asgiscope::ui {

QLocale interfaceLocale(AppSettings::Language language, const QLocale& systemLocale) {
    switch (language) {
        case AppSettings::Language::English: return QLocale(QLocale::English, QLocale::UnitedStates);
        case AppSettings::Language::SimplifiedChinese: return QLocale(QLocale::Chinese, QLocale::China);
        case AppSettings::Language::System: break;
    }
    return systemLocale;
}

bool hasTranslation(const QLocale& locale) {
    QTranslator probe;
    return locale.language() != QLocale::English &&
           probe.load(locale, QStringLiteral("asgiscope"), QStringLiteral("_"),
                      QLatin1String(translationsResourceDir));
}

InstalledLanguage installTranslators(QCoreApplication& app, AppSettings::Language language,
                                     const QLocale& systemLocale) {
    InstalledLanguage result;
    result.locale = interfaceLocale(language, systemLocale);
    if (result.locale.language() == QLocale::English || result.locale.language() == QLocale::C) return result;
    auto* ours = new QTranslator(&app);
    // QTranslator::load(QLocale, ...) tries the locale's UI languages in turn (zh_CN, zh, ...).
    if (ours->load(result.locale, QStringLiteral("asgiscope"), QStringLiteral("_"),
                   QLatin1String(translationsResourceDir)) &&
        QCoreApplication::installTranslator(ours)) {
        result.asgiscope = true;
    } else {
        delete ours;
        return result;  // no translation of ours: keep Qt's dialogs in English too
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(result.locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
        QCoreApplication::installTranslator(qt))
        result.qt = true;
    else
        delete qt;
    QLocale::setDefault(result.locale);
    return result;
}

}  // namespace asgiscope::ui
