#include <asgiscope/web/routing/route.hpp>

#include <algorithm>
#include <stdexcept>

#include <asgiscope/trace/tracer.hpp>
#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/responses/text_responses.hpp>

#include "../detail/text.hpp"
#include "../detail/wrap_middleware.hpp"

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace {

boost::asio::awaitable<void> run_endpoint(const Endpoint& endpoint, asgi::Scope& scope, asgi::Receive receive,
                                          asgi::Send send) {
    Request request(scope, receive, send);
    Response response = co_await endpoint(request);
    if (response.is_streaming()) {
        co_await response(scope, std::move(receive), std::move(send));
        co_return;
    }
    // What Response::operator() sends, in this frame and with the headers and body moved
    // rather than copied: this response is sent once.
    asgi::Message message = asgi::HttpResponseStart(response.status_code, std::move(response.raw_headers));
    co_await send(std::move(message));
    message = asgi::HttpResponseBody(std::move(response.body));
    co_await send(std::move(message));
    if (response.background) co_await (*response.background)();
}

boost::asio::awaitable<void> method_not_allowed(const std::string& allow, asgi::Scope& scope, asgi::Receive receive,
                                                asgi::Send send) {
    asgi::Headers headers;
    headers.emplace_back("allow", allow);
    // Inside an application its ExceptionMiddleware answers (and its handlers may change that).
    if (scope.in_app) throw HTTPException(405, std::nullopt, std::move(headers));
    const PlainTextResponse response("Method Not Allowed", 405, std::move(headers));
    co_await response(scope, std::move(receive), std::move(send));
}

const std::string& checked_path(const std::string& path) {
    if (!path.starts_with('/')) throw std::invalid_argument("Routed paths must start with '/'");
    return path;
}

}  // namespace

asgi::App request_response(Endpoint endpoint) {
    auto shared = std::make_shared<const Endpoint>(std::move(endpoint));
    return [shared](asgi::Scope& scope, asgi::Receive receive, asgi::Send send) {
        return run_endpoint(*shared, scope, std::move(receive), std::move(send));
    };
}

Route::Route(std::string path, Endpoint endpoint, RouteOptions options)
    : Route(std::move(path), request_response(std::move(endpoint)), std::move(options), true) {}

Route::Route(std::string path, asgi::App app, RouteOptions options)
    : Route(std::move(path), std::move(app), std::move(options), false) {}

Route::Route(std::string path, asgi::App app, RouteOptions options, bool is_endpoint)
    : path_(std::move(path)),
      name_(std::move(options.name)),
      include_in_schema_(options.include_in_schema),
      summary_(std::move(options.summary)),
      description_(std::move(options.description)),
      middleware_(std::move(options.middleware)),
      app_(std::move(app)),
      compiled_(checked_path(path_)),
      has_endpoint_(is_endpoint) {
    app_ = detail::wrap_middleware(middleware_, std::move(app_));
    std::vector<std::string> methods = std::move(options.methods);
    if (methods.empty() && is_endpoint) methods.emplace_back("GET");
    for (auto& m : methods) {
        std::string upper = m;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; });
        if (std::find(methods_.begin(), methods_.end(), upper) == methods_.end()) methods_.push_back(std::move(upper));
    }
    if (std::find(methods_.begin(), methods_.end(), "GET") != methods_.end() &&
        std::find(methods_.begin(), methods_.end(), "HEAD") == methods_.end())
        methods_.emplace_back("HEAD");
    for (const auto& m : methods_) allow_ += (allow_.empty() ? "" : ", ") + m;
}

MatchResult Route::matches(const asgi::Scope& scope) const {
    MatchResult result;
    if (scope.type != "http"sv) {
        result.reason = "not an http scope";
        return result;
    }
    auto params = compiled_.match(route_path(scope));
    if (!params) {
        result.reason = "path does not match";
        return result;
    }
    result.child = ChildScope::of(scope, std::move(*params), name_);
    if (!methods_.empty() && std::find(methods_.begin(), methods_.end(), scope.method) == methods_.end()) {
        result.match = Match::Partial;
        result.reason = "method not allowed";
    } else {
        result.match = Match::Full;
    }
    return result;
}

URLPath Route::url_path_for(std::string_view name, const asgi::PathParams& params) const {
    if (name_.empty() || name != name_ || !compiled_.takes_exactly(params)) throw NoMatchFound(name, params);
    auto [path, remaining] = compiled_.replace_params(params);
    return URLPath(std::move(path), "http");
}

boost::asio::awaitable<void> Route::handle(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    if (!methods_.empty() && std::find(methods_.begin(), methods_.end(), scope.method) == methods_.end())
        return method_not_allowed(allow_, scope, std::move(receive), std::move(send));
    if (scope.trace_context) [[unlikely]] {
        trace::LayerInfo layer;
        layer.kind = trace::SpanKind::endpoint;
        layer.name = "endpoint";
        layer.detail = name_;
        return trace::call_layer(layer, app_, scope, std::move(receive), std::move(send));
    }
    return app_(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
