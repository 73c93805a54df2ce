// AppSettings: the preferences survive a QSettings round trip, invalid values are rejected
// with a message naming the field, and invalid stored values fall back to the defaults.
#include <QTemporaryDir>
#include <QSettings>
#include <QtTest/QtTest>

#include "models/app_settings.hpp"

using namespace asgiscope::ui;

class TestAppSettings : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreValid() {
        const AppSettings defaults;
        QVERIFY2(defaults.validate().isEmpty(), qPrintable(defaults.validate().join(u'\n')));
        QCOMPARE(defaults.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(defaults.port, 8000);
    }

    void roundTrip() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        AppSettings s;
        s.host = QStringLiteral("::1");
        s.port = 8123;
        s.traceStoreCount = 5000;
        s.traceStoreMiB = 64;
        s.hubTraces = 77;
        s.bodyCaptureBytes = 0;
        s.tracingOnStart = false;
        s.language = AppSettings::Language::SimplifiedChinese;
        s.theme = AppSettings::Theme::Dark;
        QVERIFY(s.validate().isEmpty());
        {
            QSettings out(file, QSettings::IniFormat);
            s.save(out);
        }
        QSettings in(file, QSettings::IniFormat);
        const AppSettings back = AppSettings::load(in);
        QVERIFY(back == s);
        QVERIFY(!(back == AppSettings{}));
    }

    void validation_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("hubTraces");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty host") << QString() << 8000 << 1000 << QStringLiteral("Host");
        QTest::newRow("space in host") << QStringLiteral("my host") << 8000 << 1000 << QStringLiteral("my host");
        QTest::newRow("bad ipv4") << QStringLiteral("127.0.0.300") << 8000 << 1000 << QStringLiteral("127.0.0.300");
        QTest::newRow("negative port") << QStringLiteral("localhost") << -1 << 1000 << QStringLiteral("-1");
        QTest::newRow("port too big") << QStringLiteral("localhost") << 70000 << 1000 << QStringLiteral("70000");
        QTest::newRow("hub cap zero") << QStringLiteral("localhost") << 8000 << 0 << QStringLiteral("hub");
    }
    void validation() {
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, hubTraces);
        QFETCH(QString, mentions);
        AppSettings s;
        s.host = host;
        s.port = port;
        s.hubTraces = hubTraces;
        const QStringList errors = s.validate();
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().contains(mentions), qPrintable(errors.first()));
    }

    void validHosts() {
        for (const char* host : {"127.0.0.1", "0.0.0.0", "localhost", "example.org", "::1", "::", "fe80::1"}) {
            AppSettings s;
            s.host = QString::fromLatin1(host);
            QVERIFY2(s.validate().isEmpty(), host);
        }
    }

    void invalidStoredValuesFallBack() {
        QTemporaryDir dir;
        QSettings s(dir.filePath(QStringLiteral("bad.ini")), QSettings::IniFormat);
        s.setValue(QStringLiteral("server/host"), QStringLiteral("not a host"));
        s.setValue(QStringLiteral("server/port"), QStringLiteral("eighty"));
        s.setValue(QStringLiteral("traces/hubTraces"), -5);
        s.setValue(QStringLiteral("ui/language"), QStringLiteral("klingon"));
        s.setValue(QStringLiteral("ui/theme"), QStringLiteral("purple"));
        const AppSettings loaded = AppSettings::load(s);
        QVERIFY(loaded == AppSettings{});
    }

    void codes() {
        for (auto l : {AppSettings::Language::System, AppSettings::Language::English,
                       AppSettings::Language::SimplifiedChinese})
            QCOMPARE(AppSettings::languageFromCode(AppSettings::languageCode(l)), l);
        for (auto t : {AppSettings::Theme::System, AppSettings::Theme::Light, AppSettings::Theme::Dark})
            QCOMPARE(AppSettings::themeFromCode(AppSettings::themeCode(t)), t);
        QCOMPARE(AppSettings::languageCode(AppSettings::Language::SimplifiedChinese), QStringLiteral("zh_CN"));
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "test_app_settings.moc"
