// Form parsing against Starlette's tests/test_formparsers.py: urlencoded and multipart
// forms through Request::form() and the TestClient, the limits and their 400 answers, the
// multipart parser fed in chunks of every size, spooled UploadFiles, the multi-dicts, and a
// body encoded by Python's httpx.
#include <asgiscope/web.hpp>

#include <QtTest/QtTest>

#include <deque>
#include <filesystem>

#include "test_support.hpp"
#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

const std::string kBoundary = "a7f3e1b2c4d5";

// One part of a multipart body, without its delimiters.
std::string field_part(const std::string& name, const std::string& value) {
    return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
}

std::string file_part(const std::string& name, const std::string& filename, const std::string& content,
                      const std::string& content_type = "text/plain") {
    return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
           "\"\r\nContent-Type: " + content_type + "\r\n\r\n" + content;
}

// Parts joined with CRLF delimiters and closed.
std::string multipart_body(const std::vector<std::string>& parts, const std::string& boundary = kBoundary) {
    std::string out;
    for (const auto& p : parts) out += "--" + boundary + "\r\n" + p + "\r\n";
    return out + "--" + boundary + "--\r\n";
}

Headers multipart_headers(const std::string& boundary = kBoundary) {
    return Headers{{"content-type", "multipart/form-data; boundary=" + boundary}};
}

RequestOptions multipart_request(std::string body, const std::string& boundary = kBoundary) {
    RequestOptions o;
    o.headers.emplace_back("content-type", "multipart/form-data; boundary=" + boundary);
    o.content = std::move(body);
    return o;
}

// A form as text: "name=value" or "name=<filename|content type|content>" joined by " & ".
// Reading a file leaves it at its start again.
std::string summary(const FormData& form) {
    std::string out;
    for (const auto& [name, value] : form.multi_items()) {
        if (!out.empty()) out += " & ";
        out += name + "=";
        if (const auto* text = std::get_if<std::string>(&value)) {
            out += *text;
        } else {
            UploadFile& f = *std::get<std::shared_ptr<UploadFile>>(value);
            f.seek(0);
            out += "<" + f.filename().value_or("?") + "|" + std::string(f.content_type().value_or("-")) + "|" +
                   f.read() + ">";
            f.seek(0);
        }
    }
    return out;
}

// What an endpoint sees of the file "test" and the field "field".
std::string describe_upload(const FormData& form, std::vector<std::string>& seen) {
    const std::shared_ptr<UploadFile> f = form.file("test");
    seen.push_back(f->filename().value_or("?"));
    seen.push_back(std::to_string(f->size()));
    seen.push_back(std::string(f->content_type().value_or("-")));
    seen.push_back(std::string(f->headers().get("content-disposition", "-")));
    seen.push_back(f->read(3));
    seen.push_back(f->read());
    seen.push_back(f->in_memory() ? "memory" : "disk");
    seen.push_back(form.text("test") ? "text" : "not text");
    seen.push_back(form.file("field") ? "file" : "not a file");
    return std::string(form.text("field").value_or("-"));
}

// Where the files "small" and "large" of a form are kept; notes their temporary files.
std::string spool_report(const FormData& form, std::vector<std::filesystem::path>& paths) {
    std::string report;
    for (const char* name : {"small", "large"}) {
        const auto f = form.file(name);
        report += std::string(name) + ":" + (f->in_memory() ? "memory" : "disk") + ":" + std::to_string(f->size()) + " ";
        if (f->path()) {
            paths.push_back(*f->path());
            report += std::filesystem::exists(*f->path()) ? "exists " : "missing ";
        }
    }
    return report;
}

// The file "file" of a form and the field "field": "value file.bin:size:disk:ok" where ok
// says the content is the pattern big_content() makes.
std::string pattern(std::size_t n) {
    std::string out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out += "0123456789abcdef"[(i * 7 + i / 4096) % 16];
    return out;
}

std::string upload_report(const FormData& form) {
    const auto f = form.file("file");
    if (!f) return "no file";
    std::string content;
    for (std::string piece = f->read(65536); !piece.empty(); piece = f->read(65536)) content += piece;
    return std::string(form.text("field").value_or("-")) + " " + f->filename().value_or("?") + ":" +
           std::to_string(f->size()) + ":" + (f->in_memory() ? "memory" : "disk") + ":" +
           (content == pattern(f->size()) ? "ok" : "corrupt");
}

// Files of ours in `dir`.
int upload_files_in(const std::filesystem::path& dir) {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().filename().string().starts_with("asgiscope-upload-")) ++n;
    return n;
}

// An endpoint answering with summary(form).
Endpoint form_endpoint(FormOptions options = {}) {
    return [options](Request& request) -> awaitable<Response> {
        const FormData form = co_await request.form(options);
        co_return PlainTextResponse(summary(form));
    };
}

Starlette form_app(FormOptions options = {}) {
    return Starlette({.routes = {Route("/", form_endpoint(options), {.methods = {"POST"}})}});
}

// The same outside any application: a refused form is a MultiPartException, not a 400.
awaitable<void> raw_form(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
    Request request(scope, receive);
    const FormData form = co_await request.form();
    const PlainTextResponse response(summary(form));
    co_await response(scope, std::move(receive), std::move(send));
}

// A middleware that reads the body (or the form) before the endpoint does.
struct ReadFirstOptions {
    bool form = false;
    std::shared_ptr<std::vector<const void*>> files_seen{};
};

