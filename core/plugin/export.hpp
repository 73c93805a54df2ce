// The plugin side: what an app plugin's factory returns and ASGISCOPE_EXPORT_APP, which turns
// one factory function into the plugin's entry point.
//
//     #include <asgiscope/plugin.hpp>
//     asgiscope::web::Starlette make_app() { ... }
//     ASGISCOPE_EXPORT_APP(make_app)
//
// Build the file as a MODULE library with asgiscope_add_plugin() (or link asgiscope::plugin),
// then `asgiscope serve --app ./libmyapp.so`. See docs/plugins.md.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/plugin/abi.hpp>
#include <asgiscope/web/applications.hpp>

namespace asgiscope::plugin {

/// What the host tells a factory that takes it.
struct Context {
    /// The plugin file as the host loaded it (absolute): find data files next to it.
    std::string plugin_path;
    /// The host's asgiscope version.
    std::string host_version;
};

/// A loaded app. A factory returns a web::Starlette (the usual case: tools can describe its
/// routes and middleware), a bare asgi::App (servable, not describable), or this struct to
/// also name the app for its OpenAPI document.
struct Application {
    /// Set when the app is a Starlette application: what `routes`, `match`, `openapi` read.
    std::optional<web::Starlette> starlette;
    /// What the server runs; the Starlette itself when `starlette` is set.
    asgi::App app;
    /// The OpenAPI document's info.title and info.version (`asgiscope openapi`); empty: the
    /// plugin file's name and "0.0.0".
    std::string title;
    std::string version;
};

namespace detail {

inline void fill(Application& out, web::Starlette app) {
    out.app = app;
    out.starlette = std::move(app);
}
inline void fill(Application& out, asgi::App app) {
    out.app = std::move(app);
}
inline void fill(Application& out, Application app) {
    if (app.starlette && !app.app) app.app = *app.starlette;
    out = std::move(app);
}

/// Calls `factory` (with the context when it takes one) and stores what it returns; an
/// exception or an empty app becomes `error`.
template <class Factory>
bool create(Factory& factory, const Context* context, Application* out,
            std::string* error) noexcept {
    try {
        if constexpr (std::is_invocable_v<Factory&, const Context&>)
            fill(*out, factory(*context));
        else
            fill(*out, factory());
        if (!out->app) {
            *error = "the factory returned an empty app";
            return false;
        }
        return true;
    } catch (const std::exception& e) {
        *error = std::string("the factory threw: ") + e.what();
    } catch (...) {
        *error = "the factory threw an exception that is not a std::exception";
    }
    return false;
}

}  // namespace detail
}  // namespace asgiscope::plugin

/// Makes `factory` the plugin's app factory. `factory` is a function (or a function object
/// in scope) taking nothing or `const asgiscope::plugin::Context&` and returning a
/// web::Starlette, an asgi::App or an asgiscope::plugin::Application. Use it once per plugin,
/// at namespace scope. The build facts and the entry struct are evaluated here, in the
/// plugin's own code, so that the host compares its build with the plugin's.
#define ASGISCOPE_EXPORT_APP(factory)                                                              \
    extern "C" __attribute__((visibility("default"))) const ::asgiscope_plugin_info*               \
    asgiscope_plugin_entry() {                                                                     \
        static constexpr std::uint64_t facts[ASGISCOPE_PLUGIN_FACT_COUNT] =                        \
            ASGISCOPE_PLUGIN_BUILD_FACTS;                                                          \
        static constexpr ::asgiscope_plugin_info entry = {                                         \
            ASGISCOPE_PLUGIN_ABI_VERSION,                                                          \
            sizeof(::asgiscope_plugin_info),                                                       \
            ASGISCOPE_VERSION_STRING,                                                              \
            __VERSION__,                                                                           \
            ASGISCOPE_PLUGIN_FACT_COUNT,                                                           \
            facts,                                                                                 \
            #factory,                                                                              \
            [](const ::asgiscope::plugin::Context* context, ::asgiscope::plugin::Application* out, \
               std::string* error) noexcept -> bool {                                              \
                return ::asgiscope::plugin::detail::create(factory, context, out, error);          \
            },                                                                                     \
        };                                                                                         \
        return &entry;                                                                             \
    }                                                                                              \
    static_assert(true, "ASGISCOPE_EXPORT_APP ends with a semicolon")
