// Public entry point of the introspection views: describe() an application, explain_match()
// a request against its routes, url_for() a route name.
#pragma once
#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/inspect/explain.hpp>
#include <asgiscope/inspect/live_stats.hpp>
#include <asgiscope/inspect/url_for.hpp>
