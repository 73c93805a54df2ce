#include <asgiscope/web/schemas.hpp>

#include <stdexcept>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <asgiscope/web/routing/host.hpp>
#include <asgiscope/web/routing/mount.hpp>
#include <asgiscope/web/routing/route.hpp>
#include <asgiscope/web/routing/router.hpp>

namespace asgiscope::web {

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
    return s;
}

void collect(const Routes& routes, const std::string& prefix, const std::string& name_prefix,
             std::vector<EndpointInfo>& out) {
    for (const RouteRef& ref : routes) {
        if (const auto* route = dynamic_cast<const Route*>(ref.get())) {
            if (!route->include_in_schema() || route->methods().empty()) continue;
            const std::string path = prefix + route->compiled_path().format();
            for (const std::string& method : route->methods()) {
                if (method == "HEAD") continue;
                std::string name = route->name().empty() ? "" : qualified_route_name(name_prefix, route->name());
                out.push_back({path, lower(method), route, std::move(name)});
            }
        } else if (const auto* mount = dynamic_cast<const Mount*>(ref.get())) {
            // The mount's own pattern without its trailing "/{path}".
            std::string own = mount->compiled_path().format();
            if (own.ends_with("/{path}")) own.resize(own.size() - 7);
            collect(mount->routes(), prefix + own, qualified_route_name(name_prefix, mount->name()), out);
        } else if (const auto* host = dynamic_cast<const Host*>(ref.get())) {
            collect(host->routes(), prefix, qualified_route_name(name_prefix, host->name()), out);
        }
    }
}

boost::json::object parameter_schema(const std::string& type) {
    boost::json::object schema;
    if (type == "int") {
        schema["type"] = "integer";
    } else if (type == "float") {
        schema["type"] = "number";
    } else {
        schema["type"] = "string";
        if (type == "uuid") schema["format"] = "uuid";
    }
    return schema;
}

boost::json::object operation(const EndpointInfo& info) {
    boost::json::object op;
    const Route& route = *info.route;
    if (!route.summary().empty()) op["summary"] = route.summary();
    if (!route.description().empty()) op["description"] = route.description();
    // operationId must be unique: a route with several operations suffixes its method.
    std::size_t operations = 0;
    for (const auto& m : route.methods()) operations += m != "HEAD";
    if (!info.name.empty()) op["operationId"] = info.name + (operations > 1 ? "_" + info.http_method : "");
    boost::json::array parameters;
    for (const auto& p : route.compiled_path().params()) {
        boost::json::object param;
        param["name"] = p.name;
        param["in"] = "path";
        param["required"] = true;
        param["schema"] = parameter_schema(p.type);
        parameters.push_back(std::move(param));
    }
    if (!parameters.empty()) op["parameters"] = std::move(parameters);
    boost::json::object ok;
    ok["description"] = "Successful response";
    op["responses"].emplace_object()["200"] = std::move(ok);
    return op;
}

}  // namespace

SchemaGenerator::SchemaGenerator(boost::json::object base_schema) : base_(std::move(base_schema)) {}

std::vector<EndpointInfo> SchemaGenerator::get_endpoints(const Routes& routes) const {
    std::vector<EndpointInfo> out;
    collect(routes, "", "", out);
    return out;
}

boost::json::object SchemaGenerator::get_schema(const Routes& routes) const {
    boost::json::object schema = base_;
    boost::json::object& paths = schema["paths"].emplace_object();
    for (const EndpointInfo& info : get_endpoints(routes)) {
        boost::json::value& path = paths[info.path];
        if (!path.is_object()) path.emplace_object();
        path.as_object()[info.http_method] = operation(info);
    }
    return schema;
}

Response SchemaGenerator::OpenAPIResponse(const Request& request) const {
    const Router* router = request.scope().router;
    if (!router) throw std::runtime_error("OpenAPIResponse() needs a request that passed a Router");
    return Response(boost::json::serialize(get_schema(router->routes())), 200, {},
                    std::string("application/vnd.oai.openapi+json"));
}

}  // namespace asgiscope::web
