// Small HTTP helpers shared by the server's connection code: status phrases, the Date header,
// percent-decoding, case folding, and the trusted-proxy address list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../../detail/ascii.hpp"

namespace asgiscope::server::detail {

/// "OK" for 200, "" for codes with no registered phrase.
std::string_view reason_phrase(int status);

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per second
/// per thread.
std::string_view http_date_now();

using ::asgiscope::detail::iequals;
using ::asgiscope::detail::lower_in_place;
/// Whether a comma-separated header value contains `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token);
std::string_view trim(std::string_view s);

/// Decodes %XX escapes; invalid escapes are kept as they are. Decoded bytes that are not
/// valid UTF-8 become U+FFFD, as Python's urllib.parse.unquote does.
std::string percent_decode_path(std::string_view raw);

/// "--forwarded-allow-ips": literal addresses, CIDR networks, or "*".
class TrustedHosts {
public:
    explicit TrustedHosts(const std::vector<std::string>& entries);
    bool trusts(std::string_view address) const;
    bool trusts_all() const { return all_; }

private:
    struct Net {
        unsigned char bytes[16];
        int family_len;  // 4 or 16
        int prefix;
    };
    bool all_ = false;
    std::vector<Net> nets_;
};

}  // namespace asgiscope::server::detail
