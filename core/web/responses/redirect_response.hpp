// RedirectResponse: an empty response with a Location header (307 by default).
#pragma once

#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// A redirect (Starlette's RedirectResponse): status 307 unless given, Location set to `url`
/// percent-encoded except for the characters URLs use as delimiters.
class RedirectResponse : public Response {
public:
    explicit RedirectResponse(std::string_view url, int status = 307, asgi::Headers headers = {});
    explicit RedirectResponse(const URL& url, int status = 307, asgi::Headers headers = {})
        : RedirectResponse(std::string_view(url.str()), status, std::move(headers)) {}
};

}  // namespace asgiscope::web
