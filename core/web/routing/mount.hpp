// Mount: a path prefix under which another app or a list of routes answers (Starlette's Mount).
#pragma once

#include <memory>
#include <string>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/middleware/middleware.hpp>
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>

namespace asgiscope::web {

class Router;

/// Mount's options.
struct MountOptions {
    /// The name before ':' in url_path_for("name:child") ("" : none, children keep their names).
    std::string name{};
    /// Wrapped around the mounted app only, the first outermost (Starlette's `middleware`).
    std::vector<Middleware> middleware{};
};

/// Hands everything under a path prefix to an app or to routes of its own (Starlette's Mount).
/// The prefix moves from the path into root_path: the mounted routes match the rest, and
/// app_root_path keeps the application's own root.
class Mount : public BaseRoute {
public:
    /// Throws std::invalid_argument when `path` is neither "" nor starts with '/'.
    Mount(std::string path, asgi::App app, MountOptions options = {});
    Mount(std::string path, Routes routes, MountOptions options = {});

    /// The prefix, without a trailing '/'.
    const std::string& path() const { return path_; }
    const std::string& name() const override { return name_; }
    /// The mounted app, wrapped in the mount's middleware.
    const asgi::App& app() const { return app_; }
    /// The mount's own middleware, outermost first.
    const std::vector<Middleware>& middleware() const { return middleware_; }
    /// The mounted routes: those given, or those of a mounted Router; else none.
    const Routes& routes() const;
    const CompiledPath& compiled_path() const { return compiled_; }
    /// The mounted router (given routes, or a mounted Router), or null for another app.
    const Router* router() const { return router_.get(); }

    MatchResult matches(const asgi::Scope& scope) const override;
    URLPath url_path_for(std::string_view name, const asgi::PathParams& params) const override;
    boost::asio::awaitable<void> handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const override;

private:
    void wrap_in(std::vector<Middleware> middleware);

    std::string path_;
    std::string name_;
    asgi::App app_;
    std::shared_ptr<const Router> router_;  // when the mounted app is a Router
    std::vector<Middleware> middleware_;
    CompiledPath compiled_;
};

}  // namespace asgiscope::web
