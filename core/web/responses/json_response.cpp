#include <asgiscope/web/responses/json_response.hpp>

#include "../detail/json_text.hpp"

namespace asgiscope::web {

JSONResponse::JSONResponse(const boost::json::value& content, int status_code_, asgi::Headers headers,
                           std::optional<std::string_view> media_type)
    : Response(render(content), status_code_, std::move(headers),
               media_type ? media_type : std::optional<std::string_view>("application/json")) {}

std::string JSONResponse::render(const boost::json::value& content) { return detail::python_json_dumps(content); }

std::string JSONResponse::render_object(const boost::json::object& content) {
    return detail::python_json_dumps(content);
}

}  // namespace asgiscope::web
