// Config: settings from the environment and a .env file, cast to C++ types (Starlette's
// starlette.config), with Secret and CommaSeparatedStrings values.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace asgiscope::web {

/// A setting that must not leak into logs: printed as "Secret('**********')" (Starlette's
/// Secret). str() gives the value; it is "true" when not empty.
class Secret {
public:
    explicit Secret(std::string value) : value_(std::move(value)) {}
    const std::string& str() const { return value_; }
    explicit operator std::string() const { return value_; }
    explicit operator bool() const { return !value_.empty(); }
    /// "Secret('**********')".
    std::string repr() const { return "Secret('**********')"; }
    friend std::ostream& operator<<(std::ostream& os, const Secret& s) { return os << s.repr(); }
    friend bool operator==(const Secret&, const Secret&) = default;

private:
    std::string value_;
};

/// A list of strings written "a, b, 'c, d'" (Starlette's CommaSeparatedStrings): split on
/// commas as Python's shlex does with ',' as whitespace (quotes group, '\' escapes, '#'
/// starts a comment), each item stripped.
class CommaSeparatedStrings {
public:
    /// Throws std::invalid_argument for an unclosed quote or a trailing '\'.
    explicit CommaSeparatedStrings(std::string_view value);
    explicit CommaSeparatedStrings(std::vector<std::string> items) : items_(std::move(items)) {}

    const std::vector<std::string>& items() const { return items_; }
    std::size_t size() const { return items_.size(); }
    const std::string& operator[](std::size_t i) const { return items_.at(i); }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }
    /// "'a', 'b'" (Python's str()).
    std::string str() const;
    /// "CommaSeparatedStrings(['a', 'b'])".
    std::string repr() const;
    friend bool operator==(const CommaSeparatedStrings&, const CommaSeparatedStrings&) = default;

private:
    std::vector<std::string> items_;
};

/// A key is missing and has no default (Starlette raises KeyError).
class ConfigKeyError : public std::out_of_range {
public:
    using std::out_of_range::out_of_range;
};

