// `--app LIB`: the asgiscope executable loads a user's app from a plugin (examples/plugin_app)
// for serve and the inspect commands, and refuses broken plugins with one line naming the
// file and exit status 2.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <boost/json.hpp>

#include "serve_process.hpp"
#include "test_support.hpp"

using asgiscope::testing::free_port;
using asgiscope::testing::run_process;
using asgiscope::testing::ServeProcess;
namespace json = boost::json;

namespace {

QString binary() { return asgiscope::testing::asgiscope_binary(); }

asgiscope::testing::ProcessResult run(const QStringList& args) {
    return run_process(binary(), args, std::chrono::seconds(30));
}

asgiscope::testing::ProcessResult curl(const QStringList& args) {
    return run_process("curl", QStringList{"-sS", "--max-time", "10"} + args);
}

}  // namespace

class TestPluginCli : public QObject {
    Q_OBJECT
private slots:
    void routesOfThePluginApp() {
        const auto r = run({"routes", "--app", PLUGIN_APP});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        for (auto text : {"hello", "books", "add_book", "POST", "/books/{id:int}", "book", "api",
                          "/api/{path:path}", "api:version", "/api/version"})
            QVERIFY2(r.out.contains(text), text);
        // The demo's routes are not there: this is the plugin's app.
        QVERIFY(!r.out.contains("/plaintext"));

        const auto j = run({"routes", "--json", "--app", PLUGIN_APP});
        QCOMPARE(j.exit_code, 0);
        const json::array routes = json::parse(j.out.toStdString()).as_array();
        QCOMPARE(routes.size(), std::size_t(5));
        QCOMPARE(routes[3].at("name").as_string(), "book");
    }

    void otherInspectCommands() {
        const auto m = run({"middleware", "--app", PLUGIN_APP});
        QVERIFY2(m.exit_code == 0, qPrintable(m.err));
        QVERIFY2(m.out.contains("PoweredBy"), qPrintable(m.out));
        QVERIFY(m.out.indexOf("ServerErrorMiddleware") < m.out.indexOf("PoweredBy"));
        QVERIFY(m.out.indexOf("PoweredBy") < m.out.indexOf("ExceptionMiddleware"));

        const auto match = run({"match", "GET", "/books/2", "--app", PLUGIN_APP});
        QVERIFY2(match.exit_code == 0, qPrintable(match.err));
        QVERIFY2(match.out.contains("route 'book'") && match.out.contains("id=2"),
                 qPrintable(match.out));
        const auto method = run({"match", "DELETE", "/books", "--app", PLUGIN_APP});
        QVERIFY2(method.out.contains("405"), qPrintable(method.out));

        const auto url = run({"url-for", "api:version", "--app", PLUGIN_APP});
        QCOMPARE(url.exit_code, 0);
        QCOMPARE(url.out.trimmed(), QString("/api/version"));

        const auto openapi = run({"openapi", "--compact", "--app", PLUGIN_APP});
        QCOMPARE(openapi.exit_code, 0);
        const json::object doc = json::parse(openapi.out.toStdString()).as_object();
        QCOMPARE(doc.at("info").at("title").as_string(), "plugin_app.so");
        QVERIFY(doc.at("paths").as_object().contains("/books/{id}"));
    }

    void servesThePluginApp() {
        ServeProcess server({"--app", PLUGIN_APP});
        QVERIFY2(server.waitReady(), qPrintable(server.log()));
        const auto book = curl({"-i", server.url("/books/1")});
        QVERIFY2(book.exit_code == 0, qPrintable(book.err));
        QVERIFY2(book.out.startsWith("HTTP/1.1 200"), qPrintable(book.out));
        QVERIFY2(book.out.contains("x-powered-by: bookshelf"), qPrintable(book.out));
        QVERIFY(book.out.contains("{\"id\":1,\"title\":\"The C++ Programming Language\"}"));

        const auto missing =
            curl({"-s", "-o", "/dev/null", "-w", "%{http_code}", server.url("/books/9")});
        QCOMPARE(missing.out, QString("404"));
        const auto mounted = curl({server.url("/api/version")});
        QCOMPARE(mounted.out, QString("v1"));
        const auto added =
            curl({"-s", "-w", " %{http_code}", "-H", "content-type: application/json", "--data",
                  "{\"title\":\"new\"}", server.url("/books")});
        QCOMPARE(added.out, QString("{\"received\":{\"title\":\"new\"}} 201"));
        QCOMPARE(server.stop(), 0);
    }

