#include "trace_samples.hpp"

#include <cmath>
#include <sstream>

#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web.hpp>

#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace asgiscope::testing {

using namespace asgiscope::web;
using boost::asio::awaitable;

namespace {

awaitable<Response> hello(Request&) { co_return PlainTextResponse("Hello", 200); }

awaitable<Response> echo(Request& request) {
    const asgi::Bytes body = co_await request.body();
    co_return Response(body, 200, {}, std::string("application/octet-stream"));
}

awaitable<Response> binary(Request&) {
    co_return Response(std::string("\x00\x01\xff\xfe png?", 10), 200, {}, std::string("image/png"));
}

awaitable<Response> item(Request& request) {
    co_return JSONResponse(boost::json::object{{"name", std::get<std::string>(request.path_params().at("name"))}});
}

awaitable<Response> boom(Request&) {
    throw std::runtime_error("boom");
    co_return PlainTextResponse("unreachable");
}

awaitable<void> shout(WebSocket& ws) {
    co_await ws.accept();
    const std::string text = co_await ws.receive_text();
    std::string upper = text;
    for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    co_await ws.send_text(upper);
    const asgi::Bytes bytes = co_await ws.receive_bytes();
    asgi::Bytes reply(bytes.str() + std::string("\xff", 1));
    co_await ws.send_bytes(reply);
    co_await ws.close(4000, "done");
}

/// Reads the whole request body before calling the app.
class ReadBodyMiddleware {
public:
    explicit ReadBodyMiddleware(asgi::App app) : app_(std::move(app)) {}
    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        if (scope.type == "http") {
            Request request(scope, receive);
            (void)co_await request.body();
        }
        co_await app_(scope, std::move(receive), std::move(send));
    }

private:
    asgi::App app_;
};

}  // namespace

std::vector<std::shared_ptr<const trace::Trace>> recorded_traces() {
    auto hub = std::make_shared<trace::TraceHub>();
    auto tracer = std::make_shared<trace::Tracer>(hub, trace::TracerOptions{.max_body_bytes = 64});
    Starlette app({.routes = {Route("/hello", hello, {.name = "hello"}),
                              Route("/echo", echo, {.methods = {"POST", "PUT"}, .name = "echo"}),
                              Route("/binary", binary), Route("/boom", boom),
                              Mount("/api", Routes{Route("/items/{name}", item, {.name = "item"})}, {.name = "api"}),
                              WebSocketRoute("/ws", shout, {.name = "shout"})},
                   .middleware = {Middleware::of<ReadBodyMiddleware>()},
                   .tracer = tracer});
    TestClient client(app, {.raise_server_exceptions = false});
    client.get("/hello?x=1&y=%20z", {.headers = {{"accept", "text/plain"}, {"cookie", "a=1; b=2"}}});
    RequestOptions post;
    post.content = "name=ann&age=7";
    post.headers = {{"content-type", "application/x-www-form-urlencoded"}};
    client.post("/echo", post);
    RequestOptions big;
    big.content = std::string(200, 'q');  // over the 64-byte cap both ways
    client.put("/echo", big);
    client.get("/binary");
    client.get("/api/items/caf%C3%A9");
    client.get("/boom");
    {
        WebSocketTestSession session = client.websocket_connect("/ws", {.subprotocols = {"chat"}});
        session.send_text("hello");
        (void)session.receive_text();
        session.send_bytes(std::string("\x01\x02", 2));
        (void)session.receive_bytes();
        try {
            (void)session.receive_text();
        } catch (const WebSocketDisconnect&) {
        }
    }
    hub->flush();
    std::vector<std::shared_ptr<const trace::Trace>> out;
    for (auto& t : hub->snapshot())
        if (t->kind != trace::TraceKind::lifespan) out.push_back(t);
    return out;
}

