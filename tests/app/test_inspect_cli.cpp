// `asgiscope routes`, `middleware`, `match`, `url-for` and `openapi` as a user runs them: the
// real binary, its output and its exit codes (0, or 2 with one line on stderr).
#include <QtTest>

#include <boost/json.hpp>

#include <asgiscope/web/testclient.hpp>

#include "demo_app.hpp"
#include "test_support.hpp"

using asgiscope::testing::run_process;
namespace json = boost::json;

namespace {

QString binary() {
    return qEnvironmentVariable("ASGISCOPE_BIN");
}

asgiscope::testing::ProcessResult run(const QStringList& args) {
    return run_process(binary(), args, std::chrono::seconds(30));
}

json::value parse_json(const QString& text) {
    return json::parse(text.toStdString());
}

}  // namespace

class TestInspectCli : public QObject {
    Q_OBJECT
private slots:
    void helpListsTheCommands() {
        const auto r = run({"--help"});
        QCOMPARE(r.exit_code, 0);
        for (auto command : {"routes", "middleware", "match", "url-for", "openapi"})
            QVERIFY2(r.out.contains(command), command);
        for (auto command : {"routes", "middleware", "match", "url-for", "openapi"}) {
            const auto help = run({command, "--help"});
            QCOMPARE(help.exit_code, 0);
            QVERIFY2(help.out.contains("Usage:"), command);
        }
    }

    void routesTable() {
        const auto r = run({"routes"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.startsWith("NAME"), qPrintable(r.out));
        for (auto text : {"user", "GET|HEAD", "/users/{id:int}", "GET|POST|HEAD",
                          "/api/todos/{id:int}", "api:todo", "static", "/static/{path:path}",
                          "StaticFiles", "ws_echo", "websocket endpoint", "(not in schema)"})
            QVERIFY2(r.out.contains(text), text);
        // One line per route and mount, in the router's order.
        QVERIFY(r.out.indexOf("/plaintext") < r.out.indexOf("/users/{id:int}"));
        QVERIFY(r.out.indexOf("/api/todos/{id:int}") < r.out.indexOf("/ws/echo"));

        const auto j = run({"routes", "--json"});
        QCOMPARE(j.exit_code, 0);
        const json::array routes = parse_json(j.out).as_array();
        QVERIFY(routes.size() > 20);
        QVERIFY(routes[0].at("pattern").as_string() == "/");
    }

    void middlewareStack() {
        const auto r = run({"middleware"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(r.out.indexOf("ServerErrorMiddleware") < r.out.indexOf("CORSMiddleware"));
        QVERIFY(r.out.indexOf("CORSMiddleware") < r.out.indexOf("GZipMiddleware"));
        QVERIFY(r.out.indexOf("SessionMiddleware") < r.out.indexOf("ExceptionMiddleware"));
        QVERIFY(r.out.indexOf("ExceptionMiddleware") < r.out.indexOf("Router"));
        for (auto text : {"allow_origins: [\"*\"]", "minimum_size: 500", "secret_key: \"<hidden>\"",
                          "exception handlers: HTTPException (default)", "redirect_slashes: true"})
            QVERIFY2(r.out.contains(text), text);
        const auto j = run({"middleware", "--json"});
        QCOMPARE(j.exit_code, 0);
        const json::array layers = parse_json(j.out).as_array();
        QCOMPARE(layers.size(), std::size_t(6));
        QVERIFY(layers[3].at("options").at("secret_key").as_string() == "<hidden>");
    }

    void matchExplains_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("endpoint") << QStringList{"GET", "/users/7"}
                                  << QStringList{"GET /users/7 -> endpoint 'user' (id=7)", "FULL",
                                                 "path and method match"};
        QTest::newRow("convertor")
            << QStringList{"GET", "/users/abc"}
            << QStringList{"404 Not Found", "convertor int rejected 'abc' for {id}"};
        QTest::newRow("405") << QStringList{"POST", "/plaintext"}
                             << QStringList{"405 Method Not Allowed (Allow: GET, HEAD)", "PARTIAL",
                                            "path matched but method POST not in GET, HEAD"};
        QTest::newRow("307") << QStringList{"GET", "/plaintext/"}
                             << QStringList{"307 Temporary Redirect to http://localhost/plaintext"};
        QTest::newRow("host header")
            << QStringList{"GET", "/plaintext/", "-H", "Host: example.org:8080"}
            << QStringList{"to http://example.org:8080/plaintext"};
        QTest::newRow("mount") << QStringList{"DELETE", "/api/todos/3"}
                               << QStringList{"endpoint 'api:todo' (id=3)",
                                              "(path '/todos/3', root_path '/api')", "21.2"};
        QTest::newRow("websocket")
            << QStringList{"WS", "/ws/echo"} << QStringList{"websocket endpoint 'ws_echo'"};
        QTest::newRow("websocket none")
            << QStringList{"WS", "/ws/nope"} << QStringList{"websocket close 1000"};
        QTest::newRow("static") << QStringList{"GET", "/static/style.css"}
                                << QStringList{"the app mounted at /static with path '/style.css'"};
        QTest::newRow("root path") << QStringList{"GET", "/users/1", "--root-path", "/app"}
                                   << QStringList{"path '/app/users/1'", "endpoint 'user'"};
    }
    void matchExplains() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, expected);
        const auto r = run(QStringList{"match"} + args);
        QCOMPARE(r.exit_code, 0);
        for (const auto& text : expected)
            QVERIFY2(r.out.contains(text), qPrintable(text + "\n" + r.out));
    }