class ReadFirstMiddleware {
public:
    using Options = ReadFirstOptions;
    ReadFirstMiddleware(asgi::App app, Options options) : app_(std::move(app)), options_(std::move(options)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        Request request(scope, receive);
        if (options_.form) {
            const FormData form = co_await request.form();
            if (const auto f = form.file("file")) options_.files_seen->push_back(f.get());
        } else {
            (void)co_await request.body();
        }
        co_await app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
    Options options_;
};

// A multipart body with the traps: data that looks like a delimiter, CRs and LFs at part
// edges, an empty field, an empty file, binary content.
std::string tricky_body() {
    std::string binary;
    for (int i = 0; i < 256; ++i) binary += char(i);
    return "preamble to ignore\r\n" +
           multipart_body({field_part("text", "line1\r\nline2\r\n--" + kBoundary.substr(0, 6) + "\r\n-"),
                           field_part("empty", ""), field_part("text", "\r"),
                           file_part("file", "a.txt", "\r\n--" + kBoundary.substr(0, kBoundary.size() - 1) + "Z almost\n"),
                           file_part("nothing", "", "", "application/octet-stream"),
                           file_part("bin", "b.bin", binary, "application/octet-stream")}) +
           "epilogue to ignore";
}

std::string tricky_expected() {
    std::string binary;
    for (int i = 0; i < 256; ++i) binary += char(i);
    return "text=line1\r\nline2\r\n--" + kBoundary.substr(0, 6) + "\r\n- & empty= & text=\r & file=<a.txt|text/plain|\r\n--" +
           kBoundary.substr(0, kBoundary.size() - 1) + "Z almost\n> & nothing=<|application/octet-stream|> & bin=<b.bin|application/octet-stream|" +
           binary + ">";
}

FormData parse_in_chunks(const std::string& body, std::size_t chunk, const Headers& headers = multipart_headers(),
                         FormOptions options = {}) {
    MultiPartParser parser(headers, options);
    for (std::size_t i = 0; i < body.size(); i += chunk) parser.feed(std::string_view(body).substr(i, chunk));
    return parser.finish();
}

// The message of the MultiPartException `f` throws ("" if none).
template <class F>
std::string refusal(F f) {
    try {
        f();
    } catch (const MultiPartException& e) {
        return e.message();
    }
    return "";
}

std::string many_fields(std::size_t n, bool files) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < n; ++i)
        parts.push_back(files ? file_part("f" + std::to_string(i), "f.txt", "x") : field_part("f" + std::to_string(i), "x"));
    return multipart_body(parts);
}

}  // namespace

class TestFormParsers : public QObject {
    Q_OBJECT

private slots:
    // ---- urlencoded -------------------------------------------------------------------------

    void urlencodedFields() {
        TestClient client(form_app());
        COMPARE_STR(client.post("/", {.data = {{"some", "data"}, {"second", "data2"}}}).text(), "some=data & second=data2");
        COMPARE_STR(client.post("/", {.data = {{"some", "da ta"}, {"so me", "x+y&z=%"}}}).text(),
                    "some=da ta & so me=x+y&z=%");
        // Repeated keys stay in order; get() gives the last.
        RequestOptions o;
        o.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        o.content = "a=1&b=&c&&a=2&d=%E4%BD%A0+x&e=%zz&f=%C3&=v";
        COMPARE_STR(client.post("/", o).text(), "a=1 & b= & c= & a=2 & d=\xe4\xbd\xa0 x & e=%zz & f=\xef\xbf\xbd & =v");
    }

    void urlencodedLimits() {
        // The field limit and the part size apply to url-encoded bodies too, so a huge body
        // cannot make the parser hold unbounded text.
        auto body_of = [](std::size_t n) {
            std::string body;
            for (std::size_t i = 0; i < n; ++i) body += (i ? "&f" : "f") + std::to_string(i) + "=x";
            return body;
        };
        TestClient client(form_app());
        RequestOptions o;
        o.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        o.content = body_of(1000);
        QCOMPARE(client.post("/", o).status_code, 200);
        o.content = body_of(1001);
        const TestResponse over = client.post("/", o);
        QCOMPARE(over.status_code, 400);
        COMPARE_STR(over.text(), "Too many fields. Maximum number of fields is 1000.");
        o.content = "big=" + std::string(1024 * 1024 - 4, 'x');
        QCOMPARE(client.post("/", o).status_code, 200);
        *o.content += "x";
        const TestResponse too_big = client.post("/", o);
        QCOMPARE(too_big.status_code, 400);
        COMPARE_STR(too_big.text(), "Part exceeded maximum size of 1024KB.");
        // Outside an application the parser's exception itself comes out.
        FormParser parser({.max_fields = 1});
        parser.feed("a=1&");
        QVERIFY_THROWS_EXCEPTION(MultiPartException, parser.feed("b=2&"));
    }

