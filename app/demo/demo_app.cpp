// The demo application, written as a user of asgiscope::web would write it. Endpoints are
// small coroutines; the shared parts (the todo store, the chat room) live in demo_live.cpp
// and demo_api.cpp.
#include "demo_app.hpp"

#include <charconv>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <asgiscope/asgi/json.hpp>
#include <asgiscope/web.hpp>
#include <asgiscope/web/config.hpp>
#include <asgiscope/web/middleware/cors.hpp>
#include <asgiscope/web/middleware/gzip.hpp>
#include <asgiscope/web/middleware/sessions.hpp>

#include "demo_parts.hpp"

#ifndef ASGISCOPE_DEMO_STATIC_SOURCE_DIR
#define ASGISCOPE_DEMO_STATIC_SOURCE_DIR ""
#endif
#ifndef ASGISCOPE_DEMO_STATIC_INSTALL_DIR
#define ASGISCOPE_DEMO_STATIC_INSTALL_DIR ""
#endif

namespace asgiscope::demo {

namespace json = boost::json;
using boost::asio::awaitable;
using namespace asgiscope::web;

namespace {

std::size_t query_number(const Request& request, std::string_view key, std::size_t fallback, std::size_t max) {
    const auto text = request.query_params().get(key);
    if (!text) return fallback;
    std::size_t n = 0;
    const auto r = std::from_chars(text->data(), text->data() + text->size(), n);
    if (r.ec != std::errc() || r.ptr != text->data() + text->size() || n > max)
        throw HTTPException(400, "'" + std::string(key) + "' must be a whole number up to " + std::to_string(max));
    return n;
}

// ---- the reference routes --------------------------------------------------------------

awaitable<Response> plaintext(Request&) { co_return PlainTextResponse("Hello, world!"); }

awaitable<Response> hello_json(Request&) {
    json::object body;
    body["message"] = "Hello, world!";
    co_return JSONResponse(body);
}

awaitable<Response> user(Request& request) {
    json::object body;
    body["id"] = request.path_param<std::int64_t>("id");
    co_return JSONResponse(body);
}

awaitable<Response> item(Request& request) {
    json::object body;
    body["path"] = request.path_param<std::string>("rest");
    co_return JSONResponse(body);
}

awaitable<Response> echo(Request& request) {
    const asgi::Bytes body = co_await request.body();
    std::optional<std::string> type;
    if (auto t = request.headers().get("content-type")) type = std::string(*t);
    co_return Response(body, 200, {}, std::move(type));
}

awaitable<Response> query(Request& request) {
    json::object body;
    for (const auto& [key, value] : request.query_params().multi_items()) {
        json::value* seen = body.if_contains(key);
        if (!seen) {
            body[key] = value;
        } else if (seen->is_array()) {
            seen->as_array().emplace_back(value);
        } else {
            json::array list;
            list.emplace_back(std::move(*seen));
            list.emplace_back(value);
            *seen = std::move(list);
        }
    }
    co_return JSONResponse(body);
}

awaitable<Response> headers(Request& request) {
    json::object body;
    for (const auto& [name, value] : request.scope().headers)
        if (!body.contains(name)) body[name] = value;
    co_return JSONResponse(body);
}

awaitable<Response> set_cookie(Request& request) {
    const auto name = request.query_params().get("name");
    if (!name || name->empty()) throw HTTPException(400, "'name' is required");
    const std::string value(request.query_params().get("value").value_or(""));
    json::object body;
    body["name"] = *name;
    body["value"] = value;
    JSONResponse response(body);
    response.set_cookie(*name, value, {.path = "/", .samesite = "lax"});
    co_return response;
}

awaitable<Response> redirect(Request&) { co_return RedirectResponse(std::string_view("/plaintext")); }

awaitable<Response> error(Request&) {
    throw std::runtime_error("boom");
    co_return PlainTextResponse("unreachable");
}

awaitable<Response> teapot(Request&) {
    throw HTTPException(418);
    co_return PlainTextResponse("unreachable");
}

awaitable<Response> stream(Request& request) {
    const std::size_t n = query_number(request, "n", 5, 100000);
    co_return StreamingResponse(
        [n](StreamWriter write) -> awaitable<void> {
            for (std::size_t i = 0; i < n; ++i) co_await write("chunk " + std::to_string(i) + "\n");
        },
        200, {}, "text/plain");
}

json::object describe_form(const FormData& form) {
    json::object fields;
    json::object files;
    for (const auto& [name, value] : form.multi_items()) {
        if (const auto* text = std::get_if<std::string>(&value)) {
            fields[name] = *text;  // a repeated name keeps its last value
        } else {
            const auto& file = std::get<std::shared_ptr<UploadFile>>(value);
            json::object info;
            info["filename"] = file->filename() ? json::value(*file->filename()) : json::value(nullptr);
            info["size"] = file->size();
            info["content_type"] = file->content_type() ? json::value(*file->content_type()) : json::value(nullptr);
            files[name] = std::move(info);
        }
    }
    json::object body;
    body["fields"] = std::move(fields);
    body["files"] = std::move(files);
    return body;
}

awaitable<Response> form(Request& request) {
    const FormData data = co_await request.form();
    co_return JSONResponse(describe_form(data));
}

awaitable<Response> large(Request&) { co_return PlainTextResponse(std::string(10000, 'a')); }

awaitable<Response> session(Request& request) {
    json::object& s = request.session();
    std::int64_t count = 0;
    if (const json::value* v = s.if_contains("count"); v && v->is_int64()) count = v->as_int64();
    s["count"] = ++count;
    json::object body;
    body["count"] = count;
    co_return JSONResponse(body);
}

awaitable<void> ws_echo(WebSocket& ws) {
    co_await ws.accept();
    for (;;) {
        asgi::Message message = co_await ws.receive();
        if (std::holds_alternative<asgi::WebSocketDisconnect>(message)) co_return;
        if (auto* data = std::get_if<asgi::WebSocketReceive>(&message)) {
            asgi::WebSocketSend reply;
            reply.text = std::move(data->text);
            reply.bytes = std::move(data->bytes);
            co_await ws.send(std::move(reply));
        }
    }
}

// ---- the tour ---------------------------------------------------------------------------

awaitable<Response> scope_json(Request& request) {
    co_return JSONResponse(asgi::to_json(request.scope()));
}

awaitable<Response> slow(Request& request) {
    const std::size_t ms = query_number(request, "ms", 1000, 60000);
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(ms));
    co_await timer.async_wait(boost::asio::use_awaitable);
    co_return PlainTextResponse("slept " + std::to_string(ms) + " ms");
}

std::string random_secret() {
    std::random_device device;
    std::string key;
    static constexpr char digits[] = "0123456789abcdef";
    for (int i = 0; i < 64; ++i) key += digits[device() % 16];
    return key;
}

std::string secret_from_config() {
    ConfigOptions options;
    if (std::filesystem::exists(".env")) options.env_file = ".env";
    const Config config(std::move(options));
    if (auto key = config.get_optional<std::string>("ASGISCOPE_SECRET_KEY"); key && !key->empty()) return *key;
    return random_secret();
}

Lifespan demo_lifespan() {
    return [](LifespanContext& lifespan) -> awaitable<void> {
        asgi::State state;
        state["demo.started"] = std::string("yes");
        co_await lifespan.serve(std::move(state));
    };
}

}  // namespace

