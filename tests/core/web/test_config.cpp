// Config against Starlette's tests/test_config.py: values from the environment and a .env
// file, casts (bool, int, float, URL, Secret, CommaSeparatedStrings) and their errors, the
// missing-key error, the missing-file warning, env_prefix, UTF-8 values, FIFOs, and Environ's
// refusal to change what was read.
#include <asgiscope/web.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;

namespace {

std::filesystem::path write_file(const QTemporaryDir& dir, const char* name, std::string_view text) {
    const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    return path;
}

template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no exception";
}

}  // namespace

class TestConfig : public QObject {
    Q_OBJECT

private slots:
    void config() {
        QTemporaryDir dir;
        const auto path = write_file(dir, ".env",
                                     "# Do not commit to source control\n"
                                     "DATABASE_URL=postgres://user:pass@localhost/dbname\n"
                                     "REQUEST_HOSTNAME=example.com\n"
                                     "SECRET_KEY=12345\n"
                                     "BOOL_AS_INT=0\n"
                                     "\n\n");
        Config config({.env_file = path, .environ = std::map<std::string, std::string, std::less<>>{{"DEBUG", "true"}}});

        QCOMPARE(config.get<bool>("DEBUG"), true);
        const URL database_url = config.get<URL>("DATABASE_URL");
        COMPARE_STR(database_url.path(), "/dbname");
        COMPARE_STR(database_url.password().value_or(""), "pass");
        COMPARE_STR(database_url.username().value_or(""), "user");
        QCOMPARE(config.get<int>("REQUEST_TIMEOUT", 10), 10);
        COMPARE_STR(config("REQUEST_HOSTNAME"), "example.com");
        QVERIFY(!config.get_optional("MAIL_HOSTNAME"));
        const Secret secret = config.get<Secret>("SECRET_KEY");
        COMPARE_STR(secret.repr(), "Secret('**********')");
        std::ostringstream printed;
        printed << secret;
        COMPARE_STR(printed.str(), "Secret('**********')");
        COMPARE_STR(secret.str(), "12345");
        QVERIFY(bool(secret));
        QVERIFY(!bool(config.get<Secret>("EMPTY_SECRET", Secret(""))));
        QVERIFY(!config.get_optional<Secret>("UNSET_SECRET"));
        QCOMPARE(config.get<bool>("BOOL_AS_INT"), false);
        QCOMPARE(config.get<int>("BOOL_AS_INT"), 0);
        QCOMPARE(config.get<bool>("DEFAULTED_BOOL", true), true);
        COMPARE_STR(config("MISSING", "fallback"), "fallback");

        COMPARE_STR(error_of([&] { config.get("MISSING"); }), "Config 'MISSING' is missing, and has no default.");
        QVERIFY_THROWS_EXCEPTION(ConfigKeyError, config.get("MISSING"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, config("MISSING"));
        COMPARE_STR(error_of([&] { config.get<int>("DEBUG"); }), "Config 'DEBUG' has value 'true'. Not a valid int.");
        QVERIFY_THROWS_EXCEPTION(ConfigValueError, config.get<int>("DEBUG"));
        COMPARE_STR(error_of([&] { config.get<bool>("REQUEST_HOSTNAME"); }),
                    "Config 'REQUEST_HOSTNAME' has value 'example.com'. Not a valid bool.");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, config.get<bool>("REQUEST_HOSTNAME"));

        // A path alone, over the process environment.
        Config from_path(path);
        COMPARE_STR(from_path("REQUEST_HOSTNAME"), "example.com");
    }

    void processEnvironment() {
        ::setenv("ASGISCOPE_EXAMPLE_TEST", "123", 1);
        ::setenv("ASGISCOPE_BOOL_AS_INT", "1", 1);
        ::setenv("ASGISCOPE_BAD_BOOL", "2", 1);
        Config config;
        QCOMPARE(config.get<int>("ASGISCOPE_EXAMPLE_TEST"), 123);
        QCOMPARE(config.get<bool>("ASGISCOPE_BOOL_AS_INT"), true);
        QVERIFY_THROWS_EXCEPTION(ConfigValueError, config.get<bool>("ASGISCOPE_BAD_BOOL"));
        // The environment wins over the file.
        QTemporaryDir dir;
        const auto path = write_file(dir, ".env", "ASGISCOPE_EXAMPLE_TEST=456\nONLY_IN_FILE=yes\n");
        Config both(path);
        QCOMPARE(both.get<int>("ASGISCOPE_EXAMPLE_TEST"), 123);
        COMPARE_STR(both("ONLY_IN_FILE"), "yes");
    }

