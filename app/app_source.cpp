#include "app_source.hpp"

#include <cstdio>

#include <asgiscope/plugin/loader.hpp>

#include "demo_app.hpp"

namespace asgiscope::app {

void add_app_option(QCommandLineParser& parser) {
    parser.addOption(QCommandLineOption(
        "app",
        "Use the app in this plugin (a shared library made with ASGISCOPE_EXPORT_APP, see "
        "docs/plugins.md) instead of the built-in demo.",
        "LIB"));
}

std::optional<AppSource> open_app(const char* command, const QCommandLineParser& parser) {
    AppSource source;
    if (!parser.isSet("app")) {
        source.starlette = demo::make_demo_application();
        source.app = *source.starlette;
        source.openapi_base = demo::openapi_base_schema();
        source.label = "the built-in demo app";
        return source;
    }
    const std::string file = parser.value("app").toStdString();
    try {
        plugin::LoadedApp loaded = plugin::load_app(file);
        source.starlette = std::move(loaded.starlette);
        source.app = std::move(loaded.app);
        boost::json::object info;
        info["title"] = loaded.title;
        info["version"] = loaded.version;
        source.openapi_base["openapi"] = "3.0.0";
        source.openapi_base["info"] = std::move(info);
        source.label = "the app from '" + loaded.path + "'";
        return source;
    } catch (const plugin::LoadError& e) {
        std::fprintf(stderr, "asgiscope %s: error: %s\n", command, e.what());
        return std::nullopt;
    }
}

std::optional<AppSource> open_starlette_app(const char* command, const QCommandLineParser& parser) {
    auto source = open_app(command, parser);
    if (source && !source->starlette) {
        std::fprintf(
            stderr,
            "asgiscope %s: error: %s is a bare asgi::App, not a web::Starlette: it has no "
            "routes or middleware to describe (return a web::Starlette from the factory)\n",
            command, source->label.c_str());
        return std::nullopt;
    }
    return source;
}

}  // namespace asgiscope::app
