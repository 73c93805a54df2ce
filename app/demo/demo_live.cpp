// The demo's live parts: the HTML index, the server-sent-events clock and the WebSocket chat.
#include "demo_parts.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <ctime>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace asgiscope::demo {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using namespace asgiscope::web;

namespace {

constexpr std::string_view kIndex = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>asgiscope demo</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<h1>asgiscope demo</h1>
<p>An application built with <code>asgiscope::web</code>, the same routes Starlette would
serve. Middleware, outer to inner: CORS (any origin), GZip (bodies of 500 bytes or more),
Session (a signed cookie).</p>
<table>
<tr><th>Route</th><th>What it shows</th></tr>
<tr><td><a href="/plaintext">GET /plaintext</a></td><td>"Hello, world!" as text/plain</td></tr>
<tr><td><a href="/json">GET /json</a></td><td>a JSONResponse</td></tr>
<tr><td><a href="/users/42">GET /users/{id:int}</a></td><td>an int convertor; <a href="/users/abc">/users/abc</a> is a 404</td></tr>
<tr><td><a href="/items/a/b/c.txt">GET /items/{rest:path}</a></td><td>a path convertor</td></tr>
<tr><td><a href="/echo">GET|POST /echo</a></td><td>the request body back, same content type</td></tr>
<tr><td><a href="/query?a=1&amp;b=2&amp;b=3">GET /query</a></td><td>query parameters, repeated keys as lists</td></tr>
<tr><td><a href="/headers">GET /headers</a></td><td>the request headers</td></tr>
<tr><td><a href="/cookies/set?name=flavour&amp;value=oat">GET /cookies/set</a></td><td>set_cookie()</td></tr>
<tr><td><a href="/redirect">GET /redirect</a></td><td>a 307 to /plaintext</td></tr>
<tr><td><a href="/error">GET /error</a></td><td>an exception: ServerErrorMiddleware's 500</td></tr>
<tr><td><a href="/teapot">GET /teapot</a></td><td>HTTPException(418) through ExceptionMiddleware</td></tr>
<tr><td><a href="/stream">GET /stream</a></td><td>a StreamingResponse, sent chunked</td></tr>
<tr><td>POST /form</td><td>a parsed form (try the one below)</td></tr>
<tr><td><a href="/large">GET /large</a></td><td>10000 bytes, gzipped when the client accepts it</td></tr>
<tr><td><a href="/session">GET /session</a></td><td>a counter kept in the session cookie</td></tr>
<tr><td><a href="/static/">/static/</a></td><td>StaticFiles in html mode</td></tr>
<tr><td><a href="/api/todos">/api/todos</a></td><td>a JSON CRUD API (HTTPEndpoint classes)</td></tr>
<tr><td><a href="/scope">GET /scope</a></td><td>this request's ASGI scope</td></tr>
<tr><td><a href="/slow?ms=1500">GET /slow?ms=N</a></td><td>an answer after N milliseconds</td></tr>
<tr><td><a href="/openapi.json">GET /openapi.json</a></td><td>the OpenAPI schema of these routes</td></tr>
<tr><td>WS /ws/echo</td><td>echoes text and binary messages</td></tr>
</table>
<h2>Form</h2>
<form action="/form" method="post" enctype="multipart/form-data">
<input name="name" value="Ada"> <input type="file" name="upload"> <button>POST /form</button>
</form>
<h2>Server-sent events: <code>/sse</code></h2>
<p id="clock">connecting...</p>
<h2>Chat: <code>/ws/chat</code></h2>
<div id="log"></div>
<input id="say" placeholder="say something"> <button id="send">Send</button>
<script>
const clock = new EventSource('/sse');
clock.onmessage = (e) => { document.getElementById('clock').textContent = e.data; };
const chat = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/chat');
chat.onmessage = (e) => {
  const m = JSON.parse(e.data);
  const p = document.createElement('p');
  p.textContent = m.from + ': ' + m.text;
  document.getElementById('log').appendChild(p);
};
document.getElementById('send').onclick = () => {
  const say = document.getElementById('say');
  chat.send(say.value);
  say.value = '';
};
</script>
</body>
</html>
)html";

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

