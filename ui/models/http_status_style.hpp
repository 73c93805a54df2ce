// Colours the panels share: status classes and match verdicts (UI.md's "Look"), each in a
// light and a dark variant; by default the one that suits the application's palette.
#pragma once

#include <QColor>

#include "models/color_scheme.hpp"

namespace asgiscope::ui {

/// 2xx green, 3xx blue, 4xx amber, 5xx red; invalid (use the default) otherwise.
inline QColor statusColor(int status, bool dark = isDarkPalette()) {
    if (status >= 200 && status < 300) return SchemeColor{QColor(0x2e, 0x7d, 0x32), QColor(0x66, 0xbb, 0x6a)}.pick(dark);
    if (status >= 300 && status < 400) return SchemeColor{QColor(0x15, 0x65, 0xc0), QColor(0x64, 0xb5, 0xf6)}.pick(dark);
    if (status >= 400 && status < 500) return SchemeColor{QColor(0xb2, 0x6a, 0x00), QColor(0xff, 0xb7, 0x4d)}.pick(dark);
    if (status >= 500 && status < 600) return SchemeColor{QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x53, 0x50)}.pick(dark);
    return {};
}

/// Match verdicts: FULL green, PARTIAL amber, NONE grey.
inline QColor fullMatchColor(bool dark = isDarkPalette()) {
    return statusColor(200, dark);
}
inline QColor partialMatchColor(bool dark = isDarkPalette()) {
    return statusColor(400, dark);
}
inline QColor noMatchColor(bool dark = isDarkPalette()) {
    return SchemeColor{QColor(0x6d, 0x6d, 0x6d), QColor(0xa0, 0xa0, 0xa0)}.pick(dark);
}
/// A route or verdict that was not tried: fainter than NONE but still readable.
inline QColor untriedColor(bool dark = isDarkPalette()) {
    return SchemeColor{QColor(0x8a, 0x8a, 0x8a), QColor(0x80, 0x80, 0x80)}.pick(dark);
}

}  // namespace asgiscope::ui
