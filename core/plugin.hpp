// Public entry point of app plugins: what a plugin author includes (ASGISCOPE_EXPORT_APP) and
// what a host uses to load one (asgiscope::plugin::load_app). See docs/plugins.md.
#pragma once
#include <asgiscope/plugin/abi.hpp>
#include <asgiscope/plugin/export.hpp>
#include <asgiscope/plugin/loader.hpp>
