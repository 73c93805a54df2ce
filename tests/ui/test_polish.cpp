// Polish of the window: About shows the real versions (compared with qVersion(),
// OpenSSL_version() and Boost's headers), every shortcut of the window's actions is unique and
// listed by Help > Keyboard Shortcuts, tooltips name them, Preferences rejects invalid values
// with a message, the status and diagram colours keep a contrast ratio of at least 3 against
// the view background in the light and the dark palette, there is one filter box (the
// toolbar's), and arrow keys in Traffic move the selection that Trace and Inspector follow.
#include <boost/version.hpp>
#include <openssl/crypto.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeySequence>
#include <QLineEdit>
#include <QMenuBar>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QClipboard>
#include <QLabel>
#include <QtTest/QtTest>

#include "demo_app.hpp"
#include "dialogs/about_dialog.hpp"
#include "dialogs/build_info.hpp"
#include "dialogs/shortcuts_dialog.hpp"
#include "main_window/main_window.hpp"
#include "models/color_scheme.hpp"
#include "models/http_status_style.hpp"
#include "models/message_text.hpp"
#include "models/server_controller.hpp"
#include "models/trace_store.hpp"
#include "preferences/preferences_dialog.hpp"
#include "theme/theme.hpp"
#include "trace/sequence_diagram.hpp"
#include "traffic/traffic_view.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

}  // namespace

