#include <asgiscope/web/config.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace asgiscope::web {

namespace {

// Python's str.isspace() over ASCII.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); }

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view strip_chars(std::string_view s, std::string_view chars) {
    while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

// Python's repr() of a str, for the ASCII-printable common case: single quotes unless the
// text holds one and no double quote.
std::string py_repr(std::string_view s) {
    const char q = (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos) ? '"' : '\'';
    std::string out(1, q);
    for (char c : s) {
        if (c == q || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += c;
        }
    }
    out += q;
    return out;
}

// Lines as Python's text mode reads them: "\n", "\r\n" and "\r" all end a line.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        lines.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

// Python's int() of a string: optional sign, digits with single '_' between them, spaces around.
std::optional<std::string> python_int_digits(std::string_view s, bool& negative) {
    s = strip(s);
    negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    std::string digits;
    bool last_underscore = true;  // no leading '_'
    for (char c : s) {
        if (c == '_') {
            if (last_underscore) return std::nullopt;
            last_underscore = true;
        } else if (c >= '0' && c <= '9') {
            digits += c;
            last_underscore = false;
        } else {
            return std::nullopt;
        }
    }
    if (last_underscore) return std::nullopt;
    return digits;
}

}  // namespace

// ---- CommaSeparatedStrings ---------------------------------------------------------------

CommaSeparatedStrings::CommaSeparatedStrings(std::string_view value) {
    // shlex(value, posix=True) with whitespace="," and whitespace_split=True.
    enum class St { Between, Word, Single, Double, Escape };
    St state = St::Between;
    St escaped_from = St::Word;
    std::string token;
    bool quoted = false;
    auto emit = [&] {
        if (!token.empty() || quoted) items_.emplace_back(strip(token));
        token.clear();
        quoted = false;
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        switch (state) {
        case St::Between:
        case St::Word:
            if (c == ',') {
                if (state == St::Word) emit();
                state = St::Between;
            } else if (c == '#') {  // a comment: the rest of the line
                while (i + 1 < value.size() && value[i + 1] != '\n') ++i;
                ++i;
                if (state == St::Word) emit();
                state = St::Between;
            } else if (c == '\\') {
                escaped_from = St::Word;
                state = St::Escape;
            } else if (c == '\'') {
                state = St::Single;
            } else if (c == '"') {
                state = St::Double;
            } else {
                token += c;
                state = St::Word;
            }
            break;
        case St::Single:
        case St::Double:
            quoted = true;
            if (c == (state == St::Single ? '\'' : '"')) {
                state = St::Word;
            } else if (c == '\\' && state == St::Double) {
                escaped_from = St::Double;
                state = St::Escape;
            } else {
                token += c;
            }
            break;
        case St::Escape:
            // Inside double quotes only '"' and '\' are escapable; others keep the backslash.
            if (escaped_from == St::Double && c != '"' && c != '\\') token += '\\';
            token += c;
            state = escaped_from;
            break;
        }
    }
    if (state == St::Single || state == St::Double) throw std::invalid_argument("No closing quotation");
    if (state == St::Escape) throw std::invalid_argument("No escaped character");
    if (state == St::Word) emit();
}

std::string CommaSeparatedStrings::str() const {
    std::string out;
    for (const std::string& item : items_) {
        if (!out.empty()) out += ", ";
        out += py_repr(item);
    }
    return out;
}

std::string CommaSeparatedStrings::repr() const {
    std::string out = "CommaSeparatedStrings([";
    bool first = true;
    for (const std::string& item : items_) {
        if (!first) out += ", ";
        first = false;
        out += py_repr(item);
    }
    return out + "])";
}

// ---- Environ -------------------------------------------------------------------------------

bool Environ::contains(std::string_view key) const {
    std::lock_guard lock(mutex_);
    if (values_) return values_->contains(key);
    return std::getenv(std::string(key).c_str()) != nullptr;
}

std::optional<std::string> Environ::get(std::string_view key) {
    std::lock_guard lock(mutex_);
    read_.emplace(key);
    if (values_) {
        auto it = values_->find(key);
        if (it == values_->end()) return std::nullopt;
        return it->second;
    }
    const char* v = std::getenv(std::string(key).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
}

std::string Environ::operator[](std::string_view key) {
    std::optional<std::string> v = get(key);
    if (!v) throw std::out_of_range("environ: no '" + std::string(key) + "'");
    return *v;
}

void Environ::set(std::string_view key, std::string_view value) {
    std::lock_guard lock(mutex_);
    if (read_.contains(key))
        throw EnvironError("Attempting to set environ['" + std::string(key) + "'], but the value has already been read.");
    if (values_)
        values_->insert_or_assign(std::string(key), std::string(value));
    else
        ::setenv(std::string(key).c_str(), std::string(value).c_str(), 1);
}

void Environ::erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    if (read_.contains(key))
        throw EnvironError("Attempting to delete environ['" + std::string(key) +
                           "'], but the value has already been read.");
    if (values_) {
        if (auto it = values_->find(key); it != values_->end()) values_->erase(it);
    } else {
        ::unsetenv(std::string(key).c_str());
    }
}

Environ& environ() {
    static Environ process;
    return process;
}

// ---- Config --------------------------------------------------------------------------------

Config::Config(ConfigOptions options) : env_prefix_(std::move(options.env_prefix)) {
    if (options.environ) {
        own_environ_ = std::make_unique<Environ>(std::move(*options.environ));
        environ_ = own_environ_.get();
    } else {
        environ_ = &web::environ();
    }
    if (!options.env_file) return;
    const std::filesystem::path& path = *options.env_file;
    std::error_code ec;
    std::ifstream in;
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec)) in.open(path, std::ios::binary);
    if (!in.is_open()) {
        warnings_.push_back("Config file '" + path.string() + "' not found.");
        std::cerr << "UserWarning: " << warnings_.back() << '\n';
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    for (std::string_view line : split_lines(content)) {
        line = strip(line);
        const auto eq = line.find('=');
        if (eq == std::string_view::npos || line.starts_with('#')) continue;
        const std::string_view key = strip(line.substr(0, eq));
        const std::string_view value = strip_chars(strip(line.substr(eq + 1)), "\"'");
        file_values_.insert_or_assign(std::string(key), std::string(value));
    }
}