    void casts() {
        Config config({.environ = std::map<std::string, std::string, std::less<>>{
                           {"T", "TRUE"}, {"F", "False"}, {"N", " -42 "}, {"BIG", "1_000_000"}, {"X", "1.5"},
                           {"E", "1e3"}, {"INF", "-inf"}, {"BAD", "1.5x"}, {"LIST", "a, b,'c, d' , \"e\""},
                           {"HUGE", "99999999999999999999"}}});
        QCOMPARE(config.get<bool>("T"), true);
        QCOMPARE(config.get<bool>("F"), false);
        QCOMPARE(config.get<int>("N"), -42);
        QCOMPARE(config.get<long>("BIG"), 1000000L);
        QCOMPARE(config.get<double>("X"), 1.5);
        QCOMPARE(config.get<double>("E"), 1000.0);
        QVERIFY(std::isinf(config.get<double>("INF")));
        QCOMPARE(config.get<std::string>("X"), std::string("1.5"));
        COMPARE_STR(error_of([&] { config.get<int>("X"); }), "Config 'X' has value '1.5'. Not a valid int.");
        COMPARE_STR(error_of([&] { config.get<double>("BAD"); }), "Config 'BAD' has value '1.5x'. Not a valid float.");
        COMPARE_STR(error_of([&] { config.get<unsigned>("N"); }), "Config 'N' has value ' -42 '. Not a valid int.");
        COMPARE_STR(error_of([&] { config.get<std::int64_t>("HUGE"); }),
                    "Config 'HUGE' has value '99999999999999999999'. Not a valid int.");
        QVERIFY_THROWS_EXCEPTION(ConfigValueError, config.get<std::int8_t>("BIG"));
        const auto list = config.get<CommaSeparatedStrings>("LIST");
        QCOMPARE(list.items(), (std::vector<std::string>{"a", "b", "c, d", "e"}));
        COMPARE_STR(list.repr(), "CommaSeparatedStrings(['a', 'b', 'c, d', 'e'])");
        COMPARE_STR(list.str(), "'a', 'b', 'c, d', 'e'");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CommaSeparatedStrings("'open"));
        QCOMPARE(CommaSeparatedStrings("").size(), std::size_t(0));
        QCOMPARE(CommaSeparatedStrings(std::vector<std::string>{"x"}).items(), std::vector<std::string>{"x"});
    }

    void fileParsing() {
        QTemporaryDir dir;
        const auto path = write_file(dir, ".env",
                                     "  SPACED  =  value with spaces  \r\n"
                                     "QUOTED=\"double\"\n"
                                     "SINGLE='single'\n"
                                     "MIXED=\"'both'\"\n"
                                     "EQUALS=a=b=c\n"
                                     "#COMMENTED=1\n"
                                     "  # INDENTED_COMMENT=1\n"
                                     "NO_EQUALS_LINE\n"
                                     "EMPTY=\n"
                                     "MESSAGE=Hello \xe4\xb8\x96\xe7\x95\x8c\r"
                                     "LAST=no newline");
        Config config({.env_file = path, .environ = std::map<std::string, std::string, std::less<>>{}});
        COMPARE_STR(config("SPACED"), "value with spaces");
        COMPARE_STR(config("QUOTED"), "double");
        COMPARE_STR(config("SINGLE"), "single");
        COMPARE_STR(config("MIXED"), "both");
        COMPARE_STR(config("EQUALS"), "a=b=c");
        COMPARE_STR(config("EMPTY"), "");
        COMPARE_STR(config("MESSAGE"), "Hello \xe4\xb8\x96\xe7\x95\x8c");
        COMPARE_STR(config("LAST"), "no newline");
        QVERIFY(!config.get_optional("COMMENTED"));
        QVERIFY(!config.get_optional("# INDENTED_COMMENT"));
        QVERIFY(!config.get_optional("NO_EQUALS_LINE"));
        QCOMPARE(config.file_values().size(), std::size_t(8));
    }

    void missingEnvFileWarns() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/.env";
        Config config({.env_file = path});
        QCOMPARE(config.warnings().size(), std::size_t(1));
        COMPARE_STR(config.warnings().front(), "Config file '" + path + "' not found.");
        QVERIFY(config.file_values().empty());
        Config directory({.env_file = dir.path().toStdString()});  // a directory is no file either
        QCOMPARE(directory.warnings().size(), std::size_t(1));
    }

    void envPrefix() {
        Config config({.environ = std::map<std::string, std::string, std::less<>>{{"APP_DEBUG", "value"}, {"ENVIRONMENT", "dev"}},
                       .env_prefix = "APP_"});
        COMPARE_STR(config.get("DEBUG"), "value");
        QVERIFY_THROWS_EXCEPTION(ConfigKeyError, config.get("ENVIRONMENT"));
        COMPARE_STR(error_of([&] { config.get("ENVIRONMENT"); }), "Config 'APP_ENVIRONMENT' is missing, and has no default.");
    }

    void fifo() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/.env";
        QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        std::thread writer([path] {
            std::ofstream out(path);
            out << "TEST=true";
        });
        Config config({.env_file = path, .environ = std::map<std::string, std::string, std::less<>>{}});
        writer.join();
        COMPARE_STR(config.get("TEST"), "true");
    }

    void environGuardsReadKeys() {
        Environ env(std::map<std::string, std::string, std::less<>>{});
        // It can change before anything is read ...
        env.set("TESTING", "True");
        env.set("GONE", "123");
        env.erase("GONE");
        // ... and be read ...
        COMPARE_STR(env["TESTING"], "True");
        QVERIFY(!env.contains("GONE"));
        QVERIFY(!env.get("GONE"));
        // ... but what was read cannot change any more.
        QVERIFY_THROWS_EXCEPTION(EnvironError, env.set("TESTING", "False"));
        QVERIFY_THROWS_EXCEPTION(EnvironError, env.erase("GONE"));
        COMPARE_STR(error_of([&] { env.set("TESTING", "False"); }),
                    "Attempting to set environ['TESTING'], but the value has already been read.");
        COMPARE_STR(error_of([&] { env.erase("GONE"); }),
                    "Attempting to delete environ['GONE'], but the value has already been read.");
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, env["NOPE"]);

        // The process environment through web::environ().
        web::environ().set("ASGISCOPE_ENVIRON_TEST", "1");
        QVERIFY(web::environ().contains("ASGISCOPE_ENVIRON_TEST"));
        COMPARE_STR(std::getenv("ASGISCOPE_ENVIRON_TEST"), "1");
        COMPARE_STR(web::environ()["ASGISCOPE_ENVIRON_TEST"], "1");
        QVERIFY_THROWS_EXCEPTION(EnvironError, web::environ().set("ASGISCOPE_ENVIRON_TEST", "2"));
    }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "test_config.moc"
