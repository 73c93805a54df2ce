#include <asgiscope/web/routing/convertors.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <regex>
#include <shared_mutex>
#include <stdexcept>

#include "../detail/json_text.hpp"
#include "../detail/text.hpp"

namespace asgiscope::web {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string text_of(const asgi::PathValue& value) { return path_value_str(value); }

class StringConvertor final : public Convertor {
public:
    std::string_view regex() const override { return "[^/]+"; }
    bool accepts(std::string_view t) const override { return !t.empty() && t.find('/') == std::string_view::npos; }
    bool matches_slash() const override { return false; }
    asgi::PathValue convert(std::string_view t) const override { return std::string(t); }
    std::string to_string(const asgi::PathValue& value) const override {
        std::string s = text_of(value);
        if (s.find('/') != std::string::npos) throw std::invalid_argument("May not contain path separators");
        if (s.empty()) throw std::invalid_argument("Must not be empty");
        return s;
    }
};

class PathConvertor final : public Convertor {
public:
    std::string_view regex() const override { return ".*"; }
    // Python's '.' stops at a newline.
    bool accepts(std::string_view t) const override { return t.find('\n') == std::string_view::npos; }
    asgi::PathValue convert(std::string_view t) const override { return std::string(t); }
    std::string to_string(const asgi::PathValue& value) const override { return text_of(value); }
};

class IntegerConvertor final : public Convertor {
public:
    std::string_view regex() const override { return "[0-9]+"; }
    // Digits that fit an int64 (Python's int has no limit; a longer number matches nothing).
    bool accepts(std::string_view t) const override {
        std::int64_t v = 0;
        return all_digits(t) && std::from_chars(t.data(), t.data() + t.size(), v).ec == std::errc();
    }
    bool matches_slash() const override { return false; }
    asgi::PathValue convert(std::string_view t) const override {
        std::int64_t v = 0;
        std::from_chars(t.data(), t.data() + t.size(), v);
        return v;
    }
    std::string to_string(const asgi::PathValue& value) const override {
        std::int64_t v = 0;
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            v = *i;
        } else if (const auto* d = std::get_if<double>(&value)) {
            if (!std::isfinite(*d)) throw std::invalid_argument("cannot convert float to integer");
            v = std::int64_t(std::trunc(*d));
        } else {
            std::string_view s = detail::trim(std::get<std::string>(value));
            const bool negative = s.starts_with('-');
            if (s.starts_with('-') || s.starts_with('+')) s.remove_prefix(1);
            if (!all_digits(s) || std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc())
                throw std::invalid_argument("invalid literal for int(): '" + std::get<std::string>(value) + "'");
            if (negative) v = -v;
        }
        if (v < 0) throw std::invalid_argument("Negative integers are not supported");
        return std::to_string(v);
    }
};

class FloatConvertor final : public Convertor {
public:
    std::string_view regex() const override { return "[0-9]+(\\.[0-9]+)?"; }
    bool accepts(std::string_view t) const override {
        const auto dot = t.find('.');
        if (!all_digits(t.substr(0, dot))) return false;
        if (dot != std::string_view::npos && !all_digits(t.substr(dot + 1))) return false;
        double d = 0;  // a number too large for a double has no value: no match
        return std::from_chars(t.data(), t.data() + t.size(), d).ec == std::errc() && std::isfinite(d);
    }
    bool matches_slash() const override { return false; }
    asgi::PathValue convert(std::string_view t) const override {
        double d = 0;
        std::from_chars(t.data(), t.data() + t.size(), d);
        return d;
    }
    std::string to_string(const asgi::PathValue& value) const override {
        double d = 0;
        if (const auto* x = std::get_if<double>(&value)) {
            d = *x;
        } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
            d = double(*i);
        } else {
            const std::string_view s = detail::trim(std::get<std::string>(value));
            const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
            if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
                throw std::invalid_argument("could not convert string to float: '" + std::get<std::string>(value) + "'");
        }
        if (std::isnan(d)) throw std::invalid_argument("NaN values are not supported");
        if (std::isinf(d)) throw std::invalid_argument("Infinite values are not supported");
        if (d < 0.0) throw std::invalid_argument("Negative floats are not supported");
        char buf[512];
        std::snprintf(buf, sizeof buf, "%0.20f", d);
        std::string s = buf;
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
};

class UUIDConvertor final : public Convertor {
public:
    std::string_view regex() const override {
        return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    }
    bool accepts(std::string_view t) const override {
        if (t.size() != 36) return false;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            const char c = t[i];
            if (hyphen ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }
    bool matches_slash() const override { return false; }
    asgi::PathValue convert(std::string_view t) const override { return std::string(t); }
    std::string to_string(const asgi::PathValue& value) const override { return text_of(value); }
};

struct Registry {
    std::shared_mutex mutex;
    std::map<std::string, std::shared_ptr<const Convertor>, std::less<>> convertors{
        {"str", std::make_shared<StringConvertor>()},  {"path", std::make_shared<PathConvertor>()},
        {"int", std::make_shared<IntegerConvertor>()}, {"float", std::make_shared<FloatConvertor>()},
        {"uuid", std::make_shared<UUIDConvertor>()},
    };
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

struct RegexConvertor::Compiled {
    std::regex re;
};

RegexConvertor::RegexConvertor(std::string regex, ConvertFn convert, ToStringFn to_string)
    : regex_text_(std::move(regex)),
      compiled_(std::make_unique<const Compiled>(Compiled{std::regex(regex_text_, std::regex::ECMAScript)})),
      convert_(std::move(convert)),
      to_string_(std::move(to_string)) {}

RegexConvertor::~RegexConvertor() = default;

bool RegexConvertor::accepts(std::string_view text) const {
    return std::regex_match(text.begin(), text.end(), compiled_->re);
}

asgi::PathValue RegexConvertor::convert(std::string_view text) const {
    return convert_ ? convert_(text) : asgi::PathValue(std::string(text));
}

std::string RegexConvertor::to_string(const asgi::PathValue& value) const {
    return to_string_ ? to_string_(value) : text_of(value);
}

std::string path_value_str(const asgi::PathValue& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    return detail::python_float_repr(std::get<double>(value));
}

void register_url_convertor(std::string key, std::shared_ptr<const Convertor> convertor) {
    Registry& r = registry();
    std::unique_lock lock(r.mutex);
    r.convertors.insert_or_assign(std::move(key), std::move(convertor));
}

std::shared_ptr<const Convertor> find_url_convertor(std::string_view key) {
    Registry& r = registry();
    std::shared_lock lock(r.mutex);
    auto it = r.convertors.find(key);
    return it == r.convertors.end() ? nullptr : it->second;
}

}  // namespace asgiscope::web
