// The JSON form of the ASGI contract: round trips, the pinned format and strict decoding.
#include <asgiscope/asgi/json.hpp>

#include <QtTest/QtTest>

#include <boost/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

using namespace asgiscope::asgi;
namespace json = boost::json;

namespace {

// The fields of each message type, for field-by-field comparison.
auto fields(const HttpRequest& m) { return std::tie(m.body, m.more_body); }
auto fields(const HttpResponseStart& m) { return std::tie(m.status, m.headers, m.trailers); }
auto fields(const HttpResponseBody& m) { return std::tie(m.body, m.more_body); }
auto fields(const WebSocketAccept& m) { return std::tie(m.subprotocol, m.headers); }
auto fields(const WebSocketReceive& m) { return std::tie(m.bytes, m.text); }
auto fields(const WebSocketSend& m) { return std::tie(m.bytes, m.text); }
auto fields(const WebSocketDisconnect& m) { return std::tie(m.code, m.reason); }
auto fields(const WebSocketClose& m) { return std::tie(m.code, m.reason); }
auto fields(const WebSocketHttpResponseStart& m) { return std::tie(m.status, m.headers); }
auto fields(const WebSocketHttpResponseBody& m) { return std::tie(m.body, m.more_body); }
auto fields(const LifespanStartupFailed& m) { return std::tie(m.message); }
auto fields(const LifespanShutdownFailed& m) { return std::tie(m.message); }
template <class T>
auto fields(const T&) {
    static_assert(std::is_empty_v<T>, "add a fields() overload for this message type");
    return std::tuple<>();
}

bool sameMessage(const Message& a, const Message& b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            return fields(x) == fields(std::get<T>(b));
        },
        a);
}

const std::string kBinary("\xff\x00\xfe" "abc\x80", 7);  // invalid UTF-8 with a NUL

// At least one non-default sample of every message type.
std::vector<Message> sampleMessages() {
    return {
        HttpRequest{Bytes::copy("name=value&x=1"), true},
        HttpRequest{Bytes(kBinary), false},
        HttpRequest{},
        HttpDisconnect{},
        HttpResponseStart{201, {{"content-type", "application/json"}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}}, true},
        HttpResponseBody{Bytes::copy("{\"ok\": true}\n"), true},
        HttpResponseBody{Bytes::from_static(""), false},
        WebSocketConnect{},
        WebSocketAccept{std::string("chat.v2"), {{"x-extra", "1"}}},
        WebSocketAccept{std::nullopt, {}},
        WebSocketReceive{Bytes(kBinary)},
        WebSocketReceive{std::string("h\xc3\xa9llo \xf0\x9f\x98\x80")},
        WebSocketSend{Bytes::copy("plain bytes")},
        WebSocketSend{std::string("text with \"quotes\" and \\ and \n")},
        WebSocketDisconnect{1006, "abnormal"},
        WebSocketClose{4001, "going away \xe2\x9c\x93"},
        WebSocketHttpResponseStart{403, {{"content-type", "text/plain"}}},
        WebSocketHttpResponseBody{Bytes::copy("denied"), true},
        LifespanStartup{},
        LifespanStartupComplete{},
        LifespanStartupFailed{"database unreachable"},
        LifespanShutdown{},
        LifespanShutdownComplete{},
        LifespanShutdownFailed{"timeout"},
    };
}

Scope sampleHttpScope() {
    Scope s;
    s.type = "http";
    s.asgi = {"3.0", "2.4"};
    s.http_version = "1.1";
    s.method = "POST";
    s.scheme = "https";
    s.path = "/api/caf\xc3\xa9 items";
    s.raw_path = "/api/caf%C3%A9%20items";
    s.query_string = std::string("q=\xff&x=1");  // not UTF-8: base64 form
    s.root_path = "/api";
    s.headers = {{"host", "example.org"}, {"cookie", "a=1"}, {"cookie", "b=2"}, {"x-bin", "\x80"}};
    s.client = Address{"10.0.0.7", 51234};
    s.server = Address{"::1", 443};
    s.state = std::make_shared<State>();
    s.extensions.tls = TlsInfo{std::string("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
                               {"leaf pem", "intermediate pem"},
                               std::string("CN=client,O=Example"),
                               std::nullopt,
                               0x0304,
                               0x1301};
    return s;
}

std::string msgOf(const std::exception& e) { return e.what(); }

}  // namespace