Config::~Config() = default;
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;

std::optional<std::string> Config::lookup(const std::string& key) const {
    if (environ_->contains(key)) {
        if (std::optional<std::string> v = environ_->get(key)) return v;
    }
    if (auto it = file_values_.find(key); it != file_values_.end()) return it->second;
    return std::nullopt;
}

void Config::invalid(std::string_view key, std::string_view value, std::string_view type) {
    throw ConfigValueError("Config '" + std::string(key) + "' has value '" + std::string(value) + "'. Not a valid " +
                           std::string(type) + ".");
}

bool Config::cast_bool(std::string_view key, std::string_view value) {
    const std::string v = lower(value);
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    throw ConfigValueError("Config '" + std::string(key) + "' has value '" + v + "'. Not a valid bool.");
}

std::int64_t Config::cast_int(std::string_view key, std::string_view value) {
    bool negative = false;
    const std::optional<std::string> digits = python_int_digits(value, negative);
    if (!digits) invalid(key, value, "int");
    std::uint64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits->data(), digits->data() + digits->size(), magnitude);
    if (ec != std::errc() || end != digits->data() + digits->size()) invalid(key, value, "int");
    if (negative) {
        if (magnitude > std::uint64_t(INT64_MAX) + 1) invalid(key, value, "int");
        return magnitude == std::uint64_t(INT64_MAX) + 1 ? INT64_MIN : -std::int64_t(magnitude);
    }
    if (magnitude > std::uint64_t(INT64_MAX)) invalid(key, value, "int");
    return std::int64_t(magnitude);
}

std::uint64_t Config::cast_uint(std::string_view key, std::string_view value) {
    bool negative = false;
    const std::optional<std::string> digits = python_int_digits(value, negative);
    if (!digits) invalid(key, value, "int");
    std::uint64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits->data(), digits->data() + digits->size(), magnitude);
    if (ec != std::errc() || end != digits->data() + digits->size() || (negative && magnitude != 0))
        invalid(key, value, "int");
    return magnitude;
}

double Config::cast_float(std::string_view key, std::string_view value) {
    std::string text(strip(value));
    std::erase(text, '_');  // Python allows '_' between digits; close enough
    const std::string l = lower(text);
    const std::string_view body = (l.starts_with('+') || l.starts_with('-')) ? std::string_view(l).substr(1) : l;
    const bool neg = l.starts_with('-');
    if (body == "inf" || body == "infinity") return neg ? -HUGE_VAL : HUGE_VAL;
    if (body == "nan") return std::nan("");
    const char* first = text.data();
    if (!text.empty() && text.front() == '+') {
        ++first;
        if (text.size() > 1 && text[1] == '-') invalid(key, value, "float");
    }
    double d = 0;
    const auto [end, ec] = std::from_chars(first, text.data() + text.size(), d);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) invalid(key, value, "float");
    return d;
}

}  // namespace asgiscope::web
