#include <asgiscope/web/middleware/httpsredirect.hpp>

#include <stdexcept>
#include <string>

#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/responses/redirect_response.hpp>

namespace asgiscope::web {

namespace {

boost::asio::awaitable<void> send_response(Response response, asgi::Scope& scope, asgi::Receive receive,
                                           asgi::Send send) {
    co_await response(scope, std::move(receive), std::move(send));
}

/// A response's messages as the WebSocket denial-response extension's.
asgi::Send as_denial(asgi::Send send) {
    return [send = std::move(send)](asgi::Message message) -> boost::asio::awaitable<void> {
        if (auto* start = std::get_if<asgi::HttpResponseStart>(&message)) {
            asgi::WebSocketHttpResponseStart denial(start->status, std::move(start->headers));
            return send(asgi::Message(std::move(denial)));
        }
        if (auto* body = std::get_if<asgi::HttpResponseBody>(&message)) {
            asgi::WebSocketHttpResponseBody denial(std::move(body->body), body->more_body);
            return send(asgi::Message(std::move(denial)));
        }
        return send(std::move(message));
    };
}

boost::asio::awaitable<void> close_websocket(asgi::Send send) {
    asgi::WebSocketClose close(1008);
    co_await send(std::move(close));
}

/// The secure URL: the scheme made secure, a default port (80 or 443) dropped.
URL secure_url(const asgi::Scope& scope) {
    const URL url = URL::from_scope(scope);
    URLReplace changes;
    changes.scheme = url.scheme() == "ws" ? "wss" : "https";
    std::optional<int> port;
    try {
        port = url.port();
    } catch (const std::invalid_argument&) {
    }
    if (port && (*port == 80 || *port == 443)) {
        std::string host = url.hostname().value_or(std::string());
        if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6 keeps its brackets
        changes.netloc = std::move(host);
    }
    return url.replace(changes);
}

}  // namespace

HTTPSRedirectMiddleware::HTTPSRedirectMiddleware(asgi::App app, Options) : app_(std::move(app)) {}

boost::asio::awaitable<void> HTTPSRedirectMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                                 asgi::Send send) const {
    if ((scope.type != "http" && scope.type != "websocket") || (scope.scheme != "http" && scope.scheme != "ws"))
        return app_(scope, std::move(receive), std::move(send));
    const bool ws = scope.type == "websocket";
    if (ws && !scope.extensions.websocket_http_response) return close_websocket(std::move(send));
    RedirectResponse response(secure_url(scope), 307);
    if (ws) return send_response(std::move(response), scope, std::move(receive), as_denial(std::move(send)));
    return send_response(std::move(response), scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