#define CHECK_EQ(a, b) QVERIFY2((a) == (b), #a " differs")

class TestAsgiJson : public QObject {
    Q_OBJECT

    static void compareScopes(const Scope& a, const Scope& b) {
        CHECK_EQ(a.type, b.type);
        CHECK_EQ(a.asgi, b.asgi);
        CHECK_EQ(a.http_version, b.http_version);
        CHECK_EQ(a.method, b.method);
        CHECK_EQ(a.scheme, b.scheme);
        CHECK_EQ(a.path, b.path);
        CHECK_EQ(a.raw_path, b.raw_path);
        CHECK_EQ(a.query_string, b.query_string);
        CHECK_EQ(a.root_path, b.root_path);
        CHECK_EQ(a.headers, b.headers);
        CHECK_EQ(a.client, b.client);
        CHECK_EQ(a.server, b.server);
        CHECK_EQ(a.subprotocols, b.subprotocols);
        CHECK_EQ(a.extensions, b.extensions);
        CHECK_EQ(bool(a.state), bool(b.state));
        CHECK_EQ(a.path_params, b.path_params);
        CHECK_EQ(a.route_name, b.route_name);
        CHECK_EQ(a.app_root_path, b.app_root_path);
        CHECK_EQ(a.in_app, b.in_app);
        CHECK_EQ(a.cached_body, b.cached_body);
    }

    static Message roundTrip(const Message& m) {
        const std::string text = to_json_string(m);
        Message back = message_from_json_string(text);
        // The decoded message encodes to the very same text.
        if (to_json_string(back) != text) throw std::logic_error("re-encoding differs: " + text);
        return back;
    }

private slots:
    void everyMessageTypeRoundTrips() {
        std::set<std::size_t> seen;
        for (const Message& m : sampleMessages()) {
            seen.insert(m.index());
            const std::string text = to_json_string(m);
            const Message back = roundTrip(m);
            QVERIFY2(sameMessage(m, back), text.c_str());
            QCOMPARE(type_name(back), type_name(m));
            // The value form round-trips too, and "type" comes first.
            const json::value v = to_json(m);
            QVERIFY(sameMessage(m, message_from_json(v)));
            QCOMPARE(std::string_view(v.as_object().begin()->key()), std::string_view("type"));
        }
        QCOMPARE(seen.size(), std::variant_size_v<Message>);
        QCOMPARE(seen.size(), std::size_t(18));
    }

    void optionalFieldsAreOmitted() {
        const json::object send = to_json(WebSocketSend{std::string("x")}).as_object();
        QVERIFY(!send.contains("bytes"));
        QVERIFY(send.contains("text"));
        const json::object accept = to_json(WebSocketAccept{}).as_object();
        QVERIFY(!accept.contains("subprotocol"));
        QCOMPARE(to_json_string(HttpDisconnect{}), std::string(R"({"type":"http.disconnect"})"));
    }

    void readerAppliesAsgiDefaults() {
        auto body = std::get<HttpResponseBody>(message_from_json_string(R"({"type":"http.response.body"})"));
        QVERIFY(body.body.empty());
        QVERIFY(!body.more_body);
        auto start = std::get<HttpResponseStart>(message_from_json_string(R"({"type":"http.response.start","status":204})"));
        QCOMPARE(start.status, 204);
        QVERIFY(start.headers.empty());
        QVERIFY(!start.trailers);
        auto close = std::get<WebSocketClose>(message_from_json_string(R"({"type":"websocket.close"})"));
        QCOMPARE(close.code, 1000);
        auto send = std::get<WebSocketSend>(message_from_json_string(R"({"type":"websocket.send","bytes":null,"text":"hi"})"));
        QVERIFY(!send.bytes);
        QCOMPARE(send.text.value(), std::string("hi"));
        auto failed = std::get<LifespanStartupFailed>(message_from_json_string(R"({"type":"lifespan.startup.failed"})"));
        QCOMPARE(failed.message, std::string());
    }

