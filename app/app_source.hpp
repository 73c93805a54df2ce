// The app a subcommand works on: the built-in demo, or a user's app loaded from a plugin with
// `--app LIB` (asgiscope::plugin).
#pragma once

#include <optional>
#include <string>

#include <QCommandLineParser>

#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/applications.hpp>

namespace asgiscope::app {

/// An app ready to serve or describe.
struct AppSource {
    /// Set when the app is a web::Starlette (the demo always is): what the inspect commands read.
    std::optional<web::Starlette> starlette;
    asgi::App app;
    /// The fixed part of its OpenAPI document (openapi, info).
    boost::json::object openapi_base;
    /// "the built-in demo app" or "the app from '/path/libx.so'", for messages.
    std::string label;
};

/// Adds `--app LIB` to a subcommand's options.
void add_app_option(QCommandLineParser& parser);

/// The app `--app` names, else the demo. On failure prints one line,
/// "asgiscope <command>: error: cannot load app from '<file>': <why>", and returns nothing
/// (the command exits with status 2).
std::optional<AppSource> open_app(const char* command, const QCommandLineParser& parser);

/// open_app() for commands that need a web::Starlette: also fails (with one line) when the
/// plugin's factory gave a bare asgi::App.
std::optional<AppSource> open_starlette_app(const char* command, const QCommandLineParser& parser);

}  // namespace asgiscope::app
