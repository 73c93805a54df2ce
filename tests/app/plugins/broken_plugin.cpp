// Deliberately broken app plugins for test_plugin_cli: each variant (chosen by a definition)
// gets one thing wrong that the loader must refuse with a clear message.
#if defined(BROKEN_NO_ENTRY)

// A shared library that exports something, but not asgiscope_plugin_entry.
extern "C" __attribute__((visibility("default"))) int not_an_asgiscope_plugin() {
    return 42;
}

#elif defined(BROKEN_WRONG_ABI)

#include <cstdint>

// A plugin from a future asgiscope whose entry layout is version 999: only the first field
// means anything to this host.
struct future_entry {
    std::uint32_t abi_version;
    std::uint32_t struct_size;
    const char* something_new;
};

extern "C" __attribute__((visibility("default"))) const future_entry* asgiscope_plugin_entry() {
    static const future_entry entry = {999, sizeof(future_entry), "from the future"};
    return &entry;
}

#else  // BROKEN_WRONG_VERSION or BROKEN_WRONG_LAYOUT: the right entry layout, a different build

#include <asgiscope/plugin/abi.hpp>

namespace {
bool never_called(const asgiscope::plugin::Context*, asgiscope::plugin::Application*,
                  std::string* error) noexcept {
    *error = "the host called the factory of an incompatible plugin";
    return false;
}
}  // namespace

extern "C" __attribute__((visibility("default"))) const asgiscope_plugin_info*
asgiscope_plugin_entry() {
    static std::uint64_t facts[ASGISCOPE_PLUGIN_FACT_COUNT] = ASGISCOPE_PLUGIN_BUILD_FACTS;
#if defined(BROKEN_WRONG_LAYOUT)
    // As if asgi::Scope had gained a member in the plugin's copy of the headers (fact 10), and
    // it were built with another libstdc++ dual ABI setting (fact 3).
    facts[10] += 8;
    facts[3] = facts[3] == 1 ? 0 : 1;
    static const char* const version = ASGISCOPE_VERSION_STRING;
#else
    static const char* const version = "0.0.1-elsewhere";
#endif
    static const asgiscope_plugin_info info = {ASGISCOPE_PLUGIN_ABI_VERSION,
                                               sizeof(asgiscope_plugin_info),
                                               version,
                                               __VERSION__,
                                               ASGISCOPE_PLUGIN_FACT_COUNT,
                                               facts,
                                               "never_called",
                                               never_called};
    return &info;
}

#endif
