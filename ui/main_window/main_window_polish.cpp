// MainWindow's polish: Preferences, About, Keyboard Shortcuts, View > Language and Theme,
// icons, shortcuts shown in tooltips, and the Tab order through the panels. Kept apart from
// main_window.cpp, which wires the panels.
#include <iterator>
#include <utility>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>

#include "dialogs/about_dialog.hpp"
#include "dialogs/shortcuts_dialog.hpp"
#include "inspector/inspector_view.hpp"
#include "log/log_panel.hpp"
#include "main_window/main_window.hpp"
#include "middleware/middleware_panel.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "preferences/preferences_dialog.hpp"
#include "routes/routes_panel.hpp"
#include "theme/theme.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"

namespace asgiscope::ui {

namespace {

QIcon themedIcon(const char* name, QStyle::StandardPixmap fallback) {
    return QIcon::fromTheme(QLatin1String(name), QApplication::style()->standardIcon(fallback));
}

/// The property an action's tooltip without its shortcut is kept in.
constexpr const char* base_tooltip = "asgiscopeBaseToolTip";

}  // namespace

void MainWindow::polishWindow() {
    // Shortcuts: the platform's standard keys where Qt has one, else what browser developer
    // tools and IDEs use.
    start_stop_->setShortcut(QKeySequence(Qt::Key_F5));
    tracing_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    clear_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    copy_url_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    open_browser_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    if (auto* restore = findChild<QAction*>(QStringLiteral("restoreDefaultLayoutAction")))
        restore->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    // Standard keys some platforms leave empty get the usual ones.
    if (auto* quit = findChild<QAction*>(QStringLiteral("quitAction")); quit && quit->shortcut().isEmpty())
        quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    copy_url_->setObjectName(QStringLiteral("copyUrlAction"));
    open_browser_->setObjectName(QStringLiteral("openBrowserAction"));

    // Toolbar icons from the icon theme, with the style's own as fallback (no theme needed).
    tracing_->setIcon(themedIcon("media-record", QStyle::SP_DialogApplyButton));
    clear_->setIcon(themedIcon("edit-clear", QStyle::SP_DialogResetButton));
    copy_url_->setIcon(themedIcon("edit-copy", QStyle::SP_FileDialogDetailedView));
    open_browser_->setIcon(themedIcon("internet-web-browser", QStyle::SP_DirLinkIcon));
    if (QToolBar* bar = findChild<QToolBar*>(QStringLiteral("mainToolBar")))
        bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    updateStartStopIcon();  // and on every state change (onStateChanged)

    // The filter box explains its language; its mistakes show in Traffic and in its tooltip.
    filter_->setToolTip(TrafficView::filterHelp());
    connect(traffic_, &TrafficView::filterErrorsChanged, filter_, [this](const QStringList& errors) {
        filter_->setToolTip(errors.isEmpty() ? TrafficView::filterHelp() : errors.join(u'\n'));
        QPalette p = filter_->palette();
        p.setColor(QPalette::Text, errors.isEmpty() ? QApplication::palette().color(QPalette::Text)
                                                    : TrafficModel::statusColor(500));
        filter_->setPalette(p);
    });

    // Menus.
    auto* view = menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu"));
    auto* tools = menuBar()->findChild<QMenu*>(QStringLiteral("toolsMenu"));
    auto* help = menuBar()->findChild<QMenu*>(QStringLiteral("helpMenu"));
    const AppSettings settings = AppSettings::load();
    if (view) {
        view->addSeparator();
        QMenu* language = view->addMenu(tr("&Language"));
        language->setObjectName(QStringLiteral("languageMenu"));
        auto* languages = new QActionGroup(language);
        const std::pair<QString, AppSettings::Language> languageItems[] = {
            {tr("System"), AppSettings::Language::System},
            // Each language names itself, so a user who cannot read the current one finds theirs.
            {QStringLiteral("English"), AppSettings::Language::English},
            {QStringLiteral("简体中文"), AppSettings::Language::SimplifiedChinese},
        };
        for (const auto& [text, value] : languageItems) {
            QAction* a = language->addAction(text);
            a->setCheckable(true);
            a->setChecked(settings.language == value);
            a->setObjectName(QStringLiteral("language_") + AppSettings::languageCode(value));
            languages->addAction(a);
            connect(a, &QAction::triggered, this, [this, value = value] { setLanguage(value); });
        }
        QMenu* theme = view->addMenu(tr("&Theme"));
        theme->setObjectName(QStringLiteral("themeMenu"));
        auto* themes = new QActionGroup(theme);
        const std::pair<QString, AppSettings::Theme> themeItems[] = {
            {tr("System"), AppSettings::Theme::System},
            {tr("Light"), AppSettings::Theme::Light},
            {tr("Dark"), AppSettings::Theme::Dark},
        };
        for (const auto& [text, value] : themeItems) {
            QAction* a = theme->addAction(text);
            a->setCheckable(true);
            a->setChecked(settings.theme == value);
            a->setObjectName(QStringLiteral("theme_") + AppSettings::themeCode(value));
            themes->addAction(a);
            connect(a, &QAction::triggered, this, [this, value = value] { setTheme(value); });
        }
    }
    if (tools) {
        tools->addSeparator();
        preferences_ = tools->addAction(tr("&Preferences…"));
        connect(preferences_, &QAction::triggered, this, &MainWindow::showPreferences);
        preferences_->setObjectName(QStringLiteral("preferencesAction"));
        preferences_->setMenuRole(QAction::PreferencesRole);
        const QKeySequence standard(QKeySequence::Preferences);
        preferences_->setShortcut(standard.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma) : standard);
        preferences_->setIcon(themedIcon("preferences-system", QStyle::SP_FileDialogInfoView));
    }
    if (help) {
        QAction* keys = help->addAction(tr("&Keyboard Shortcuts"));
        connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);
        keys->setObjectName(QStringLiteral("shortcutsAction"));
        const QKeySequence help_keys(QKeySequence::HelpContents);
        keys->setShortcut(help_keys.isEmpty() ? QKeySequence(Qt::Key_F1) : help_keys);
        help->addSeparator();
        QAction* about = help->addAction(tr("&About asgiscope"));
        connect(about, &QAction::triggered, this, &MainWindow::showAbout);
        about->setObjectName(QStringLiteral("aboutAction"));
        about->setMenuRole(QAction::AboutRole);
        QAction* aboutQt = help->addAction(tr("About &Qt"));
        connect(aboutQt, &QAction::triggered, this, [] { QApplication::aboutQt(); });
        aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
        aboutQt->setMenuRole(QAction::AboutQtRole);
    }

    // Tab goes from the filter through the panels in reading order: Traffic, Trace,
    // Inspector, Routes, Middleware, Log. (Arrow keys in Traffic move the current row, which
    // drives Trace and Inspector through currentRowChanged.)
    QWidget* order[] = {filter_, traffic_->table(), diagram_, inspector_, routes_, middleware_, log_};
    diagram_->setFocusPolicy(Qt::StrongFocus);
    for (std::size_t i = 0; i + 1 < std::size(order); ++i) setTabOrder(order[i], order[i + 1]);

    updateActionToolTips();
}

