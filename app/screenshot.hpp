// The hidden --screenshot option of the desktop app: after a delay, select the newest row in
// Traffic (so Trace and Inspector show it), raise a dock if asked, grab the whole X screen
// (the server's framebuffer, not an offscreen render) into a PNG and quit.
// scripts/screenshot.sh drives it under Xvfb.
#pragma once

#include <QString>

namespace asgiscope::ui {
class MainWindow;
}

namespace asgiscope::app {

struct ScreenshotOptions {
    QString file;           ///< where the PNG goes; empty: no screenshot
    int delay_ms = 4000;    ///< from the window's show to the grab
    QString raise_dock;     ///< object name of a dock to bring to the front ("traceDock")
};

/// Arranges the screenshot; the application exits with 0 once the file is written, 1 if not.
void schedule_screenshot(ui::MainWindow& window, const ScreenshotOptions& options);

}  // namespace asgiscope::app
