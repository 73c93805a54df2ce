// HTTPException and WebSocketException: how endpoints and routers answer with an HTTP error,
// or close a WebSocket, by throwing.
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

/// Thrown inside a WebSocket endpoint to close the connection (Starlette's
/// WebSocketException): the application's ExceptionMiddleware sends websocket.close with
/// this code and reason. what() is "<code>: <reason>".
class WebSocketException : public std::runtime_error {
public:
    explicit WebSocketException(int code, std::string reason = {});

    int code;
    std::string reason;
};

}  // namespace asgiscope::web
