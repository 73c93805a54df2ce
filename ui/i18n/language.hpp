// Language: which translation the interface uses and installing it (ours and Qt's own).
//
// asgiscope's .qm files are compiled at build time and embedded under ":/i18n" (see
// translations/CMakeLists.txt); Qt's own (qtbase_zh_CN.qm, standard dialogs) come from Qt's
// translations directory (Debian: qt6-translations-l10n).
#pragma once

#include <QLocale>
#include <QString>

#include "models/app_settings.hpp"

class QCoreApplication;

namespace asgiscope::ui {

/// The resource folder of the compiled translations.
inline constexpr const char* translationsResourceDir = ":/i18n";

/// The locale the interface should use for `language`: the system's (`systemLocale`) for
/// System, else English or Simplified Chinese.
QLocale interfaceLocale(AppSettings::Language language, const QLocale& systemLocale = QLocale::system());

/// Whether asgiscope has a translation for `locale` (English needs none).
bool hasTranslation(const QLocale& locale);

/// What installTranslators() did.
struct InstalledLanguage {
    QLocale locale;
    bool asgiscope = false;  ///< asgiscope's own translation was loaded
    bool qt = false;         ///< Qt's own (qtbase) translation was loaded
};

/// Installs asgiscope's and Qt's translators for `language` on the application (translators
/// are children of it). English, or a locale without a translation, installs nothing.
InstalledLanguage installTranslators(QCoreApplication& app, AppSettings::Language language,
                                     const QLocale& systemLocale = QLocale::system());

}  // namespace asgiscope::ui
