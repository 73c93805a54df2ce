#include <asgiscope/web/status.hpp>

#include "../server/detail/http_util.hpp"

namespace asgiscope::web::status {

std::string_view reason_phrase(int status_code) {
    // Python names four codes by their older RFC 7231 phrases; the rest match the server's
    // RFC 9110 table.
    switch (status_code) {
        case 413: return "Request Entity Too Large";
        case 414: return "Request-URI Too Long";
        case 416: return "Requested Range Not Satisfiable";
        case 422: return "Unprocessable Entity";
        default: return server::detail::reason_phrase(status_code);
    }
}

}  // namespace asgiscope::web::status
