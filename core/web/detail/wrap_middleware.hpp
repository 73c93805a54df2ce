// Wrapping an app in a middleware list, the first entry outermost (Starlette's
// `for cls in reversed(middleware): app = cls(app)`), shared by Route, WebSocketRoute and Mount.
#pragma once

#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/middleware/middleware.hpp>

namespace asgiscope::web::detail {

inline asgi::App wrap_middleware(const std::vector<Middleware>& middleware, asgi::App app) {
    for (auto m = middleware.rbegin(); m != middleware.rend(); ++m) app = m->wrap(std::move(app));
    return app;
}

}  // namespace asgiscope::web::detail
