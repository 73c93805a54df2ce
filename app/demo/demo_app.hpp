// The built-in demo application that `asgiscope serve` (and the desktop app) runs: a tour of
// the framework, built with asgiscope::web the way a user would write it, and the fixture
// the peer test compares with the same app written for Starlette (tests/peer/demo_app.py).
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/applications.hpp>

namespace asgiscope::demo {

/// Where the demo finds its files and its session secret.
struct DemoOptions {
    /// The StaticFiles directory mounted at /static; empty: the installed one, else the
    /// source tree's resources/demo/static.
    std::string static_dir{};
    /// The SessionMiddleware key; empty: the ASGISCOPE_SECRET_KEY setting (environment or
    /// a .env file in the working directory), else a random key for this process.
    std::string secret_key{};
};

/// The demo application. Its routes (the peer test's reference table):
///
///     GET  /plaintext, /json, /users/{id:int} ("user"), /items/{rest:path}, GET|POST /echo,
///          /query, /headers, /cookies/set?name=&value=, /redirect, /error, /teapot,
///          /stream?n=5, POST /form, /large, /session, Mount /static, WS /ws/echo
///
/// and for the tour: GET / (an HTML index), /scope (the request's ASGI scope as JSON),
/// /slow?ms=N, /openapi.json, a JSON CRUD API under /api/todos, an SSE clock at /sse and a
/// WebSocket chat at /ws/chat. Middleware, outer to inner: CORS(allow_origins=["*"]),
/// GZip(minimum_size=500), Session.
web::Starlette make_demo_application(DemoOptions options = {});

/// make_demo_application() as an ASGI app.
asgi::App make_demo_app(DemoOptions options = {});

/// The fixed parts of the demo's OpenAPI document (title, version), which its /openapi.json
/// and `asgiscope openapi` fill with the routes.
boost::json::object openapi_base_schema();

/// The static directory make_demo_application() uses when none is given.
std::string default_static_dir();

}  // namespace asgiscope::demo
