#include <QtTest>
class TestServeCli : public QObject { Q_OBJECT private slots: void version(){} };
QTEST_GUILESS_MAIN(TestServeCli)
#include "test_serve_cli.moc"
