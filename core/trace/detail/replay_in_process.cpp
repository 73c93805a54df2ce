// In-process replay: one exchange driven through an ASGI app with a scope, receive and send of
// our own, as a server would (no sockets). Answers are recorded as a live client would see
// them: an app that fails before answering gives 500, a WebSocket closed before it was
// accepted gives 403.
#include <asgiscope/trace/detail/replay_util.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

// g++ 12 false positive: when it inlines a coroutine's ramp into its caller it pairs Asio's
// frame deallocation with the aligned_alloc fallback of Asio's recycling allocator and calls
// them mismatched (the tests and docs examples silence it the same way).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace asgiscope::trace::detail {

namespace asio = boost::asio;
using asio::awaitable;

namespace {

/// What one exchange's receive and send share.
struct Session {
    const Exchange* recorded = nullptr;
    std::chrono::milliseconds wait{};
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    Exchange replayed;
    // HTTP
    bool body_delivered = false;
    bool response_started = false;
    bool response_done = false;
    std::string body;
    // WebSocket
    bool connect_delivered = false;
    bool accepted = false;
    bool closed = false;         // by the app (websocket.close) or by us (websocket.disconnect)
    std::size_t next_frame = 0;  // index in recorded->frames of the next client frame to consider
    std::size_t server_frames = 0;  // received from the app so far
};

void fill_scope(asgi::Scope& scope, const RequestRecord& request,
                const std::optional<Target>& target, const std::shared_ptr<asgi::State>& state,
                bool websocket) {
    const UrlParts url = split_url(request.url);
    scope.type = websocket ? "websocket" : "http";
    scope.http_version = request.http_version == "1.0" ? "1.0" : "1.1";
    if (!websocket) {
        scope.method = request.method;
        for (char& c : scope.method) c = char(std::toupper(static_cast<unsigned char>(c)));
    }
    scope.scheme = websocket ? "ws" : "http";
    const std::string prefix = target ? target->prefix : std::string();
    scope.raw_path = prefix + url.raw_path;
    scope.path = percent_decode(scope.raw_path);
    scope.query_string = url.query;
    scope.headers = headers_to_send(request, websocket);
    std::string host_header;
    if (target) {
        host_header = target->host_header();
        scope.server = asgi::Address{target->host, target->port};
    } else if (!url.host.empty()) {
        host_header =
            url.port == 80 || url.port == 0 ? url.host : url.host + ":" + std::to_string(url.port);
        scope.server = asgi::Address{url.host, url.port ? url.port : std::uint16_t(80)};
    } else {
        host_header = "testserver";
    }
    scope.headers.insert(scope.headers.begin(), asgi::Header("host", host_header));
    if (!websocket && (!request.body.empty() || request.method == "POST" ||
                       request.method == "PUT" || request.method == "PATCH"))
        scope.headers.emplace_back("content-length", std::to_string(request.body.size()));
    if (websocket) {
        scope.subprotocols = requested_subprotocols(request);
        scope.headers.emplace_back("connection", "Upgrade");
        scope.headers.emplace_back("upgrade", "websocket");
        scope.headers.emplace_back("sec-websocket-version", "13");
    }
    scope.client = asgi::Address{"127.0.0.1", 50000};
    if (state) scope.state = std::make_shared<asgi::State>(*state);
}

// ---- HTTP ------------------------------------------------------------------------------

awaitable<asgi::Message> http_receive(std::shared_ptr<Session> s) {
    if (!s->body_delivered) {
        s->body_delivered = true;
        asgi::HttpRequest request(s->recorded->request.body, false);
        co_return asgi::Message(std::move(request));
    }
    // Like a server: the next event is the client going away, once the response is complete.
    const std::function<bool()> condition1 = [s] { return s->response_done; };
    co_await wait_for(condition1, std::chrono::hours(24));
    co_return asgi::Message(asgi::HttpDisconnect());
}

awaitable<void> http_send(std::shared_ptr<Session> s, asgi::Message message) {
    if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) {
        if (s->response_started) throw asgi::ProtocolError("http.response.start sent twice");
        s->response_started = true;
        ResponseRecord response;
        response.status = start->status;
        response.headers = start->headers;
        s->replayed.response = std::move(response);
        s->replayed.timings.wait_ns = since(s->start);
    } else if (auto* body = std::get_if<asgi::HttpResponseBody>(&message)) {
        if (!s->response_started)
            throw asgi::ProtocolError("http.response.body before http.response.start");
        if (s->response_done) throw asgi::ClientDisconnected();
        s->body.append(body->body.view());
        if (!body->more_body) s->response_done = true;
    } else {
        throw asgi::ProtocolError("unexpected message for an HTTP request: " +
                                  std::string(asgi::type_name(message)));
    }
    co_return;
}

