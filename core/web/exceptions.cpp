#include <asgiscope/web/exceptions.hpp>

#include <asgiscope/web/status.hpp>

namespace asgiscope::web {

namespace {
std::string detail_for(int code, const std::optional<std::string>& given) {
    return given ? *given : std::string(status::reason_phrase(code));
}
}  // namespace

HTTPException::HTTPException(int code, std::optional<std::string> given_detail, std::optional<asgi::Headers> given_headers)
    : std::runtime_error(std::to_string(code) + ": " + detail_for(code, given_detail)),
      status_code(code),
      detail(detail_for(code, given_detail)),
      headers(std::move(given_headers)) {}

WebSocketException::WebSocketException(int code_, std::string reason_)
    : std::runtime_error(std::to_string(code_) + ": " + reason_), code(code_), reason(std::move(reason_)) {}

}  // namespace asgiscope::web
