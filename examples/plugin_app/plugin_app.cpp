// A user's app as an asgiscope plugin: a bookshelf with a few routes, a mount and a middleware.
// `asgiscope serve --app ./plugin_app.so` serves it; `asgiscope routes --app ./plugin_app.so`,
// `middleware`, `match`, `url-for` and `openapi` describe it. See docs/plugins.md.
#include <map>
#include <string>

#include <asgiscope/plugin.hpp>
#include <asgiscope/web.hpp>

namespace bookshelf {

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
namespace json = boost::json;
using boost::asio::awaitable;

const std::map<std::int64_t, std::string>& books() {
    static const std::map<std::int64_t, std::string> all = {
        {1, "The C++ Programming Language"},
        {2, "Structure and Interpretation of Computer Programs"}};
    return all;
}

awaitable<Response> hello(Request&) {
    co_return PlainTextResponse("bookshelf says hello");
}

awaitable<Response> list_books(Request&) {
    json::array out;
    for (const auto& [id, title] : books())
        out.push_back(json::object{{"id", id}, {"title", title}});
    co_return JSONResponse(out);
}

awaitable<Response> one_book(Request& request) {
    const auto id = request.path_param<std::int64_t>("id");
    const auto found = books().find(id);
    if (found == books().end()) throw HTTPException(404, "no book " + std::to_string(id));
    json::object out{{"id", id}, {"title", found->second}};
    co_return JSONResponse(out);
}

awaitable<Response> add_book(Request& request) {
    const json::value body = co_await request.json();
    json::object out{{"received", body}};
    co_return JSONResponse(out, 201);
}

awaitable<Response> version(Request&) {
    co_return PlainTextResponse("v1");
}

// A pure ASGI middleware: every HTTP response says which app answered.
class PoweredBy {
public:
    struct Options {
        std::string name{};
    };
    PoweredBy(asgi::App app, Options options)
        : app_(std::move(app)), name_(std::move(options.name)) {}

    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        if (scope.type != "http") {
            co_await app_(scope, std::move(receive), std::move(send));
            co_return;
        }
        asgi::Send tagged = [send, name = name_](asgi::Message message) {
            return tag(send, name, std::move(message));
        };
        co_await app_(scope, std::move(receive), std::move(tagged));
    }

private:
    static awaitable<void> tag(asgi::Send send, std::string name, asgi::Message message) {
        if (auto* start = std::get_if<asgi::HttpResponseStart>(&message))
            start->headers.emplace_back("x-powered-by", name);
        co_await send(std::move(message));
    }
    asgi::App app_;
    std::string name_;
};

Starlette make_app() {
    return Starlette({
        .routes = {Route("/", hello, {.name = "hello"}),
                   Route("/books", list_books, {.name = "books"}),
                   Route("/books", add_book, {.methods = {"POST"}, .name = "add_book"}),
                   Route("/books/{id:int}", one_book, {.name = "book"}),
                   Mount("/api", Routes{Route("/version", version, {.name = "version"})},
                         {.name = "api"})},
        .middleware = {Middleware::of<PoweredBy>({.name = "bookshelf"})},
    });
}

}  // namespace bookshelf

ASGISCOPE_EXPORT_APP(bookshelf::make_app);
