// The binary contract between the asgiscope executable (the host) and an app plugin: the one
// extern "C" symbol a plugin exports, the plain struct it returns, and the build facts both
// sides compare before any C++ object crosses between them.
//
// An app object crosses the boundary as C++ types (web::Starlette, asgi::App), which have no
// stable ABI: host and plugin must be built from the same asgiscope headers with the same
// compiler ABI and the same layout-changing settings. The struct below is plain C up to
// `facts`, so that a host can always read `abi_version` and the facts of any plugin, however
// it was built, and refuse it with a message that says what differs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/version.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/version.hpp>
#include <asgiscope/web/applications.hpp>
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses/response.hpp>
#include <asgiscope/web/routing/route.hpp>

/// The layout of asgiscope_plugin_info below. Bumped when it changes; `abi_version` stays
/// its first member for ever so that any host can read it.
#define ASGISCOPE_PLUGIN_ABI_VERSION 1u

/// The symbol every app plugin exports (ASGISCOPE_EXPORT_APP defines it).
#define ASGISCOPE_PLUGIN_ENTRY_SYMBOL "asgiscope_plugin_entry"

namespace asgiscope::plugin {
struct Context;
struct Application;
}  // namespace asgiscope::plugin

extern "C" {

/// What a plugin's entry point returns: static data of the plugin, valid while it is loaded.
struct asgiscope_plugin_info {
    std::uint32_t abi_version;      ///< ASGISCOPE_PLUGIN_ABI_VERSION the plugin was built with
    std::uint32_t struct_size;      ///< sizeof(asgiscope_plugin_info) in the plugin
    const char* asgiscope_version;  ///< ASGISCOPE_VERSION_STRING of the plugin's headers
    const char* compiler;           ///< the compiler's version text, for messages
    std::uint32_t fact_count;       ///< entries in `facts` (ASGISCOPE_PLUGIN_FACT_COUNT)
    const std::uint64_t* facts;     ///< ASGISCOPE_PLUGIN_BUILD_FACTS as the plugin saw them
    const char* factory_name;       ///< the factory's name as written in ASGISCOPE_EXPORT_APP
    /// Calls the factory; false with `error` set when it threw or gave nothing. Never throws.
    /// Only called once the host has checked everything above.
    bool (*create)(const asgiscope::plugin::Context* context, asgiscope::plugin::Application* out,
                   std::string* error) noexcept;
};

/// The entry point's type: `extern "C" const asgiscope_plugin_info* asgiscope_plugin_entry()`.
using asgiscope_plugin_entry_function = const asgiscope_plugin_info* (*)();
}

#if defined(__clang__)
#define ASGISCOPE_PLUGIN_COMPILER_ID 2u
#define ASGISCOPE_PLUGIN_COMPILER_MAJOR __clang_major__
#elif defined(__GNUC__)
#define ASGISCOPE_PLUGIN_COMPILER_ID 1u
#define ASGISCOPE_PLUGIN_COMPILER_MAJOR __GNUC__
#else
#define ASGISCOPE_PLUGIN_COMPILER_ID 0u
#define ASGISCOPE_PLUGIN_COMPILER_MAJOR 0
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define ASGISCOPE_PLUGIN_CXX11_ABI (_GLIBCXX_USE_CXX11_ABI + 0)
#else
#define ASGISCOPE_PLUGIN_CXX11_ABI 2  // not libstdc++
#endif
#if defined(_GLIBCXX_DEBUG)
#define ASGISCOPE_PLUGIN_GLIBCXX_DEBUG 1
#else
#define ASGISCOPE_PLUGIN_GLIBCXX_DEBUG 0
#endif
#if defined(BOOST_ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE)
#define ASGISCOPE_PLUGIN_ASIO_CACHE BOOST_ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE
#else
#define ASGISCOPE_PLUGIN_ASIO_CACHE 0
#endif
#if defined(BOOST_ASIO_NO_DEPRECATED)
#define ASGISCOPE_PLUGIN_ASIO_NO_DEPRECATED 1
#else
#define ASGISCOPE_PLUGIN_ASIO_NO_DEPRECATED 0
#endif
#if defined(__GXX_ABI_VERSION)
#define ASGISCOPE_PLUGIN_GXX_ABI __GXX_ABI_VERSION
#else
#define ASGISCOPE_PLUGIN_GXX_ABI 0
#endif

/// Facts about the build that must be equal in host and plugin, in the order of
/// asgiscope::plugin::fact_names. A macro, not a variable: each side must evaluate it in its
/// own code (an inline variable would be shared with the host at load time).
#define ASGISCOPE_PLUGIN_BUILD_FACTS                                                             \
    {                                                                                            \
        std::uint64_t(ASGISCOPE_PLUGIN_COMPILER_ID),                                             \
            std::uint64_t(ASGISCOPE_PLUGIN_COMPILER_MAJOR),                                      \
            std::uint64_t(ASGISCOPE_PLUGIN_GXX_ABI), std::uint64_t(ASGISCOPE_PLUGIN_CXX11_ABI),  \
            std::uint64_t(ASGISCOPE_PLUGIN_GLIBCXX_DEBUG), std::uint64_t(BOOST_VERSION),         \
            std::uint64_t(ASGISCOPE_PLUGIN_ASIO_CACHE),                                          \
            std::uint64_t(ASGISCOPE_PLUGIN_ASIO_NO_DEPRECATED), std::uint64_t(sizeof(void*)),    \
            std::uint64_t(sizeof(std::string)), std::uint64_t(sizeof(::asgiscope::asgi::Scope)), \
            std::uint64_t(sizeof(::asgiscope::asgi::Message)),                                   \
            std::uint64_t(sizeof(::asgiscope::asgi::App)),                                       \
            std::uint64_t(sizeof(::asgiscope::web::Starlette)),                                  \
            std::uint64_t(sizeof(::asgiscope::web::Request)),                                    \
            std::uint64_t(sizeof(::asgiscope::web::Response)),                                   \
            std::uint64_t(sizeof(::asgiscope::web::Route)),                                      \
            std::uint64_t(sizeof(::asgiscope::web::Middleware))                                  \
    }
#define ASGISCOPE_PLUGIN_FACT_COUNT 18u

namespace asgiscope::plugin {

/// What each of ASGISCOPE_PLUGIN_BUILD_FACTS is, for messages.
inline constexpr const char* fact_names[ASGISCOPE_PLUGIN_FACT_COUNT] = {
    "compiler (1 GCC, 2 Clang)",
    "compiler major version",
    "C++ ABI version (__GXX_ABI_VERSION)",
    "libstdc++ dual ABI (_GLIBCXX_USE_CXX11_ABI)",
    "_GLIBCXX_DEBUG",
    "Boost version (BOOST_VERSION)",
    "BOOST_ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE",
    "BOOST_ASIO_NO_DEPRECATED",
    "sizeof(void*)",
    "sizeof(std::string)",
    "sizeof(asgi::Scope)",
    "sizeof(asgi::Message)",
    "sizeof(asgi::App)",
    "sizeof(web::Starlette)",
    "sizeof(web::Request)",
    "sizeof(web::Response)",
    "sizeof(web::Route)",
    "sizeof(web::Middleware)",
};

}  // namespace asgiscope::plugin
