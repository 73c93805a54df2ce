// The built-in demo application that `asgiscope serve` runs: a raw ASGI app with the
// TechEmpower routes and a few endpoints that exercise the server (streaming, echo, delays).
// The framework issue replaces it with the full demo built on asgiscope::web.
#pragma once

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::demo {

/// Routes: GET /plaintext, GET /json, GET /scope (the request scope as JSON),
/// POST /echo (streams the body back), GET /stream?n=N (N chunks), GET /slow?ms=N,
/// GET /error (raises), GET / (index); anything else is 404.
asgi::App make_demo_app();

}  // namespace asgiscope::demo