    void binaryBodiesUseBase64() {
        const Message m = HttpRequest{Bytes(kBinary), true};
        const json::value v = to_json(m);
        const json::value& body = v.at("body");
        QVERIFY(body.is_object());
        QCOMPARE(std::string(json::value_to<std::string>(body.at("base64"))), base64_encode(kBinary));
        const Message back = roundTrip(m);
        QCOMPARE(std::get<HttpRequest>(back).body.str(), kBinary);

        // Valid UTF-8 with NUL bytes stays a string (NUL is valid UTF-8) and round-trips.
        const std::string nul("a\0b\0", 4);
        const json::value v2 = to_json(HttpResponseBody{Bytes(nul), false});
        QVERIFY(v2.at("body").is_string());
        QCOMPARE(std::get<HttpResponseBody>(roundTrip(HttpResponseBody{Bytes(nul), false})).body.str(), nul);

        // Ill-formed UTF-8 of every kind goes through base64 and survives.
        for (const std::string& bad : {std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                                      std::string("\xf4\x90\x80\x80"), std::string("\xe2\x82"),
                                      std::string("\x80"), std::string("ok\xf5")}) {
            QVERIFY(!is_valid_utf8(bad));
            const Message msg = WebSocketReceive{Bytes::copy(bad)};
            QVERIFY(to_json(msg).at("bytes").is_object());
            QCOMPARE(std::get<WebSocketReceive>(roundTrip(msg)).bytes->str(), bad);
        }
        // Even a text field holding bytes that are not UTF-8 is not lost.
        const Message text = WebSocketSend{std::string("\xff")};
        QCOMPARE(std::get<WebSocketSend>(roundTrip(text)).text.value(), std::string("\xff"));
        // The reader accepts the base64 form for text too.
        QCOMPARE(std::get<LifespanShutdownFailed>(message_from_json_string(
                     R"({"type":"lifespan.shutdown.failed","message":{"base64":"aGk="}})")).message,
                 std::string("hi"));
    }

