#include <asgiscope/web/responses/redirect_response.hpp>

#include "../detail/text.hpp"

namespace asgiscope::web {

RedirectResponse::RedirectResponse(std::string_view url, int status_code_, asgi::Headers headers)
    : Response(std::string(), status_code_, std::move(headers)) {
    this->headers().set("location", detail::quote(url, ":/%#?=@[]!$&'()*+,;"));
}

}  // namespace asgiscope::web
