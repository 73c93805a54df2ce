// URL, Headers/MutableHeaders, QueryParams and State against Starlette's behaviour (the
// expected values were produced by Starlette 0.26 on Python 3.11).
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/datastructures/query_params.hpp>
#include <asgiscope/web/datastructures/state.hpp>
#include <asgiscope/web/datastructures/url.hpp>

#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;

namespace {

asgi::Scope httpScope(std::string path, asgi::Headers headers, std::optional<asgi::Address> server,
                      std::string scheme = "http", std::string query = {}) {
    asgi::Scope s;
    s.type = "http";
    s.scheme = std::move(scheme);
    s.path = std::move(path);
    s.query_string = std::move(query);
    s.headers = std::move(headers);
    s.server = std::move(server);
    return s;
}

std::vector<std::string> strings(const std::vector<std::string_view>& v) {
    return {v.begin(), v.end()};
}

}  // namespace

class TestDatastructures : public QObject {
    Q_OBJECT

private slots:
    void urlComponents() {
        const URL u("https://example.org:123/path/to/somewhere?abc=123#anchor");
        COMPARE_STR(u.scheme(), "https");
        COMPARE_STR(u.netloc(), "example.org:123");
        COMPARE_STR(u.path(), "/path/to/somewhere");
        COMPARE_STR(u.query(), "abc=123");
        COMPARE_STR(u.fragment(), "anchor");
        COMPARE_STR(u.hostname().value(), "example.org");
        QCOMPARE(u.port().value(), 123);
        QVERIFY(u.is_secure());
        QVERIFY(!u.username() && !u.password());

        const URL auth("https://user:pa:ss@Host.Example:80/");
        COMPARE_STR(auth.username().value(), "user");
        COMPARE_STR(auth.password().value(), "pa:ss");
        COMPARE_STR(auth.hostname().value(), "host.example");
        QCOMPARE(auth.port().value(), 80);

        const URL v6("http://[::1]:8080/x");
        COMPARE_STR(v6.hostname().value(), "::1");
        QCOMPARE(v6.port().value(), 8080);

        const URL relative("/path?x#f");
        QVERIFY(relative.scheme().empty() && relative.netloc().empty());
        COMPARE_STR(relative.path(), "/path");
        COMPARE_STR(relative.query(), "x");
        COMPARE_STR(relative.fragment(), "f");
        QVERIFY(!relative.hostname() && !relative.port());
    }

    // urlsplit's quirks: leading controls stripped, tabs/newlines dropped, scheme lower-cased,
    // "host:port/x" read as a scheme; the string itself is kept as given.
    void urlSplitQuirks() {
        const std::string raw = " \x01HTTP://Ex.org/a\tb\n?q=1";
        const URL u(raw);
        COMPARE_STR(u.scheme(), "http");
        COMPARE_STR(u.netloc(), "Ex.org");
        COMPARE_STR(u.path(), "/ab");
        COMPARE_STR(u.query(), "q=1");
        COMPARE_STR(u.str(), raw);

        const URL hostPort("localhost:8000/x");
        COMPARE_STR(hostPort.scheme(), "localhost");
        COMPARE_STR(hostPort.netloc(), "");
        COMPARE_STR(hostPort.path(), "8000/x");

        const URL mail("mailto:a@b");
        COMPARE_STR(mail.path(), "a@b");
        COMPARE_STR(mail.replace({.scheme = "http"}).str(), "http:///a@b");
    }

