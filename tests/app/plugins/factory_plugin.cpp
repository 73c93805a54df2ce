// App plugins whose factories misbehave or return a bare asgi::App, for test_plugin_cli. The
// variant is chosen by a definition.
#include <stdexcept>

#include <asgiscope/plugin.hpp>

namespace factory_test {

namespace asgi = asgiscope::asgi;

#if defined(FACTORY_THROWS)
asgiscope::web::Starlette make_app() {
    throw std::runtime_error("database 'books.db' is missing");
}
#elif defined(FACTORY_EMPTY)
asgi::App make_app() {
    return {};
}
#else  // FACTORY_BARE: a plain ASGI app, servable but not describable; takes the context
boost::asio::awaitable<void> hello(asgi::Scope& scope, asgi::Receive, asgi::Send send,
                                   std::string text) {
    if (scope.type != "http") co_return;
    asgi::Headers headers;
    headers.emplace_back("content-type", "text/plain");
    co_await send(asgi::HttpResponseStart(200, std::move(headers)));
    co_await send(asgi::HttpResponseBody(asgi::Bytes(std::move(text))));
}

asgi::App make_app(const asgiscope::plugin::Context& context) {
    // The file name only: the path varies with the build tree.
    const std::string name = context.plugin_path.substr(context.plugin_path.rfind('/') + 1);
    return [name](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
        return hello(scope, std::move(receive), std::move(send), "bare app " + name);
    };
}
#endif

}  // namespace factory_test

ASGISCOPE_EXPORT_APP(factory_test::make_app);
