// plugins.md: a user's app as a plugin. Built as a MODULE library with asgiscope_add_plugin();
// `asgiscope serve --app ./notes.so` serves it, `asgiscope routes --app ./notes.so` lists its
// routes. The test suite builds it and runs `asgiscope routes` and `match` on it.
#include <asgiscope/plugin.hpp>
#include <asgiscope/web.hpp>

namespace notes {  // a namespace of your own keeps your names apart from the host's

using namespace asgiscope::web;
using boost::asio::awaitable;

awaitable<Response> list_notes(Request&) { co_return PlainTextResponse("no notes yet"); }

awaitable<Response> one_note(Request& request) {
    co_return PlainTextResponse("note " + std::to_string(request.path_param<std::int64_t>("id")));
}

// The factory: called once per load. It may also take `const asgiscope::plugin::Context&`
// (the plugin's own path, to find files next to it) and return an asgi::App or an
// asgiscope::plugin::Application (to name the app in its OpenAPI document) instead.
Starlette make_app() {
    return Starlette({
        .routes = {Route("/notes", list_notes, {.name = "notes"}),
                   Route("/notes/{id:int}", one_note, {.name = "note"})},
        .middleware = {Middleware::of<GZipMiddleware>({.minimum_size = 1000})},
    });
}

}  // namespace notes

ASGISCOPE_EXPORT_APP(notes::make_app);
