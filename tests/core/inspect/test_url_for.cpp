// url_for(): names resolved through url_path_for, text parameters converted, and failures
// that say which names exist and which parameters the route takes.
#include <asgiscope/inspect/url_for.hpp>

#include <QtTest/QtTest>

#include "demo_app.hpp"
#include "inspect_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;

class TestUrlFor : public QObject {
    Q_OBJECT
private slots:
    void resolves() {
        const Starlette app = testing::make_nested_app();
        inspect::UrlForResult r = inspect::url_for(app, "user", {{"id", std::int64_t(7)}});
        QVERIFY2(r.ok, r.error.c_str());
        COMPARE_STR(r.path, "/users/7");
        COMPARE_STR(r.protocol, "http");
        // Text from a command line is converted by the parameter's convertor first.
        r = inspect::url_for(app, "user", {{"id", std::string("8")}});
        QVERIFY2(r.ok, r.error.c_str());
        COMPARE_STR(r.path, "/users/8");
        r = inspect::url_for(app, "api:admin:stats");
        COMPARE_STR(r.path, "/api/admin/stats");
        r = inspect::url_for(app, "api:thing",
                             {{"version", std::string("2")},
                              {"id", std::string("3fa85f64-5717-4562-b3fc-2c963f66afa6")}});
        QVERIFY2(r.ok, r.error.c_str());
        COMPARE_STR(r.path, "/api/v2/things/3fa85f64-5717-4562-b3fc-2c963f66afa6");
        r = inspect::url_for(app, "ws", {{"room", std::string("lobby")}});
        COMPARE_STR(r.path, "/ws/lobby");
        COMPARE_STR(r.protocol, "websocket");
        r = inspect::url_for(app, "sub:home", {{"sub", std::string("shop")}});
        QVERIFY2(r.ok, r.error.c_str());
        COMPARE_STR(r.host, "shop.example.org");
        r = inspect::url_for(app, "raw", {{"path", std::string("/x/y")}});
        COMPARE_STR(r.path, "/raw/x/y");
        // The same answers as url_path_for.
        COMPARE_STR(inspect::url_for(app, "file", {{"rest", std::string("a/b")}}).path,
                    app.url_path_for("file", {{"rest", std::string("a/b")}}).path);
    }

    void unknownNameListsTheNames() {
        const Starlette app = testing::make_nested_app();
        const inspect::UrlForResult r = inspect::url_for(app, "usr");
        QVERIFY(!r.ok);
        QVERIFY(r.candidates.empty());
        QVERIFY2(r.error.find("no route is named 'usr'") != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("user, user_by_name") != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("api:admin:stats") != std::string::npos, r.error.c_str());
    }

    void wrongParametersSayWhatTheRouteTakes() {
        const Starlette app = testing::make_nested_app();
        inspect::UrlForResult r = inspect::url_for(app, "user", {{"idx", std::int64_t(1)}});
        QVERIFY(!r.ok);
        QCOMPARE(r.candidates.size(), std::size_t(1));
        COMPARE_STR(
            r.error,
            "route 'user' (/users/{id:int} takes id:int) cannot be built from parameters idx");
        r = inspect::url_for(app, "user");
        COMPARE_STR(
            r.error,
            "route 'user' (/users/{id:int} takes id:int) cannot be built from no parameters");
        r = inspect::url_for(app, "user", {{"id", std::string("seven")}});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("convertor int rejected 'seven' for {id}") != std::string::npos,
                 r.error.c_str());
        r = inspect::url_for(app, "api:thing", {{"version", std::int64_t(1)}});
        QVERIFY2(r.error.find("takes version:int, id:uuid") != std::string::npos, r.error.c_str());
    }

    void namedRoutes() {
        const auto names =
            inspect::named_routes(demo::make_demo_application({.secret_key = "k"}).routes());
        bool found = false;
        for (const auto& n : names)
            if (n.name == "api:todo") {
                found = true;
                COMPARE_STR(n.pattern, "/api/todos/{id:int}");
                QCOMPARE(n.params, std::vector<std::string>{"id:int"});
            }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestUrlFor)
#include "test_url_for.moc"
