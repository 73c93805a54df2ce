// Host: an app that answers for a host name pattern (Starlette's Host).
#pragma once

#include <memory>
#include <string>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>

namespace asgiscope::web {

class Router;

/// Host's options.
struct HostOptions {
    std::string name{};
};

/// Hands requests whose Host header matches a pattern such as "{subdomain}.example.org" to
/// an app (Starlette's Host). The port is ignored on both sides.
class Host : public BaseRoute {
public:
    /// Throws std::invalid_argument when `host` starts with '/'.
    Host(std::string host, asgi::App app, HostOptions options = {});

    const std::string& host() const { return host_; }
    const std::string& name() const override { return name_; }
    const asgi::App& app() const { return app_; }
    /// The routes of the app when it is a Router; else none.
    const Routes& routes() const;
    const CompiledPath& compiled_path() const { return compiled_; }
    /// The router the host hands requests to, or null when its app is not a Router.
    const Router* router() const { return router_.get(); }

    MatchResult matches(const asgi::Scope& scope) const override;
    URLPath url_path_for(std::string_view name, const asgi::PathParams& params) const override;
    boost::asio::awaitable<void> handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const override;

private:
    std::string host_;
    std::string name_;
    asgi::App app_;
    std::shared_ptr<const Router> router_;
    CompiledPath compiled_;
};

}  // namespace asgiscope::web
