#include <asgiscope/server.hpp>
#include <asgiscope/web.hpp>
using namespace asgiscope::web;

boost::asio::awaitable<Response> homepage(Request&) { co_return PlainTextResponse("Hello, world!"); }

int main() {
    Starlette app({.routes = {Route("/", homepage)}});
    return asgiscope::server::Server({}, app).run();  // uvicorn's defaults: http://127.0.0.1:8000
}
