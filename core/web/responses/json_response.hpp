// JSONResponse: a Boost.JSON value rendered as Starlette renders JSON.
#pragma once

#include <concepts>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// An application/json response (Starlette's JSONResponse): compact ("," and ":" without
/// spaces), non-ASCII text as is (ensure_ascii=False), numbers as Python writes them; NaN and
/// infinities are refused with std::invalid_argument (allow_nan=False).
class JSONResponse : public Response {
public:
    explicit JSONResponse(const boost::json::value& content, int status = 200, asgi::Headers headers = {},
                          std::optional<std::string_view> type = std::nullopt);
    /// The same for an object, rendered without being copied into a boost::json::value
    /// first. (A template, so that a braced list still means the boost::json::value.)
    template <class Object>
        requires std::same_as<Object, boost::json::object>
    explicit JSONResponse(const Object& content, int status = 200, asgi::Headers headers = {},
                          std::optional<std::string_view> type = std::nullopt)
        : Response(render_object(content), status, std::move(headers),
                   type ? type : std::optional<std::string_view>("application/json")) {}

    /// The body JSONResponse would send for `content`.
    static std::string render(const boost::json::value& content);

private:
    static std::string render_object(const boost::json::object& content);
};

}  // namespace asgiscope::web
