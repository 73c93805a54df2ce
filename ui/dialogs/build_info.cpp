#include "dialogs/build_info.hpp"

#include <boost/version.hpp>
#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QStringList>
#include <QSysInfo>
#include <QtGlobal>

#include <asgiscope/version.hpp>

namespace asgiscope::ui {

namespace {

QString compilerName() {
#if defined(__clang__)
    return QStringLiteral("Clang %1.%2.%3").arg(__clang_major__).arg(__clang_minor__).arg(__clang_patchlevel__);
#elif defined(__GNUC__)
    return QStringLiteral("GCC %1.%2.%3").arg(__GNUC__).arg(__GNUC_MINOR__).arg(__GNUC_PATCHLEVEL__);
#else
    return QStringLiteral("unknown");
#endif
}

QString boostVersion() {
    // BOOST_LIB_VERSION is "1_81": show it as 1.81 (BOOST_VERSION gives the patch level).
    return QStringLiteral("%1.%2.%3").arg(BOOST_VERSION / 100000).arg(BOOST_VERSION / 100 % 1000).arg(BOOST_VERSION % 100);
}

}  // namespace

QList<BuildInfoItem> buildInfo() {
    auto label = [](const char* text) { return QCoreApplication::translate("BuildInfo", text); };
    return {
        {label(QT_TRANSLATE_NOOP("BuildInfo", "asgiscope")), QStringLiteral(ASGISCOPE_VERSION_STRING)},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "Qt (running)")), QString::fromLatin1(qVersion())},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "Qt (built with)")), QStringLiteral(QT_VERSION_STR)},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "Boost")), boostVersion() + QStringLiteral(" (") + QStringLiteral(BOOST_LIB_VERSION) + u')'},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "OpenSSL")), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "Compiler")), compilerName()},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "Build type")), QStringLiteral(ASGISCOPE_BUILD_TYPE)},
        {label(QT_TRANSLATE_NOOP("BuildInfo", "Platform")), QSysInfo::prettyProductName() + QStringLiteral(" (") + QSysInfo::currentCpuArchitecture() + u')'},
    };
}

QString buildInfoText() {
    QStringList lines;
    for (const BuildInfoItem& item : buildInfo()) lines << item.label + QStringLiteral(": ") + item.value;
    return lines.join(u'\n') + u'\n';
}

}  // namespace asgiscope::ui