awaitable<void> tick(StreamWriter write, std::size_t count) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (std::size_t i = 0; count == 0 || i < count; ++i) {
        if (i > 0) {
            timer.expires_after(std::chrono::seconds(1));
            co_await timer.async_wait(asio::use_awaitable);
        }
        // A write to a client that has gone throws, which ends the stream.
        co_await write("id: " + std::to_string(i) + "\ndata: " + utc_now() + "\n\n");
    }
}

}  // namespace

awaitable<Response> index_page(Request&) { co_return HTMLResponse(std::string(kIndex)); }

awaitable<Response> sse_clock(Request& request) {
    std::size_t count = 0;
    if (const auto text = request.query_params().get("count")) {
        // The whole text, digits only: std::stoul would take "0x" as 0 (an endless stream)
        // and "-1" as the largest count.
        const auto r = std::from_chars(text->data(), text->data() + text->size(), count);
        if (r.ec != std::errc() || r.ptr != text->data() + text->size())
            throw HTTPException(400, "'count' must be a whole number");
    }
    asgi::Headers headers;
    headers.emplace_back("cache-control", "no-cache");
    co_return StreamingResponse([count](StreamWriter write) { return tick(write, count); }, 200, headers,
                                "text/event-stream");
}

// ---- chat -------------------------------------------------------------------------------

using Mailbox = asio::experimental::concurrent_channel<void(boost::system::error_code, std::string)>;

class ChatRoom {
public:
    struct Member {
        explicit Member(const asio::any_io_executor& ex, std::string name_) : name(std::move(name_)), mailbox(ex, 64) {}
        std::string name;
        Mailbox mailbox;
    };

    std::shared_ptr<Member> join(const asio::any_io_executor& ex) {
        auto member = std::make_shared<Member>(ex, "guest-" + std::to_string(++joined_));
        std::lock_guard lock(mutex_);
        members_.push_back(member);
        return member;
    }

    void leave(const std::shared_ptr<Member>& member) {
        std::lock_guard lock(mutex_);
        std::erase(members_, member);
    }

    /// Queues `text` for every member; a member whose queue is full misses it.
    void broadcast(const std::string& from, const std::string& text) {
        json::object message;
        message["from"] = from;
        message["text"] = text;
        const std::string encoded = json::serialize(message);
        std::lock_guard lock(mutex_);
        for (const auto& member : members_) (void)member->mailbox.try_send(boost::system::error_code(), encoded);
    }

private:
    std::mutex mutex_;
    std::vector<std::shared_ptr<Member>> members_;
    std::atomic<std::uint64_t> joined_{0};
};

namespace {

awaitable<void> chat_reader(WebSocket& ws, ChatRoom& room, const std::string& name) {
    for (;;) {
        std::optional<std::string> text = co_await ws.next_text();
        if (!text) co_return;
        room.broadcast(name, *text);
    }
}

awaitable<void> chat_writer(WebSocket& ws, ChatRoom::Member& member) {
    for (;;) {
        std::string text = co_await member.mailbox.async_receive(asio::use_awaitable);
        co_await ws.send_text(std::move(text));
    }
}

awaitable<void> chat_session(WebSocket& ws, std::shared_ptr<ChatRoom> room) {
    using namespace asio::experimental::awaitable_operators;
    co_await ws.accept();
    const std::shared_ptr<ChatRoom::Member> member = room->join(co_await asio::this_coro::executor);
    room->broadcast("server", member->name + " joined");
    try {
        // Until the member leaves (the reader returns) or cannot be written to.
        co_await (chat_reader(ws, *room, member->name) || chat_writer(ws, *member));
    } catch (const std::exception&) {
    }
    room->leave(member);
    room->broadcast("server", member->name + " left");
}

}  // namespace

std::shared_ptr<ChatRoom> make_chat_room() { return std::make_shared<ChatRoom>(); }

WebSocketEndpointFunction chat_endpoint(std::shared_ptr<ChatRoom> room) {
    return [room](WebSocket& ws) { return chat_session(ws, room); };
}

}  // namespace asgiscope::demo
