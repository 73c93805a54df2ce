#include <asgiscope/web/responses/json_response.hpp>

#include "../detail/json_text.hpp"

namespace asgiscope::web {

JSONResponse::JSONResponse(const boost::json::value& content, int status_code_, asgi::Headers headers,
                           std::optional<std::string> media_type_)
    : Response(render(content), status_code_, std::move(headers),
               media_type_ ? std::move(media_type_) : std::optional<std::string>("application/json")) {}

std::string JSONResponse::render(const boost::json::value& content) { return detail::python_json_dumps(content); }

std::string JSONResponse::render_object(const boost::json::object& content) {
    return detail::python_json_dumps(content);
}

}  // namespace asgiscope::web