awaitable<Attempt> run_http(const Exchange& recorded, const asgi::App& app,
                            const std::optional<Target>& target,
                            const std::shared_ptr<asgi::State>& state) {
    auto s = std::make_shared<Session>();
    s->recorded = &recorded;
    s->replayed.kind = TraceKind::http;
    s->replayed.request = recorded.request;
    s->replayed.start = std::chrono::system_clock::now();
    asgi::Scope scope;
    fill_scope(scope, recorded.request, target, state, false);
    s->replayed.request.url =
        "http://" +
        (scope.server ? scope.server->host + ":" + std::to_string(scope.server->port)
                      : std::string("testserver")) +
        scope.raw_path + (scope.query_string.empty() ? "" : "?" + scope.query_string);
    asgi::Receive receive = [s]() { return http_receive(s); };
    asgi::Send send = [s](asgi::Message m) { return http_send(s, std::move(m)); };
    Attempt attempt;
    std::string failure;
    try {
        co_await app(scope, std::move(receive), std::move(send));
    } catch (const std::exception& e) {
        failure = e.what();
    } catch (...) {
        failure = "an exception that is not a std::exception";
    }
    if (!s->response_started) {
        // A server answers 500 when the app ends without answering.
        ResponseRecord response;
        response.status = 500;
        response.headers = {{"content-type", "text/plain; charset=utf-8"}};
        s->body = "Internal Server Error";
        s->replayed.response = std::move(response);
        s->response_done = true;
    } else if (!s->response_done) {
        attempt.error = failure.empty()
                            ? "the app returned before finishing its response body"
                            : "the app failed in the middle of its response: " + failure;
    }
    if (s->replayed.response) {
        s->replayed.response->body_size = s->body.size();
        s->replayed.response->body = asgi::Bytes(std::move(s->body));
    }
    s->replayed.timings.total_ns = since(s->start);
    attempt.replayed = std::move(s->replayed);
    co_return attempt;
}

// ---- WebSocket -------------------------------------------------------------------------

/// Server frames the recording has before frame `index`.
std::size_t server_frames_before(const Exchange& recorded, std::size_t index) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < index && i < recorded.frames.size(); ++i)
        n += recorded.frames[i].from_client ? 0 : 1;
    return n;
}

awaitable<asgi::Message> ws_receive(std::shared_ptr<Session> s) {
    if (!s->connect_delivered) {
        s->connect_delivered = true;
        co_return asgi::Message(asgi::WebSocketConnect());
    }
    const auto& frames = s->recorded->frames;
    while (!s->closed) {
        while (s->next_frame < frames.size() && !frames[s->next_frame].from_client) ++s->next_frame;
        if (s->next_frame >= frames.size()) break;
        // Send a client message once the server messages recorded before it have come.
        const std::size_t expected = server_frames_before(*s->recorded, s->next_frame);
        const std::function<bool()> condition2 = [s, expected] {
            return s->server_frames >= expected || s->closed;
        };
        co_await wait_for(condition2, s->wait);
        if (s->closed) break;
        const WebSocketFrame& f = frames[s->next_frame++];
        WebSocketFrame sent = f;
        sent.time_ns = since(s->start);
        s->replayed.frames.push_back(sent);
        if (f.text) {
            asgi::WebSocketReceive text(f.data.str());
            co_return asgi::Message(std::move(text));
        }
        asgi::WebSocketReceive bytes(f.data);
        co_return asgi::Message(std::move(bytes));
    }
    if (!s->closed) {
        // Everything sent: wait for the rest of the server's messages, then leave.
        const std::size_t expected = server_frames_before(*s->recorded, frames.size());
        const std::function<bool()> condition3 = [s, expected] {
            return s->server_frames >= expected || s->closed;
        };
        co_await wait_for(condition3, s->wait);
        const std::function<bool()> condition4 = [s] { return s->closed; };
        co_await wait_for(condition4, std::chrono::milliseconds(50));
    }
    const int code = s->replayed.close_code.value_or(s->recorded->close_code.value_or(1000));
    if (!s->closed) {
        s->closed = true;
        s->replayed.close_code = code;
    }
    asgi::WebSocketDisconnect disconnect(code);
    co_return asgi::Message(std::move(disconnect));
}