std::string default_static_dir() {
    for (const char* candidate : {ASGISCOPE_DEMO_STATIC_SOURCE_DIR, ASGISCOPE_DEMO_STATIC_INSTALL_DIR})
        if (*candidate && std::filesystem::is_directory(candidate)) return candidate;
    return ASGISCOPE_DEMO_STATIC_SOURCE_DIR;
}

json::object openapi_base_schema() {
    return {{"openapi", "3.0.0"}, {"info", json::object{{"title", "asgiscope demo"}, {"version", "1.0"}}}};
}

Starlette make_demo_application(DemoOptions options) {
    if (options.static_dir.empty()) options.static_dir = default_static_dir();
    if (options.secret_key.empty()) options.secret_key = secret_from_config();

    auto todos = std::make_shared<TodoStore>();
    auto room = make_chat_room();
    auto schemas = std::make_shared<SchemaGenerator>(openapi_base_schema());

    Routes routes = {
        Route("/", index_page, {.name = "index", .include_in_schema = false}),
        Route("/plaintext", plaintext, {.name = "plaintext", .summary = "Hello, world! as text"}),
        Route("/json", hello_json, {.name = "json", .summary = "Hello, world! as JSON"}),
        Route("/users/{id:int}", user, {.name = "user", .summary = "A user by id"}),
        Route("/items/{rest:path}", item, {.name = "item", .summary = "Any path below /items"}),
        Route("/echo", echo, {.methods = {"GET", "POST"}, .name = "echo", .summary = "The request body back"}),
        Route("/query", query, {.name = "query", .summary = "The query parameters as JSON"}),
        Route("/headers", headers, {.name = "headers", .summary = "The request headers as JSON"}),
        Route("/cookies/set", set_cookie, {.name = "set_cookie", .summary = "Sets a cookie"}),
        Route("/redirect", redirect, {.name = "redirect", .summary = "307 to /plaintext"}),
        Route("/error", error, {.name = "error", .summary = "Raises an exception (500)"}),
        Route("/teapot", teapot, {.name = "teapot", .summary = "Raises HTTPException(418)"}),
        Route("/stream", stream, {.name = "stream", .summary = "A streamed text body"}),
        Route("/form", form, {.methods = {"POST"}, .name = "form", .summary = "A parsed form"}),
        Route("/large", large, {.name = "large", .summary = "10000 bytes (gzipped when asked)"}),
        Route("/session", session, {.name = "session", .summary = "Counts requests in this session"}),
        Route("/scope", scope_json, {.name = "scope", .summary = "The request's ASGI scope"}),
        Route("/slow", slow, {.name = "slow", .summary = "Answers after ?ms= milliseconds"}),
        Route("/sse", sse_clock, {.name = "sse", .summary = "Server-sent events: a clock"}),
        Route("/openapi.json",
              Endpoint([schemas](Request& request) -> awaitable<Response> { co_return schemas->OpenAPIResponse(request); }),
              {.name = "openapi", .include_in_schema = false}),
        Mount("/api", todo_routes(todos), {.name = "api"}),
        Mount("/static", asgi::App(StaticFiles({.directory = options.static_dir, .html = true})), {.name = "static"}),
        WebSocketRoute("/ws/echo", ws_echo, {.name = "ws_echo"}),
        WebSocketRoute("/ws/chat", chat_endpoint(room), {.name = "ws_chat"}),
    };

    return Starlette({
        .routes = std::move(routes),
        .middleware = {Middleware::of<CORSMiddleware>({.allow_origins = {"*"}}),
                       Middleware::of<GZipMiddleware>({.minimum_size = 500}),
                       Middleware::of<SessionMiddleware>({.secret_key = options.secret_key})},
        .lifespan = demo_lifespan(),
    });
}

asgi::App make_demo_app(DemoOptions options) { return make_demo_application(std::move(options)); }

}  // namespace asgiscope::demo