    void urlBadPortAndBrackets() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)URL("http://a:xx/").port());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)URL("http://a:70000/").port());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, URL("http://[::1/"));
    }

    void urlReplace() {
        const URL u("https://example.org:123/path/to/somewhere?abc=123#anchor");
        COMPARE_STR(u.replace({.scheme = "http"}).str(), "http://example.org:123/path/to/somewhere?abc=123#anchor");
        COMPARE_STR(u.replace({.port = URL::no_port}).str(), "https://example.org/path/to/somewhere?abc=123#anchor");
        COMPARE_STR(u.replace({.hostname = "Foo.com"}).str(), "https://Foo.com:123/path/to/somewhere?abc=123#anchor");
        COMPARE_STR(u.replace({.username = "bob", .password = "pw"}).str(),
                    "https://bob:pw@example.org:123/path/to/somewhere?abc=123#anchor");
        COMPARE_STR(u.replace({.netloc = "x.org", .path = "/p", .query = "", .fragment = ""}).str(), "https://x.org/p");
        const URL v6("http://[::1]:8080/x");
        COMPARE_STR(v6.replace({.port = 9000}).str(), "http://[::1]:9000/x");
        COMPARE_STR(v6.replace({.hostname = "h"}).str(), "http://h:8080/x");
    }

    void urlQueryParamHelpers() {
        const URL u("http://a/p?x=1&y=2&x=3");
        COMPARE_STR(u.include_query_params({{"x", "9"}, {"z", "a b"}}).str(), "http://a/p?y=2&x=9&z=a+b");
        COMPARE_STR(URL("http://a/p?x=1&y=2&x=3&z=%20").remove_query_params({"x"}).str(), "http://a/p?y=2&z=+");
        COMPARE_STR(URL("http://a/p?x=1").replace_query_params({{"k", "v/\xc3\xa9"}, {"j", ""}}).str(),
                    "http://a/p?k=v%2F%C3%A9&j=");
    }

    void urlFromComponents() {
        COMPARE_STR(URL::from_components({.scheme = "https", .netloc = "h", .path = "p"}).str(), "https://h/p");
        COMPARE_STR(URL::from_components({.scheme = "http", .path = "/x"}).str(), "http:///x");
        COMPARE_STR(URL::from_components({.scheme = "mailto", .path = "a@b"}).str(), "mailto:a@b");
    }

    void urlFromScope() {
        COMPARE_STR(URL::from_scope(httpScope("/p", {{"host", "example.org:8000"}}, std::nullopt, "http", "a=1")).str(),
                    "http://example.org:8000/p?a=1");
        // A Host header that is not a host falls back to the server address.
        COMPARE_STR(URL::from_scope(httpScope("/p", {{"host", "evil.com/x"}}, asgi::Address{"127.0.0.1", 80})).str(),
                    "http://127.0.0.1/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {{"host", "[::1]:99"}}, std::nullopt)).str(), "http://[::1]:99/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {{"host", "[zz]"}}, asgi::Address{"10.0.0.1", 8080})).str(),
                    "http://10.0.0.1:8080/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {{"host", ""}}, asgi::Address{"h", 81})).str(), "http://h:81/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {{"host", "a:"}}, asgi::Address{"h", 81})).str(), "http://h:81/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {}, asgi::Address{"h", 443}, "https")).str(), "https://h/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {}, asgi::Address{"h", 80}, "wss")).str(), "wss://h:80/p");
        COMPARE_STR(URL::from_scope(httpScope("/p", {}, std::nullopt, "http", "q=1")).str(), "/p?q=1");
    }

    void urlPathAbsolute() {
        COMPARE_STR(URLPath("/users/1", "http").make_absolute_url(URL("https://ex.org/root/")).str(),
                    "https://ex.org/root/users/1");
        COMPARE_STR(URLPath("/ws", "websocket").make_absolute_url(URL("http://ex.org")).str(), "ws://ex.org/ws");
        COMPARE_STR(URLPath("/p", "", "other.org").make_absolute_url(URL("http://ex.org:8/")).str(), "http://other.org/p");
    }

    void queryParamsLookups() {
        const QueryParams q("a=123&a=456&b=789");
        COMPARE_STR(q["a"], "456");  // the last value, as a dict built from the pairs
        QVERIFY(strings(q.getlist("a")) == (std::vector<std::string>{"123", "456"}));
        QVERIFY(strings(q.keys()) == (std::vector<std::string>{"a", "b"}));
        QVERIFY(strings(q.values()) == (std::vector<std::string>{"456", "789"}));
        QCOMPARE(q.items().size(), std::size_t(2));
        COMPARE_STR(q.items()[0].second, "456");
        QCOMPARE(q.size(), std::size_t(2));
        COMPARE_STR(q.str(), "a=123&a=456&b=789");
        QVERIFY(!q.get("zz"));
        COMPARE_STR(q.get("zz", "dflt"), "dflt");
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)q["zz"]);
        QVERIFY(q.contains("b") && !q.contains("B"));
    }

    void queryParamsDecoding() {
        const QueryParams q("a=1&&b=&c&d=%E4%BD%A0+x&e=%zz&f=%C3&g=%E2%82&h=%F0%80%80x&=v&i=a%2Bb+c&%41=1");
        const StringPairs expected{{"a", "1"},
                                   {"b", ""},
                                   {"c", ""},
                                   {"d", "\xe4\xbd\xa0 x"},
                                   {"e", "%zz"},
                                   {"f", "\xef\xbf\xbd"},
                                   {"g", "\xef\xbf\xbd"},
                                   {"h", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx"},
                                   {"", "v"},
                                   {"i", "a+b c"},
                                   {"A", "1"}};
        QCOMPARE(q.multi_items().size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            COMPARE_STR(q.multi_items()[i].first, expected[i].first);
            COMPARE_STR(q.multi_items()[i].second, expected[i].second);
        }
        COMPARE_STR((QueryParams{{"k y", "v&=/~\xc3\xa9"}}.str()), "k+y=v%26%3D%2F~%C3%A9");
    }

    void queryParamsEquality() {
        QVERIFY(QueryParams("a=1&b=2") == QueryParams("b=2&a=1"));
        QVERIFY(QueryParams("a=1&a=2") == QueryParams("a=2&a=1"));
        QVERIFY(!(QueryParams("a=1") == QueryParams("a=1&a=1")));
    }

    void headersLookups() {
        const asgi::Headers raw{{"content-type", "text/plain"}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}};
        const Headers h = Headers::view(raw);
        COMPARE_STR(h["Content-Type"], "text/plain");
        COMPARE_STR(h.get("SET-COOKIE").value(), "a=1");
        QVERIFY(strings(h.getlist("set-cookie")) == (std::vector<std::string>{"a=1", "b=2"}));
        QVERIFY(strings(h.keys()) == (std::vector<std::string>{"content-type", "set-cookie", "set-cookie"}));
        QCOMPARE(h.size(), std::size_t(3));
        QVERIFY(h.contains("Set-Cookie") && !h.contains("x"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)h["x"]);
        COMPARE_STR(h.get("x", "none"), "none");
        // A view follows its list; a copy of a view still views; a mutable copy owns.
        QCOMPARE(&h.raw(), &raw);
        const Headers copy = h;
        QCOMPARE(&copy.raw(), &raw);
        MutableHeaders own = h.mutablecopy();
        own.set("content-type", "text/html");
        COMPARE_STR(h["content-type"], "text/plain");
        COMPARE_STR(own["content-type"], "text/html");
        // The mapping form lower-cases names; equality ignores order.
        const Headers mapping{{"X-A", "1"}, {"X-B", "2"}};
        COMPARE_STR(mapping.raw()[0].first, "x-a");
        QVERIFY(mapping == (Headers{{"x-b", "2"}, {"x-a", "1"}}));
        QVERIFY(!(mapping == (Headers{{"x-b", "2"}})));
    }

    void headersOwningCopiesAreIndependent() {
        Headers a(asgi::Headers{{"x", "1"}});
        Headers b = a;
        QVERIFY(&b.raw() != &a.raw());
        Headers c = std::move(b);
        COMPARE_STR(c["x"], "1");
        MutableHeaders m(asgi::Headers{{"x", "1"}});
        MutableHeaders n = m;
        n.set("x", "2");
        COMPARE_STR(m["x"], "1");
        COMPARE_STR(n["x"], "2");
    }

    void mutableHeadersEdits() {
        asgi::Headers raw{{"a", "1"}, {"b", "2"}, {"a", "3"}};
        MutableHeaders h = MutableHeaders::view(raw);
        h.set("A", "x");
        QVERIFY(raw == (asgi::Headers{{"a", "x"}, {"b", "2"}}));
        h.append("C", "y");
        h.erase("b");
        QVERIFY(raw == (asgi::Headers{{"a", "x"}, {"c", "y"}}));
        COMPARE_STR(h.setdefault("c", "z"), "y");
        COMPARE_STR(h.setdefault("d", "w"), "w");
        h.add_vary_header("Origin");
        h.add_vary_header("Accept");
        QVERIFY(raw == (asgi::Headers{{"a", "x"}, {"c", "y"}, {"d", "w"}, {"vary", "Origin, Accept"}}));
        h.update({{"A", "new"}, {"e", "5"}});
        COMPARE_STR(raw[0].second, "new");
        COMPARE_STR(raw.back().first, "e");
    }

    void stateValues() {
        State state;
        state.set("count", 3);
        state.set("name", std::string("db"));
        QCOMPARE(state.get<int>("count"), 3);
        state.get<int>("count") += 1;
        QCOMPARE(state.get<int>("count"), 4);
        QVERIFY(state.get_if<std::string>("name") != nullptr);
        QVERIFY(state.get_if<int>("name") == nullptr);
        QVERIFY(state.get_if<int>("missing") == nullptr);
        QVERIFY_THROWS_EXCEPTION(std::bad_any_cast, (void)state.get<double>("count"));
        try {
            (void)state.get<int>("missing");
            QFAIL("no exception");
        } catch (const std::out_of_range& e) {
            COMPARE_STR(e.what(), "'State' object has no attribute 'missing'");
        }
        state.erase("count");
        QVERIFY(!state.contains("count"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, state.erase("count"));
        // A State over a scope's map shares it.
        auto map = std::make_shared<asgi::State>();
        State shared(map);
        shared.set("k", true);
        QVERIFY(map->count("k") == 1);
        QVERIFY(State(nullptr).shared() != nullptr);
    }
};

QTEST_APPLESS_MAIN(TestDatastructures)
#include "test_datastructures.moc"
