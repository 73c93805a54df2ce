#include <asgiscope/web/middleware/server_error.hpp>

#include <typeinfo>

#include <boost/core/demangle.hpp>

#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace {

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#x27;"; break;
        default: out += c;
        }
    }
    return out;
}

// (type name, message) of an exception.
std::pair<std::string, std::string> describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return {boost::core::demangle(typeid(e).name()), e.what()};
    } catch (...) {
        return {"unknown exception", ""};
    }
}

bool is_std_exception(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception&) {
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace

ServerErrorMiddleware::ServerErrorMiddleware(asgi::App app, Options options)
    : app_(std::move(app)),
      handler_(std::move(options.handler)),
      debug_(options.debug),
      layers_(std::move(options.layers)) {}

boost::asio::awaitable<void> ServerErrorMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                               asgi::Send send) const {
    if (scope.type != "http"sv) return app_(scope, std::move(receive), std::move(send));
    return call(scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> ServerErrorMiddleware::call(asgi::Scope& scope, asgi::Receive receive,
                                                         asgi::Send send) const {
    bool started = false;
    // Refers to this frame's `started` and `send` (the app is done with it when this frame
    // resumes): trivially copyable, so std::function holds it without allocating and copies
    // of it are cheap.
    asgi::Send spy = [&started, &send](asgi::Message&& message) {
        if (std::holds_alternative<asgi::HttpResponseStart>(message)) started = true;
        return send(std::move(message));
    };
    std::exception_ptr error;
    try {
        co_await app_(scope, receive, std::move(spy));
    } catch (...) {
        error = std::current_exception();
    }
    if (!error) co_return;
    if (!started) co_await error_response(scope, std::move(receive), std::move(send), error);
    // Always re-raised: the server logs it, a TestClient raises it.
    std::rethrow_exception(error);
}

namespace {

// The layers joined outer to inner, and what routing left in the scope.
std::pair<std::string, std::string> chain_of(const asgi::Scope& scope, const std::vector<std::string>& layers) {
    std::string chain;
    for (const auto& layer : layers) chain += (chain.empty() ? "" : " -> ") + layer;
    std::string routing;
    if (!scope.route_name.empty()) routing += "route '" + scope.route_name + "'";
    for (const auto& [name, value] : scope.path_params) {
        routing += (routing.empty() ? "" : ", ") + name + "=";
        routing += std::visit([](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) return v;
            else return std::to_string(v);
        }, value);
    }
    if (!scope.root_path.empty()) routing += (routing.empty() ? "" : ", ") + ("root_path " + scope.root_path);
    if (routing.empty()) routing = "no route had matched";
    return {chain, routing};
}

}  // namespace

std::string ServerErrorMiddleware::debug_content(const Request& request, const std::exception_ptr& error, bool html,
                                                 const std::vector<std::string>& layers) {
    const auto [type, message] = describe(error);
    const std::string line = request.method() + " " + request.url().str();
    const auto [chain, routing] = chain_of(request.scope(), layers);
    if (!html) {
        std::string text = type + ": " + message + "\n\nwhile handling " + line + "\n";
        if (!chain.empty()) text += "layers: " + chain + "\n";
        return text + "routing: " + routing + "\n";
    }
    std::string page =
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>500 Server Error</title>\n"
        "<style>body{font-family:sans-serif;margin:2em}h1{color:#b00020}pre{background:#f4f4f4;padding:1em}"
        "table{border-collapse:collapse}td{border:1px solid #ddd;padding:2px 8px;font-family:monospace}</style>\n"
        "</head>\n<body>\n<h1>500 Server Error</h1>\n<h2>" +
        html_escape(type) + "</h2>\n<pre>" + html_escape(message) + "</pre>\n<h3>Request</h3>\n<p><code>" +
        html_escape(line) + "</code></p>\n<table>\n";
    for (const auto& [k, v] : request.headers()) page += "<tr><td>" + html_escape(k) + "</td><td>" + html_escape(v) + "</td></tr>\n";
    page += "</table>\n";
    if (!chain.empty())
        page += "<h3>Layers, outer to inner</h3>\n<p><code>" + html_escape(chain) + "</code></p>\n";
    page += "<h3>Routing</h3>\n<p><code>" + html_escape(routing) + "</code></p>\n</body>\n</html>\n";
    return page;
}

boost::asio::awaitable<void> ServerErrorMiddleware::error_response(asgi::Scope& scope, asgi::Receive receive,
                                                                   asgi::Send send, std::exception_ptr error) const {
    Request request(scope);
    std::optional<Response> response;
    if (debug_) {
        const bool html = request.headers().get("accept", "").find("text/html") != std::string_view::npos;
        if (html)
            response.emplace(HTMLResponse(debug_content(request, error, true, layers_), 500));
        else
            response.emplace(PlainTextResponse(debug_content(request, error, false, layers_), 500));
    } else if (handler_ && (handler_->status_code() || handler_->matches(error))) {
        // A handler keyed by 500 may receive anything: give it a std::exception.
        const std::exception_ptr given =
            is_std_exception(error) ? error : std::make_exception_ptr(std::runtime_error("unknown exception"));
        response.emplace(co_await (*handler_)(request, given));
    } else {
        response.emplace(PlainTextResponse("Internal Server Error", 500));
    }
    co_await (*response)(scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::web
