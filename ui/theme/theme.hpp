// Theme: light and dark palettes, and which one the desktop asks for.
//
// Qt 6.4 has no QStyleHints::colorScheme(), so "the system is dark" is read from two places:
// the GTK_THEME environment variable (a name ending in ":dark" or "-dark", as GNOME and
// Adwaita use it), else the lightness of the platform palette's window colour (below one half
// is dark). The fixed Light and Dark themes use the Fusion style with palettes of our own, so
// they look the same on every desktop.
#pragma once

#include <QPalette>
#include <QString>

#include "models/app_settings.hpp"

namespace asgiscope::ui {

/// Whether the desktop asks for dark colours: `gtkTheme` (GTK_THEME's value) or, when that
/// says nothing, the window colour of `platformPalette`.
bool systemPrefersDark(const QPalette& platformPalette, const QString& gtkTheme);
/// The same for this process: GTK_THEME and the palette Qt started with.
bool systemPrefersDark();

/// The fixed palettes of the Light and Dark themes.
QPalette lightPalette();
QPalette darkPalette();

/// Applies `theme` to the running application (live: every widget repaints). System keeps
/// the platform's palette unless the desktop is dark and the palette is not (then Dark).
/// Returns whether the result is dark.
bool applyTheme(AppSettings::Theme theme);

}  // namespace asgiscope::ui
