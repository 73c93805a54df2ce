// GZipMiddleware against Starlette's behaviour (its test_gzip.py and more): small bodies
// untouched, large and streamed bodies gzip-compressed (checked by decompressing with zlib),
// no Accept-Encoding, an existing Content-Encoding, the Vary header, text/event-stream.
#include <asgiscope/web.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <zlib.h>

#include <QtTest/QtTest>

#include "web_test.hpp"

using namespace asgiscope;
using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

/// Decompresses gzip data piece by piece, as a client does.
class Inflater {
public:
    Inflater() {
        if (inflateInit2(&stream_, 31) != Z_OK) throw std::runtime_error("inflateInit2");
    }
    ~Inflater() { inflateEnd(&stream_); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    /// What `data` decodes to, given what came before.
    std::string feed(std::string_view data) {
        std::string out;
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        stream_.avail_in = static_cast<uInt>(data.size());
        char buffer[4096];
        do {
            stream_.next_out = reinterpret_cast<Bytef*>(buffer);
            stream_.avail_out = sizeof buffer;
            const int rc = inflate(&stream_, Z_SYNC_FLUSH);
            if (rc == Z_STREAM_END) ended_ = true;
            else if (rc == Z_BUF_ERROR) break;
            else if (rc != Z_OK) throw std::runtime_error("inflate failed");
            out.append(buffer, sizeof buffer - stream_.avail_out);
        } while (stream_.avail_out == 0 && !ended_);
        return out;
    }
    bool ended() const { return ended_; }

private:
    z_stream stream_{};
    bool ended_ = false;
};

/// The whole of a gzip body; throws if it is not complete gzip data.
std::string gunzip(std::string_view data) {
    Inflater inflater;
    std::string out = inflater.feed(data);
    if (!inflater.ended()) throw std::runtime_error("gzip data incomplete");
    return out;
}

const std::string large(4000, 'x');

awaitable<Response> small_body(Request&) { co_return PlainTextResponse("OK", 200); }

awaitable<Response> large_body(Request&) { co_return PlainTextResponse(large, 200); }

awaitable<Response> vary_body(Request&) {
    asgi::Headers headers;
    headers.emplace_back("vary", "Origin");
    co_return PlainTextResponse(large, 200, std::move(headers));
}

awaitable<void> ten_chunks(StreamWriter write) {
    for (int i = 0; i < 10; ++i) co_await write(std::string(1024, char('a' + i)));
}

std::string ten_chunks_text() {
    std::string out;
    for (int i = 0; i < 10; ++i) out += std::string(1024, char('a' + i));
    return out;
}

awaitable<Response> streaming(Request&) { co_return StreamingResponse(ten_chunks, 200, {}, "text/plain"); }

awaitable<Response> already_encoded(Request&) {
    asgi::Headers headers;
    headers.emplace_back("content-encoding", "text");
    co_return StreamingResponse(ten_chunks, 200, headers, "text/plain");
}

awaitable<Response> event_stream(Request&) {
    co_return StreamingResponse(ten_chunks, 200, {}, "text/event-stream");
}

Starlette make_app(GZipMiddleware::Options options = {}) {
    return Starlette({.routes = {Route("/small", small_body), Route("/large", large_body), Route("/vary", vary_body),
                                 Route("/stream", streaming), Route("/encoded", already_encoded),
                                 Route("/events", event_stream)},
                      .middleware = {Middleware::of<GZipMiddleware>(options)}});
}

RequestOptions accept(std::string encoding) {
    RequestOptions o;
    o.headers.emplace_back("accept-encoding", std::move(encoding));
    return o;
}

/// A raw app streaming three chunks and an empty final message, with a Content-Length the
/// middleware must drop.
awaitable<void> raw_streaming_app(asgi::Scope&, asgi::Receive, asgi::Send send) {
    asgi::Headers headers;
    headers.emplace_back("content-type", "text/plain");
    headers.emplace_back("content-length", "3000");
    asgi::Message start = asgi::HttpResponseStart(200, std::move(headers));
    co_await send(std::move(start));
    for (char c : std::string("xyz")) {
        asgi::Message chunk = asgi::HttpResponseBody(asgi::Bytes(std::string(1000, c)), true);
        co_await send(std::move(chunk));
    }
    asgi::Message last = asgi::HttpResponseBody(asgi::Bytes(), false);
    co_await send(std::move(last));
}

awaitable<void> collect(std::vector<asgi::Message>* sent, asgi::Message message) {
    sent->push_back(std::move(message));
    co_return;
}

}  // namespace

class TestGZip : public QObject {
    Q_OBJECT

private slots:
    void smallBodyUntouched() {
        TestClient client(make_app());
        const TestResponse r = client.get("/small", accept("gzip"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), "OK");
        QVERIFY(!r.headers.contains("content-encoding"));
        QVERIFY(!r.headers.contains("vary"));
        COMPARE_STR(r.headers["content-length"], "2");
    }

