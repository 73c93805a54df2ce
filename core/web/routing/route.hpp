// Route: an HTTP path pattern and the endpoint or app that answers it (Starlette's Route).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/middleware/middleware.hpp>
#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses/response.hpp>
#include <asgiscope/web/routing/base_route.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>

namespace asgiscope::web {

/// An endpoint as Starlette writes one: `awaitable<Response> f(Request&)`.
using Endpoint = std::function<boost::asio::awaitable<Response>(Request&)>;

/// Route's options (Starlette's keyword arguments).
struct RouteOptions {
    /// Allowed methods (any case). Empty: GET for an endpoint, any method for an ASGI app.
    /// GET brings HEAD along.
    std::vector<std::string> methods{};
    /// The name url_path_for() knows it by ("" : none; C++ cannot name it after the function).
    std::string name{};
    bool include_in_schema = true;
    /// Wrapped around this route's app only, the first outermost (Starlette's `middleware`).
    std::vector<Middleware> middleware{};
    /// For the OpenAPI schema: the operation's summary and description.
    std::string summary{};
    std::string description{};
};

/// An HTTP route (Starlette's Route). A method it does not allow is a Partial match, which
/// the router answers with 405 and an Allow header when no other route takes the request.
class Route : public BaseRoute {
public:
    /// Throws std::invalid_argument when `path` does not start with '/' or its pattern is bad.
    Route(std::string path, Endpoint endpoint, RouteOptions options = {});
    Route(std::string path, asgi::App app, RouteOptions options = {});

    const std::string& path() const { return path_; }
    const std::string& name() const override { return name_; }
    bool include_in_schema() const { return include_in_schema_; }
    const std::string& summary() const { return summary_; }
    const std::string& description() const { return description_; }
    /// The route's own middleware, outermost first.
    const std::vector<Middleware>& middleware() const { return middleware_; }
    /// Allowed methods, upper case, in the order given (HEAD after them when GET brought it);
    /// empty when any method is allowed.
    const std::vector<std::string>& methods() const { return methods_; }
    const CompiledPath& compiled_path() const { return compiled_; }
    const asgi::App& app() const { return app_; }
    /// Whether the route was given an Endpoint (a Request to Response function) rather than
    /// an ASGI app.
    bool has_endpoint() const { return has_endpoint_; }

    MatchResult matches(const asgi::Scope& scope) const override;
    URLPath url_path_for(std::string_view name, const asgi::PathParams& params) const override;
    boost::asio::awaitable<void> handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const override;

private:
    Route(std::string path, asgi::App app, RouteOptions options, bool is_endpoint);

    std::string path_;
    std::string name_;
    bool include_in_schema_;
    std::vector<std::string> methods_;
    std::string allow_;  // methods_ joined, for 405 answers
    std::string summary_;
    std::string description_;
    std::vector<Middleware> middleware_;
    asgi::App app_;
    CompiledPath compiled_;
    bool has_endpoint_ = false;
};

/// An endpoint as an ASGI app (Starlette's request_response): builds the Request, awaits the
/// endpoint, sends its Response.
asgi::App request_response(Endpoint endpoint);

}  // namespace asgiscope::web
