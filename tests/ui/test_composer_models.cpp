// The Composer's widget-free models: the URL's query string and the query table kept in step,
// route patterns' path parameters filled and validated, JSON checked with line and column and
// re-indented in key order, cURL round trips through the core's writer and parser (tricky
// quoting included), multipart bodies read back by Python's email parser, build errors, and
// the history's cap and persistence.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <asgiscope/inspect/describe.hpp>

#include "demo_app.hpp"
#include "models/composer_history.hpp"
#include "models/composer_request.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

ComposerField field(const QString& k, const QString& v, bool enabled = true, bool file = false) {
    return ComposerField{k, v, enabled, file};
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
QPair<int, int> where(const QString& text, const QString& needle) {
    const qsizetype at = text.indexOf(needle);
    const QString before = text.left(at);
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(at - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
    return {line, column};
}

}  // namespace

class TestComposerModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("asgiscope-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_composer_models"));
        QSettings().clear();
    }

    void queryFromAndToUrl() {
        const QString url = QStringLiteral("/query?a=1&b=x%20y&c=1+2&d=%26%3D%2B&flag#top");
        const QList<ComposerField> rows = queryFromUrl(url);
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0], field(QStringLiteral("a"), QStringLiteral("1")));
        QCOMPARE(rows[1].value, QStringLiteral("x y"));
        QCOMPARE(rows[2].value, QStringLiteral("1 2"));  // '+' is a space in a query
        QCOMPARE(rows[3].value, QStringLiteral("&=+"));
        QCOMPARE(rows[4], field(QStringLiteral("flag"), QString()));

        // Back: special characters encoded so they read back the same; the fragment stays.
        const QString again = urlWithQuery(url, rows);
        QCOMPARE(queryFromUrl(again), rows);
        QVERIFY2(again.startsWith(QLatin1String("/query?a=1&b=x%20y&c=1%202&d=%26%3D%2B&flag=")), qPrintable(again));
        QVERIFY(again.endsWith(QLatin1String("#top")));

        // A disabled row leaves the URL; no enabled row, no '?'.
        QList<ComposerField> edited = rows;
        edited[0].enabled = false;
        QVERIFY(!urlWithQuery(url, edited).contains(QLatin1String("a=1")));
        for (auto& r : edited) r.enabled = false;
        QCOMPARE(urlWithQuery(url, edited), QStringLiteral("/query#top"));

        // Typing in the URL keeps the disabled rows the URL cannot show.
        const QList<ComposerField> merged =
            mergeQueryFromUrl(QStringLiteral("/query?z=9"), {field(QStringLiteral("a"), QStringLiteral("1"), false),
                                                             field(QStringLiteral("b"), QStringLiteral("2"))});
        QCOMPARE(merged.size(), 2);
        QCOMPARE(merged[0], field(QStringLiteral("z"), QStringLiteral("9")));
        QCOMPARE(merged[1], field(QStringLiteral("a"), QStringLiteral("1"), false));
    }

    void pathParameters() {
        const QList<PathParam> params = pathParams(QStringLiteral("/api/{kind}/{id:int}/{rest:path}"));
        QCOMPARE(params.size(), 3);
        QCOMPARE(params[0].name, QStringLiteral("kind"));
        QCOMPARE(params[0].convertor, QStringLiteral("str"));
        QCOMPARE(params[1].convertor, QStringLiteral("int"));
        QCOMPARE(params[2].convertor, QStringLiteral("path"));

        QString error;
        const QString pattern = QStringLiteral("/users/{id:int}");
        QCOMPARE(fillPath(pattern, {{QStringLiteral("id"), QStringLiteral("42")}}, &error).value_or(QString()),
                 QStringLiteral("/users/42"));
        QVERIFY(!fillPath(pattern, {{QStringLiteral("id"), QStringLiteral("abc")}}, &error));
        QVERIFY2(error.contains(QLatin1String("int")), qPrintable(error));
        QVERIFY(!fillPath(pattern, {}, &error));
        QVERIFY2(error.contains(QLatin1String("empty")), qPrintable(error));
        QVERIFY(!fillPath(QStringLiteral("/f/{x:float}"), {{QStringLiteral("x"), QStringLiteral("1.5.2")}}));
        QVERIFY(fillPath(QStringLiteral("/f/{x:float}"), {{QStringLiteral("x"), QStringLiteral("1.5")}}));
        QVERIFY(!fillPath(QStringLiteral("/u/{u:uuid}"), {{QStringLiteral("u"), QStringLiteral("nope")}}));
        // str refuses '/', path keeps it; both percent-encode the rest.
        QVERIFY(!fillPath(QStringLiteral("/{name}"), {{QStringLiteral("name"), QStringLiteral("a/b")}}));
        QCOMPARE(fillPath(QStringLiteral("/{name}"), {{QStringLiteral("name"), QStringLiteral("a b?")}}).value_or(QString()),
                 QStringLiteral("/a%20b%3F"));
        QCOMPARE(fillPath(QStringLiteral("/items/{rest:path}"), {{QStringLiteral("rest"), QStringLiteral("x/y z")}})
                     .value_or(QString()),
                 QStringLiteral("/items/x/y%20z"));

        // The demo's HTTP routes complete the URL; WebSocket routes and mounts do not.
        const QStringList routes = routeCompletions(inspect::describe(demo::make_demo_application({.secret_key = "t"})));
        QVERIFY2(routes.contains(QStringLiteral("/users/{id:int}")), qPrintable(routes.join(' ')));
        QVERIFY(routes.contains(QStringLiteral("/echo")));
        QVERIFY(!routes.contains(QStringLiteral("/ws/echo")));
        QVERIFY(!routes.contains(QStringLiteral("/api")));
        QVERIFY(std::any_of(routes.begin(), routes.end(), [](const QString& r) { return r.startsWith(QLatin1String("/api/")); }));
    }

    void jsonValidation() {
        QVERIFY(checkJson(QStringLiteral("{\"a\": [1, 2.5, \"x\", null, true]}")).ok);
        QVERIFY(checkJson(QStringLiteral("  42 \n")).ok);
        QVERIFY(checkJson(QStringLiteral("\"just a string\"")).ok);

        const QString bad = QStringLiteral("{\n  \"name\": \"x\",\n  \"n\": ,\n  \"z\": 1\n}");
        JsonCheck c = checkJson(bad);
        QVERIFY(!c.ok);
        const auto [line, column] = where(bad, QStringLiteral(",\n  \"z\""));
        QCOMPARE(c.line, line);
        QCOMPARE(c.column, column);
        QVERIFY(!c.message.isEmpty());

        // Columns count characters, not UTF-8 bytes.
        const QString wide = QStringLiteral("{\"é中\": x}");
        c = checkJson(wide);
        QVERIFY(!c.ok);
        QCOMPARE(c.line, 1);
        QCOMPARE(c.column, int(wide.indexOf(QLatin1Char('x'))) + 1);

        c = checkJson(QStringLiteral("[1, 2"));
        QVERIFY(!c.ok);
        QCOMPARE(c.line, 1);
        c = checkJson(QStringLiteral("{} {}"));
        QVERIFY(!c.ok);
        QCOMPARE(c.column, 4);
        QVERIFY(!checkJson(QString()).ok);
        QVERIFY(!checkJson(QStringLiteral("   \n")).ok);
    }

    void jsonFormatKeepsOrder() {
        const QString compact = QStringLiteral("{\"b\":1,\"a\":[1,2,{}],\"s\":\"x,{y}: \\\"q\\\"\",\"e\":[]}");
        const std::optional<QString> pretty = formatJson(compact);
        QVERIFY(pretty);
        const QString expected = QStringLiteral(
            "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2,\n    {}\n  ],\n  \"s\": \"x,{y}: \\\"q\\\"\",\n  \"e\": []\n}");
        QCOMPARE(*pretty, expected);
        QCOMPARE(QJsonDocument::fromJson(pretty->toUtf8()), QJsonDocument::fromJson(compact.toUtf8()));
        QVERIFY(!formatJson(QStringLiteral("{oops}")));
    }

    void curlRoundTrip() {
        ComposerRequest r;
        r.method = QStringLiteral("PUT");
        r.url = QStringLiteral("/echo?q=it%27s&x=%24HOME");
        r.headers = {field(QStringLiteral("X-Quote"), QStringLiteral("it's \"quoted\" $HOME `cmd` \\ back")),
                     field(QStringLiteral("X-Off"), QStringLiteral("not sent"), false)};
        r.bodyMode = ComposerBodyMode::Json;
        r.jsonBody = QStringLiteral("{\n  \"text\": \"line1\\nline2 it's \\\"q\\\" $x\",\n  \"uni\": \"中文 é\",\n\t\"tab\": \"\\t\"\n}");
        QString error;
        const QString curl = toCurl(r, QUrl(QStringLiteral("http://127.0.0.1:8000")), &error);
        QVERIFY2(!curl.isEmpty(), qPrintable(error));
        QVERIFY(curl.startsWith(QLatin1String("curl ")));
        QVERIFY(!curl.contains(QLatin1String("not sent")));

        const std::optional<ComposerRequest> back = fromCurl(curl, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->method, QStringLiteral("PUT"));
        QCOMPARE(back->url, QStringLiteral("http://127.0.0.1:8000/echo?q=it%27s&x=%24HOME"));
        QCOMPARE(back->bodyMode, ComposerBodyMode::Json);
        QCOMPARE(back->jsonBody, r.jsonBody);  // byte for byte, raw tab and newlines included
        QCOMPARE(back->headers.size(), 1);
        QCOMPARE(back->headers[0].key, QStringLiteral("X-Quote"));
        QCOMPARE(back->headers[0].value, r.headers[0].value);

        // A url-encoded form comes back as rows.
        ComposerRequest f;
        f.method = QStringLiteral("POST");
        f.url = QStringLiteral("http://127.0.0.1:1/form");
        f.bodyMode = ComposerBodyMode::Form;
        f.formFields = {field(QStringLiteral("name"), QStringLiteral("a&b=c d+e")), field(QStringLiteral("ü"), QStringLiteral("'"))};
        const auto fb = fromCurl(toCurl(f));
        QVERIFY(fb);
        QCOMPARE(fb->bodyMode, ComposerBodyMode::Form);
        QCOMPARE(fb->formFields, f.formFields);

        // Bad input: the parser's message, no request.
        QVERIFY(!fromCurl(QStringLiteral("curl 'http://127.0.0.1/unterminated"), &error));
        QVERIFY2(error.contains(QLatin1String("quote"), Qt::CaseInsensitive), qPrintable(error));
        QVERIFY(!fromCurl(QStringLiteral("curl --no-such-option http://x/"), &error));
        QVERIFY2(error.contains(QLatin1String("--no-such-option")), qPrintable(error));
        QVERIFY(!fromCurl(QStringLiteral("   \n# nothing\n"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!fromCurl(QStringLiteral("curl -d @/etc/passwd http://x/"), &error));
    }

    void multipartReadByPython() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("data.bin"));
        QByteArray bytes;
        for (int i = 0; i < 256; ++i) bytes += char(i);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        ComposerRequest r;
        r.method = QStringLiteral("POST");
        r.url = QStringLiteral("http://127.0.0.1:1/form");
        r.bodyMode = ComposerBodyMode::Multipart;
        r.multipartFields = {field(QStringLiteral("title"), QStringLiteral("héllo \"world\"")),
                             field(QStringLiteral("skip"), QStringLiteral("x"), false),
                             field(QStringLiteral("upload"), path, true, true)};
        const BuiltRequest built = buildRequest(r, {}, QByteArrayLiteral("BoUnDaRy42"));
        QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
        QCOMPARE(built.headers.size(), 1);
        QCOMPARE(built.headers[0].second, QByteArrayLiteral("multipart/form-data; boundary=BoUnDaRy42"));
        QVERIFY(!built.body.contains("skip"));

        // Python's email parser reads the parts back.
        const QString script = QStringLiteral(
            "import sys, json, email, email.policy\n"
            "body = sys.stdin.buffer.read()\n"
            "msg = email.message_from_bytes(b'Content-Type: ' + sys.argv[1].encode() + b'\\r\\n\\r\\n' + body, policy=email.policy.HTTP)\n"
            "out = []\n"
            "for p in msg.iter_parts():\n"
            "    out.append({'name': p.get_param('name', header='content-disposition'),\n"
            "                'filename': p.get_filename(), 'type': p.get_content_type(),\n"
            "                'hex': p.get_payload(decode=True).hex()})\n"
            "print(json.dumps(out))\n");
        QProcess py;
        py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, QString::fromLatin1(built.headers[0].second)});
        QVERIFY(py.waitForStarted(10000));
        py.write(built.body);
        py.closeWriteChannel();
        QVERIFY(py.waitForFinished(20000));
        QCOMPARE(py.exitCode(), 0);
        const QJsonArray parts = QJsonDocument::fromJson(py.readAllStandardOutput()).array();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0][QStringLiteral("name")].toString(), QStringLiteral("title"));
        QCOMPARE(QByteArray::fromHex(parts[0][QStringLiteral("hex")].toString().toLatin1()),
                 QStringLiteral("héllo \"world\"").toUtf8());
        QCOMPARE(parts[1][QStringLiteral("name")].toString(), QStringLiteral("upload"));
        QCOMPARE(parts[1][QStringLiteral("filename")].toString(), QStringLiteral("data.bin"));
        QCOMPARE(QByteArray::fromHex(parts[1][QStringLiteral("hex")].toString().toLatin1()), bytes);

        // A file that cannot be read is an error, not an empty part.
        r.multipartFields = {field(QStringLiteral("upload"), dir.filePath(QStringLiteral("missing")), true, true)};
        QVERIFY(buildRequest(r).error.contains(QLatin1String("Cannot read")));
    }

    void buildErrors() {
        const QUrl base(QStringLiteral("http://127.0.0.1:8000"));
        ComposerRequest r;
        r.url = QStringLiteral("/plaintext");
        BuiltRequest b = buildRequest(r, base);
        QVERIFY(b.error.isEmpty());
        QCOMPARE(b.url, QUrl(QStringLiteral("http://127.0.0.1:8000/plaintext")));
        QVERIFY(!buildRequest(r).error.isEmpty());  // relative without a base
        r.method = QStringLiteral("GE T");
        QVERIFY(buildRequest(r, base).error.contains(QLatin1String("method")));
        r.method = QStringLiteral("GET");
        r.url = QStringLiteral("/users/{id:int}");
        QVERIFY(buildRequest(r, base).error.contains(QLatin1String("path parameters")));
        r.url = QStringLiteral("ftp://example.org/");
        QVERIFY(!buildRequest(r, base).error.isEmpty());
        r.url = QStringLiteral("/echo");
        r.headers = {field(QStringLiteral("X-Bad"), QStringLiteral("a\r\nInjected: 1"))};
        QVERIFY(buildRequest(r, base).error.contains(QLatin1String("line break")));
        r.headers = {field(QStringLiteral("Bad Name"), QStringLiteral("1"))};
        QVERIFY(!buildRequest(r, base).error.isEmpty());
        r.headers = {field(QStringLiteral("Content-Type"), QStringLiteral("application/vnd.x+json"))};
        r.bodyMode = ComposerBodyMode::Json;
        r.jsonBody = QStringLiteral("{\"a\": }");
        QVERIFY(buildRequest(r, base).error.contains(QLatin1String("line 1")));
        r.jsonBody = QStringLiteral("{\"a\": 1}");
        b = buildRequest(r, base);
        QVERIFY(b.error.isEmpty());
        // A Content-Type row wins over the mode's.
        QCOMPARE(b.headers.size(), 1);
        QCOMPARE(b.headers[0].second, QByteArrayLiteral("application/vnd.x+json"));
    }

    void fromCapturedRequest() {
        trace::RequestRecord rec;
        rec.method = "POST";
        rec.url = "http://127.0.0.1:8000/echo";
        rec.headers = {{"host", "127.0.0.1:8000"}, {"content-type", "application/json"},
                       {"content-length", "8"}, {"x-token", "abc"}};
        rec.body = asgi::Bytes(std::string("{\"a\": 1}"));
        const ComposerRequest r = fromRequestRecord(rec);
        QCOMPARE(r.bodyMode, ComposerBodyMode::Json);
        QCOMPARE(r.jsonBody, QStringLiteral("{\"a\": 1}"));
        QCOMPARE(r.headers.size(), 1);
        QCOMPARE(r.headers[0].key, QStringLiteral("x-token"));
        rec.headers = {{"content-type", "text/csv"}};
        rec.body = asgi::Bytes(std::string("a,b\n1,2\n"));
        const ComposerRequest raw = fromRequestRecord(rec);
        QCOMPARE(raw.bodyMode, ComposerBodyMode::Raw);
        QCOMPARE(raw.rawContentType, QStringLiteral("text/csv"));
        QCOMPARE(raw.rawBody, QStringLiteral("a,b\n1,2\n"));
    }

    void historyCapAndPersistence() {
        QSettings().remove(QLatin1String(ComposerHistory::settings_key));
        {
            ComposerHistory h;
            h.load();
            QCOMPARE(h.count(), 0);
            h.setCap(3);
            for (int i = 0; i < 5; ++i) {
                ComposerRequest r;
                r.url = QStringLiteral("/n/%1").arg(i);
                r.bodyMode = ComposerBodyMode::Raw;
                r.rawBody = QString(ComposerHistory::maxBodyChars + 10, QLatin1Char('x'));
                h.add(r, 200 + i);
            }
            QCOMPARE(h.count(), 3);
            QCOMPARE(h.at(0).request.url, QStringLiteral("/n/4"));
            QCOMPARE(h.at(2).request.url, QStringLiteral("/n/2"));
            QCOMPARE(h.at(0).request.rawBody.size(), ComposerHistory::maxBodyChars);
            QVERIFY(h.data(h.index(0), Qt::DisplayRole).toString().contains(QLatin1String("204")));
        }
        ComposerHistory again;
        again.load();
        QCOMPARE(again.count(), 3);
        QCOMPARE(again.at(0).request.url, QStringLiteral("/n/4"));
        QCOMPARE(again.at(0).status, 204);
        QCOMPARE(again.at(1).request.bodyMode, ComposerBodyMode::Raw);
        // A corrupt stored value gives an empty history, not a crash.
        QSettings().setValue(QLatin1String(ComposerHistory::settings_key), QByteArrayLiteral("[{\"request\": 5}, 7, {"));
        ComposerHistory corrupt;
        corrupt.load();
        QCOMPARE(corrupt.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestComposerModels)
#include "test_composer_models.moc"
