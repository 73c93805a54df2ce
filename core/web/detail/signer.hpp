// itsdangerous' TimestampSigner with its defaults (HMAC-SHA1, salt "itsdangerous.Signer",
// "django-concat" key derivation, '.' separator), which Starlette's SessionMiddleware signs
// its cookie with: a value signed here unsigns in Python and the other way round.
// Internal: not installed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace asgiscope::web::detail {

/// base64.urlsafe_b64encode without the '=' padding (itsdangerous' base64_encode).
std::string urlsafe_b64encode(std::string_view bytes);
/// The inverse, padding optional; nullopt for characters outside the URL-safe alphabet.
std::optional<std::string> urlsafe_b64decode(std::string_view text);

/// Signs values as `value.timestamp.signature` and checks them.
class TimestampSigner {
public:
    explicit TimestampSigner(std::string_view secret_key);

    /// `value` + '.' + the timestamp `now` (seconds since the epoch) + '.' + the signature.
    std::string sign(std::string_view value, std::int64_t now) const;
    /// The value of a signed string whose signature is good and whose timestamp is neither
    /// older than `max_age` seconds (when given) nor in the future; nullopt otherwise.
    std::optional<std::string> unsign(std::string_view signed_value, std::optional<std::int64_t> max_age,
                                      std::int64_t now) const;

private:
    std::string signature(std::string_view value) const;
    std::string key_;  // the derived HMAC key
};

}  // namespace asgiscope::web::detail
