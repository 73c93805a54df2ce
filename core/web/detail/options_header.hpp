// Header values with parameters (Content-Type, Content-Disposition): python-multipart's
// parse_options_header, with RFC 2231/5987 extended values (filename*=UTF-8''...), and the
// charset decoding forms use. Internal: not installed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace asgiscope::web::detail {

/// A header value split into its main value and its parameters.
struct OptionsHeader {
    struct Param {
        std::string name;   ///< lower case, without the '*' of an extended parameter
        std::string value;  ///< unquoted; an extended value is decoded to UTF-8
        bool extended = false;
    };
    std::string value;  ///< lower case, e.g. "multipart/form-data"
    std::vector<Param> params;

    /// The parameter `name`: its extended form if there is one (RFC 6266), else the last
    /// plain one; null when absent.
    const Param* param(std::string_view name) const;
};

/// Splits `header` at ';' (outside quoted strings): "form-data; name=\"a\"; filename*=UTF-8''x".
/// Quoted values lose their quotes and backslash escapes of '"' and '\'. Parameters without
/// '=' and malformed extended values are skipped.
OptionsHeader parse_options_header(std::string_view header);

/// Text from `bytes` in `charset`: ISO-8859-1 (and its aliases) maps each byte to a code
/// point; anything else is taken as UTF-8 when valid, else read as Latin-1 (Starlette's
/// _user_safe_decode fallback). The result is UTF-8.
std::string decode_charset(std::string_view bytes, std::string_view charset);

/// Each byte as the code point of that value, in UTF-8.
std::string latin1_to_utf8(std::string_view bytes);

}  // namespace asgiscope::web::detail