trace::Trace handmade_trace() {
    trace::Trace t;
    t.id = 4242;
    t.kind = trace::TraceKind::websocket;
    t.start = std::chrono::system_clock::time_point(std::chrono::nanoseconds(1'700'000'000'123'456'789LL));
    t.duration_ns = 987654321;
    t.connection_id = 42;
    t.request_index = 3;
    t.bytes = 12345;
    t.scope.type = "websocket";
    t.scope.http_version = "1.1";
    t.scope.scheme = "wss";
    t.scope.path = "/r/ws/caf\xc3\xa9";
    t.scope.raw_path = "/r/ws/caf%C3%A9";
    t.scope.query_string = "token=\xff";
    t.scope.root_path = "/r";
    t.scope.headers = {{"host", "example.test:8443"}, {"x-bin", std::string("\xfe\x00", 2)}};
    t.scope.client = asgi::Address{"127.0.0.1", 50000};
    t.scope.server = asgi::Address{"::1", 8443};
    t.scope.subprotocols = {"chat", "superchat"};
    t.scope.extensions.websocket_http_response = true;
    t.scope.path_params = {{"room", std::string("caf\xc3\xa9")}};
    t.scope.route_name = "room";
    t.scope.app_root_path = "/r";

    for (int i = 0; i < 3; ++i) {
        trace::Span& s = t.spans.emplace_back();
        s.name = i == 0 ? "Outer" : i == 1 ? std::string("Middle \xff") : "endpoint room";
        s.kind = i == 0 ? trace::SpanKind::middleware : i == 1 ? trace::SpanKind::mount : trace::SpanKind::endpoint;
        s.depth = i;
        s.parent = i - 1;
        s.enter_ns = 10 * i + 1;
        s.exit_ns = 900 - 10 * i;
        s.self_ns = 17 + i;
        s.scope.path = "/ws/" + std::to_string(i);
        s.scope.root_path = "/r";
        if (i > 0) s.scope.app_root_path = "";
        s.scope.route_name = i == 2 ? "room" : "";
        s.scope.path_params = {{"n", std::int64_t(-7)},
                               {"f", 2.5},
                               {"whole", 3.0},
                               {"inf", std::numeric_limits<double>::infinity()},
                               {"s", std::string("x\xff")}};
        s.dropped_messages = std::size_t(i) * 3;
        s.inner_called = i < 2;
        s.short_circuited = i == 1;
        s.consumed_body = i == 2;
        s.incomplete = i == 0;
        if (i == 1) s.exception = trace::SpanException{"std::runtime_error", std::string("bad \xff"), true, true, true};
    }
    auto headers = std::make_shared<const asgi::Headers>(asgi::Headers{{"sec-websocket-protocol", "chat"}});
    auto add = [&](trace::Direction d, std::string_view type) -> trace::MessageEvent& {
        trace::MessageEvent& m = t.spans[2].messages.emplace_back();
        m.direction = d;
        m.type = type;
        m.time_ns = std::int64_t(t.spans[2].messages.size()) * 100;
        return m;
    };
    add(trace::Direction::receive, asgi::WebSocketConnect::type);
    auto& accept = add(trace::Direction::send, asgi::WebSocketAccept::type);
    accept.shared_headers = headers;
    accept.detail = "chat";
    auto& in = add(trace::Direction::receive, asgi::WebSocketReceive::type);
    in.text = true;
    in.body = asgi::Bytes(std::string("caf\xc3"));  // cut mid-character
    in.full_size = 100;
    auto& out = add(trace::Direction::send, asgi::WebSocketSend::type);
    out.body = asgi::Bytes(std::string("\x00\x01\x02", 3));
    out.full_size = 3;
    auto& more = add(trace::Direction::send, asgi::HttpResponseBody::type);
    more.more_body = true;
    more.status = 201;
    more.shared_headers = std::make_shared<const asgi::Headers>();  // present but empty
    auto& close = add(trace::Direction::send, asgi::WebSocketClose::type);
    close.code = 4001;
    close.detail = "bye";
    t.spans[0].messages = t.spans[2].messages;  // the same events seen further out
    return t;
}

namespace {

std::string show(const asgi::PathValue& v) {
    std::ostringstream o;
    std::visit([&](const auto& x) { o << x; }, v);
    return o.str() + "#" + std::to_string(v.index());
}

bool same(const asgi::PathValue& a, const asgi::PathValue& b) {
    if (a.index() != b.index()) return false;
    if (const auto* d = std::get_if<double>(&a)) {
        const double e = std::get<double>(b);
        return (std::isnan(*d) && std::isnan(e)) || *d == e;
    }
    return a == b;
}

class Diff {
public:
    template <class T>
    bool check(const std::string& where, const T& a, const T& b) {
        if (!out.empty() || a == b) return out.empty();
        std::ostringstream o;
        o << where << ": ";
        if constexpr (requires { o << a; }) o << a << " != " << b;
        else o << "differ";
        out = o.str();
        return false;
    }
    std::string out;
};

}  // namespace

