// Reading JSON documents field by field with errors that say where: the trace JSON reader and
// the HAR importer share it. Internal: not installed.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::trace::detail {

/// A document that is not what the reader expects; what() says what, `key_path()` where
/// ("spans[2].messages[0].status").
class ReadError : public std::runtime_error {
public:
    ReadError(const std::string& what, std::string key_path)
        : std::runtime_error(what), key_path_(std::move(key_path)) {}
    const std::string& key_path() const { return key_path_; }

private:
    std::string key_path_;
};

/// "an object", "a string", ... for messages.
std::string_view kind_name(const boost::json::value& v);

/// A position in a document: an object or array together with its key path.
class Node {
public:
    Node(const boost::json::value& v, std::string path) : v_(v), path_(std::move(path)) {}

    const boost::json::value& value() const { return v_; }
    const std::string& path() const { return path_; }
    [[noreturn]] void fail(const std::string& what) const;

    // The value itself as a kind.
    const boost::json::object& object() const;
    const boost::json::array& array() const;
    std::string string() const;  ///< a JSON string or {"base64": "..."}
    std::string text() const;    ///< a JSON string only
    std::int64_t integer(std::int64_t lo, std::int64_t hi) const;
    double number() const;  ///< any JSON number
    bool boolean() const;

    // Members of an object.
    bool has(std::string_view key) const;  ///< present and not null
    Node at(std::string_view key) const;   ///< required (present, may be null)
    std::optional<Node> opt(std::string_view key) const;  ///< absent or null: nullopt
    Node item(std::size_t index) const;    ///< of an array

    std::string string(std::string_view key) const { return at(key).string(); }
    std::string string_or(std::string_view key, std::string_view fallback) const;
    std::string text_or(std::string_view key, std::string_view fallback) const;
    std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
        return at(key).integer(lo, hi);
    }
    std::int64_t integer_or(std::string_view key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;
    double number_or(std::string_view key, double fallback) const;
    bool boolean_or(std::string_view key, bool fallback) const;

    /// [[name, value], ...]
    asgi::Headers header_pairs() const;

private:
    const boost::json::value& v_;
    std::string path_;
};

/// A string as JSON: itself when it is valid UTF-8, else {"base64": "..."} (the asgi/json.hpp
/// convention).
boost::json::value encode_bytes(std::string_view bytes);

}  // namespace asgiscope::trace::detail
