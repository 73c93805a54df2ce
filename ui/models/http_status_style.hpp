// Colours the panels share: status classes and match verdicts (UI.md's "Look").
#pragma once

#include <QColor>

namespace asgiscope::ui {

/// 2xx green, 3xx blue, 4xx amber, 5xx red; invalid (use the default) otherwise.
inline QColor statusColor(int status) {
    if (status >= 200 && status < 300) return QColor(0x2e, 0x8b, 0x3e);
    if (status >= 300 && status < 400) return QColor(0x27, 0x6f, 0xbf);
    if (status >= 400 && status < 500) return QColor(0xc7, 0x7c, 0x02);
    if (status >= 500 && status < 600) return QColor(0xc6, 0x28, 0x28);
    return {};
}

/// Match verdicts: FULL green, PARTIAL amber, NONE grey.
inline QColor fullMatchColor() {
    return QColor(0x2e, 0x8b, 0x3e);
}
inline QColor partialMatchColor() {
    return QColor(0xc7, 0x7c, 0x02);
}
inline QColor noMatchColor() {
    return QColor(0x80, 0x80, 0x80);
}

}  // namespace asgiscope::ui
