#include <asgiscope/web/middleware/trustedhost.hpp>

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/responses/redirect_response.hpp>
#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

namespace {

constexpr std::string_view enforce_domain_wildcard = "Domain wildcard patterns must be like '*.example.com'.";

boost::asio::awaitable<void> send_response(Response response, asgi::Scope& scope, asgi::Receive receive,
                                           asgi::Send send) {
    co_await response(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> close_websocket(asgi::Send send) {
    asgi::WebSocketClose close(1008, "Invalid host header");
    co_await send(std::move(close));
}

}  // namespace

TrustedHostMiddleware::TrustedHostMiddleware(asgi::App app, Options options)
    : app_(std::move(app)), allowed_hosts_(std::move(options.allowed_hosts)), www_redirect_(options.www_redirect) {
    for (const std::string& pattern : allowed_hosts_) {
        if (pattern.size() > 1 && pattern.find('*', 1) != std::string::npos)
            throw std::invalid_argument(std::string(enforce_domain_wildcard));
        if (pattern.starts_with('*') && pattern != "*" && !pattern.starts_with("*."))
            throw std::invalid_argument(std::string(enforce_domain_wildcard));
    }
    allow_any_ = std::find(allowed_hosts_.begin(), allowed_hosts_.end(), "*") != allowed_hosts_.end();
}

boost::asio::awaitable<void> TrustedHostMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                               asgi::Send send) const {
    if (allow_any_ || (scope.type != "http" && scope.type != "websocket"))
        return app_(scope, std::move(receive), std::move(send));

    const std::string_view header = asgi::find_header(scope.headers, "host").value_or(std::string_view());
    const std::string_view host = header.substr(0, header.find(':'));
    bool valid = false;
    bool found_www_redirect = false;
    for (const std::string& pattern : allowed_hosts_) {
        const std::string_view p = pattern;
        if (host == p || (p.starts_with('*') && host.ends_with(p.substr(1)))) {
            valid = true;
            break;
        }
        if (p.size() == host.size() + 4 && p.starts_with("www.") && p.substr(4) == host) found_www_redirect = true;
    }
    if (valid) return app_(scope, std::move(receive), std::move(send));

    if (scope.type == "websocket") return close_websocket(std::move(send));
    if (found_www_redirect && www_redirect_) {
        const URL url = URL::from_scope(scope);
        URLReplace changes;
        changes.netloc = "www." + url.netloc();
        return send_response(RedirectResponse(url.replace(changes)), scope, std::move(receive), std::move(send));
    }
    return send_response(PlainTextResponse("Invalid host header", 400), scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
