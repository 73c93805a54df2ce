#include <asgiscope/web/middleware/cors.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/responses/text_responses.hpp>

namespace asgiscope::web {

using namespace std::string_view_literals;

namespace {

const std::vector<std::string> all_methods = {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"};
const std::set<std::string> safelisted_headers = {"Accept", "Accept-Language", "Content-Language", "Content-Type"};

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Python's str.strip(): ASCII whitespace at both ends.
std::string_view strip(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

/// A dict-style assignment: replaces the value of `key`, or appends the pair.
void put(asgi::Headers& headers, std::string_view key, std::string_view value) {
    for (auto& [k, v] : headers)
        if (k == key) {
            v = std::string(value);
            return;
        }
    headers.emplace_back(std::string(key), std::string(value));
}

boost::asio::awaitable<void> send_response(Response response, asgi::Scope& scope, asgi::Receive receive,
                                           asgi::Send send) {
    co_await response(scope, std::move(receive), std::move(send));
}

}  // namespace

CORSMiddleware::CORSMiddleware(asgi::App app, Options options)
    : app_(std::move(app)),
      allow_origins_(std::move(options.allow_origins)),
      allow_methods_(contains(options.allow_methods, "*") ? all_methods : std::move(options.allow_methods)) {
    if (options.allow_origin_regex) allow_origin_regex_.emplace(*options.allow_origin_regex, std::regex::ECMAScript);
    allow_all_origins_ = contains(allow_origins_, "*");
    allow_all_headers_ = contains(options.allow_headers, "*");
    preflight_explicit_allow_origin_ = !allow_all_origins_ || options.allow_credentials;
    allow_private_network_ = options.allow_private_network;

    if (allow_all_origins_) simple_headers_.emplace_back("access-control-allow-origin", "*");
    if (options.allow_credentials) simple_headers_.emplace_back("access-control-allow-credentials", "true");
    if (!options.expose_headers.empty())
        simple_headers_.emplace_back("access-control-expose-headers", join(options.expose_headers));

    if (preflight_explicit_allow_origin_)
        preflight_headers_.emplace_back("vary", "Origin");  // the origin itself is added per request
    else
        preflight_headers_.emplace_back("access-control-allow-origin", "*");
    preflight_headers_.emplace_back("access-control-allow-methods", join(allow_methods_));
    preflight_headers_.emplace_back("access-control-max-age", std::to_string(options.max_age));
    std::set<std::string> headers = safelisted_headers;
    headers.insert(options.allow_headers.begin(), options.allow_headers.end());
    const std::vector<std::string> sorted(headers.begin(), headers.end());
    if (!allow_all_headers_) preflight_headers_.emplace_back("access-control-allow-headers", join(sorted));
    if (options.allow_credentials) preflight_headers_.emplace_back("access-control-allow-credentials", "true");
    for (const auto& h : sorted) allow_headers_.push_back(lower(h));
}

bool CORSMiddleware::is_allowed_origin(std::string_view origin) const {
    if (allow_all_origins_) return true;
    if (allow_origin_regex_ && std::regex_match(origin.begin(), origin.end(), *allow_origin_regex_)) return true;
    return contains(allow_origins_, origin);
}

asgi::Headers CORSMiddleware::preflight_headers(const asgi::Headers& request, std::string& failures) const {
    const Headers req = Headers::view(request);
    const std::string_view origin = req["origin"];
    const std::string_view method = req["access-control-request-method"];
    const std::optional<std::string_view> requested_headers = req.get("access-control-request-headers");

    asgi::Headers headers(preflight_headers_.begin(), preflight_headers_.end());
    std::vector<std::string_view> failed;
    if (is_allowed_origin(origin)) {
        if (preflight_explicit_allow_origin_) put(headers, "access-control-allow-origin", origin);
    } else {
        failed.push_back("origin");
    }
    if (!contains(allow_methods_, method)) failed.push_back("method");
    if (allow_all_headers_ && requested_headers) {
        put(headers, "access-control-allow-headers", *requested_headers);
    } else if (requested_headers) {
        std::string_view rest = *requested_headers;
        while (true) {
            const auto comma = rest.find(',');
            if (!contains(allow_headers_, strip(lower(rest.substr(0, comma))))) {
                failed.push_back("headers");
                break;
            }
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    if (req.get("access-control-request-private-network") == std::optional<std::string_view>("true")) {
        if (allow_private_network_)
            headers.emplace_back("access-control-allow-private-network", "true");
        else
            failed.push_back("private-network");
    }
    for (const auto f : failed) failures += (failures.empty() ? "" : ", ") + std::string(f);
    return headers;
}

void CORSMiddleware::add_simple_headers(asgi::Headers& response, std::string_view origin, bool has_cookie) const {
    MutableHeaders headers = MutableHeaders::view(response);
    headers.update(simple_headers_);
    // With any origin allowed, a request with cookies still gets its own origin back, not "*";
    // with specific origins, an allowed one is mirrored.
    if ((allow_all_origins_ && has_cookie) || (!allow_all_origins_ && is_allowed_origin(origin))) {
        headers.set("access-control-allow-origin", origin);
        headers.add_vary_header("Origin");
    }
}

boost::asio::awaitable<void> CORSMiddleware::operator()(asgi::Scope& scope, asgi::Receive receive,
                                                        asgi::Send send) const {
    if (scope.type != "http"sv) return app_(scope, std::move(receive), std::move(send));
    const std::optional<std::string_view> origin = asgi::find_header(scope.headers, "origin");
    if (!origin) return app_(scope, std::move(receive), std::move(send));

    if (scope.method == "OPTIONS" && asgi::find_header(scope.headers, "access-control-request-method")) {
        std::string failures;
        asgi::Headers headers = preflight_headers(scope.headers, failures);
        if (!failures.empty())
            return send_response(PlainTextResponse("Disallowed CORS " + failures, 400, std::move(headers)), scope,
                                 std::move(receive), std::move(send));
        return send_response(PlainTextResponse("OK", 200, std::move(headers)), scope, std::move(receive),
                             std::move(send));
    }

    // A simple request: the CORS headers go onto the response's start message. Per-request
    // state lives in the wrapper.
    const bool has_cookie = asgi::find_header(scope.headers, "cookie").has_value();
    asgi::Send wrapped = [this, origin = std::string(*origin), has_cookie,
                          send = std::move(send)](asgi::Message&& message) {
        if (auto* start = std::get_if<asgi::HttpResponseStart>(&message))
            add_simple_headers(start->headers, origin, has_cookie);
        return send(std::move(message));
    };
    return app_(scope, std::move(receive), std::move(wrapped));
}

}  // namespace asgiscope::web
