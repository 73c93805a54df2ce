// HTTPException: how endpoints and routers answer with an HTTP error by throwing.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// Thrown to answer with an HTTP error (Starlette's HTTPException): the application's
/// ExceptionMiddleware turns it into a response, by default PlainTextResponse(detail,
/// status_code, headers). what() is "<status_code>: <detail>".
class HTTPException : public std::runtime_error {
public:
    /// `detail` defaults to Python's reason phrase for the status ("Not Found", "I'm a Teapot").
    explicit HTTPException(int status_code, std::optional<std::string> detail = std::nullopt,
                           std::optional<asgi::Headers> headers = std::nullopt);

    int status_code;
    std::string detail;
    std::optional<asgi::Headers> headers;
};

}  // namespace asgiscope::web