    void urlencodedStreamedInChunks() {
        const std::string body = "name=J%C3%B6rg+M&list=1&list=2&empty=&flag&x=%2B%26%3D";
        for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
            FormParser parser;
            for (std::size_t i = 0; i < body.size(); i += chunk) parser.feed(std::string_view(body).substr(i, chunk));
            const FormData form = parser.finish();
            COMPARE_STR(summary(form), "name=J\xc3\xb6rg M & list=1 & list=2 & empty= & flag= & x=+&=");
            QVERIFY(form.getlist("list").size() == 2);
            COMPARE_STR(std::get<std::string>(*form.getlist("list")[1]), "2");
        }
        // Raw bytes that are not UTF-8 are replaced.
        FormParser parser;
        parser.feed("k=\xff\xfe");
        COMPARE_STR(summary(parser.finish()), "k=\xef\xbf\xbd\xef\xbf\xbd");
    }

    void noBodyOrOtherContentTypeGivesEmptyForm() {
        TestClient client(form_app());
        COMPARE_STR(client.post("/").text(), "");
        RequestOptions o;
        o.headers.emplace_back("content-type", "text/plain");
        o.content = "a=1";
        COMPARE_STR(client.post("/", o).text(), "");
        RequestOptions json;
        json.json = boost::json::object{{"a", 1}};
        COMPARE_STR(client.post("/", json).text(), "");
    }

    // ---- multipart through the TestClient -------------------------------------------------

    void multipartFilesAndFields() {
        TestClient client(form_app());
        RequestOptions o;
        o.data = {{"some", "data"}, {"some", "more"}};
        o.files.push_back({"test", {.filename = "test.txt", .content = "<file content>"}});
        o.files.push_back({"image", {.filename = "x.PNG", .content = "\x89PNG"}});
        o.files.push_back({"raw", {.filename = "noext", .content = "r", .content_type = "application/x-custom"}});
        COMPARE_STR(client.post("/", o).text(),
                    "some=data & some=more & test=<test.txt|text/plain|<file content>> & image=<x.PNG|image/png|\x89PNG> & "
                    "raw=<noext|application/x-custom|r>");
        // Quotes and backslashes in names survive the round trip (httpx's escaping).
        RequestOptions q;
        q.files.push_back({"na\"me", {.filename = "C\\dir\\f \"1\".txt", .content = "x"}});
        COMPARE_STR(client.post("/", q).text(), "na%22me=<C\\dir\\f %221%22.txt|text/plain|x>");
    }

    void uploadFileProperties() {
        auto seen = std::make_shared<std::vector<std::string>>();
        Starlette app({.routes = {Route(
                           "/",
                           [seen](Request& request) -> awaitable<Response> {
                               const FormData form = co_await request.form();
                               co_return PlainTextResponse(describe_upload(form, *seen));
                           },
                           {.methods = {"POST"}})}});
        TestClient client(app);
        RequestOptions o;
        o.data = {{"field", "value"}};
        o.files.push_back({"test", {.filename = "test.txt", .content = "<file content>"}});
        COMPARE_STR(client.post("/", o).text(), "value");
        const std::vector<std::string> expected{"test.txt", "14", "text/plain",
                                                "form-data; name=\"test\"; filename=\"test.txt\"", "<fi",
                                                "le content>", "memory", "not text", "not a file"};
        QCOMPARE(*seen, expected);
    }

    void multipartByHand() {
        TestClient client(form_app());
        // Starlette's test_multipart_request_mixed_files_and_data: a preamble, a field, a file
        // with its own headers, and a quoted boundary.
        const std::string body =
            "--a7f7ac8d4e2e437c877bb7b8d7cc549c\r\n"
            "Content-Disposition: form-data; name=\"field0\"\r\n\r\nvalue0\r\n"
            "--a7f7ac8d4e2e437c877bb7b8d7cc549c\r\n"
            "Content-Disposition: form-data; name=\"file\"; filename=\"file.txt\"\r\n"
            "Content-Type: text/plain\r\nX-Custom: a\r\n\twrapped\r\n\r\n<file1 content>\r\n"
            "--a7f7ac8d4e2e437c877bb7b8d7cc549c\r\n"
            "Content-Disposition: form-data; name=\"field1\"\r\n\r\nvalue1\r\n"
            "--a7f7ac8d4e2e437c877bb7b8d7cc549c--\r\n";
        RequestOptions o;
        o.headers.emplace_back("content-type", "multipart/form-data; boundary=\"a7f7ac8d4e2e437c877bb7b8d7cc549c\"");
        o.content = body;
        COMPARE_STR(client.post("/", o).text(), "field0=value0 & file=<file.txt|text/plain|<file1 content>> & field1=value1");
        // The same with headers as a browser varies them: case, spacing, parameter order.
        RequestOptions v;
        v.headers.emplace_back("Content-Type", "Multipart/Form-Data;charset=utf-8;  BOUNDARY=xyz");
        v.content = "--xyz  \r\ncontent-disposition:form-data;filename=\"f\";name=n\r\n\r\nv\r\n--xyz--";
        COMPARE_STR(client.post("/", v).text(), "n=<f|-|v>");
    }

    void fileHeadersWithCustomPartHeaders() {
        MultiPartParser parser(multipart_headers());
        parser.feed(multipart_body({"Content-Disposition: form-data; name=\"f\"; filename=\"t.txt\"\r\n"
                                    "Content-Type: text/plain\r\nX-Extra: 1\r\n\r\ncontent"}));
        const FormData form = parser.finish();
        const auto f = form.file("f");
        QVERIFY(f);
        QCOMPARE(f->headers().size(), std::size_t(3));
        COMPARE_STR(f->headers()["x-extra"], "1");
        COMPARE_STR(f->headers().raw()[1].first, "content-type");
    }

    void filenamesAndCharsets() {
        // No charset: UTF-8 names as they are (Starlette's ..._without_charset_for_filename).
        COMPARE_STR(summary(parse_in_chunks(multipart_body({file_part("file", "\xe7\x94\xbb\xe5\x83\x8f.jpg", "<x>", "image/jpeg")}), 1000)),
                    "file=<\xe7\x94\xbb\xe5\x83\x8f.jpg|image/jpeg|<x>>");
        // A Latin-1 charset on the request (Starlette's ..._with_encoded_value).
        const Headers latin1{{"content-type", "multipart/form-data; charset=iso-8859-1; boundary=" + kBoundary}};
        COMPARE_STR(summary(parse_in_chunks(multipart_body({field_part("value", "Transf\xe9rer")}), 1000, latin1)),
                    "value=Transf\xc3\xa9rer");
        // Bytes that are not UTF-8 fall back to Latin-1 (Starlette's _user_safe_decode).
        COMPARE_STR(summary(parse_in_chunks(multipart_body({field_part("v", "caf\xe9")}), 1000)), "v=caf\xc3\xa9");
        // filename* (RFC 5987) wins over filename.
        COMPARE_STR(summary(parse_in_chunks(
                        multipart_body({"Content-Disposition: form-data; name=\"f\"; filename=\"EURO rates.txt\"; "
                                        "filename*=UTF-8''%e2%82%ac%20rates.txt\r\n\r\nx"}),
                        1000)),
                    "f=<\xe2\x82\xac rates.txt|-|x>");
        COMPARE_STR(summary(parse_in_chunks(
                        multipart_body({"Content-Disposition: form-data; name=\"f\"; filename*=iso-8859-1'en'%A3%20rates\r\n\r\nx"}),
                        1000)),
                    "f=<\xc2\xa3 rates|-|x>");
        // A full Windows path loses its directory (python-multipart's fix for old IE).
        COMPARE_STR(summary(parse_in_chunks(multipart_body({file_part("f", "C:\\Users\\me\\a.txt", "x")}), 1000)),
                    "f=<a.txt|text/plain|x>");
        // Quoted names keep ';' and escaped quotes.
        COMPARE_STR(summary(parse_in_chunks(multipart_body({"Content-Disposition: form-data; name=\"a;b \\\"c\\\"\"\r\n\r\nx"}), 1000)),
                    "a;b \"c\"=x");
    }

    // ---- the parser, chunk by chunk --------------------------------------------------------

    void everyChunkSize() {
        const std::string body = tricky_body();
        const std::string expected = tricky_expected();
        for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
            const std::string got = summary(parse_in_chunks(body, chunk));
            if (got != expected) QFAIL(qPrintable(QString("chunk size %1 gave: %2").arg(chunk).arg(QString::fromLatin1(got.c_str()))));
        }
    }

    void everySplitOffset() {
        const std::string body = tricky_body();
        const std::string expected = tricky_expected();
        for (std::size_t split = 0; split <= body.size(); ++split) {
            MultiPartParser parser(multipart_headers());
            parser.feed(std::string_view(body).substr(0, split));
            parser.feed(std::string_view(body).substr(split));
            if (summary(parser.finish()) != expected) QFAIL(qPrintable(QString("split at %1").arg(split)));
        }
    }

    void bareLineFeedsAndMissingFinalCrlf() {
        // LF instead of CRLF everywhere, and no line end after the close delimiter.
        const std::string lf = "--" + kBoundary + "\nContent-Disposition: form-data; name=\"a\"\n\nvalue a\n--" + kBoundary +
                               "\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\nContent-Type: text/plain\n\nline\nline\n--" +
                               kBoundary + "--";
        for (std::size_t chunk : {std::size_t(1), std::size_t(3), lf.size()})
            COMPARE_STR(summary(parse_in_chunks(lf, chunk)), "a=value a & f=<f.txt|text/plain|line\nline>");
        // A part with no body: its headers are followed directly by the delimiter.
        const std::string no_body = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--" + kBoundary + "--";
        for (std::size_t chunk = 1; chunk <= no_body.size(); ++chunk) COMPARE_STR(summary(parse_in_chunks(no_body, chunk)), "a=");
    }

    void emptyAndBlankBodies() {
        QCOMPARE(parse_in_chunks("", 1).size(), std::size_t(0));
        QCOMPARE(parse_in_chunks("\r\n", 1).size(), std::size_t(0));
        // Only the close delimiter: no parts.
        QCOMPARE(parse_in_chunks("--" + kBoundary + "--\r\n", 1).size(), std::size_t(0));
    }

    void malformedBodies() {
        const std::string start = "--" + kBoundary + "\r\n";
        const std::string cd = "Content-Disposition: form-data; name=\"a\"\r\n";
        const std::vector<std::pair<std::string, std::string>> cases{
            {"no boundary at all", "Malformed multipart body: no boundary found."},
            {start + cd + "\r\nvalue", "Malformed multipart body: the body ended before the closing boundary."},
            {start + cd, "Malformed multipart body: the body ended before the closing boundary."},
            {"--" + kBoundary + "xyz\r\n" + cd + "\r\nv\r\n--" + kBoundary + "--", "Malformed multipart body: unexpected data after a boundary."},
            {"--" + kBoundary + "-x", "Malformed multipart body: unexpected data after a boundary."},
            {start + "garbage without colon\r\n\r\nv\r\n--" + kBoundary + "--",
             "Malformed multipart part header (expected \"Name: value\"): \"garbage without colon\"."},
            {start + ": no name\r\n\r\nv\r\n--" + kBoundary + "--", "Malformed multipart part header (expected \"Name: value\"): \": no name\"."},
            // CRLF-less: the blank line after the headers is missing, so the value reads as a header.
            {start + cd + "value\r\n--" + kBoundary + "--", "Malformed multipart part header (expected \"Name: value\"): \"value\"."},
            {start + "X-Big: " + std::string(70 * 1024, 'x'), "Malformed multipart body: part headers larger than 64KB."},
            {start + "Content-Type: text/plain\r\n\r\nv\r\n--" + kBoundary + "--",
             "The Content-Disposition header field \"name\" must be provided."},
            {start + "Content-Disposition: form-data; filename=\"a.txt\"\r\n\r\nv\r\n--" + kBoundary + "--",
             "The Content-Disposition header field \"name\" must be provided."},
        };
        for (const auto& [body, message] : cases) {
            for (std::size_t chunk : {std::size_t(1), std::size_t(7), body.size() + 1})
                COMPARE_STR(refusal([&] { (void)parse_in_chunks(body, chunk); }), message);
        }
        // Through an application: 400 with the message; outside one: the exception itself.
        TestClient client(form_app());
        const TestResponse r = client.post("/", multipart_request(start + "bad header\r\n\r\n"));
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Malformed multipart part header (expected \"Name: value\"): \"bad header\".");
        const TestResponse truncated = client.post("/", multipart_request(start + cd + "\r\nvalue"));
        QCOMPARE(truncated.status_code, 400);
        COMPARE_STR(truncated.text(), "Malformed multipart body: the body ended before the closing boundary.");
        TestClient raw(raw_form);
        QVERIFY_THROWS_EXCEPTION(MultiPartException, raw.post("/", multipart_request(start + "bad header\r\n\r\n")));
    }

    void missingBoundary() {
        QCOMPARE(refusal([] { MultiPartParser p(Headers{{"content-type", "multipart/form-data"}}); }),
                 std::string("Missing boundary in multipart."));
        QCOMPARE(refusal([] { MultiPartParser p(Headers{{"content-type", "multipart/form-data; boundary=\"\""}}); }),
                 std::string("Missing boundary in multipart."));
        TestClient client(form_app());
        RequestOptions o;
        o.headers.emplace_back("content-type", "multipart/form-data; charset=utf-8");
        o.content = "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n";
        const TestResponse r = client.post("/", o);
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Missing boundary in multipart.");
        TestClient raw(raw_form);
        QVERIFY_THROWS_EXCEPTION(MultiPartException, raw.post("/", o));
    }

    // ---- limits ---------------------------------------------------------------------------

    void fieldAndFileLimits() {
        TestClient client(form_app());
        const TestResponse fields_ok = client.post("/", multipart_request(many_fields(1000, false)));
        QCOMPARE(fields_ok.status_code, 200);
        QVERIFY(fields_ok.text().find("f999=x") != std::string::npos);
        const TestResponse fields_over = client.post("/", multipart_request(many_fields(1001, false)));
        QCOMPARE(fields_over.status_code, 400);
        COMPARE_STR(fields_over.text(), "Too many fields. Maximum number of fields is 1000.");

        const TestResponse files_ok = client.post("/", multipart_request(many_fields(1000, true)));
        QCOMPARE(files_ok.status_code, 200);
        const TestResponse files_over = client.post("/", multipart_request(many_fields(1001, true)));
        QCOMPARE(files_over.status_code, 400);
        COMPARE_STR(files_over.text(), "Too many files. Maximum number of files is 1000.");

        // Files and fields are counted apart: 1000 of each is fine.
        std::vector<std::string> both;
        for (int i = 0; i < 1000; ++i) {
            both.push_back(field_part("a", "x"));
            both.push_back(file_part("b", "b.txt", "y"));
        }
        QCOMPARE(client.post("/", multipart_request(multipart_body(both))).status_code, 200);

        // Outside an application the exception carries the same message.
        TestClient raw(raw_form);
        try {
            raw.post("/", multipart_request(many_fields(1001, true)));
            QFAIL("no exception");
        } catch (const MultiPartException& e) {
            COMPARE_STR(e.message(), "Too many files. Maximum number of files is 1000.");
        }
    }

    void customLimits() {
        TestClient low(form_app({.max_files = 1, .max_fields = 2}));
        QCOMPARE(low.post("/", multipart_request(many_fields(2, false))).status_code, 200);
        const TestResponse fields = low.post("/", multipart_request(many_fields(3, false)));
        QCOMPARE(fields.status_code, 400);
        COMPARE_STR(fields.text(), "Too many fields. Maximum number of fields is 2.");
        QCOMPARE(low.post("/", multipart_request(many_fields(1, true))).status_code, 200);
        const TestResponse files = low.post("/", multipart_request(many_fields(2, true)));
        QCOMPARE(files.status_code, 400);
        COMPARE_STR(files.text(), "Too many files. Maximum number of files is 1.");

        TestClient high(form_app({.max_files = 2000, .max_fields = 2000}));
        QCOMPARE(high.post("/", multipart_request(many_fields(2000, false))).status_code, 200);
        QCOMPARE(high.post("/", multipart_request(many_fields(2000, true))).status_code, 200);
    }

    void partSizeLimit() {
        TestClient client(form_app());
        const std::string at_limit(1024 * 1024, 'x');
        const TestResponse ok = client.post("/", multipart_request(multipart_body({field_part("a", at_limit)})));
        QCOMPARE(ok.status_code, 200);
        QCOMPARE(ok.text().size(), at_limit.size() + 2);
        const TestResponse over = client.post("/", multipart_request(multipart_body({field_part("a", at_limit + "x")})));
        QCOMPARE(over.status_code, 400);
        COMPARE_STR(over.text(), "Part exceeded maximum size of 1024KB.");
        // Files are not limited by max_part_size.
        RequestOptions big;
        big.files.push_back({"f", {.filename = "big.bin", .content = at_limit + "xyz"}});
        QCOMPARE(client.post("/", big).status_code, 200);

        TestClient custom(form_app({.max_part_size = 10}));
        QCOMPARE(custom.post("/", multipart_request(multipart_body({field_part("a", "0123456789")}))).status_code, 200);
        const TestResponse r = custom.post("/", multipart_request(multipart_body({field_part("a", "0123456789!")})));
        QCOMPARE(r.status_code, 400);
        COMPARE_STR(r.text(), "Part exceeded maximum size of 0KB.");  // int(10 / 1024), as Starlette prints it
        // The limit holds whatever the chunking.
        for (std::size_t chunk : {std::size_t(1), std::size_t(4), std::size_t(100)}) {
            const FormOptions ten{.max_part_size = 10};
            COMPARE_STR(refusal([&] { (void)parse_in_chunks(multipart_body({field_part("a", "0123456789!")}), chunk, multipart_headers(), ten); }),
                        "Part exceeded maximum size of 0KB.");
        }
    }

    // ---- spooling ---------------------------------------------------------------------------

    void uploadFileSpoolsToDisk() {
        std::filesystem::path path;
        {
            UploadFile f("a.bin", {}, 16);
            f.write("0123456789");
            QVERIFY(f.in_memory());
            QVERIFY(!f.path());
            f.write("abcdef");  // 16 bytes: still in memory (the threshold is inclusive)
            QVERIFY(f.in_memory());
            f.write("!");
            QVERIFY(!f.in_memory());
            QVERIFY(f.path());
            path = *f.path();
            QVERIFY(std::filesystem::exists(path));
            QCOMPARE(f.size(), std::size_t(17));
            QCOMPARE(std::filesystem::file_size(path), std::uintmax_t(17));
            f.seek(0);
            COMPARE_STR(f.read(4), "0123");
            QCOMPARE(f.tell(), std::size_t(4));
            f.seek(10);
            f.write("ABC");  // overwrites in place
            f.seek(0);
            COMPARE_STR(f.read(), "0123456789ABCdef!");
            COMPARE_STR(f.read(), "");
        }
        QVERIFY(!std::filesystem::exists(path));  // the destructor removed it

        UploadFile g(std::nullopt, {}, 4);
        g.write("12345");
        const std::filesystem::path gpath = *g.path();
        QVERIFY(std::filesystem::exists(gpath));
        g.close();
        QVERIFY(!std::filesystem::exists(gpath));
        QVERIFY(g.closed());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, g.read());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, g.write("x"));
        g.close();  // twice is harmless

        UploadFile m;
        m.write("abc");
        m.seek(1);
        m.write("XYZ");
        m.seek(0);
        COMPARE_STR(m.read(), "aXYZ");
        QCOMPARE(m.spool_max_size(), std::size_t(1024 * 1024));
    }

    void parserSpoolsLargeFiles() {
        const std::string content(100, 'z');
        const FormOptions small{.spool_max_size = 64};
        const FormData form = parse_in_chunks(multipart_body({file_part("big", "big.txt", content), file_part("small", "s.txt", "tiny")}),
                                              9, multipart_headers(), small);
        const auto big = form.file("big");
        const auto tiny = form.file("small");
        QVERIFY(!big->in_memory());
        QVERIFY(tiny->in_memory());
        const std::filesystem::path path = *big->path();
        QVERIFY(std::filesystem::exists(path));
        QCOMPARE(big->size(), content.size());
        COMPARE_STR(big->read(), content);
        form.close();
        QVERIFY(!std::filesystem::exists(path));
        QVERIFY(big->closed() && tiny->closed());

        // A refused form closes the files it had made (in a temporary directory of our own,
        // to count them).
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QByteArray old_tmpdir = qgetenv("TMPDIR");
        qputenv("TMPDIR", tmp.path().toLocal8Bit());
        {
            MultiPartParser parser(multipart_headers(), small);
            parser.feed("--" + kBoundary + "\r\n" + file_part("big", "big.txt", content) + "\r\n--" + kBoundary + "\r\n");
            parser.feed(file_part("big2", "big2.txt", content));
            const int while_parsing = upload_files_in(tmp.path().toStdString());
            const std::string message = refusal([&] { parser.feed("\r\n--" + kBoundary + "\r\nno colon\r\n\r\n"); });
            const int after = upload_files_in(tmp.path().toStdString());
            if (old_tmpdir.isNull())
                qunsetenv("TMPDIR");
            else
                qputenv("TMPDIR", old_tmpdir);
            QCOMPARE(while_parsing, 2);
            COMPARE_STR(message, "Malformed multipart part header (expected \"Name: value\"): \"no colon\".");
            QCOMPARE(after, 0);
        }
    }

    void defaultSpoolThroughApp() {
        auto paths = std::make_shared<std::vector<std::filesystem::path>>();
        Starlette app({.routes = {Route(
                           "/",
                           [paths](Request& request) -> awaitable<Response> {
                               const FormData form = co_await request.form();
                               co_return PlainTextResponse(spool_report(form, *paths));
                           },
                           {.methods = {"POST"}})}});
        TestClient client(app);
        RequestOptions o;
        o.files.push_back({"small", {.filename = "s.bin", .content = std::string(1024 * 1024, 's')}});
        o.files.push_back({"large", {.filename = "l.bin", .content = std::string(1024 * 1024 + 1, 'l')}});
        COMPARE_STR(client.post("/", o).text(), "small:memory:1048576 large:disk:1048577 exists ");
        QCOMPARE(paths->size(), std::size_t(1));
        // The request is over: the form went with its scope, and the temporary file with it.
        QVERIFY(!std::filesystem::exists(paths->front()));
    }

    // ---- the form and the body, across middleware -----------------------------------------

    void formAfterMiddlewareReadTheBody() {
        Starlette app({.routes = {Route("/", form_endpoint(), {.methods = {"POST"}})},
                       .middleware = {Middleware::of<ReadFirstMiddleware>({.form = false})}});
        TestClient client(app);
        COMPARE_STR(client.post("/", {.data = {{"some", "data"}, {"second", "data2"}}}).text(), "some=data & second=data2");
        RequestOptions o;
        o.data = {{"a", "1"}};
        o.files.push_back({"file", {.filename = "f.txt", .content = "content"}});
        COMPARE_STR(client.post("/", o).text(), "a=1 & file=<f.txt|text/plain|content>");
    }

    void formParsedInMiddlewareIsSeenDownstream() {
        auto seen = std::make_shared<std::vector<const void*>>();
        Starlette app({.routes = {Route(
                           "/",
                           [seen](Request& request) -> awaitable<Response> {
                               const FormData form = co_await request.form();
                               seen->push_back(form.file("file").get());
                               co_return PlainTextResponse(summary(form));
                           },
                           {.methods = {"POST"}})},
                       .middleware = {Middleware::of<ReadFirstMiddleware>({.form = true, .files_seen = seen})}});
        TestClient client(app);
        RequestOptions o;
        o.files.push_back({"file", {.filename = "f.txt", .content = "content"}});
        COMPARE_STR(client.post("/", o).text(), "file=<f.txt|text/plain|content>");
        QCOMPARE(seen->size(), std::size_t(2));
        QVERIFY((*seen)[0] != nullptr && (*seen)[0] == (*seen)[1]);  // the very same UploadFile
    }

    void formTwiceOnOneRequestAndClose() {
        asgi::Scope scope;
        scope.type = "http";
        scope.method = "POST";
        scope.headers.emplace_back("content-type", "multipart/form-data; boundary=" + kBoundary);
        const std::string body = multipart_body({file_part("f", "f.txt", "data"), field_part("a", "b")});
        int receives = 0;
        asgi::Receive receive = [&receives, &body]() -> awaitable<asgi::Message> {
            ++receives;
            co_return asgi::HttpRequest(asgi::Bytes(body), false);
        };
        Request request(scope, receive);
        FormData first;
        FormData again;
        FormData other;
        testing::run_coroutine([&]() -> awaitable<void> {
            first = co_await request.form();
            again = co_await request.form();  // cached: no second receive
            Request later(scope, receive);    // as an endpoint after a middleware
            other = co_await later.form();
        });
        QCOMPARE(receives, 1);
        QVERIFY(first.file("f") && first.file("f") == again.file("f") && first.file("f") == other.file("f"));
        COMPARE_STR(summary(again), "f=<f.txt|text/plain|data> & a=b");
        request.close();
        QVERIFY(first.file("f")->closed());
    }

    void streamsFromReceiveInChunks() {
        // A 3 MiB upload arriving in 64 KiB messages: parsed as it comes, never kept whole.
        const std::string content = pattern(3 * 1024 * 1024);
        const std::string body = multipart_body({field_part("field", "value"), file_part("file", "big.bin", content)});
        auto chunks = std::make_shared<std::deque<asgi::Bytes>>();
        for (std::size_t i = 0; i < body.size(); i += 65536) chunks->push_back(asgi::Bytes::copy(std::string_view(body).substr(i, 65536)));
        const std::size_t messages = chunks->size();
        std::size_t receives = 0;
        asgi::Receive receive = [chunks, &receives]() -> awaitable<asgi::Message> {
            ++receives;
            asgi::Bytes next = std::move(chunks->front());
            chunks->pop_front();
            co_return asgi::HttpRequest(std::move(next), !chunks->empty());
        };
        asgi::Scope scope;
        scope.type = "http";
        scope.method = "POST";
        scope.headers.emplace_back("content-type", "multipart/form-data; boundary=" + kBoundary);
        Request request(scope, receive);
        FormData form;
        testing::run_coroutine([&]() -> awaitable<void> { form = co_await request.form(); });
        QCOMPARE(receives, messages);
        QVERIFY(!scope.cached_body);  // the body was streamed, not cached
        COMPARE_STR(upload_report(form), "value big.bin:3145728:disk:ok");
    }

    void servedUploadWithCurl() {
        // End to end: curl -F against the server, the body in whatever chunks TCP gives.
        Starlette app({.routes = {Route(
                           "/",
                           [](Request& request) -> awaitable<Response> {
                               const FormData form = co_await request.form();
                               co_return PlainTextResponse(upload_report(form));
                           },
                           {.methods = {"POST"}})}});
        testing::RunningServer server(app, testing::test_config());
        QVERIFY(server.started());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath("big.bin");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const std::string content = pattern(2 * 1024 * 1024 + 123);
            f.write(content.data(), qint64(content.size()));
        }
        const QString url = QString("http://127.0.0.1:%1/").arg(server.port());
        const testing::ProcessResult p = testing::run_process(
            "curl", QStringList{"-sS", "-F", "field=value", "-F", "file=@" + file + ";type=application/octet-stream", url});
        if (p.exit_code != 0) QFAIL(qPrintable("curl failed: " + p.err));
        QCOMPARE(p.out, QString("value big.bin:2097275:disk:ok"));
        // A refused form over the wire: 400 with Starlette's message.
        const testing::ProcessResult refused =
            testing::run_process("curl", QStringList{"-sS", "-H", "Content-Type: multipart/form-data", "--data-binary", "x", url});
        QCOMPARE(refused.out, QString("Missing boundary in multipart."));
    }

    // ---- the multi-dicts ------------------------------------------------------------------

    void multiDict() {
        // Starlette's test_multidict.
        MultiDict<> q(MultiDict<>::Items{{"a", "123"}, {"a", "456"}, {"b", "789"}});
        QVERIFY(q.contains("a") && !q.contains("A") && !q.contains("c"));
        COMPARE_STR(q["a"], "456");
        COMPARE_STR(*q.get("a"), "456");
        QVERIFY(!q.get("nope"));
        COMPARE_STR(q.get("nope", "default"), "default");
        QCOMPARE(q.getlist("a").size(), std::size_t(2));
        QCOMPARE(q.size(), std::size_t(2));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)q["c"]);
        QCOMPARE(q.erase("a"), std::size_t(2));
        QCOMPARE(q.size(), std::size_t(1));
        QCOMPARE(q.pop("b"), std::optional<std::string>("789"));
        QVERIFY(!q.pop("b"));
        QVERIFY(q.empty());

        MultiDict<> d(MultiDict<>::Items{{"a", "123"}, {"a", "456"}, {"b", "789"}});
        QCOMPARE(d.poplist("a"), (std::vector<std::string>{"123", "456"}));
        COMPARE_STR(d.setdefault("a", "123"), "123");
        COMPARE_STR(d.setdefault("a", "456"), "123");
        d.setlist("a", {"456", "789"});
        QCOMPARE(d.multi_items(), (MultiDict<>::Items{{"b", "789"}, {"a", "456"}, {"a", "789"}}));
        d.append("a", "123");
        QCOMPARE(d.getlist("a").size(), std::size_t(3));
        d.set("b", "x");
        QCOMPARE(d.multi_items().back(), (std::pair<std::string, std::string>{"b", "x"}));
        d.update({{"a", "1"}, {"c", "2"}});
        QCOMPARE(d.multi_items(), (MultiDict<>::Items{{"b", "x"}, {"a", "1"}, {"c", "2"}}));
        d.setlist("c", {});
        QVERIFY(!d.contains("c"));
        QVERIFY((ImmutableMultiDict<>(ImmutableMultiDict<>::Items{{"a", "1"}, {"b", "2"}}) ==
                 ImmutableMultiDict<>(ImmutableMultiDict<>::Items{{"b", "2"}, {"a", "1"}})));
        d.clear();
        QVERIFY(d.empty());

        // Other value types hand out pointers.
        const ImmutableMultiDict<int> numbers(ImmutableMultiDict<int>::Items{{"x", 1}, {"x", 2}, {"y", 3}});
        QCOMPARE(*numbers.get("x"), 2);
        QVERIFY(numbers.get("z") == nullptr);
        QCOMPARE(*numbers.getlist("x").front(), 1);
        QCOMPARE(numbers.keys().size(), std::size_t(2));
        QCOMPARE(*numbers.items()[1].second, 3);

        // QueryParams is the text one.
        const QueryParams params("a=1&a=2");
        const ImmutableMultiDict<>& base = params;
        COMPARE_STR(*base.get("a"), "2");
    }

    void formDataAccessors() {
        auto file = std::make_shared<UploadFile>("f.txt");
        const FormData form(FormData::Items{{"a", FormValue(std::string("1"))}, {"f", FormValue(file)}, {"a", FormValue(std::string("2"))}});
        COMPARE_STR(*form.text("a"), "2");
        QVERIFY(!form.text("f") && !form.text("zz"));
        QVERIFY(form.file("f") == file && !form.file("a"));
        QCOMPARE(form.getlist("a").size(), std::size_t(2));
        QVERIFY(std::holds_alternative<std::shared_ptr<UploadFile>>(*form.get("f")));
        QCOMPARE(form.size(), std::size_t(2));
        form.close();
        QVERIFY(file->closed());
    }

    // ---- a body encoded by Python's httpx -------------------------------------------------

    void bodyFromPythonHttpx() {
        const QString script = QStringLiteral(
            "import base64, sys, httpx\n"
            "r = httpx.Request('POST', 'http://testserver/',\n"
            "    data={'name': 'Zo\\u00eb', 'multi': ['1', '2'], 'empty': ''},\n"
            "    files=[('upload', ('r\\u00e9sum\\u00e9 \"q\".txt', b'line1\\r\\nline2\\r\\n--not-a-boundary', 'text/plain')),\n"
            "           ('blob', ('data.bin', bytes(range(256)) * 40, 'application/octet-stream'))])\n"
            "sys.stdout.write(r.headers['content-type'] + '\\n' + base64.b64encode(r.read()).decode())\n");
        const testing::ProcessResult p = testing::run_process(testing::python(), QStringList{QStringLiteral("-c"), script});
        if (p.exit_code != 0) QFAIL(qPrintable("python failed: " + p.err));
        const QStringList lines = p.out.split('\n');
        QCOMPARE(lines.size(), 2);
        const std::string content_type = lines[0].toStdString();
        const QByteArray decoded = QByteArray::fromBase64(lines[1].toLatin1());
        const std::string body(decoded.constData(), std::size_t(decoded.size()));
        QVERIFY(content_type.starts_with("multipart/form-data; boundary="));

        std::string binary;
        for (int i = 0; i < 40; ++i)
            for (int b = 0; b < 256; ++b) binary += char(b);
        const Headers headers{{"content-type", content_type}};
        for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(4096), body.size()}) {
            const FormData form = parse_in_chunks(body, chunk, headers);
            COMPARE_STR(*form.text("name"), "Zo\xc3\xab");
            QCOMPARE(form.getlist("multi").size(), std::size_t(2));
            COMPARE_STR(*form.text("empty"), "");
            const auto upload = form.file("upload");
            QVERIFY(upload);
            COMPARE_STR(*upload->filename(), "r\xc3\xa9sum\xc3\xa9 %22q%22.txt");  // httpx escapes '"' as %22
            COMPARE_STR(*upload->content_type(), "text/plain");
            COMPARE_STR(upload->read(), "line1\r\nline2\r\n--not-a-boundary");
            const auto blob = form.file("blob");
            QCOMPARE(blob->size(), binary.size());
            QVERIFY(blob->read() == binary);
        }

        // And through an application, as the body of a request.
        TestClient client(form_app());
        RequestOptions o;
        o.headers.emplace_back("content-type", content_type);
        o.content = body;
        const TestResponse r = client.post("/", o);
        QCOMPARE(r.status_code, 200);
        QVERIFY(r.text().starts_with("name=Zo\xc3\xab & multi=1 & multi=2 & empty= & upload=<r\xc3\xa9sum\xc3\xa9 %22q%22.txt|text/plain|line1"));
    }
};

QTEST_GUILESS_MAIN(TestFormParsers)
#include "test_formparsers.moc"