class TestPolish : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aboutShowsTheRealVersions() {
        AboutDialog about;
        const QString text = about.versionsText();
        QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral(QT_VERSION_STR)));
        QVERIFY2(text.contains(QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral(BOOST_LIB_VERSION)));
        QVERIFY(text.contains(QStringLiteral("%1.%2").arg(BOOST_VERSION / 100000).arg(BOOST_VERSION / 100 % 1000)));
        QVERIFY(text.contains(QStringLiteral("0.1")));  // asgiscope's version
        QCOMPARE(text, buildInfoText());
        about.copyVersions();
        QCOMPARE(QGuiApplication::clipboard()->text(), text);
    }

    void shortcutsAreUniqueAndListed() {
        MainWindow window(testing::makeDemoController());
        QHash<QString, QString> seen;  // key sequence -> action
        int withShortcut = 0;
        for (QAction* a : window.findChildren<QAction*>()) {
            if (a->shortcuts().isEmpty()) continue;
            ++withShortcut;
            for (const QKeySequence& k : a->shortcuts()) {
                const QString key = k.toString(QKeySequence::PortableText);
                QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("%1 is both \"%2\" and \"%3\"")
                                                              .arg(key, seen.value(key), a->text())));
                seen.insert(key, a->text());
            }
        }
        // The common actions have one.
        for (const char* name : {"startStopAction", "tracingAction", "clearAction", "copyUrlAction",
                                 "restoreDefaultLayoutAction", "preferencesAction", "shortcutsAction", "quitAction"}) {
            auto* a = window.findChild<QAction*>(QLatin1String(name));
            QVERIFY2(a, name);
            QVERIFY2(!a->shortcut().isEmpty(), name);
            QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)), name);
        }
        QVERIFY(seen.contains(QStringLiteral("Ctrl+F")));
        QVERIFY(seen.contains(QStringLiteral("Ctrl+L")));
        QVERIFY(seen.contains(QStringLiteral("Ctrl+Q")));

        // Help > Keyboard Shortcuts lists exactly the actions that have one.
        ShortcutsDialog dialog(&window);
        QCOMPARE(dialog.table()->rowCount(), withShortcut);
        bool foundFilter = false;
        for (int r = 0; r < dialog.table()->rowCount(); ++r)
            if (dialog.table()->item(r, 0)->text() == QStringLiteral("Focus the filter")) {
                foundFilter = true;
                QVERIFY(dialog.table()->item(r, 1)->text().contains(QKeySequence(Qt::CTRL | Qt::Key_L).toString(QKeySequence::NativeText)));
            }
        QVERIFY(foundFilter);
    }

    void preferencesRejectInvalidValues() {
        AppSettings settings;
        PreferencesDialog dialog(settings);
        QVERIFY(dialog.settings() == settings);
        dialog.hostEdit()->setText(QStringLiteral("no such host!"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY2(dialog.errorText().contains(QStringLiteral("no such host!")), qPrintable(dialog.errorText()));
        dialog.hostEdit()->setText(QStringLiteral("localhost"));
        dialog.portBox()->setValue(9001);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.errorText().isEmpty());
        QCOMPARE(dialog.settings().port, 9001);
        QCOMPARE(dialog.settings().host, QStringLiteral("localhost"));
    }

    void coloursReadOnBothPalettes_data() {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void coloursReadOnBothPalettes() {
        QFETCH(bool, dark);
        const QPalette palette = dark ? darkPalette() : lightPalette();
        QCOMPARE(isDarkPalette(palette), dark);
        const QColor background = palette.color(QPalette::Base);
        auto check = [&](const QColor& c, const char* what) {
            const double ratio = contrastRatio(c, background);
            QVERIFY2(ratio >= 3.0, qPrintable(QStringLiteral("%1 %2 on %3: contrast %4")
                                                  .arg(QLatin1String(what), c.name(), background.name())
                                                  .arg(ratio, 0, 'f', 2)));
        };
        for (int status : {200, 301, 404, 500}) check(statusColor(status, dark), "status");
        check(fullMatchColor(dark), "FULL");
        check(partialMatchColor(dark), "PARTIAL");
        check(noMatchColor(dark), "NONE");
        check(untriedColor(dark), "not tried");
        for (auto c : {MessageCategory::request, MessageCategory::response, MessageCategory::disconnect,
                       MessageCategory::websocket, MessageCategory::lifespan, MessageCategory::other})
            check(messageColor(c, dark), "message");
        check(palette.color(QPalette::Text), "text");
        // The two variants differ: the dark one is not the light one reused.
        QVERIFY(statusColor(200, true) != statusColor(200, false));
        // A sanity check of the ratio itself: black on white is 21, a colour on itself 1.
        QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white)), 21);
        QCOMPARE(contrastRatio(background, background), 1.0);
    }

    void themesApplyLive() {
        QVERIFY(systemPrefersDark(lightPalette(), QStringLiteral("Adwaita:dark")));
        QVERIFY(!systemPrefersDark(darkPalette(), QStringLiteral("Adwaita")));
        QVERIFY(systemPrefersDark(darkPalette(), QString()));
        QVERIFY(!systemPrefersDark(lightPalette(), QString()));
        QVERIFY(applyTheme(AppSettings::Theme::Dark));
        QVERIFY(isDarkPalette());
        QCOMPARE(statusColor(500), statusColor(500, true));
        QVERIFY(!applyTheme(AppSettings::Theme::Light));
        QVERIFY(!isDarkPalette());
        QCOMPARE(statusColor(500), statusColor(500, false));
        applyTheme(AppSettings::Theme::System);
    }

    void oneFilterBoxDrivesTraffic() {
        MainWindow window(testing::makeDemoController());
        // Traffic has no box of its own: the toolbar's is the only one.
        QVERIFY(window.trafficView()->findChildren<QLineEdit*>().isEmpty());
        window.filterEdit()->setText(QStringLiteral("status:5xx"));
        QCOMPARE(window.trafficView()->filterText(), QStringLiteral("status:5xx"));
        // What Traffic sets shows in the box.
        window.trafficView()->filterByRoute(QStringLiteral("user"));
        QCOMPARE(window.filterEdit()->text(), QStringLiteral("route:=user"));
        // Mistakes show next to the table and in the box's tooltip.
        window.filterEdit()->setText(QStringLiteral("colour:red"));
        QCOMPARE(window.trafficView()->filterErrors().size(), 1);
        QVERIFY(window.filterEdit()->toolTip().contains(QStringLiteral("colour")));
        auto* error = window.trafficView()->findChild<QLabel*>(QStringLiteral("trafficFilterError"));
        QVERIFY(error);
        QVERIFY(!error->isHidden());
        window.filterEdit()->clear();
        QVERIFY(error->isHidden());
    }

    void arrowKeysMoveTheSelection() {
        MainWindow window(testing::makeDemoController());
        testing::TracedDemo demo;
        demo.get("/plaintext");
        demo.get("/users/7");
        demo.get("/nope");
        window.traceStore()->addTraces(demo.all());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTableView* table = window.trafficView()->table();
        QTRY_COMPARE(table->model()->rowCount(), 3);
        QSignalSpy selected(window.trafficView(), &TrafficView::traceSelected);
        table->setFocus();
        table->selectRow(0);
        QCOMPARE(window.trafficView()->selectedTrace()->scope.path, std::string("/plaintext"));
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(window.trafficView()->selectedTrace()->scope.path, std::string("/users/7"));
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(window.trafficView()->selectedTrace()->scope.path, std::string("/nope"));
        QTest::keyClick(table, Qt::Key_Up);
        QCOMPARE(window.trafficView()->selectedTrace()->scope.path, std::string("/users/7"));
        QVERIFY(selected.count() >= 4);
        // The Trace panel follows: it shows the exchange of the current row.
        QVERIFY(window.sequenceDiagram()->model().trace());
        QCOMPARE(window.sequenceDiagram()->model().trace()->scope.path, std::string("/users/7"));
        // Tab leaves the table for the next panel (the trace diagram).
        QCOMPARE(table->nextInFocusChain() != nullptr, true);
        window.filterEdit()->setFocus();
        QTest::keyClick(window.filterEdit(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), table);
    }
};

QTEST_MAIN(TestPolish)
#include "test_polish.moc"
