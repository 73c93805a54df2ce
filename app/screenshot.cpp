#include "screenshot.hpp"

#include <cstdio>

#include <QAbstractItemModel>
#include <QApplication>
#include <QDockWidget>
#include <QPixmap>
#include <QScreen>
#include <QTableView>
#include <QTimer>

#include "main_window/main_window.hpp"
#include "traffic/traffic_view.hpp"

namespace asgiscope::app {

void schedule_screenshot(ui::MainWindow& window, const ScreenshotOptions& options) {
    // The window fills the screen (Xvfb has no window manager to maximise it).
    QApplication::setQuitOnLastWindowClosed(false);
    if (QScreen* screen = QGuiApplication::primaryScreen()) window.setGeometry(screen->availableGeometry());
    ui::MainWindow* w = &window;
    QTimer::singleShot(options.delay_ms, w, [w, options] {
        QTableView* table = w->trafficView()->table();
        if (const int rows = table->model()->rowCount(); rows > 0) {
            table->setFocus();
            table->selectRow(rows - 1);
        }
        if (!options.raise_dock.isEmpty()) {
            if (QDockWidget* dock = w->dock(options.raise_dock)) {
                dock->show();
                dock->raise();
            } else {
                std::fprintf(stderr, "asgiscope: --raise-dock: no dock named '%s'\n", qPrintable(options.raise_dock));
            }
        }
        // Let the panels repaint, then grab the root window.
        QTimer::singleShot(800, w, [w, options] {
            QScreen* screen = QGuiApplication::primaryScreen();
            const QPixmap shot = screen ? screen->grabWindow(0) : QPixmap();
            const bool ok = !shot.isNull() && shot.save(options.file, "PNG");
            if (ok)
                std::printf("asgiscope: screenshot %dx%d written to %s\n", shot.width(), shot.height(),
                            qPrintable(options.file));
            else
                std::fprintf(stderr, "asgiscope: could not write the screenshot to %s\n", qPrintable(options.file));
            w->close();
            QCoreApplication::exit(ok ? 0 : 1);
        });
    });
}

}  // namespace asgiscope::app
