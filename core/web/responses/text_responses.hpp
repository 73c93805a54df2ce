// PlainTextResponse and HTMLResponse: a Response with a text/* media type by default.
#pragma once

#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// A text/plain; charset=utf-8 response (Starlette's PlainTextResponse).
class PlainTextResponse : public Response {
public:
    explicit PlainTextResponse(std::string content = {}, int status = 200, asgi::Headers headers = {},
                               std::optional<std::string_view> type = std::nullopt)
        : Response(std::move(content), status, std::move(headers),
                   type ? type : std::optional<std::string_view>("text/plain")) {}
};

/// A text/html; charset=utf-8 response (Starlette's HTMLResponse).
class HTMLResponse : public Response {
public:
    explicit HTMLResponse(std::string content = {}, int status = 200, asgi::Headers headers = {},
                          std::optional<std::string_view> type = std::nullopt)
        : Response(std::move(content), status, std::move(headers),
                   type ? type : std::optional<std::string_view>("text/html")) {}
};

}  // namespace asgiscope::web