    void largeBodyCompressed() {
        TestClient client(make_app());
        // The client's default Accept-Encoding is "gzip, deflate".
        const TestResponse r = client.get("/large");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.headers["content-encoding"], "gzip");
        COMPARE_STR(r.headers["vary"], "Accept-Encoding");
        COMPARE_STR(r.headers["content-length"], std::to_string(r.content.size()));
        QVERIFY(r.content.size() < large.size());
        COMPARE_STR(gunzip(r.content), large);
        COMPARE_STR(r.headers["content-type"], "text/plain; charset=utf-8");
    }

    void minimumSizeAndLevel() {
        // A body of exactly minimum_size is compressed; the level changes only the size.
        TestClient client(make_app({.minimum_size = 2, .compresslevel = 1}));
        const TestResponse r = client.get("/small");
        COMPARE_STR(r.headers["content-encoding"], "gzip");
        COMPARE_STR(gunzip(r.content), "OK");
        TestClient stored(make_app({.minimum_size = 500, .compresslevel = 0}));
        const TestResponse s = stored.get("/large");
        COMPARE_STR(s.headers["content-encoding"], "gzip");
        QVERIFY(s.content.size() > large.size());
        COMPARE_STR(gunzip(s.content), large);
        TestClient big(make_app({.minimum_size = 5000}));
        QVERIFY(!big.get("/large").headers.contains("content-encoding"));
    }

    void invalidLevelThrows() {
        const asgi::App inner = [](asgi::Scope&, asgi::Receive, asgi::Send) -> awaitable<void> { co_return; };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GZipMiddleware(inner, {.compresslevel = 10}));
    }

    void noAcceptEncodingUntouched() {
        TestClient client(make_app());
        const TestResponse r = client.get("/large", accept("identity"));
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.text(), large);
        QVERIFY(!r.headers.contains("content-encoding"));
        QVERIFY(!r.headers.contains("vary"));
        COMPARE_STR(r.headers["content-length"], "4000");
        // Starlette's test is a plain substring test.
        QVERIFY(!client.get("/large", accept("deflate, br")).headers.contains("content-encoding"));
    }

    void streamingCompressed() {
        TestClient client(make_app());
        const TestResponse r = client.get("/stream");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.headers["content-encoding"], "gzip");
        COMPARE_STR(r.headers["vary"], "Accept-Encoding");
        QVERIFY(!r.headers.contains("content-length"));
        COMPARE_STR(gunzip(r.content), ten_chunks_text());
    }

    void streamingChunksDecodeAsTheyCome() {
        const asgi::App app = Middleware::of<GZipMiddleware>().wrap(raw_streaming_app);
        std::vector<asgi::Message> sent;
        asgi::Send send = [&sent](asgi::Message m) { return collect(&sent, std::move(m)); };
        asgi::Receive receive = []() -> awaitable<asgi::Message> { co_return asgi::HttpDisconnect(); };
        asgi::Scope scope;
        scope.type = "http";
        scope.method = "GET";
        scope.path = "/";
        scope.headers.emplace_back("accept-encoding", "gzip");
        testing::run_coroutine([&]() { return app(scope, receive, send); });

        QCOMPARE(sent.size(), std::size_t(5));
        const auto* start = std::get_if<asgi::HttpResponseStart>(&sent[0]);
        QVERIFY(start != nullptr);
        const Headers headers = Headers::view(start->headers);
        COMPARE_STR(headers["content-encoding"], "gzip");
        QVERIFY(!headers.contains("content-length"));
        Inflater inflater;
        const std::string letters = "xyz";
        for (std::size_t i = 0; i < 3; ++i) {
            const auto* body = std::get_if<asgi::HttpResponseBody>(&sent[i + 1]);
            QVERIFY(body != nullptr);
            QVERIFY(body->more_body);
            // Each chunk is flushed: it decodes fully before the next arrives.
            COMPARE_STR(inflater.feed(body->body.view()), std::string(1000, letters[i]));
        }
        const auto* last = std::get_if<asgi::HttpResponseBody>(&sent[4]);
        QVERIFY(last != nullptr);
        QVERIFY(!last->more_body);
        QVERIFY(!last->body.empty());  // the gzip trailer
        COMPARE_STR(inflater.feed(last->body.view()), "");
        QVERIFY(inflater.ended());
    }

    void existingContentEncodingUntouched() {
        TestClient client(make_app());
        const TestResponse r = client.get("/encoded");
        QCOMPARE(r.status_code, 200);
        COMPARE_STR(r.headers["content-encoding"], "text");
        QVERIFY(!r.headers.contains("vary"));
        COMPARE_STR(r.text(), ten_chunks_text());
    }

    void varyMerged() {
        TestClient client(make_app());
        const TestResponse r = client.get("/vary");
        COMPARE_STR(r.headers["content-encoding"], "gzip");
        COMPARE_STR(r.headers["vary"], "Origin, Accept-Encoding");
        COMPARE_STR(gunzip(r.content), large);
    }

    void eventStreamUntouched() {
        TestClient client(make_app());
        const TestResponse r = client.get("/events");
        QCOMPARE(r.status_code, 200);
        QVERIFY(!r.headers.contains("content-encoding"));
        QVERIFY(!r.headers.contains("vary"));
        COMPARE_STR(r.headers["content-type"], "text/event-stream; charset=utf-8");
        COMPARE_STR(r.text(), ten_chunks_text());
    }

    void independentRequests() {
        // No state is shared between requests: a compressed one, then a small one.
        TestClient client(make_app());
        COMPARE_STR(gunzip(client.get("/large").content), large);
        const TestResponse r = client.get("/small");
        COMPARE_STR(r.text(), "OK");
        QVERIFY(!r.headers.contains("content-encoding"));
        COMPARE_STR(gunzip(client.get("/stream").content), ten_chunks_text());
    }
};

QTEST_APPLESS_MAIN(TestGZip)
#include "test_middleware_gzip.moc"
