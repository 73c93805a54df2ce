#include "models/color_scheme.hpp"

#include <algorithm>
#include <cmath>

#include <QGuiApplication>

namespace asgiscope::ui {

bool isDarkPalette(const QPalette& palette) {
    return palette.color(QPalette::Active, QPalette::Window).lightnessF() < 0.5;
}

bool isDarkPalette() {
    // Models are also used GUI-less (a QCoreApplication, or none): no palette, light colours.
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) return false;
    return isDarkPalette(QGuiApplication::palette());
}

namespace {

double channel(double c) {
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c) {
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

}  // namespace

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace asgiscope::ui
