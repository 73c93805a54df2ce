#include <asgiscope/plugin/loader.hpp>

#include <cxxabi.h>
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

namespace asgiscope::plugin {

namespace fs = std::filesystem;

namespace {

/// The same facts as the plugin's, evaluated in this program.
constexpr std::uint64_t host_facts[ASGISCOPE_PLUGIN_FACT_COUNT] = ASGISCOPE_PLUGIN_BUILD_FACTS;

std::string demangle(const std::string& symbol) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> text(
        abi::__cxa_demangle(symbol.c_str(), nullptr, nullptr, &status), std::free);
    return status == 0 && text ? std::string(text.get()) : symbol;
}

/// dlerror()'s text without the leading "<path>: " (our message names the file already),
/// with an undefined C++ symbol demangled and explained.
std::string dl_error_text(const std::string& path) {
    const char* raw = dlerror();
    std::string text = raw ? raw : "unknown dlopen error";
    if (text.rfind(path + ": ", 0) == 0) text.erase(0, path.size() + 2);
    const std::string undefined = "undefined symbol: ";
    if (auto at = text.find(undefined); at != std::string::npos) {
        const std::string symbol = text.substr(at + undefined.size());
        text = "undefined symbol " + demangle(symbol) +
               " (the plugin needs a function this program does not have: it was built against "
               "another asgiscope, or this program does not export the core's symbols)";
    } else if (text.find("invalid ELF header") != std::string::npos ||
               text.find("file too short") != std::string::npos) {
        text = "not a shared library (" + text + ")";
    }
    return text;
}

struct Handle {
    void* handle = nullptr;
    ~Handle() {
        if (handle) dlclose(handle);
    }
};

std::string plugin_text(const char* s) {
    return s ? std::string(s) : std::string("(none)");
}

}  // namespace

const char* to_string(LoadErrorKind kind) {
    switch (kind) {
        case LoadErrorKind::not_found:
            return "not found";
        case LoadErrorKind::not_loadable:
            return "not loadable";
        case LoadErrorKind::no_entry:
            return "no entry point";
        case LoadErrorKind::incompatible:
            return "incompatible";
        case LoadErrorKind::factory_failed:
            return "factory failed";
    }
    return "unknown";
}

LoadError::LoadError(LoadErrorKind kind, std::string path, std::string detail)
    : std::runtime_error("cannot load app from '" + path + "': " + detail),
      kind_(kind),
      path_(std::move(path)),
      detail_(std::move(detail)) {}

LoadedApp load_app(const std::string& given_path) {
    if (given_path.empty()) throw LoadError(LoadErrorKind::not_found, given_path, "no file named");
    std::error_code ec;
    const fs::file_status status = fs::status(given_path, ec);
    if (ec || !fs::exists(status))
        throw LoadError(LoadErrorKind::not_found, given_path, "no such file");
    if (fs::is_directory(status))
        throw LoadError(LoadErrorKind::not_loadable, given_path,
                        "is a directory, not a shared library");
    // dlopen() searches the library path for a name without a slash: make it a path.
    std::string path = fs::absolute(given_path, ec).lexically_normal().string();
    if (ec) path = given_path;

    dlerror();
    Handle handle{dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)};
    if (!handle.handle) throw LoadError(LoadErrorKind::not_loadable, path, dl_error_text(path));

    dlerror();
    void* symbol = dlsym(handle.handle, ASGISCOPE_PLUGIN_ENTRY_SYMBOL);
    if (!symbol)
        throw LoadError(
            LoadErrorKind::no_entry, path,
            "not an asgiscope app plugin: it does not export " ASGISCOPE_PLUGIN_ENTRY_SYMBOL
            " (define one with ASGISCOPE_EXPORT_APP(factory); see docs/plugins.md)");
    const auto entry = reinterpret_cast<asgiscope_plugin_entry_function>(symbol);
    const asgiscope_plugin_info* info = entry();
    if (!info)
        throw LoadError(LoadErrorKind::no_entry, path,
                        ASGISCOPE_PLUGIN_ENTRY_SYMBOL " returned nothing");

    // abi_version is first in every layout there ever was; read the rest only when it agrees.
    if (info->abi_version != ASGISCOPE_PLUGIN_ABI_VERSION)
        throw LoadError(LoadErrorKind::incompatible, path,
                        "plugin ABI version " + std::to_string(info->abi_version) +
                            ", but this asgiscope " ASGISCOPE_VERSION_STRING " reads version " +
                            std::to_string(ASGISCOPE_PLUGIN_ABI_VERSION) +
                            " (rebuild the plugin against asgiscope " ASGISCOPE_VERSION_STRING ")");
    if (info->struct_size != sizeof(asgiscope_plugin_info) || !info->create || !info->facts)
        throw LoadError(LoadErrorKind::incompatible, path,
                        "malformed plugin entry (size " + std::to_string(info->struct_size) +
                            ", expected " + std::to_string(sizeof(asgiscope_plugin_info)) + ")");
    const std::string version = plugin_text(info->asgiscope_version);
    if (version != ASGISCOPE_VERSION_STRING)
        throw LoadError(
            LoadErrorKind::incompatible, path,
            "built with asgiscope " + version +
                " headers, this is asgiscope " ASGISCOPE_VERSION_STRING
                " (C++ types have no stable ABI: rebuild the plugin against this version)");
    if (info->fact_count != ASGISCOPE_PLUGIN_FACT_COUNT)
        throw LoadError(LoadErrorKind::incompatible, path,
                        "the plugin records " + std::to_string(info->fact_count) +
                            " build facts, this asgiscope " +
                            std::to_string(ASGISCOPE_PLUGIN_FACT_COUNT));
    std::string differences;
    for (std::uint32_t i = 0; i < ASGISCOPE_PLUGIN_FACT_COUNT; ++i)
        if (info->facts[i] != host_facts[i])
            differences += std::string(differences.empty() ? "" : "; ") + fact_names[i] + " is " +
                           std::to_string(info->facts[i]) + " in the plugin, " +
                           std::to_string(host_facts[i]) + " here";
    if (!differences.empty())
        throw LoadError(LoadErrorKind::incompatible, path,
                        "built differently from this asgiscope: " + differences +
                            " (plugin compiler: " + plugin_text(info->compiler) +
                            ", host compiler: " __VERSION__ ")");

    LoadedApp loaded;
    loaded.path = path;
    loaded.factory_name = plugin_text(info->factory_name);
    loaded.plugin_version = version;
    loaded.compiler = plugin_text(info->compiler);
    Context context{path, ASGISCOPE_VERSION_STRING};
    std::string error;
    Application& application = loaded;
    if (!info->create(&context, &application, &error)) {
        loaded = LoadedApp();  // drop whatever the factory made while its code is still loaded
        throw LoadError(LoadErrorKind::factory_failed, path,
                        "factory " + plugin_text(info->factory_name) + ": " + error);
    }
    if (loaded.title.empty()) loaded.title = fs::path(path).filename().string();
    if (loaded.version.empty()) loaded.version = "0.0.0";
    // From here the app's code must stay mapped for as long as the process runs: pin it.
    dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    return loaded;
}

}  // namespace asgiscope::plugin
