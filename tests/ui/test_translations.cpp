// Translations: lupdate run over ui/ and app/ into a temporary copy of the committed
// asgiscope_zh_CN.ts finds every tr() string, and every one of them must have a finished,
// non-empty Simplified Chinese translation that keeps the source's placeholders and
// accelerator; the compiled .qm (embedded at build time) loads and translates, with Qt's own
// qtbase translation next to it.
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest/QtTest>

#include "i18n/language.hpp"

using namespace asgiscope::ui;

namespace {

struct Message {
    QString context;
    QString source;
    QString type;                 // unfinished, obsolete, vanished or empty (finished)
    QStringList translations;     // one, or the numerus forms
};

QList<Message> readTs(const QString& path, QString* error) {
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name") && current.source.isNull() && current.translations.isEmpty()) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                current = Message{context, {}, {}, {}};
            } else if (name == QLatin1String("source")) {
                current.source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                current.type = xml.attributes().value(QLatin1String("type")).toString();
                // Either text or <numerusform> children.
                QString text;
                while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isCharacters()) text += xml.text();
                    if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                        current.translations << xml.readElementText();
                }
                if (current.translations.isEmpty()) current.translations << text;
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages << current;
            current = Message{};
        }
    }
    if (xml.hasError()) *error = xml.errorString();
    return messages;
}

QSet<QString> placeholders(const QString& text) {
    static const QRegularExpression re(QStringLiteral("%(?:\\d+|n)"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();) found.insert(it.next().captured());
    return found;
}

/// The accelerator letter of "&File" (lower case), or a null char.
QChar accelerator(const QString& text) {
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != u'&') continue;
        if (text[i + 1] == u'&') {
            ++i;
            continue;
        }
        if (text[i + 1].isLetterOrNumber()) return text[i + 1].toLower();
    }
    return {};
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void everySourceStringIsTranslated() {
        // lupdate with the options of the asgiscope_lupdate target, into a copy of the
        // committed file: strings added to the sources come in as unfinished.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ts = dir.filePath(QStringLiteral("asgiscope_zh_CN.ts"));
        QVERIFY(QFile::copy(QStringLiteral(ASGISCOPE_TS_FILE), ts));
        QFile::setPermissions(ts, QFile::ReadOwner | QFile::WriteOwner);
        const QString source = qEnvironmentVariable("ASGISCOPE_SOURCE_DIR");
        QVERIFY(!source.isEmpty());
        QStringList args = QStringLiteral(ASGISCOPE_LUPDATE_OPTIONS).split(u'|', Qt::SkipEmptyParts);
        args << QStringLiteral("-target-language") << QStringLiteral("zh_CN") << QStringLiteral("ui")
             << QStringLiteral("app") << QStringLiteral("-ts") << ts;
        QProcess lupdate;
        lupdate.setWorkingDirectory(source);
        lupdate.start(QStringLiteral(ASGISCOPE_LUPDATE), args);
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());

        QString error;
        const QList<Message> messages = readTs(ts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // About 300 strings today; fewer than 200 would mean lupdate missed the sources.
        QVERIFY2(messages.size() > 200, qPrintable(QString::number(messages.size())));

        QStringList missing;
        QStringList wrong;
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(": \"") + m.source + u'"';
            const bool empty = std::any_of(m.translations.begin(), m.translations.end(),
                                           [](const QString& t) { return t.trimmed().isEmpty(); });
            if (!m.type.isEmpty() || m.translations.isEmpty() || empty) {
                missing << QStringLiteral("  ") + where + (m.type.isEmpty() ? QString() : QStringLiteral(" [") + m.type + u']');
                continue;
            }
            for (const QString& t : m.translations) {
                if (placeholders(t) != placeholders(m.source))
                    wrong << QStringLiteral("  ") + where + QStringLiteral(" → \"") + t + QStringLiteral("\": placeholders differ");
                const QChar key = accelerator(m.source);
                if (!key.isNull() && accelerator(t) != key)
                    wrong << QStringLiteral("  ") + where + QStringLiteral(" → \"") + t +
                                 QStringLiteral("\": the accelerator &") + key + QStringLiteral(" is missing");
            }
        }
        if (!missing.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 string(s) have no finished zh_CN translation. Run "
                                            "`cmake --build build --target asgiscope_lupdate`, then "
                                            "translate them in translations/asgiscope_zh_CN.ts:\n")
                                 .arg(missing.size()) +
                             missing.join(u'\n')));
        if (!wrong.isEmpty()) QFAIL(qPrintable(wrong.join(u'\n')));
    }

    void compiledTranslationLoads() {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/asgiscope_zh_CN.qm")));
        QCOMPARE(translator.translate("asgiscope::ui::MainWindow", "&File"), QStringLiteral("文件(&F)"));
        QCOMPARE(translator.translate("asgiscope::ui::MainWindow", "Middleware"), QStringLiteral("中间件"));
        QCOMPARE(translator.translate("asgiscope::ui::TrafficModel", "Route"), QStringLiteral("路由"));
    }

    void installFollowsTheLanguage() {
        QVERIFY(hasTranslation(QLocale(QLocale::Chinese, QLocale::China)));
        QVERIFY(!hasTranslation(QLocale(QLocale::English, QLocale::UnitedStates)));
        QCOMPARE(interfaceLocale(AppSettings::Language::System, QLocale(QStringLiteral("zh_CN"))).language(),
                 QLocale::Chinese);
        QCOMPARE(interfaceLocale(AppSettings::Language::English, QLocale(QStringLiteral("zh_CN"))).language(),
                 QLocale::English);

        // English: nothing installed, strings stay as written.
        InstalledLanguage en = installTranslators(*qApp, AppSettings::Language::English);
        QVERIFY(!en.asgiscope);
        QCOMPARE(QCoreApplication::translate("asgiscope::ui::MainWindow", "&View"), QStringLiteral("&View"));

        // The system locale decides under System (as LANG=zh_CN.UTF-8 would).
        InstalledLanguage zh = installTranslators(*qApp, AppSettings::Language::System, QLocale(QStringLiteral("zh_CN")));
        QVERIFY(zh.asgiscope);
        QVERIFY2(zh.qt, "qtbase_zh_CN.qm did not load (Debian: qt6-translations-l10n)");
        QCOMPARE(QCoreApplication::translate("asgiscope::ui::MainWindow", "&View"), QStringLiteral("视图(&V)"));
        // Numerus forms: Chinese has one.
        QCOMPARE(QCoreApplication::translate("asgiscope::ui::TrafficView", "%n request(s)", nullptr, 3),
                 QStringLiteral("3 个请求"));
        // Qt's own strings (standard buttons) are Chinese too.
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
