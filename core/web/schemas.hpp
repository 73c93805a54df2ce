// An OpenAPI 3 document generated from the route table (Starlette's SchemaGenerator).
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <asgiscope/web/requests/request.hpp>
#include <asgiscope/web/responses/response.hpp>
#include <asgiscope/web/routing/base_route.hpp>

namespace asgiscope::web {

class Route;

/// One operation of the schema: an HTTP method of a route at its full path.
struct EndpointInfo {
    std::string path;         ///< "/users/{id}": mount prefixes joined, convertors dropped
    std::string http_method;  ///< lower case: "get", "post", ...
    const Route* route = nullptr;
    std::string name;         ///< the name url_path_for() knows it by ("api:user")
};

/// Builds an OpenAPI 3 document from routes (Starlette's SchemaGenerator). Where Starlette
/// reads YAML from each endpoint's docstring, a route here gives `summary` and `description`
/// in its RouteOptions; path parameters are typed from their convertors (int: integer,
/// float: number, uuid: string/uuid, str and path: string).
class SchemaGenerator {
public:
    /// `base_schema` holds the document's fixed parts, e.g.
    /// {"openapi": "3.0.0", "info": {"title": "Example API", "version": "1.0"}}.
    explicit SchemaGenerator(boost::json::object base_schema);

    /// Every operation of `routes` whose route is in the schema, in route order (HEAD left
    /// out, as Starlette does; routes without methods are not operations).
    std::vector<EndpointInfo> get_endpoints(const Routes& routes) const;
    /// The base schema with "paths" filled in.
    boost::json::object get_schema(const Routes& routes) const;
    /// The schema of the routes of the router the request passed, as JSON with media type
    /// application/vnd.oai.openapi+json (JSON is also valid YAML 1.2, so YAML readers take it).
    Response OpenAPIResponse(const Request& request) const;

private:
    boost::json::object base_;
};

}  // namespace asgiscope::web
