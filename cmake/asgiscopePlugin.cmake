# CMake helpers for app plugins (docs/plugins.md). Included by the installed package config
# and by asgiscope's own build.

# asgiscope_add_plugin(<name> <source>...): a MODULE library that `asgiscope --app` loads.
# It compiles against the core's headers (asgiscope::plugin) without linking the core: the
# host program provides the core's symbols, so there is one copy of its globals.
function(asgiscope_add_plugin name)
    add_library(${name} MODULE ${ARGN})
    target_link_libraries(${name} PRIVATE asgiscope::plugin)
    # Hidden symbols would give the plugin its own copies of the core's header-defined globals
    # (Asio's per-thread state, template statics) instead of the host's.
    set_target_properties(${name} PROPERTIES CXX_VISIBILITY_PRESET default VISIBILITY_INLINES_HIDDEN OFF)
endfunction()

# asgiscope_enable_plugin_host(<executable>): lets <executable> load plugins with
# asgiscope::plugin::load_app(). It links the whole core (every function a plugin may call,
# not only those the program uses) and exports its symbols to the plugins it loads.
function(asgiscope_enable_plugin_host target)
    set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)
    target_link_libraries(${target} PRIVATE asgiscope::core)
    target_link_options(${target} PRIVATE
        "LINKER:--whole-archive" "$<TARGET_FILE:asgiscope::core>" "LINKER:--no-whole-archive")
endfunction()