/// A value does not cast to the type asked for (Starlette raises ValueError).
class ConfigValueError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// Setting or deleting an environment variable after it was read (Starlette's EnvironError).
class EnvironError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Environment variables that may not change once read (Starlette's Environ): over the
/// process environment, or over a map of its own.
class Environ {
public:
    /// The process environment.
    Environ() = default;
    /// A map of its own.
    explicit Environ(std::map<std::string, std::string, std::less<>> values) : values_(std::move(values)) {}

    bool contains(std::string_view key) const;
    /// The value of `key`, noted as read; nullopt when unset.
    std::optional<std::string> get(std::string_view key);
    /// The value of `key`, noted as read; throws std::out_of_range when unset.
    std::string operator[](std::string_view key);
    /// Throws EnvironError when `key` was read before.
    void set(std::string_view key, std::string_view value);
    /// Throws EnvironError when `key` was read before.
    void erase(std::string_view key);

private:
    mutable std::mutex mutex_;
    std::optional<std::map<std::string, std::string, std::less<>>> values_;  // unset: the process's
    std::set<std::string, std::less<>> read_;
};

/// The process environment as an Environ (Starlette's starlette.config.environ).
Environ& environ();

/// Config's options (Starlette's keyword arguments).
struct ConfigOptions {
    /// A .env file: `KEY=value` lines; '#' lines are comments; values are stripped of
    /// spaces, then of surrounding quotes. A missing file only warns.
    std::optional<std::filesystem::path> env_file{};
    /// Variables instead of the process environment (web::environ()).
    std::optional<std::map<std::string, std::string, std::less<>>> environ{};
    /// Prepended to every key asked for.
    std::string env_prefix{};
};

/// Settings (Starlette's Config): a key's value comes from the environment, else the .env
/// file, else the default; a missing key without default throws ConfigKeyError ("Config
/// 'X' is missing, and has no default."). get<T>() casts: std::string as is; bool from
/// "true"/"1"/"false"/"0" in any case; integers and floating point as Python's int() and
/// float() parse them; any type constructible from std::string (Secret, URL,
/// CommaSeparatedStrings, ...) by its constructor. A value that does not cast throws
/// ConfigValueError ("Config 'X' has value 'v'. Not a valid int.").
///
///     Config config({.env_file = ".env"});
///     const bool debug = config.get<bool>("DEBUG", false);
///     const Secret key = config.get<Secret>("SECRET_KEY");
class Config {
public:
    explicit Config(ConfigOptions options = {});
    explicit Config(std::filesystem::path env_file) : Config(ConfigOptions{.env_file = std::move(env_file)}) {}
    ~Config();
    Config(Config&&) noexcept;
    Config& operator=(Config&&) noexcept;

    /// The text of `key`; throws ConfigKeyError when missing.
    std::string operator()(std::string_view key) const { return get<std::string>(key); }
    /// The text of `key`, or `default_value`.
    std::string operator()(std::string_view key, std::string_view default_value) const {
        return get<std::string>(key, std::string(default_value));
    }

    /// `key` cast to T; throws ConfigKeyError when missing, ConfigValueError when it does not cast.
    template <class T = std::string>
    T get(std::string_view key) const {
        const std::string full = key_of(key);
        std::optional<std::string> value = lookup(full);
        if (!value) throw ConfigKeyError("Config '" + full + "' is missing, and has no default.");
        return cast<T>(full, *value);
    }
    /// `key` cast to T, or `default_value` when missing.
    template <class T>
    T get(std::string_view key, T default_value) const {
        const std::string full = key_of(key);
        std::optional<std::string> value = lookup(full);
        if (!value) return default_value;
        return cast<T>(full, *value);
    }
    /// `key` cast to T, or nothing when missing (Starlette's default=None).
    template <class T = std::string>
    std::optional<T> get_optional(std::string_view key) const {
        const std::string full = key_of(key);
        std::optional<std::string> value = lookup(full);
        if (!value) return std::nullopt;
        return cast<T>(full, *value);
    }

    /// `value` cast to T, as get<T>() casts; `key` names it in the error.
    template <class T>
    static T cast(std::string_view key, const std::string& value);

    /// The values read from the .env file.
    const std::map<std::string, std::string, std::less<>>& file_values() const { return file_values_; }
    /// Warnings given while loading (also written to std::cerr), e.g. "Config file '.env' not found.".
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    std::string key_of(std::string_view key) const { return env_prefix_ + std::string(key); }
    std::optional<std::string> lookup(const std::string& key) const;
    [[noreturn]] static void invalid(std::string_view key, std::string_view value, std::string_view type);
    static bool cast_bool(std::string_view key, std::string_view value);
    static std::int64_t cast_int(std::string_view key, std::string_view value);
    static std::uint64_t cast_uint(std::string_view key, std::string_view value);
    static double cast_float(std::string_view key, std::string_view value);

    std::unique_ptr<Environ> own_environ_;
    Environ* environ_;
    std::string env_prefix_;
    std::map<std::string, std::string, std::less<>> file_values_;
    std::vector<std::string> warnings_;
};

template <class T>
T Config::cast(std::string_view key, const std::string& value) {
    if constexpr (std::is_same_v<T, std::string>) {
        return value;
    } else if constexpr (std::is_same_v<T, bool>) {
        return cast_bool(key, value);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
        const std::int64_t v = cast_int(key, value);
        if (!std::in_range<T>(v)) invalid(key, value, "int");
        return T(v);
    } else if constexpr (std::is_integral_v<T>) {
        const std::uint64_t v = cast_uint(key, value);
        if (!std::in_range<T>(v)) invalid(key, value, "int");
        return T(v);
    } else if constexpr (std::is_floating_point_v<T>) {
        return T(cast_float(key, value));
    } else {
        static_assert(std::constructible_from<T, std::string>,
                      "Config::get<T>: T must be std::string, bool, a number or constructible from std::string");
        try {
            return T(value);
        } catch (const std::invalid_argument&) {
            invalid(key, value, "value");
        } catch (const std::out_of_range&) {
            invalid(key, value, "value");
        }
    }
}

}  // namespace asgiscope::web
