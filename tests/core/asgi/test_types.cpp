// Bytes, find_header and type_name from the ASGI contract.
#include <asgiscope/asgi/types.hpp>

#include <QtTest/QtTest>

#include <string>

using namespace asgiscope::asgi;

class TestAsgiTypes : public QObject {
    Q_OBJECT

private slots:
    void bytesDefaultIsEmpty() {
        Bytes b;
        QVERIFY(b.empty());
        QCOMPARE(b.size(), std::size_t(0));
        QCOMPARE(b.str(), std::string());
        QVERIFY(b == Bytes::copy(""));
    }

    void bytesTakesOwnership() {
        std::string s(1000, 'x');
        const char* original = s.data();
        Bytes b(std::move(s));
        QVERIFY(b.data() == original);  // moved, not copied
        QCOMPARE(b.size(), std::size_t(1000));
    }

    void bytesCopyOwnsItsStorage() {
        std::string s = "hello";
        Bytes b = Bytes::copy(s);
        QVERIFY(b.data() != s.data());
        s[0] = 'j';
        QCOMPARE(b.view(), std::string_view("hello"));
    }

    void bytesCopiesShareStorage() {
        Bytes a = Bytes::copy("shared body");
        Bytes b = a;
        QVERIFY(b.data() == a.data());
        a = Bytes();  // the copy keeps the storage alive
        QCOMPARE(b.view(), std::string_view("shared body"));
    }

    void bytesSliceSharesStorage() {
        Bytes whole = Bytes::copy("0123456789");
        Bytes part = whole.slice(2, 3);
        QCOMPARE(part.view(), std::string_view("234"));
        QVERIFY(part.data() == whole.data() + 2);
        QCOMPARE(whole.slice(7).view(), std::string_view("789"));
        QVERIFY(whole.slice(20).empty());            // clamped
        QCOMPARE(whole.slice(8, 100).view(), std::string_view("89"));
        whole = Bytes();  // the slice keeps the storage alive
        QCOMPARE(part.view(), std::string_view("234"));
    }

    void bytesFromStaticDoesNotCopy() {
        static constexpr std::string_view literal = "static text";
        Bytes b = Bytes::from_static(literal);
        QVERIFY(b.data() == literal.data());
        QCOMPARE(b.size(), literal.size());
        QVERIFY(b.slice(7).data() == literal.data() + 7);
    }

    void bytesEqualityComparesContent() {
        QVERIFY(Bytes::copy("abc") == Bytes::from_static("abc"));
        QVERIFY(Bytes::copy("abc") == Bytes::copy("xabcx").slice(1, 3));
        QVERIFY(!(Bytes::copy("abc") == Bytes::copy("abd")));
        QVERIFY(!(Bytes::copy("abc") == Bytes::copy("ab")));
        QVERIFY(Bytes::copy(std::string("a\0b", 3)) == Bytes::copy(std::string("a\0b", 3)));
    }

    void findHeaderIsCaseInsensitive() {
        Headers h{{"content-type", "text/plain"}, {"x-custom", "1"}};
        QCOMPARE(find_header(h, "Content-Type").value(), std::string_view("text/plain"));
        QCOMPARE(find_header(h, "X-CUSTOM").value(), std::string_view("1"));
        QVERIFY(!find_header(h, "content-length").has_value());
        QVERIFY(!find_header(h, "content-typ").has_value());
        QVERIFY(!find_header({}, "a").has_value());
    }

    void findHeaderReturnsFirstDuplicate() {
        Headers h{{"set-cookie", "a=1"}, {"Set-Cookie", "b=2"}, {"set-cookie", "c=3"}};
        QCOMPARE(find_header(h, "set-cookie").value(), std::string_view("a=1"));
    }

    void typeNames() {
        QCOMPARE(type_name(HttpRequest{}), std::string_view("http.request"));
        QCOMPARE(type_name(HttpResponseStart{}), std::string_view("http.response.start"));
        QCOMPARE(type_name(WebSocketSend{}), std::string_view("websocket.send"));
        QCOMPARE(type_name(WebSocketHttpResponseBody{}),
                 std::string_view("websocket.http.response.body"));
        QCOMPARE(type_name(LifespanShutdownFailed{}), std::string_view("lifespan.shutdown.failed"));
        Message m = WebSocketClose{};
        QCOMPARE(type_name(m), std::string_view("websocket.close"));
    }
};

QTEST_APPLESS_MAIN(TestAsgiTypes)
#include "test_types.moc"
