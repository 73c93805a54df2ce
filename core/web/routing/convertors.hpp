// Path convertors: how a "{name:type}" parameter's text becomes a value and back (Starlette's
// convertors), the built-in str, path, int, float and uuid, and user-registered ones.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::web {

/// Turns a path parameter's text into its value and back (Starlette's Convertor).
class Convertor {
public:
    virtual ~Convertor() = default;
    /// The regular expression a parameter's text matches, as Starlette writes it (for tools).
    virtual std::string_view regex() const = 0;
    /// Whether the whole of `text` is a valid parameter.
    virtual bool accepts(std::string_view text) const = 0;
    /// Whether a parameter may contain '/'. If not, the matcher never tries a longer text.
    virtual bool matches_slash() const { return true; }
    /// The value of a text accepts() took.
    virtual asgi::PathValue convert(std::string_view text) const = 0;
    /// The text of `value` in a URL path (url_path_for). Throws std::invalid_argument for a
    /// value this convertor cannot write.
    virtual std::string to_string(const asgi::PathValue& value) const = 0;
};

/// A convertor defined by an ECMAScript regular expression and two functions, for
/// register_url_convertor(). By default the value is the text itself.
class RegexConvertor : public Convertor {
public:
    using ConvertFn = std::function<asgi::PathValue(std::string_view)>;
    using ToStringFn = std::function<std::string(const asgi::PathValue&)>;
    explicit RegexConvertor(std::string regex, ConvertFn convert = {}, ToStringFn to_string = {});
    ~RegexConvertor() override;

    std::string_view regex() const override { return regex_text_; }
    bool accepts(std::string_view text) const override;
    asgi::PathValue convert(std::string_view text) const override;
    std::string to_string(const asgi::PathValue& value) const override;

private:
    struct Compiled;
    std::string regex_text_;
    std::unique_ptr<const Compiled> compiled_;
    ConvertFn convert_;
    ToStringFn to_string_;
};

/// Python's str() of a path parameter value: the text, the integer, or the float's repr.
std::string path_value_str(const asgi::PathValue& value);

/// Makes "{param:key}" use `convertor` in paths compiled from now on (Starlette's
/// register_url_convertor); replaces an earlier convertor of that key. Thread-safe.
void register_url_convertor(std::string key, std::shared_ptr<const Convertor> convertor);
/// The convertor registered under `key` ("str", "path", "int", "float", "uuid", or a user
/// one), or null.
std::shared_ptr<const Convertor> find_url_convertor(std::string_view key);

}  // namespace asgiscope::web
