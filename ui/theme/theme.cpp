#include "theme/theme.hpp"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include "models/color_scheme.hpp"

namespace asgiscope::ui {

namespace {

/// The style and palette the application started with (before any theme was applied).
struct Startup {
    QString style;
    QPalette palette;
};

const Startup& startup() {
    static const Startup s{QApplication::style() ? QApplication::style()->name() : QString(),
                           QApplication::palette()};
    return s;
}

}  // namespace

bool systemPrefersDark(const QPalette& platformPalette, const QString& gtkTheme) {
    const QString name = gtkTheme.trimmed().toLower();
    if (!name.isEmpty()) return name.endsWith(QLatin1String(":dark")) || name.endsWith(QLatin1String("-dark"));
    return isDarkPalette(platformPalette);
}

bool systemPrefersDark() {
    return systemPrefersDark(startup().palette, qEnvironmentVariable("GTK_THEME"));
}

namespace {

/// Each colour role of the two palettes: one row per role, the light and the dark colour side
/// by side, so that the two themes cannot drift apart role by role.
struct RoleColors {
    QPalette::ColorGroup group;
    QPalette::ColorRole role;
    QRgb light;
    QRgb dark;
};

constexpr RoleColors kRoleColors[] = {
    {QPalette::All, QPalette::Window, 0xefefef, 0x2d2d2d},
    {QPalette::All, QPalette::WindowText, 0x1f1f1f, 0xe6e6e6},
    {QPalette::All, QPalette::Base, 0xffffff, 0x1e1e1e},
    {QPalette::All, QPalette::AlternateBase, 0xf5f5f5, 0x262626},
    {QPalette::All, QPalette::ToolTipBase, 0xffffdc, 0x3a3a3a},
    {QPalette::All, QPalette::ToolTipText, 0x1f1f1f, 0xe6e6e6},
    {QPalette::All, QPalette::PlaceholderText, 0x707070, 0x9a9a9a},
    {QPalette::All, QPalette::Text, 0x1f1f1f, 0xe6e6e6},
    {QPalette::All, QPalette::Button, 0xefefef, 0x353535},
    {QPalette::All, QPalette::ButtonText, 0x1f1f1f, 0xe6e6e6},
    {QPalette::All, QPalette::BrightText, 0xffffff, 0xff6e6e},
    {QPalette::All, QPalette::Light, 0xffffff, 0x4a4a4a},
    {QPalette::All, QPalette::Midlight, 0xe3e3e3, 0x3e3e3e},
    {QPalette::All, QPalette::Mid, 0xa0a0a0, 0x5a5a5a},
    {QPalette::All, QPalette::Dark, 0x808080, 0x202020},
    {QPalette::All, QPalette::Shadow, 0x404040, 0x101010},
    {QPalette::All, QPalette::Highlight, 0x308cc6, 0x2f6fa8},
    {QPalette::All, QPalette::HighlightedText, 0xffffff, 0xffffff},
    {QPalette::All, QPalette::Link, 0x1565c0, 0x64b5f6},
    {QPalette::All, QPalette::LinkVisited, 0x7b1fa2, 0xce93d8},
    {QPalette::Disabled, QPalette::Text, 0x909090, 0x808080},
    {QPalette::Disabled, QPalette::WindowText, 0x909090, 0x808080},
    {QPalette::Disabled, QPalette::ButtonText, 0x909090, 0x808080},
};

QPalette palette(bool dark) {
    QPalette p;
    for (const auto& c : kRoleColors) p.setColor(c.group, c.role, QColor(dark ? c.dark : c.light));
    return p;
}

}  // namespace

QPalette lightPalette() { return palette(false); }

QPalette darkPalette() { return palette(true); }

bool applyTheme(AppSettings::Theme theme) {
    const Startup& s = startup();
    bool dark = false;
    switch (theme) {
        case AppSettings::Theme::Light: dark = false; break;
        case AppSettings::Theme::Dark: dark = true; break;
        case AppSettings::Theme::System:
            if (systemPrefersDark() == isDarkPalette(s.palette)) {
                // The platform's own colours already fit: keep its style and palette.
                if (!s.style.isEmpty() && QApplication::style()->name() != s.style)
                    QApplication::setStyle(QStyleFactory::create(s.style));
                QApplication::setPalette(s.palette);
                return isDarkPalette(s.palette);
            }
            dark = true;
            break;
    }
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    return dark;
}

}  // namespace asgiscope::ui
