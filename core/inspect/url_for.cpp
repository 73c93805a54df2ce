#include <asgiscope/inspect/url_for.hpp>

#include <stdexcept>

#include <asgiscope/inspect/describe.hpp>
#include <asgiscope/web/routing/convertors.hpp>

namespace asgiscope::inspect {

namespace {

void collect(const std::vector<RouteInfo>& routes, const std::vector<ParamInfo>& inherited,
             std::vector<NamedRoute>& out) {
    for (const RouteInfo& r : routes) {
        std::vector<ParamInfo> params = inherited;
        params.insert(params.end(), r.params.begin(), r.params.end());
        if (!r.qualified_name.empty()) {
            NamedRoute named;
            named.name = r.qualified_name;
            named.pattern = r.kind == RouteKind::Host ? r.pattern : r.full_path;
            for (const auto& p : params) named.params.push_back(p.name + ":" + p.convertor);
            if (r.kind == RouteKind::Mount || r.kind == RouteKind::Host)
                named.params.emplace_back("path:path");
            out.push_back(std::move(named));
        }
        collect(r.children, params, out);
    }
}

std::string join(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

// Text values converted by the parameter's convertor, as a server would have captured them.
asgi::PathParams converted(const asgi::PathParams& params, const NamedRoute& route) {
    asgi::PathParams out = params;
    for (const std::string& spec : route.params) {
        const auto colon = spec.find(':');
        const std::string name = spec.substr(0, colon);
        const std::string type = spec.substr(colon + 1);
        auto it = out.find(name);
        if (it == out.end()) continue;
        const auto* text = std::get_if<std::string>(&it->second);
        if (!text || type == "str" || type == "path") continue;
        auto convertor = web::find_url_convertor(type);
        if (!convertor) continue;
        if (!convertor->accepts(*text))
            throw std::invalid_argument("convertor " + type + " rejected '" + *text + "' for {" +
                                        name + "}");
        it->second = convertor->convert(*text);
    }
    return out;
}

}  // namespace

std::vector<NamedRoute> named_routes(const web::Routes& routes) {
    std::vector<NamedRoute> out;
    collect(describe_routes(routes), {}, out);
    return out;
}

UrlForResult url_for(const web::Router& router, std::string_view name,
                     const asgi::PathParams& params) {
    UrlForResult result;
    const std::vector<NamedRoute> all = named_routes(router.routes());
    for (const auto& r : all)
        if (r.name == name) result.candidates.push_back(r);
    if (result.candidates.empty()) {
        std::vector<std::string> names;
        for (const auto& r : all) names.push_back(r.name);
        result.error = "no route is named '" + std::string(name) +
                       "'; names: " + (names.empty() ? "(none)" : join(names));
        return result;
    }
    std::string conversion_error;
    for (const NamedRoute& candidate : result.candidates) {
        try {
            const web::URLPath url = router.url_path_for(name, converted(params, candidate));
            result.ok = true;
            result.path = url.path;
            result.host = url.host;
            result.protocol = url.protocol;
            return result;
        } catch (const web::NoMatchFound&) {
        } catch (const std::invalid_argument& e) {
            conversion_error = e.what();
        }
    }
    std::vector<std::string> given;
    for (const auto& [k, v] : params) given.push_back(k);
    std::string expected;
    for (const NamedRoute& c : result.candidates)
        expected += (expected.empty() ? "" : "; or ") + c.pattern + " takes " +
                    (c.params.empty() ? std::string("no parameters") : join(c.params));
    result.error = "route '" + std::string(name) + "' (" + expected + ") cannot be built from " +
                   (given.empty() ? std::string("no parameters") : "parameters " + join(given)) +
                   (conversion_error.empty() ? "" : ": " + conversion_error);
    return result;
}

UrlForResult url_for(const web::Starlette& app, std::string_view name,
                     const asgi::PathParams& params) {
    return url_for(app.router(), name, params);
}

}  // namespace asgiscope::inspect