    void servesABareApp() {
        ServeProcess server({"--app", PLUGIN_BARE});
        QVERIFY2(server.waitReady(), qPrintable(server.log()));
        const auto r = curl({server.url("/anything")});
        QCOMPARE(r.out, QString("bare app plugin_bare.so"));
        QCOMPARE(server.stop(), 0);
        // Servable, but there is nothing to describe.
        const auto routes = run({"routes", "--app", PLUGIN_BARE});
        QCOMPARE(routes.exit_code, 2);
        QVERIFY2(routes.err.contains("bare asgi::App, not a web::Starlette"),
                 qPrintable(routes.err));
    }

    void brokenPluginsAreRefused_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("plugin");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file") << "routes"
                                      << "/nonexistent/libnothing.so"
                                      << "no such file";
        QTest::newRow("text file named .so") << "routes"
                                             << "TEXT"
                                             << "not a shared library";
        QTest::newRow("directory") << "routes"
                                   << "DIR"
                                   << "is a directory";
        QTest::newRow("no entry symbol")
            << "routes" << PLUGIN_NO_ENTRY << "does not export asgiscope_plugin_entry";
        QTest::newRow("wrong ABI version")
            << "routes" << PLUGIN_WRONG_ABI << "plugin ABI version 999";
        QTest::newRow("wrong asgiscope version") << "middleware" << PLUGIN_WRONG_VERSION
                                                 << "built with asgiscope 0.0.1-elsewhere headers";
        QTest::newRow("wrong layout") << "match" << PLUGIN_WRONG_LAYOUT << "sizeof(asgi::Scope) is";
        QTest::newRow("factory throws")
            << "openapi" << PLUGIN_THROWS << "database 'books.db' is missing";
        QTest::newRow("factory returns nothing")
            << "url-for" << PLUGIN_EMPTY << "returned an empty app";
        QTest::newRow("serve, wrong ABI")
            << "serve" << PLUGIN_WRONG_ABI << "plugin ABI version 999";
        QTest::newRow("serve, factory throws") << "serve" << PLUGIN_THROWS << "the factory threw";
    }

    void brokenPluginsAreRefused() {
        QFETCH(QString, command);
        QFETCH(QString, plugin);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (plugin == "TEXT") {
            plugin = dir.filePath("libtext.so");
            QFile f(plugin);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not ELF\n");
        } else if (plugin == "DIR") {
            plugin = dir.path();
        }
        QStringList args{command};
        if (command == "match")
            args << "GET"
                 << "/";
        if (command == "url-for") args << "x";
        if (command == "serve") args << "--port" << QString::number(free_port());
        args << "--app" << plugin;
        const auto r = run(args);
        QVERIFY2(r.finished, "the command did not finish");
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        const QString line = r.err.trimmed();
        QVERIFY2(!line.contains('\n'), qPrintable(r.err));  // one line
        QVERIFY2(line.startsWith("asgiscope " + command + ": error: cannot load app from '"),
                 qPrintable(line));
        QVERIFY2(line.contains(plugin.mid(plugin.lastIndexOf('/') + 1)), qPrintable(line));
        QVERIFY2(line.contains(message), qPrintable(line));
    }

    void appOptionNeedsAValue() {
        const auto r = run({"routes", "--app"});
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains("Missing value"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestPluginCli)
#include "test_plugin_cli.moc"
