// JSONResponse: a Boost.JSON value rendered as Starlette renders JSON.
#pragma once

#include <boost/json/value.hpp>

#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// An application/json response (Starlette's JSONResponse): compact ("," and ":" without
/// spaces), non-ASCII text as is (ensure_ascii=False), numbers as Python writes them; NaN and
/// infinities are refused with std::invalid_argument (allow_nan=False).
class JSONResponse : public Response {
public:
    explicit JSONResponse(const boost::json::value& content, int status = 200, asgi::Headers headers = {},
                          std::optional<std::string> type = std::nullopt);

    /// The body JSONResponse would send for `content`.
    static std::string render(const boost::json::value& content);
};

}  // namespace asgiscope::web
