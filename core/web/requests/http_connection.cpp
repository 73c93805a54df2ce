#include <asgiscope/web/requests/http_connection.hpp>

#include <boost/json/value.hpp>

#include <asgiscope/web/routing/convertors.hpp>
#include <asgiscope/web/routing/router.hpp>

#include "../detail/cookies.hpp"
#include "../detail/text.hpp"
#include "../detail/request_cache.hpp"

namespace asgiscope::web {

HTTPConnection::HTTPConnection(asgi::Scope& scope) : scope_(&scope) {}
HTTPConnection::HTTPConnection(HTTPConnection&&) noexcept = default;
HTTPConnection& HTTPConnection::operator=(HTTPConnection&&) noexcept = default;
HTTPConnection::~HTTPConnection() = default;

HTTPConnection::Cache& HTTPConnection::cache() const {
    if (!cache_) cache_ = std::make_unique<Cache>();
    return *cache_;
}

const URL& HTTPConnection::url() const {
    auto& c = cache();
    if (!c.url) c.url = URL::from_scope(*scope_);
    return *c.url;
}

const URL& HTTPConnection::base_url() const {
    auto& c = cache();
    if (!c.base_url) {
        // Inside a Mount, root_path has grown; the application's own root stays the base.
        const std::string& root = scope_->app_root_path ? *scope_->app_root_path : scope_->root_path;
        std::string path = root;
        if (path.empty() || path.back() != '/') path += '/';
        c.base_url = URL::from_scope(*scope_, path, "");
    }
    return *c.base_url;
}

const QueryParams& HTTPConnection::query_params() const {
    auto& c = cache();
    if (!c.query_params) c.query_params = QueryParams(scope_->query_string);
    return *c.query_params;
}

const Cookies& HTTPConnection::cookies() const {
    auto& c = cache();
    if (!c.cookies) {
        Cookies cookies;
        for (const auto& [k, v] : scope_->headers) {
            if (!detail::iequals(k, "cookie")) continue;
            for (auto& [name, value] : detail::parse_cookie_header(v)) cookies.insert_or_assign(name, std::move(value));
        }
        c.cookies = std::move(cookies);
    }
    return *c.cookies;
}

URL HTTPConnection::url_for(std::string_view name, const asgi::PathParams& params) const {
    if (!scope_->router) throw std::runtime_error("url_for() needs a request that passed a Router");
    return scope_->router->url_path_for(name, params).make_absolute_url(base_url());
}

State HTTPConnection::state() const {
    scope_->own_state();  // this request's own copy: State may change it
    return State(scope_->state);
}

boost::json::object& HTTPConnection::session() const {
    if (!scope_->session) throw std::runtime_error("SessionMiddleware must be installed to access request.session");
    scope_->session_accessed = true;
    return *scope_->session;
}

namespace {
const asgi::PathValue& find_param(const asgi::PathParams& params, std::string_view name) {
    auto it = params.find(name);
    if (it == params.end()) throw std::out_of_range("no path parameter '" + std::string(name) + "'");
    return it->second;
}
}  // namespace

std::string HTTPConnection::path_param_text(std::string_view name) const {
    return path_value_str(find_param(scope_->path_params, name));
}

std::int64_t HTTPConnection::path_param_integer(std::string_view name) const {
    const asgi::PathValue& v = find_param(scope_->path_params, name);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    throw std::invalid_argument("path parameter '" + std::string(name) + "' is not an integer");
}

double HTTPConnection::path_param_number(std::string_view name) const {
    const asgi::PathValue& v = find_param(scope_->path_params, name);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return double(*i);
    throw std::invalid_argument("path parameter '" + std::string(name) + "' is not a number");
}

}  // namespace asgiscope::web
