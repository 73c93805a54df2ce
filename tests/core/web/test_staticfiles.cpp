// placeholder
#include <QtTest/QtTest>
class TestStaticFiles : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestStaticFiles)
#include "test_staticfiles.moc"