void MainWindow::updateStartStopIcon() {
    const bool stopped = controller_->state() == ServerController::State::Stopped;
    start_stop_->setIcon(stopped ? themedIcon("media-playback-start", QStyle::SP_MediaPlay)
                                 : themedIcon("media-playback-stop", QStyle::SP_MediaStop));
}

void MainWindow::updateActionToolTips() {
    // Tooltips name the shortcut: "Start the server (F5)".
    for (QAction* a : findChildren<QAction*>()) {
        if (a->shortcut().isEmpty()) continue;
        const QString keys = a->shortcut().toString(QKeySequence::NativeText);
        QString tip = a->toolTip();
        const QString suffix = QStringLiteral(" (") + keys + u')';
        if (tip.endsWith(suffix)) continue;
        a->setProperty(base_tooltip, tip);
        a->setToolTip(tip + suffix);
    }
}

void MainWindow::showPreferences() {
    const AppSettings before = AppSettings::load();
    PreferencesDialog dialog(before, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const AppSettings after = dialog.settings();
    after.save();
    // Live: the window's trace caps and the theme. The rest applies on the next start.
    store_->setCap(after.traceStoreCount);
    store_->setByteCap(std::size_t(after.traceStoreMiB) * 1024 * 1024);
    if (after.theme != before.theme) setTheme(after.theme);
    if (after.language != before.language) setLanguage(after.language);
    if (after.host != before.host || after.port != before.port || after.hubTraces != before.hubTraces ||
        after.bodyCaptureBytes != before.bodyCaptureBytes)
        statusBar()->showMessage(tr("Saved. The server address, the hub's cap and the body capture "
                                    "apply when asgiscope starts next time."),
                                 10000);
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showShortcuts() {
    ShortcutsDialog dialog(this, this);
    dialog.exec();
}

void MainWindow::setTheme(AppSettings::Theme theme) {
    AppSettings s = AppSettings::load();
    s.theme = theme;
    s.save();
    applyTheme(theme);
    if (auto* a = findChild<QAction*>(QStringLiteral("theme_") + AppSettings::themeCode(theme))) a->setChecked(true);
}

void MainWindow::setLanguage(AppSettings::Language language) {
    AppSettings s = AppSettings::load();
    const bool changed = s.language != language;
    s.language = language;
    s.save();
    if (auto* a = findChild<QAction*>(QStringLiteral("language_") + AppSettings::languageCode(language)))
        a->setChecked(true);
    if (changed)
        statusBar()->showMessage(tr("The language changes when asgiscope starts next time."), 10000);
}

}  // namespace asgiscope::ui
