// The host side: load an app plugin (a shared library made with ASGISCOPE_EXPORT_APP), check
// that it was built for this asgiscope, and create its app.
//
// Only a program that exports the core's symbols can host plugins: the plugin does not link
// the core, so its references to core functions resolve to the host's at load time (one copy
// of the core's globals). The asgiscope executable does this; another program calls
// asgiscope_enable_plugin_host(target) in CMake (see docs/plugins.md).
#pragma once

#include <stdexcept>
#include <string>

#include <asgiscope/plugin/export.hpp>

namespace asgiscope::plugin {

/// Why a plugin could not be loaded.
enum class LoadErrorKind {
    not_found,       ///< no such file
    not_loadable,    ///< not a shared library, a missing dependency or symbol (dlopen failed)
    no_entry,        ///< a shared library without the asgiscope_plugin_entry symbol
    incompatible,    ///< built for another plugin ABI, asgiscope version or compiler ABI
    factory_failed,  ///< the factory threw or returned an empty app
};

/// "not found", "not loadable", ...
const char* to_string(LoadErrorKind kind);

/// A plugin that could not be loaded. what() is one line that names the file:
/// "cannot load app from '/path/libx.so': <detail>".
class LoadError : public std::runtime_error {
public:
    LoadError(LoadErrorKind kind, std::string path, std::string detail);
    LoadErrorKind kind() const { return kind_; }
    const std::string& path() const { return path_; }
    const std::string& detail() const { return detail_; }

private:
    LoadErrorKind kind_;
    std::string path_;
    std::string detail_;
};

/// A created app and where it came from.
struct LoadedApp : Application {
    std::string path;            ///< the plugin file, absolute
    std::string factory_name;    ///< as written in ASGISCOPE_EXPORT_APP
    std::string plugin_version;  ///< the asgiscope version the plugin was built with
    std::string compiler;        ///< the plugin's compiler version text
};

/// Loads the plugin at `path`, checks its ABI and build facts against this program's, and
/// calls its factory. Throws LoadError. A loaded plugin stays loaded until the process exits
/// (its code may still run in objects the app left behind: traces, tasks); loading the same
/// file again creates a new app from the same code. Not to be called concurrently.
LoadedApp load_app(const std::string& path);

}  // namespace asgiscope::plugin
