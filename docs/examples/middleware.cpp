// middleware.md: the built-in middleware in one application, a dispatch-function middleware,
// a pure ASGI middleware class, and the order they run in.
#include <chrono>

#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;
namespace json = boost::json;

// A pure ASGI middleware: a class built as Layer(inner, options) with the app's call
// operator. It adds an x-layer header to each HTTP response start on its way out.
class Layer {
public:
    struct Options {
        std::string name{};
    };

    Layer(asgi::App app, Options options) : app_(std::move(app)), name_(std::move(options.name)) {}

    awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
        if (scope.type != "http") {
            co_await app_(scope, std::move(receive), std::move(send));
            co_return;
        }
        // The lambda is not a coroutine: it calls one whose parameters are copies.
        asgi::Send tagged = [send, name = name_](asgi::Message message) {
            return tag(send, name, std::move(message));
        };
        co_await app_(scope, std::move(receive), std::move(tagged));
    }

private:
    static awaitable<void> tag(asgi::Send send, std::string name, asgi::Message message) {
        if (auto* start = std::get_if<asgi::HttpResponseStart>(&message))
            start->headers.emplace_back("x-layer", name);
        co_await send(std::move(message));
    }

    asgi::App app_;
    std::string name_;
};

// A dispatch function (BaseHTTPMiddleware): the request in, the response out.
awaitable<Response> timing(Request& request, CallNext call_next) {
    const auto start = std::chrono::steady_clock::now();
    Response response = co_await call_next(request);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    response.headers().set("x-time-us", std::to_string(us.count()));
    co_return response;
}

awaitable<Response> visits(Request& request) {
    json::object& session = request.session();  // loaded from, and saved to, a signed cookie
    const std::int64_t count = session.contains("visits") ? session.at("visits").as_int64() + 1 : 1;
    session["visits"] = count;
    co_return PlainTextResponse("visit " + std::to_string(count));
}

awaitable<Response> large(Request&) { co_return PlainTextResponse(std::string(2000, 'x')); }

int main() {
    Starlette app({
        .routes = {Route("/visits", visits), Route("/large", large)},
        // Outermost first: a request passes them top to bottom, a response bottom to top.
        .middleware = {Middleware::of<TrustedHostMiddleware>({.allowed_hosts = {"testserver", "*.example.org"}}),
                       Middleware::of<CORSMiddleware>({.allow_origins = {"https://app.example.org"},
                                                       .allow_methods = {"GET", "POST"}}),
                       Middleware::of<SessionMiddleware>({.secret_key = "change me: a long random text"}),
                       Middleware::of<BaseHTTPMiddleware>(DispatchFunction(timing)),
                       // Inside BaseHTTPMiddleware, which streams every body: GZip then still
                       // sees small bodies whole and leaves them alone.
                       Middleware::of<GZipMiddleware>({.minimum_size = 1000}),
                       Middleware::of<Layer>({.name = "outer"}),
                       Middleware::of<Layer>({.name = "inner"})},
    });
    TestClient client(app);

    // The session cookie comes back with each request: the count goes on.
    CHECK(client.get("/visits").text() == "visit 1");
    const TestResponse again = client.get("/visits");
    CHECK(again.text() == "visit 2");
    CHECK(again.headers.contains("x-time-us"));

    // The inner layer saw the response first.
    const std::vector<std::string_view> layers = again.headers.getlist("x-layer");
    CHECK(layers.size() == 2 && layers[0] == "inner" && layers[1] == "outer");

    // Large bodies are compressed for clients that accept gzip (the TestClient says it does).
    const TestResponse big = client.get("/large");
    CHECK(big.headers["content-encoding"] == "gzip");
    CHECK(big.content.size() < 2000);

    // A host that is not allowed never reaches the routes.
    const TestResponse bad = client.get("/visits", {.headers = {{"host", "evil.test"}}});
    CHECK(bad.status_code == 400 && bad.text() == "Invalid host header");

    // A CORS preflight is answered by the middleware itself.
    const TestResponse preflight = client.options(
        "/visits", {.headers = {{"origin", "https://app.example.org"}, {"access-control-request-method", "POST"}}});
    CHECK(preflight.status_code == 200);
    CHECK(preflight.headers["access-control-allow-origin"] == "https://app.example.org");
    return 0;
}
