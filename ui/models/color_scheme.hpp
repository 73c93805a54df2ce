// Light or dark: which variant of the shared colours (status, verdicts, message kinds) suits
// the palette in use, and the WCAG contrast ratio the palette test checks them with.
#pragma once

#include <QColor>
#include <QPalette>

namespace asgiscope::ui {

/// True when the palette's window colour is dark (HSL lightness below one half). This is how
/// a dark desktop theme shows itself to Qt 6.4, which has no QStyleHints::colorScheme().
bool isDarkPalette(const QPalette& palette);
/// The same for the application's palette now (QGuiApplication::palette()); false without a
/// QGuiApplication (GUI-less use of the models).
bool isDarkPalette();

/// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

/// One colour in a light and a dark variant.
struct SchemeColor {
    QColor light;
    QColor dark;
    QColor pick(bool darkScheme) const { return darkScheme ? dark : light; }
};

}  // namespace asgiscope::ui
