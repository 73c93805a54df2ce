#include "screenshot.hpp"

#include <cstdio>

#include <QAbstractItemModel>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QDockWidget>
#include <QPixmap>
#include <QScreen>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include "composer/composer_panel.hpp"
#include "main_window/main_window.hpp"
#include "models/composer_request.hpp"
#include "models/server_controller.hpp"
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
        // The trace view is shown large: its dock floats over the window.
        if (options.raise_dock == QLatin1String("traceDock")) {
            if (QDockWidget* dock = w->dock(options.raise_dock)) {
                dock->setFloating(true);
                dock->setGeometry(w->geometry().adjusted(60, 60, -60, -60));
                // From the first message: the views follow the newest rows otherwise.
                QTimer::singleShot(300, dock, [dock] {
                    for (QAbstractScrollArea* area : dock->findChildren<QAbstractScrollArea*>())
                        area->verticalScrollBar()->setValue(area->verticalScrollBar()->minimum());
                });
            }
        }
        // The composer is shown with a request it sent: a JSON POST to the demo's /echo.
        int settle_ms = 800;
        if (options.raise_dock == QLatin1String("composerDock") && w->composerPanel()) {
            const QString curl = QStringLiteral(
                "curl -X POST %1echo -H 'content-type: application/json' "
                "-H 'x-request-id: 42' --data-raw '{\"title\": \"write tests\", \"done\": false, \"tags\": [\"asgi\", \"starlette\"]}'")
                                   .arg(w->controller()->url().toString(QUrl::StripTrailingSlash) + QLatin1Char('/'));
            if (const auto request = ui::fromCurl(curl)) {
                w->composerPanel()->setRequest(*request);
                w->composerPanel()->send();
                settle_ms = 2000;
            }
        }
        // Let the panels repaint, then grab the root window.
        QTimer::singleShot(settle_ms, w, [w, options] {
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