    void utf8Validator() {
        QVERIFY(is_valid_utf8(""));
        QVERIFY(is_valid_utf8("plain ascii"));
        QVERIFY(is_valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf"));
        QVERIFY(is_valid_utf8(std::string("\0", 1)));
        QVERIFY(!is_valid_utf8("\xc1\xbf"));           // overlong
        QVERIFY(!is_valid_utf8("\xe0\x9f\xbf"));       // overlong
        QVERIFY(!is_valid_utf8("\xf0\x8f\xbf\xbf"));   // overlong
        QVERIFY(!is_valid_utf8("\xed\xbf\xbf"));       // surrogate
        QVERIFY(!is_valid_utf8("\xf4\x90\x80\x80"));   // above U+10FFFF
        QVERIFY(!is_valid_utf8("\xf0\x9f\x98"));       // truncated
        QVERIFY(!is_valid_utf8("\xfe"));
    }

    void headersKeepOrderAndDuplicates() {
        const Headers h{{"x-b", "2"}, {"x-a", "1"}, {"x-b", "3"}, {"x-a", ""}, {"", "empty name"},
                        {"x-bin", std::string("\x00\xff", 2)}};
        const Message m = HttpResponseStart{200, h, false};
        const json::value v = to_json(m);
        const json::array& a = v.at("headers").as_array();
        QCOMPARE(a.size(), h.size());
        QCOMPARE(json::serialize(a[0]), std::string(R"(["x-b","2"])"));
        QCOMPARE(json::serialize(a[2]), std::string(R"(["x-b","3"])"));
        QCOMPARE(json::serialize(a[5]), std::string(R"(["x-bin",{"base64":"AP8="}])"));
        QVERIFY(std::get<HttpResponseStart>(roundTrip(m)).headers == h);
    }

    void exactResponseStartText() {
        const Message m = HttpResponseStart{
            404, {{"content-type", "text/plain; charset=utf-8"}, {"x-bin", "\xff"}, {"x-bin", "2"}}, true};
        QCOMPARE(to_json_string(m),
                 std::string(R"({"type":"http.response.start","status":404,"headers":)"
                             R"([["content-type","text/plain; charset=utf-8"],["x-bin",{"base64":"/w=="}],["x-bin","2"]],)"
                             R"("trailers":true})"));
    }

    void httpScopeRoundTrips() {
        Scope s = sampleHttpScope();
        State& st = *s.state;
        st["string"] = std::string("v\xc3\xa9");
        st["cstring"] = static_cast<const char*>("literal");
        st["bool"] = true;
        st["int"] = 42;
        st["long"] = -5L;
        st["llong"] = 1LL << 40;
        st["uint"] = 7u;
        st["ulong"] = std::numeric_limits<unsigned long long>::max();
        st["double"] = 1.5;
        st["json"] = json::parse(R"({"a":[1,2,{"b":null}],"c":"d"})");
        st["opaque"] = std::vector<int>{1, 2};
        st["nan"] = std::nan("");
        st["empty"] = std::any();

        const std::string text = to_json_string(s);
        const Scope back = scope_from_json_string(text);
        compareScopes(s, back);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(to_json_string(back), text);

        const State& b = *back.state;
        QCOMPARE(b.size(), st.size());
        QCOMPARE(std::any_cast<std::string>(b.at("string")), std::string("v\xc3\xa9"));
        QCOMPARE(std::any_cast<std::string>(b.at("cstring")), std::string("literal"));
        QCOMPARE(std::any_cast<bool>(b.at("bool")), true);
        QCOMPARE(std::any_cast<std::int64_t>(b.at("int")), std::int64_t(42));
        QCOMPARE(std::any_cast<std::int64_t>(b.at("long")), std::int64_t(-5));
        QCOMPARE(std::any_cast<std::int64_t>(b.at("llong")), std::int64_t(1) << 40);
        QCOMPARE(std::any_cast<std::int64_t>(b.at("uint")), std::int64_t(7));
        QCOMPARE(std::any_cast<std::uint64_t>(b.at("ulong")), std::numeric_limits<std::uint64_t>::max());
        QCOMPARE(std::any_cast<double>(b.at("double")), 1.5);
        QVERIFY(std::any_cast<json::value>(b.at("json")) == json::parse(R"({"a":[1,2,{"b":null}],"c":"d"})"));
        QCOMPARE(std::any_cast<std::string>(b.at("opaque")), std::string("<opaque>"));
        QCOMPARE(std::any_cast<std::string>(b.at("nan")), std::string("<opaque>"));
        QVERIFY(!b.at("empty").has_value());

        // Key order and the keys that apply to http.
        const json::value parsed = json::parse(text);
        const json::object& o = parsed.as_object();
        std::vector<std::string> keys;
        for (const auto& kv : o) keys.emplace_back(kv.key());
        QVERIFY(keys == (std::vector<std::string>{"type", "asgi", "http_version", "method", "scheme", "path",
                                                  "raw_path", "query_string", "root_path", "headers", "client",
                                                  "server", "state", "extensions"}));
        QCOMPARE(json::serialize(o.at("client")), std::string(R"(["10.0.0.7",51234])"));
        QVERIFY(o.at("query_string").is_object());
        const json::object& tls = o.at("extensions").at("tls").as_object();
        QCOMPARE(tls.size(), std::size_t(6));
        QVERIFY(tls.at("client_cert_error").is_null());
        QCOMPARE(tls.at("tls_version").as_int64(), std::int64_t(0x0304));
        QVERIFY(!o.at("extensions").as_object().contains("websocket.http.response"));
    }

    void websocketScopeRoundTrips() {
        Scope s;
        s.type = "websocket";
        s.http_version = "1.1";
        s.scheme = "wss";
        s.path = "/ws";
        s.raw_path = "/ws";
        s.query_string = "token=abc";
        s.headers = {{"sec-websocket-protocol", "chat.v1, chat.v2"}, {"origin", "https://example.org"}};
        s.client = Address{"127.0.0.1", 40000};
        s.server = std::nullopt;
        s.subprotocols = {"chat.v1", "chat.v2"};
        s.extensions.websocket_http_response = true;

        const std::string text = to_json_string(s);
        const Scope back = scope_from_json_string(text);
        compareScopes(s, back);
        if (QTest::currentTestFailed()) return;
        QVERIFY(!back.state);
        QCOMPARE(to_json_string(back), text);

        const json::value parsed = json::parse(text);
        const json::object& o = parsed.as_object();
        QVERIFY(!o.contains("method"));
        QVERIFY(o.at("server").is_null());
        QVERIFY(o.at("state").is_null());
        QCOMPARE(json::serialize(o.at("subprotocols")), std::string(R"(["chat.v1","chat.v2"])"));
        QCOMPARE(json::serialize(o.at("extensions")), std::string(R"({"websocket.http.response":{}})"));
    }

    // The keys the framework adds on its way down (path_params, route_name, ...).
    void frameworkKeysRoundTrip() {
        Scope s = sampleHttpScope();
        s.path_params["id"] = std::int64_t(42);
        s.path_params["big"] = std::numeric_limits<std::int64_t>::min();
        s.path_params["ratio"] = 2.0;  // integral, yet a number: stays a double
        s.path_params["tiny"] = 1e-300;
        s.path_params["rest"] = std::string("a/b c");
        s.path_params["bin"] = std::string("\xff\x00", 2);
        s.route_name = "api:user";
        s.app_root_path = std::string("");  // set, though empty: not the same as unset
        s.in_app = true;
        s.cached_body = Bytes(kBinary);

        const std::string text = to_json_string(s);
        const Scope back = scope_from_json_string(text);
        compareScopes(s, back);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(to_json_string(back), text);
        QVERIFY(std::holds_alternative<double>(back.path_params.at("ratio")));
        QVERIFY(std::holds_alternative<std::int64_t>(back.path_params.at("id")));

        const json::value parsed = json::parse(text);
        const json::object& o = parsed.as_object();
        std::vector<std::string> keys;
        for (const auto& kv : o) keys.emplace_back(kv.key());
        QVERIFY(keys == (std::vector<std::string>{"type", "asgi", "http_version", "method", "scheme", "path",
                                                  "raw_path", "query_string", "root_path", "headers", "client",
                                                  "server", "state", "extensions", "path_params", "route_name",
                                                  "app_root_path", "in_app", "cached_body"}));
        QCOMPARE(json::serialize(o.at("path_params").at("id")), std::string("42"));
        QCOMPARE(json::serialize(o.at("path_params").at("rest")), std::string("\"a/b c\""));
        QVERIFY(o.at("path_params").at("bin").is_object());  // base64 form
        QVERIFY(o.at("cached_body").is_object());

        // Unset keys are not written, and read back unset; null means unset too.
        Scope plain = sampleHttpScope();
        const json::value p = json::parse(to_json_string(plain));
        for (const char* key : {"path_params", "route_name", "app_root_path", "in_app", "cached_body"})
            QVERIFY2(!p.as_object().contains(key), key);
        json::object withNulls = p.as_object();
        withNulls["app_root_path"] = nullptr;
        withNulls["cached_body"] = nullptr;
        const Scope nulls = scope_from_json(withNulls);
        QVERIFY(!nulls.app_root_path && !nulls.cached_body);

        // A websocket scope carries them too; a non-finite number comes back as NaN.
        Scope ws;
        ws.type = "websocket";
        ws.path = "/ws/room";
        ws.path_params["x"] = std::numeric_limits<double>::infinity();
        ws.route_name = "room";
        const Scope wsBack = scope_from_json_string(to_json_string(ws));
        QCOMPARE(wsBack.route_name, std::string("room"));
        QVERIFY(std::isnan(std::get<double>(wsBack.path_params.at("x"))));
    }

    void lifespanScopeRoundTrips() {
        Scope s;
        s.type = "lifespan";
        s.asgi = {"3.0", "2.0"};
        QCOMPARE(to_json_string(s), std::string(R"({"type":"lifespan","asgi":{"version":"3.0","spec_version":"2.0"},"state":null})"));

        s.state = std::make_shared<State>();
        (*s.state)["pool"] = std::string("ready");
        const std::string text = to_json_string(s);
        QCOMPARE(text, std::string(R"({"type":"lifespan","asgi":{"version":"3.0","spec_version":"2.0"},"state":{"pool":"ready"}})"));
        const Scope back = scope_from_json_string(text);
        compareScopes(s, back);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(std::any_cast<std::string>(back.state->at("pool")), std::string("ready"));
        // An application marks its lifespan scope too.
        Scope marked = s;
        marked.in_app = true;
        QCOMPARE(to_json_string(marked), std::string(R"({"type":"lifespan","asgi":{"version":"3.0","spec_version":"2.0"},"state":{"pool":"ready"},"in_app":true})"));
        QVERIFY(scope_from_json_string(to_json_string(marked)).in_app);
        // An empty state object is not a null state.
        s.state->clear();
        QVERIFY(scope_from_json_string(to_json_string(s)).state != nullptr);
    }

    void base64Rfc4648Vectors() {
        const std::pair<const char*, const char*> vectors[] = {
            {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
            {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
        };
        for (const auto& [plain, encoded] : vectors) {
            QCOMPARE(base64_encode(plain), std::string(encoded));
            const auto decoded = base64_decode(encoded);
            QVERIFY(decoded.has_value());
            QCOMPARE(*decoded, std::string(plain));
        }
        std::string all;
        for (int i = 0; i < 256; ++i) all += char(i);
        QCOMPARE(base64_encode("\xfb\xff"), std::string("+/8="));
        for (std::size_t n = 0; n <= all.size(); n += 37)
            QCOMPARE(base64_decode(base64_encode(all.substr(0, n))).value(), all.substr(0, n));
    }

    void base64RejectsInvalidInput() {
        for (const char* bad : {"Zg", "Zg=", "Zm9vY", "Z===", "====", "=Zg=", "Zg==Zg==", "Zm8=Zm8=",
                                "Zm9v!", "Zm 9v", "Zm9v\n", "-_8=", "Zh==", "Zm9=", "Zg=a", "Zm9vYg=\x01"}) {
            QVERIFY2(!base64_decode(bad).has_value(), bad);
        }
        QVERIFY(!base64_decode(std::string("Zm\0v", 4)).has_value());
    }

    void malformedMessagesThrow_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        auto row = [](const char* name, const char* input, const char* expected) {
            QTest::newRow(name) << QByteArray(input) << QByteArray(expected);
        };
        row("unknown type", R"({"type":"http.nonsense"})", R"(message: unknown "type" "http.nonsense")");
        row("type missing", R"({"status":200})", R"(message: "type" is missing)");
        row("type not string", R"({"type":5})", R"(message: "type" must be a string, got integer)");
        row("missing status", R"({"type":"http.response.start"})", R"(http.response.start: "status" is missing)");
        row("status as string", R"({"type":"http.response.start","status":"200"})",
            R"(http.response.start: "status" must be an integer)");
        row("status as double", R"({"type":"http.response.start","status":200.0})",
            R"(http.response.start: "status" must be an integer, got number)");
        row("status 1000", R"({"type":"http.response.start","status":1000})",
            R"(http.response.start: "status" must be in 100..599, got 1000)");
        row("status 99", R"({"type":"websocket.http.response.start","status":99})",
            R"(websocket.http.response.start: "status" must be in 100..599, got 99)");
        row("status huge", R"({"type":"http.response.start","status":18446744073709551615})",
            R"("status" must be in 100..599, got 18446744073709551615)");
        row("bad base64", R"({"type":"http.request","body":{"base64":"not base64!"}})",
            R"(http.request: "body" is not valid base64)");
        row("base64 not string", R"({"type":"http.request","body":{"base64":5}})",
            R"(http.request: "body"["base64"] must be a string, got integer)");
        row("base64 extra key", R"({"type":"http.request","body":{"base64":"","x":1}})",
            R"(http.request: "body" must be a string or {"base64": string}, got object)");
        row("body number", R"({"type":"http.response.body","body":5})",
            R"(http.response.body: "body" must be a string or {"base64": string}, got integer)");
        row("header not pair", R"({"type":"http.response.start","status":200,"headers":[["a"]]})",
            R"(http.response.start: "headers"[0] must be a [name, value] pair, got an array of 1)");
        row("header is string", R"({"type":"http.response.start","status":200,"headers":[["a","b"],"c"]})",
            R"(http.response.start: "headers"[1] must be a [name, value] pair, got string)");
        row("headers object", R"({"type":"websocket.accept","headers":{"a":"b"}})",
            R"(websocket.accept: "headers" must be an array, got object)");
        row("header value number", R"({"type":"http.response.start","status":200,"headers":[["a",1]]})",
            R"(http.response.start: "headers"[0][1] must be a string or {"base64": string}, got integer)");
        row("more_body not bool", R"({"type":"http.request","more_body":"yes"})",
            R"(http.request: "more_body" must be true or false, got string)");
        row("more_body int", R"({"type":"http.request","more_body":1})",
            R"(http.request: "more_body" must be true or false, got integer)");
        row("unknown key", R"({"type":"http.request","bdy":""})", R"(http.request: unknown key "bdy")");
        row("send both", R"({"type":"websocket.send","bytes":"a","text":"b"})",
            R"(websocket.send: exactly one of "bytes" and "text" must be set)");
        row("receive neither", R"({"type":"websocket.receive","text":null})",
            R"(websocket.receive: exactly one of "bytes" and "text" must be set)");
        row("disconnect without code", R"({"type":"websocket.disconnect"})",
            R"(websocket.disconnect: "code" is missing)");
        row("close code 999", R"({"type":"websocket.close","code":999})",
            R"(websocket.close: "code" must be in 1000..4999, got 999)");
        row("subprotocol number", R"({"type":"websocket.accept","subprotocol":1})",
            R"(websocket.accept: "subprotocol" must be a string)");
        row("not an object", R"([1,2,3])", R"(message: must be a JSON object, got array)");
        row("bare string", R"("http.request")", R"(message: must be a JSON object, got string)");
        row("null", R"(null)", R"(message: must be a JSON object, got null)");
        row("truncated", "{\"type\":\"http.request\",\"body\":\"ab", "message: invalid JSON at offset");
        row("empty", "", "message: invalid JSON");
        row("trailing garbage", R"({"type":"http.disconnect"} x)", "message: invalid JSON");
        row("comment", R"({"type":"http.disconnect"/*c*/})", "message: invalid JSON");
        row("trailing comma", R"({"type":"http.disconnect",})", "message: invalid JSON");
        row("invalid utf8 text", "{\"type\":\"http.request\",\"body\":\"\xff\"}", "message: invalid JSON");
        row("nested garbage", R"({"type":"http.request","body":[[[[[[[[[[{"a":[[[[1]]]]}]]]]]]]]]]})",
            R"(http.request: "body" must be a string or {"base64": string}, got array)");
        row("nested base64", R"({"type":"http.request","body":{"base64":{"base64":{"base64":"AA=="}}}})",
            R"(http.request: "body"["base64"] must be a string, got object)");
    }

    void malformedMessagesThrow() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        try {
            message_from_json_string(std::string_view(input.constData(), std::size_t(input.size())));
            QFAIL("no JsonError");
        } catch (const JsonError& e) {
            QVERIFY2(msgOf(e).find(expected.toStdString()) != std::string::npos, e.what());
        }
    }

    void deeplyNestedInputThrows() {
        const std::string deep(100000, '[');
        QVERIFY_THROWS_EXCEPTION(JsonError, message_from_json_string(deep));
        QVERIFY_THROWS_EXCEPTION(JsonError, scope_from_json_string(deep));
        try {
            message_from_json_string(std::string(600, '[') + std::string(600, ']'));
            QFAIL("no JsonError");
        } catch (const JsonError& e) {
            QVERIFY2(msgOf(e).find("message: invalid JSON") != std::string::npos, e.what());
        }
        // A value built in memory deeper than the readers allow, inside state.
        json::value v = 1;
        for (int i = 0; i < 600; ++i) {
            json::array a;
            a.push_back(std::move(v));
            v = std::move(a);
        }
        json::object scope = json::parse(R"({"type":"lifespan","asgi":{"version":"3.0"}})").as_object();
        scope["state"] = json::object{{"deep", std::move(v)}};
        try {
            scope_from_json(scope);
            QFAIL("no JsonError");
        } catch (const JsonError& e) {
            QVERIFY2(msgOf(e).find(R"(lifespan scope: "state"["deep"] is nested too deeply)") != std::string::npos,
                     e.what());
        }
    }

    void malformedScopesThrow_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        auto row = [](const char* name, const QByteArray& input, const char* expected) {
            QTest::newRow(name) << input << QByteArray(expected);
        };
        const char* asgi = R"("asgi":{"version":"3.0"})";
        auto http = [&](const char* extra) {  // a valid http scope plus `extra` members
            return QByteArray(R"({"type":"http",)") + asgi +
                   R"(,"http_version":"1.1","method":"GET","path":"/","query_string":"","headers":[])" + extra + "}";
        };
        row("unknown type", R"({"type":"tcp"})", R"(scope: unknown "type" "tcp")");
        row("not object", R"(["http"])", R"(scope: must be a JSON object, got array)");
        row("missing asgi", R"({"type":"lifespan"})", R"(lifespan scope: "asgi" is missing)");
        row("missing version", R"({"type":"lifespan","asgi":{}})", R"(lifespan scope: "asgi"["version"] is missing)");
        row("lifespan with path", R"({"type":"lifespan","asgi":{"version":"3.0"},"path":"/"})",
            R"(lifespan scope: unknown key "path")");
        row("missing path", R"({"type":"http","asgi":{"version":"3.0"},"http_version":"1.1","method":"GET","query_string":"","headers":[]})",
            R"(http scope: "path" is missing)");
        row("http subprotocols", http(R"(,"subprotocols":[])"), R"(http scope: unknown key "subprotocols")");
        row("client short", http(R"(,"client":["h"])"), R"(http scope: "client" must be [host, port] or null)");
        row("client port", http(R"(,"client":["h",70000])"), R"(http scope: "client"[1] must be in 0..65535, got 70000)");
        row("state array", http(R"(,"state":[])"), R"(http scope: "state" must be an object, got array)");
        row("tls version", http(R"(,"extensions":{"tls":{"tls_version":"1.3"}})"),
            R"(http scope: "extensions"["tls"]["tls_version"] must be an integer, got string)");
        row("tls unknown", http(R"(,"extensions":{"tls":{"cert":""}})"),
            R"(http scope: unknown key "extensions"["tls"]["cert"])");
        row("denial not empty", http(R"(,"extensions":{"websocket.http.response":{"a":1}})"),
            R"(http scope: "extensions"["websocket.http.response"] must be {})");
        row("headers missing", R"({"type":"websocket","asgi":{"version":"3.0"},"path":"/"})",
            R"(websocket scope: "headers" is missing)");
        row("subprotocol number", R"({"type":"websocket","asgi":{"version":"3.0"},"path":"/","headers":[],"subprotocols":[1]})",
            R"(websocket scope: "subprotocols"[0] must be a string)");
        row("truncated", R"({"type":"http","asgi":)", "scope: invalid JSON at offset");
        row("path_params array", http(R"(,"path_params":[])"), R"(http scope: "path_params" must be an object, got array)");
        row("path_param bool", http(R"(,"path_params":{"id":true})"),
            R"(http scope: "path_params"["id"] must be a string or a number, got boolean)");
        row("path_param huge", http(R"(,"path_params":{"id":18446744073709551615})"),
            R"(http scope: "path_params"["id"] must be in)");
        row("route_name number", http(R"(,"route_name":1)"), R"(http scope: "route_name" must be a string)");
        row("in_app string", http(R"(,"in_app":"yes")"), R"(http scope: "in_app" must be true or false, got string)");
        row("lifespan path_params", R"({"type":"lifespan","asgi":{"version":"3.0"},"path_params":{}})",
            R"(lifespan scope: unknown key "path_params")");
    }