awaitable<void> ws_send(std::shared_ptr<Session> s, asgi::Message message) {
    if (s->closed && !std::holds_alternative<asgi::WebSocketClose>(message))
        throw asgi::ClientDisconnected();
    if (auto* accept = std::get_if<asgi::WebSocketAccept>(&message)) {
        if (s->accepted) throw asgi::ProtocolError("websocket.accept sent twice");
        s->accepted = true;
        ResponseRecord response;
        response.status = 101;
        response.headers = accept->headers;
        if (accept->subprotocol)
            response.headers.emplace_back("sec-websocket-protocol", *accept->subprotocol);
        s->replayed.response = std::move(response);
    } else if (auto* out = std::get_if<asgi::WebSocketSend>(&message)) {
        if (!s->accepted) throw asgi::ProtocolError("websocket.send before websocket.accept");
        WebSocketFrame f;
        f.from_client = false;
        f.time_ns = since(s->start);
        f.text = out->text.has_value();
        f.data = f.text ? asgi::Bytes(*out->text) : out->bytes.value_or(asgi::Bytes());
        f.size = f.data.size();
        s->replayed.frames.push_back(std::move(f));
        ++s->server_frames;
    } else if (auto* close = std::get_if<asgi::WebSocketClose>(&message)) {
        if (!s->closed) {
            s->closed = true;
            if (!s->accepted && !s->replayed.response) {
                ResponseRecord denied;
                denied.status = 403;
                s->replayed.response = std::move(denied);
            } else {
                s->replayed.close_code = close->code;
                s->replayed.close_reason = close->reason;
            }
        }
    } else if (auto* start = std::get_if<asgi::WebSocketHttpResponseStart>(&message)) {
        ResponseRecord denied;
        denied.status = start->status;
        denied.headers = start->headers;
        s->replayed.response = std::move(denied);
    } else if (auto* body = std::get_if<asgi::WebSocketHttpResponseBody>(&message)) {
        if (!s->replayed.response)
            throw asgi::ProtocolError("websocket.http.response.body before its start");
        s->body.append(body->body.view());
        if (!body->more_body) s->closed = true;
    } else {
        throw asgi::ProtocolError("unexpected message for a WebSocket: " +
                                  std::string(asgi::type_name(message)));
    }
    co_return;
}

awaitable<Attempt> run_websocket(const Exchange& recorded, const asgi::App& app,
                                 const std::optional<Target>& target,
                                 const std::shared_ptr<asgi::State>& state,
                                 std::chrono::milliseconds wait) {
    auto s = std::make_shared<Session>();
    s->recorded = &recorded;
    s->wait = wait;
    s->replayed.kind = TraceKind::websocket;
    s->replayed.request = recorded.request;
    s->replayed.start = std::chrono::system_clock::now();
    asgi::Scope scope;
    fill_scope(scope, recorded.request, target, state, true);
    asgi::Receive receive = [s]() { return ws_receive(s); };
    asgi::Send send = [s](asgi::Message m) { return ws_send(s, std::move(m)); };
    Attempt attempt;
    bool failed = false;
    try {
        co_await app(scope, std::move(receive), std::move(send));
    } catch (const asgi::ClientDisconnected&) {
    } catch (...) {
        failed = true;
    }
    if (!s->replayed.response) {
        // The app ended without accepting: a server denies the handshake, 500 when it failed.
        ResponseRecord denied;
        denied.status = failed ? 500 : 403;
        s->replayed.response = std::move(denied);
    } else if (s->accepted && !s->closed && !s->replayed.close_code) {
        // The app returned (or failed) with the socket open: the server closes it.
        s->replayed.close_code = failed ? 1011 : 1000;
    }
    s->replayed.response->body_size = s->body.size();
    s->replayed.response->body = asgi::Bytes(std::move(s->body));
    s->replayed.timings.total_ns = since(s->start);
    attempt.replayed = std::move(s->replayed);
    co_return attempt;
}

}  // namespace

awaitable<Attempt> refuse(std::string why) {
    Attempt attempt;
    attempt.error = std::move(why);
    co_return attempt;
}

awaitable<Attempt> run_in_process(const Exchange& recorded, const asgi::App& app,
                                  const std::optional<Target>& target,
                                  const std::shared_ptr<asgi::State>& state,
                                  const ReplayOptions& options) {
    // What a live replay could not send is not sent in-process either, so both agree.
    RequestRecord checked = recorded.request;
    if (recorded.kind == TraceKind::websocket) checked.method = "GET";
    if (std::string why = unsendable(checked); !why.empty()) return refuse(std::move(why));
    if (recorded.kind == TraceKind::websocket)
        return run_websocket(recorded, app, target, state, options.websocket_wait);
    return run_http(recorded, app, target, state);
}

}  // namespace asgiscope::trace::detail