std::string trace_difference(const trace::Trace& a, const trace::Trace& b) {
    Diff d;
    d.check("id", a.id, b.id);
    d.check("kind", int(a.kind), int(b.kind));
    d.check("start", a.start.time_since_epoch().count(), b.start.time_since_epoch().count());
    d.check("duration_ns", a.duration_ns, b.duration_ns);
    d.check("bytes", a.bytes, b.bytes);
    d.check("connection_id", a.connection_id, b.connection_id);
    d.check("request_index", a.request_index, b.request_index);
    d.check("scope", asgi::to_json_string(a.scope), asgi::to_json_string(b.scope));
    d.check("spans.size", a.spans.size(), b.spans.size());
    for (std::size_t i = 0; d.out.empty() && i < a.spans.size(); ++i) {
        const trace::Span& x = a.spans[i];
        const trace::Span& y = b.spans[i];
        const std::string at = "spans[" + std::to_string(i) + "].";
        d.check(at + "name", x.name, y.name);
        d.check(at + "kind", int(x.kind), int(y.kind));
        d.check(at + "depth", x.depth, y.depth);
        d.check(at + "parent", x.parent, y.parent);
        d.check(at + "enter_ns", x.enter_ns, y.enter_ns);
        d.check(at + "exit_ns", x.exit_ns, y.exit_ns);
        d.check(at + "self_ns", x.self_ns, y.self_ns);
        d.check(at + "scope.path", x.scope.path, y.scope.path);
        d.check(at + "scope.root_path", x.scope.root_path, y.scope.root_path);
        d.check(at + "scope.app_root_path", x.scope.app_root_path.value_or("<unset>"),
                y.scope.app_root_path.value_or("<unset>"));
        d.check(at + "scope.app_root_path set", x.scope.app_root_path.has_value(), y.scope.app_root_path.has_value());
        d.check(at + "scope.route_name", x.scope.route_name, y.scope.route_name);
        d.check(at + "scope.path_params.size", x.scope.path_params.size(), y.scope.path_params.size());
        for (const auto& [k, v] : x.scope.path_params) {
            auto it = y.scope.path_params.find(k);
            d.check(at + "scope.path_params." + k, show(v),
                    it == y.scope.path_params.end() ? std::string("<missing>")
                                                    : (same(v, it->second) ? show(v) : show(it->second)));
        }
        d.check(at + "dropped_messages", x.dropped_messages, y.dropped_messages);
        d.check(at + "inner_called", x.inner_called, y.inner_called);
        d.check(at + "short_circuited", x.short_circuited, y.short_circuited);
        d.check(at + "consumed_body", x.consumed_body, y.consumed_body);
        d.check(at + "incomplete", x.incomplete, y.incomplete);
        d.check(at + "exception set", x.exception.has_value(), y.exception.has_value());
        if (x.exception && y.exception) {
            d.check(at + "exception.type", x.exception->type, y.exception->type);
            d.check(at + "exception.message", x.exception->message, y.exception->message);
            d.check(at + "exception.raised_here", x.exception->raised_here, y.exception->raised_here);
            d.check(at + "exception.handled_here", x.exception->handled_here, y.exception->handled_here);
            d.check(at + "exception.escaped", x.exception->escaped, y.exception->escaped);
        }
        d.check(at + "messages.size", x.messages.size(), y.messages.size());
        for (std::size_t j = 0; d.out.empty() && j < x.messages.size(); ++j) {
            const trace::MessageEvent& m = x.messages[j];
            const trace::MessageEvent& n = y.messages[j];
            const std::string mt = at + "messages[" + std::to_string(j) + "].";
            d.check(mt + "direction", int(m.direction), int(n.direction));
            d.check(mt + "time_ns", m.time_ns, n.time_ns);
            d.check(mt + "type", m.type, n.type);
            d.check(mt + "status", m.status, n.status);
            d.check(mt + "headers set", bool(m.shared_headers), bool(n.shared_headers));
            d.check(mt + "headers", m.headers(), n.headers());
            d.check(mt + "more_body", m.more_body, n.more_body);
            d.check(mt + "code", m.code, n.code);
            d.check(mt + "detail", m.detail, n.detail);
            d.check(mt + "text", m.text, n.text);
            d.check(mt + "body", m.body.str(), n.body.str());
            d.check(mt + "full_size", m.full_size, n.full_size);
        }
    }
    return d.out;
}

}  // namespace asgiscope::testing