    void malformedScopesThrow() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        try {
            scope_from_json_string(std::string_view(input.constData(), std::size_t(input.size())));
            QFAIL("no JsonError");
        } catch (const JsonError& e) {
            QVERIFY2(msgOf(e).find(expected.toStdString()) != std::string::npos, e.what());
        }
    }

    // Mutilated documents either decode or throw JsonError, nothing else.
    void mutationsNeverEscape() {
        std::vector<std::string> docs;
        for (const Message& m : sampleMessages()) docs.push_back(to_json_string(m));
        docs.push_back(to_json_string(sampleHttpScope()));
        const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '0', '-', 'x', '\\', '\xff'};
        int outcomes = 0;
        for (const std::string& doc : docs) {
            for (std::size_t i = 0; i < doc.size(); ++i) {
                std::vector<std::string> variants{doc.substr(0, i), doc.substr(0, i) + doc.substr(i + 1)};
                for (char c : replacements) {
                    std::string mutated = doc;
                    mutated[i] = c;
                    variants.push_back(std::move(mutated));
                }
                for (const std::string& text : variants) {
                    try {
                        (void)message_from_json_string(text);
                    } catch (const JsonError&) {
                    }
                    try {
                        (void)scope_from_json_string(text);
                    } catch (const JsonError&) {
                    }
                    ++outcomes;
                }
            }
        }
        QVERIFY(outcomes > 1000);
    }
};

QTEST_APPLESS_MAIN(TestAsgiJson)
#include "test_json.moc"
