// The JSON form of the ASGI contract (types.hpp): traces, exports and replay files use it.
//
// ENCODING (this is the documented file format)
//
// Strings. Every string-valued field, whether ASGI calls it a byte string (body, bytes, header
// names and values, raw_path, query_string) or a text string (text, reason, message, path, ...),
// is written as a JSON string when its bytes are valid UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF; NUL is valid and written as \u0000), and otherwise as the
// object {"base64": "<RFC 4648 standard alphabet, with '=' padding>"}. Readers accept both forms
// for every such field. The base64 reader is strict: no whitespace, no URL-safe alphabet, length
// a multiple of 4, padding only at the end, unused trailing bits zero.
//
// Headers are an array of [name, value] pairs in wire order, duplicates kept:
//   [["content-type", "text/plain"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]]
//
// Messages are objects with "type" first, then the fields under their ASGI names, e.g.
//   {"type":"http.response.start","status":200,"headers":[["content-type","text/plain"]],"trailers":false}
//   http.request, http.response.body,
//   websocket.http.response.body   body, more_body
//   http.response.start            status, headers, trailers
//   websocket.http.response.start  status, headers
//   websocket.accept               subprotocol (omitted when unset), headers
//   websocket.receive / send       exactly one of bytes, text
//   websocket.disconnect / close   code, reason
//   lifespan.*.failed              message
//   the other types                no fields
// Writers always emit every field except the unset optionals named above. Readers take the
// ASGI defaults for keys the ASGI spec makes optional (body "", more_body false, headers [],
// trailers false, subprotocol/bytes/text absent (null also means absent), websocket.close code
// 1000, reason "", message ""); "status" and websocket.disconnect's "code" are required.
// Integers must be JSON integers (200.0 is rejected): status 100..599, code 1000..4999.
//
// Scopes are objects with the ASGI scope keys, in this order:
//   http       type, asgi, http_version, method, scheme, path, raw_path, query_string,
//              root_path, headers, client, server, state, extensions
//   websocket  type, asgi, http_version, scheme, path, raw_path, query_string, root_path,
//              headers, client, server, subprotocols, state, extensions
//   lifespan   type, asgi, state
// asgi is {"version": ..., "spec_version": ...}; client and server are [host, port] or null;
// subprotocols is an array of strings; state is an object or null (null shared_ptr);
// extensions is an object holding "websocket.http.response": {} when that extension is
// offered and "tls": {server_cert, client_cert_chain, client_cert_name, client_cert_error,
// tls_version, cipher_suite} (ASGI TLS extension 0.2; unset values are null, the two numbers
// are 0..65535). C++ fields that do not apply to the scope type are not written (a scope with
// some other "type" gets every key, but no reader accepts it). Readers require "type" and
// asgi "version"; for http also http_version, method, path, query_string and headers; for
// websocket also path and headers. Other keys take the ASGI defaults when absent: spec_version
// "2.0" ("1.0" for lifespan), scheme "http"/"ws", websocket http_version "1.1", other strings
// "", subprotocols [], extensions {}, and client, server, state and the TLS values null (null
// is accepted for these too).
//
// The framework's keys follow, for http and websocket scopes, each written only when set:
//   path_params    {name: value}: a string (UTF-8 or base64 form), a JSON integer or a JSON
//                  number; a non-finite number is written as null and read back as NaN
//   route_name     string (omitted when empty)
//   app_root_path  string (omitted when unset; null also means unset)
//   in_app         true (omitted when false)
//   cached_body    string (omitted when unset; null also means unset)
//   session        object (omitted when null; null also means unset); strings in it that
//                  are not UTF-8 get the base64 form, as in state
// auth, user and router (C++ objects) and session_accessed are not written.
// Readers take them as absent = unset/empty. A lifespan scope carries only in_app (after state).
//
// State is the one lossy spot. Writers emit std::string, const char*, bool, int, long,
// long long, their unsigned variants, float, double and boost::json::value held in the
// std::any as the corresponding JSON, and an empty std::any or a null const char* as null.
// Any other type, and a non-finite double, is written as the string "<opaque>". State strings
// (and strings inside held JSON values) that are not valid UTF-8 get the {"base64": ...} form
// and come back as a JSON object; object keys that are not valid UTF-8 have the bad bytes
// replaced by U+FFFD. Readers store JSON strings as std::string, booleans as bool, integers as
// std::int64_t (std::uint64_t above INT64_MAX), other numbers as double, arrays and objects as
// boost::json::value, and null as an empty std::any.
//
// Strictness. Readers reject unknown "type" values, unknown keys, missing required keys, wrong
// JSON kinds, bad base64 and out-of-range numbers by throwing JsonError, whose what() names
// the message type or scope and the key, e.g.  http.response.start: "status" must be an integer
// The string readers accept exactly one JSON value (no comments, no trailing commas, valid
// UTF-8, nesting at most 512 deep).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::asgi {

/// A JSON document that is not a valid encoding of a message or scope.
class JsonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

boost::json::value to_json(const Message& message);
boost::json::value to_json(const Scope& scope);

/// Throw JsonError on anything that is not a valid encoding (see the top of this file).
Message message_from_json(const boost::json::value& json);
Scope scope_from_json(const boost::json::value& json);

/// Compact JSON text of to_json().
std::string to_json_string(const Message& message);
std::string to_json_string(const Scope& scope);

/// Parse then decode; a parse error throws JsonError carrying Boost.JSON's message.
Message message_from_json_string(std::string_view text);
Scope scope_from_json_string(std::string_view text);

/// RFC 4648 base64, standard alphabet, with padding.
std::string base64_encode(std::string_view bytes);
/// Strict inverse of base64_encode; nullopt for anything it would not produce.
std::optional<std::string> base64_decode(std::string_view text);

/// Whether `bytes` is well-formed UTF-8 (RFC 3629).
bool is_valid_utf8(std::string_view bytes);

}  // namespace asgiscope::asgi
