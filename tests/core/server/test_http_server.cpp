#include <QtTest>
#include "test_support.hpp"
#include "demo_app.hpp"
using namespace asgiscope;
class TestHttpServer : public QObject {
    Q_OBJECT
private slots:
    void plaintext() {
        testing::RunningServer s(demo::make_demo_app(), testing::test_config());
        QVERIFY(s.started());
        testing::RawClient c(s.port());
        QVERIFY(c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"));
        auto r = c.read_response();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, std::string("Hello, world!"));
    }
};
QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_http_server.moc"
