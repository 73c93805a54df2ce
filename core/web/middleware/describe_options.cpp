// The built-in middleware's options as JSON for tools (Middleware::options(), asgiscope
// inspect): what each option is set to, secrets and code left out.
#include <typeinfo>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <asgiscope/web/middleware/authentication.hpp>
#include <asgiscope/web/middleware/base_http.hpp>
#include <asgiscope/web/middleware/cors.hpp>
#include <asgiscope/web/middleware/exception.hpp>
#include <asgiscope/web/middleware/gzip.hpp>
#include <asgiscope/web/middleware/httpsredirect.hpp>
#include <asgiscope/web/middleware/middleware.hpp>
#include <asgiscope/web/middleware/server_error.hpp>
#include <asgiscope/web/middleware/sessions.hpp>
#include <asgiscope/web/middleware/trustedhost.hpp>

namespace asgiscope::web {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& values) {
    json::array out;
    for (const auto& v : values) out.emplace_back(v);
    return out;
}

template <class T>
json::value optional(const std::optional<T>& value) {
    if (!value) return nullptr;
    return json::value(*value);
}

}  // namespace

json::object describe_options(const CORSMiddlewareOptions& o) {
    return {{"allow_origins", strings(o.allow_origins)},
            {"allow_methods", strings(o.allow_methods)},
            {"allow_headers", strings(o.allow_headers)},
            {"allow_credentials", o.allow_credentials},
            {"allow_origin_regex", optional(o.allow_origin_regex)},
            {"expose_headers", strings(o.expose_headers)},
            {"max_age", o.max_age},
            {"allow_private_network", o.allow_private_network}};
}

json::object describe_options(const GZipMiddlewareOptions& o) {
    return {{"minimum_size", o.minimum_size}, {"compresslevel", o.compresslevel}};
}

json::object describe_options(const SessionMiddlewareOptions& o) {
    return {{"secret_key", "<hidden>"},       {"session_cookie", o.session_cookie},
            {"max_age", optional(o.max_age)}, {"path", o.path},
            {"same_site", o.same_site},       {"https_only", o.https_only},
            {"domain", optional(o.domain)},   {"partitioned", o.partitioned}};
}

json::object describe_options(const TrustedHostMiddlewareOptions& o) {
    return {{"allowed_hosts", strings(o.allowed_hosts)}, {"www_redirect", o.www_redirect}};
}

json::object describe_options(const HTTPSRedirectMiddlewareOptions&) {
    return {};
}

json::object describe_options(const AuthenticationMiddlewareOptions& o) {
    json::value backend = nullptr;
    if (o.backend) {
        const AuthenticationBackend& b = *o.backend;
        backend = Middleware::class_name(typeid(b));
    }
    return {{"backend", backend}, {"on_error", o.on_error ? "<function>" : "default_on_error"}};
}

json::object describe_middleware(const BaseHTTPMiddleware*) {
    return {{"dispatch", "<function>"}};
}

json::object describe_options(const ServerErrorMiddlewareOptions& o) {
    json::value handler = nullptr;
    if (o.handler) handler = o.handler->key_name();
    return {{"debug", o.debug}, {"handler", handler}, {"layers", strings(o.layers)}};
}

json::object describe_options(const ExceptionMiddlewareOptions& o) {
    json::array handlers;
    for (const ExceptionHandler& h : o.handlers) handlers.emplace_back(h.key_name());
    return {{"debug", o.debug}, {"handlers", std::move(handlers)}};
}

}  // namespace asgiscope::web