    void matchJson() {
        const auto r = run({"match", "--json", "GET", "/users/abc"});
        QCOMPARE(r.exit_code, 0);
        const json::object o = parse_json(r.out).as_object();
        QVERIFY(o.at("outcome").at("kind").as_string() == "404");
        QVERIFY(o.at("outcome").at("status_code").as_int64() == 404);
        const json::array routes = o.at("router").at("routes").as_array();
        bool seen = false;
        for (const auto& route : routes)
            if (route.at("pattern").as_string() == "/users/{id:int}") {
                seen = true;
                QVERIFY(route.at("match").as_string() == "NONE");
                QVERIFY(route.at("reason").as_string() ==
                        "path does not match: convertor int rejected 'abc' for {id}");
            }
        QVERIFY(seen);
    }

    void urlFor() {
        auto r = run({"url-for", "user", "id=7"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QString("/users/7\n"));
        r = run({"url-for", "static", "path=/style.css"});
        QCOMPARE(r.out, QString("/static/style.css\n"));
        r = run({"url-for", "--json", "ws_echo"});
        QVERIFY(parse_json(r.out).at("protocol").as_string() == "websocket");
    }

    void openapiIsTheDemosDocument() {
        const auto r = run({"openapi"});
        QCOMPARE(r.exit_code, 0);
        const json::value printed = parse_json(r.out);
        QVERIFY(printed.at("paths").as_object().contains("/users/{id}"));
        // The same document the demo serves at /openapi.json.
        asgiscope::web::TestClient client(asgiscope::demo::make_demo_app({.secret_key = "k"}));
        asgiscope::web::RequestOptions identity;
        identity.headers = {{"accept-encoding", "identity"}};  // the client does not gunzip
        QCOMPARE(printed, client.get("/openapi.json", identity).json());
        const auto compact = run({"openapi", "--compact"});
        QCOMPARE(compact.out.count('\n'), qsizetype(1));
        QCOMPARE(parse_json(compact.out), printed);
    }

    void badArgumentsGiveOneLineErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("routes extra")
            << QStringList{"routes", "extra"} << "unexpected argument 'extra'";
        QTest::newRow("routes flag")
            << QStringList{"routes", "--bogus"} << "Unknown option 'bogus'";
        QTest::newRow("middleware extra")
            << QStringList{"middleware", "x"} << "unexpected argument";
        QTest::newRow("match nothing") << QStringList{"match"} << "expected METHOD and URL";
        QTest::newRow("match one") << QStringList{"match", "GET"} << "expected METHOD and URL";
        QTest::newRow("match relative")
            << QStringList{"match", "GET", "users"} << "must start with '/'";
        QTest::newRow("match method") << QStringList{"match", "G@T", "/"} << "method must be";
        QTest::newRow("match header")
            << QStringList{"match", "-H", "novalue", "GET", "/"} << "Name: value";
        QTest::newRow("match missing value")
            << QStringList{"match", "GET", "/", "-H"} << "Missing value";
        QTest::newRow("match root path")
            << QStringList{"match", "GET", "/", "--root-path", "app"} << "root path";
        QTest::newRow("url-for nothing") << QStringList{"url-for"} << "expected a route NAME";
        QTest::newRow("url-for unknown")
            << QStringList{"url-for", "nope"} << "no route is named 'nope'";
        QTest::newRow("url-for params") << QStringList{"url-for", "user"} << "takes id:int";
        QTest::newRow("url-for bad param") << QStringList{"url-for", "user", "7"} << "name=value";
        QTest::newRow("url-for convertor")
            << QStringList{"url-for", "user", "id=x"} << "convertor int rejected 'x'";
        QTest::newRow("openapi extra") << QStringList{"openapi", "x"} << "unexpected argument";
    }
    void badArgumentsGiveOneLineErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = run(args);
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(r.err.startsWith("asgiscope "), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), qsizetype(1));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestInspectCli)
#include "test_inspect_cli.moc"
