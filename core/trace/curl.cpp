#include <asgiscope/trace/curl.hpp>
#include <asgiscope/trace/detail/text.hpp>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include <asgiscope/asgi/json.hpp>

namespace asgiscope::trace {

namespace {

// ---- bash words -----------------------------------------------------------------------------

struct Command {
    std::vector<std::string> words;
    std::size_t line = 1;
};

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class Splitter {
public:
    explicit Splitter(std::string_view text) : s_(text) {}

    std::vector<Command> run() {
        std::vector<Command> out;
        Command current;
        current.line = line_;
        std::string word;
        bool in_word = false;
        auto end_word = [&] {
            if (in_word) current.words.push_back(std::move(word));
            word.clear();
            in_word = false;
        };
        auto end_command = [&] {
            end_word();
            if (!current.words.empty()) out.push_back(std::move(current));
            current = Command{};
            current.line = line_;
        };
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '\n') {
                ++i_;
                end_command();
                ++line_;
                current.line = line_;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                end_word();
                ++i_;
                continue;
            }
            if (c == '#' && !in_word) {
                while (i_ < s_.size() && s_[i_] != '\n') ++i_;
                continue;
            }
            if (c == ';' || (c == '&' && i_ + 1 < s_.size() && s_[i_ + 1] == '&')) {
                i_ += c == ';' ? 1 : 2;
                const std::size_t keep = line_;
                end_command();
                current.line = keep;
                continue;
            }
            if (c == '|' || c == '<' || c == '>' || c == '&' || c == '`' || c == '(' || c == ')')
                throw CurlParseError("line " + std::to_string(line_) + ": unsupported shell syntax '" +
                                         std::string(1, c) + "' (quote it)",
                                     line_);
            if (current.words.empty() && !in_word) current.line = line_;
            in_word = true;
            if (c == '\\') {
                if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {  // continuation
                    i_ += 2;
                    ++line_;
                    if (word.empty()) in_word = false;
                    continue;
                }
                if (i_ + 2 < s_.size() && s_[i_ + 1] == '\r' && s_[i_ + 2] == '\n') {
                    i_ += 3;
                    ++line_;
                    if (word.empty()) in_word = false;
                    continue;
                }
                if (i_ + 1 < s_.size()) word += s_[i_ + 1];
                i_ += 2;
                continue;
            }
            if (c == '\'') {
                single(word);
                continue;
            }
            if (c == '"') {
                double_quoted(word);
                continue;
            }
            if (c == '$' && i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
                ++i_;
                ansi_c(word);
                continue;
            }
            if (c == '$' && i_ + 1 < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_ + 1])) || s_[i_ + 1] == '{' || s_[i_ + 1] == '('))
                throw CurlParseError("line " + std::to_string(line_) + ": shell expansion '$" + std::string(1, s_[i_ + 1]) +
                                         "...' is not supported (quote it with '...')",
                                     line_);
            word += c;
            ++i_;
        }
        end_command();
        return out;
    }

private:
    [[noreturn]] void unterminated(char quote, std::size_t start_line) const {
        throw CurlParseError("line " + std::to_string(start_line) + ": unterminated " + std::string(1, quote) +
                                 " quote",
                             start_line);
    }

    void count_newline(char c) {
        if (c == '\n') ++line_;
    }

    void single(std::string& word) {
        const std::size_t start = line_;
        ++i_;
        while (i_ < s_.size() && s_[i_] != '\'') {
            count_newline(s_[i_]);
            word += s_[i_++];
        }
        if (i_ >= s_.size()) unterminated('\'', start);
        ++i_;
    }

    void double_quoted(std::string& word) {
        const std::size_t start = line_;
        ++i_;
        while (i_ < s_.size() && s_[i_] != '"') {
            const char c = s_[i_];
            if (c == '\\' && i_ + 1 < s_.size()) {
                const char n = s_[i_ + 1];
                if (n == '\n') {
                    ++line_;
                    i_ += 2;
                    continue;
                }
                if (n == '"' || n == '\\' || n == '$' || n == '`') {
                    word += n;
                    i_ += 2;
                    continue;
                }
            }
            if (c == '$' && i_ + 1 < s_.size() &&
                (std::isalpha(static_cast<unsigned char>(s_[i_ + 1])) || s_[i_ + 1] == '{' || s_[i_ + 1] == '('))
                throw CurlParseError("line " + std::to_string(line_) + ": shell expansion inside \"...\" is not supported",
                                     line_);
            if (c == '`') throw CurlParseError("line " + std::to_string(line_) + ": command substitution is not supported", line_);
            count_newline(c);
            word += c;
            ++i_;
        }
        if (i_ >= s_.size()) unterminated('"', start);
        ++i_;
    }

    // At the opening quote of $'...'.
    void ansi_c(std::string& word) {
        const std::size_t start = line_;
        ++i_;
        while (i_ < s_.size() && s_[i_] != '\'') {
            const char c = s_[i_];
            if (c != '\\' || i_ + 1 >= s_.size()) {
                count_newline(c);
                word += c;
                ++i_;
                continue;
            }
            const char e = s_[i_ + 1];
            i_ += 2;
            switch (e) {
            case 'a': word += '\a'; break;
            case 'b': word += '\b'; break;
            case 'e':
            case 'E': word += '\x1b'; break;
            case 'f': word += '\f'; break;
            case 'n': word += '\n'; break;
            case 'r': word += '\r'; break;
            case 't': word += '\t'; break;
            case 'v': word += '\v'; break;
            case '\\': word += '\\'; break;
            case '\'': word += '\''; break;
            case '"': word += '"'; break;
            case '?': word += '?'; break;
            case 'c':
                if (i_ < s_.size()) word += char(s_[i_++] & 0x1F);
                break;
            case 'x': {
                int v = 0, n = 0;
                while (n < 2 && i_ < s_.size() && hex_value(s_[i_]) >= 0) v = v * 16 + hex_value(s_[i_++]), ++n;
                if (n == 0) word += "\\x";
                else word += char(v);
                break;
            }
            case 'u':
            case 'U': {
                const int max = e == 'u' ? 4 : 8;
                std::uint32_t v = 0;
                int n = 0;
                while (n < max && i_ < s_.size() && hex_value(s_[i_]) >= 0) v = v * 16 + std::uint32_t(hex_value(s_[i_++])), ++n;
                if (n == 0) {
                    word += '\\';
                    word += e;
                } else {
                    append_utf8(word, v);
                }
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    int v = e - '0', n = 1;
                    while (n < 3 && i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '7') v = v * 8 + (s_[i_++] - '0'), ++n;
                    word += char(v & 0xFF);
                } else {
                    word += '\\';
                    word += e;
                    count_newline(e);
                }
            }
        }
        if (i_ >= s_.size()) unterminated('\'', start);
        ++i_;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
};

// ---- curl options ---------------------------------------------------------------------------

using detail::iequals;

// As curl's --data-urlencode writes it (checked against curl 7.88): unreserved characters
// kept, spaces as '+', the rest as lower-case %hh.
std::string url_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += char(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

enum class Opt {
    url, request, header, data, data_raw, data_binary, data_urlencode, form, form_string, cookie, user, user_agent,
    referer, head, get, compressed, http10, ignore, ignore_with_value
};

struct OptionName {
    std::string_view long_name;
    char short_name;
    Opt opt;
};

constexpr OptionName kOptions[] = {
    {"url", 0, Opt::url},
    {"request", 'X', Opt::request},
    {"header", 'H', Opt::header},
    {"data", 'd', Opt::data},
    {"data-ascii", 0, Opt::data},
    {"data-raw", 0, Opt::data_raw},
    {"data-binary", 0, Opt::data_binary},
    {"data-urlencode", 0, Opt::data_urlencode},
    {"form", 'F', Opt::form},
    {"form-string", 0, Opt::form_string},
    {"cookie", 'b', Opt::cookie},
    {"user", 'u', Opt::user},
    {"user-agent", 'A', Opt::user_agent},
    {"referer", 'e', Opt::referer},
    {"head", 'I', Opt::head},
    {"get", 'G', Opt::get},
    {"compressed", 0, Opt::compressed},
    {"http1.0", '0', Opt::http10},
    // Accepted, no effect on the request.
    {"insecure", 'k', Opt::ignore},
    {"location", 'L', Opt::ignore},
    {"silent", 's', Opt::ignore},
    {"show-error", 'S', Opt::ignore},
    {"verbose", 'v', Opt::ignore},
    {"include", 'i', Opt::ignore},
    {"http1.1", 0, Opt::ignore},
    {"http2", 0, Opt::ignore},
    {"http2-prior-knowledge", 0, Opt::ignore},
    {"fail", 'f', Opt::ignore},
    {"no-buffer", 'N', Opt::ignore},
    {"globoff", 'g', Opt::ignore},
    {"path-as-is", 0, Opt::ignore},
    {"ipv4", '4', Opt::ignore},
    {"ipv6", '6', Opt::ignore},
    {"remote-name", 'O', Opt::ignore},
    {"progress-bar", '#', Opt::ignore},
    {"tlsv1.2", 0, Opt::ignore},
    {"tlsv1.3", 0, Opt::ignore},
    {"tr-encoding", 0, Opt::ignore},
    {"output", 'o', Opt::ignore_with_value},
    {"max-time", 'm', Opt::ignore_with_value},
    {"connect-timeout", 0, Opt::ignore_with_value},
    {"retry", 0, Opt::ignore_with_value},
    {"write-out", 'w', Opt::ignore_with_value},
    {"proxy", 'x', Opt::ignore_with_value},
    {"cacert", 0, Opt::ignore_with_value},
    {"max-redirs", 0, Opt::ignore_with_value},
    {"resolve", 0, Opt::ignore_with_value},
    {"connect-to", 0, Opt::ignore_with_value},
};

bool takes_value(Opt o) {
    switch (o) {
    case Opt::head:
    case Opt::get:
    case Opt::compressed:
    case Opt::http10:
    case Opt::ignore: return false;
    default: return true;
    }
}

class CurlReader {
public:
    CurlReader(const Command& command, std::string where) : words_(command.words), line_(command.line), where_(std::move(where)) {}

    Exchange read() {
        const std::string& program = words_.at(0);
        const std::size_t slash = program.rfind('/');
        const std::string base = slash == std::string::npos ? program : program.substr(slash + 1);
        if (base != "curl" && base != "curl.exe") fail(0, "not a curl command: it starts with '" + program.substr(0, 64) + "'");
        for (index_ = 1; index_ < words_.size(); ++index_) {
            const std::string& w = words_[index_];
            if (w.size() > 2 && w[0] == '-' && w[1] == '-') {
                const std::string name = w.substr(2);
                const OptionName* o = find_long(name);
                if (!o) fail(index_, "unknown option '" + w + "'");
                apply(o->opt, takes_value(o->opt) ? value(w) : std::string());
            } else if (w.size() > 1 && w[0] == '-') {
                for (std::size_t k = 1; k < w.size(); ++k) {
                    const OptionName* o = find_short(w[k]);
                    if (!o) fail(index_, "unknown option '-" + std::string(1, w[k]) + "'");
                    if (takes_value(o->opt)) {
                        std::string v = w.substr(k + 1);
                        if (v.empty()) v = value("-" + std::string(1, w[k]));
                        apply(o->opt, std::move(v));
                        break;
                    }
                    apply(o->opt, {});
                }
            } else {
                set_url(w);
            }
        }
        return finish();
    }

private:
    [[noreturn]] void fail(std::size_t index, const std::string& what) const {
        std::string at;
        if (index > 0 && index < words_.size())
            at = " (argument " + std::to_string(index) + " '" + words_[index].substr(0, 64) + "')";
        throw CurlParseError(where_ + ":" + std::to_string(line_) + ": " + what + at, line_);
    }

    static const OptionName* find_long(std::string_view name) {
        for (const auto& o : kOptions)
            if (o.long_name == name) return &o;
        return nullptr;
    }
    static const OptionName* find_short(char c) {
        for (const auto& o : kOptions)
            if (o.short_name == c) return &o;
        return nullptr;
    }

    std::string value(const std::string& option) {
        if (index_ + 1 >= words_.size()) fail(index_, "option '" + option + "' needs a value");
        return words_[++index_];
    }

    void set_url(const std::string& u) {
        if (url_) fail(index_, "a second URL: one request per command");
        url_ = u;
    }

    void add_data(std::string piece) {
        if (!data_) data_ = std::string();
        else *data_ += '&';
        *data_ += piece;
    }

    void no_file(const std::string& v, std::string_view what) {
        if (!v.empty() && v[0] == '@') fail(index_, std::string(what) + " from a file (@...) is not supported");
    }

    // -H adds (curl sends every -H, duplicates too); "Name:" and the single-valued options
    // (-u, -A, -e) replace what was there.
    void set_header(std::string name, std::string v, bool remove, bool replace = false) {
        if (remove || replace)
            for (std::size_t i = headers_.size(); i-- > 0;)
                if (iequals(headers_[i].first, name)) headers_.erase(headers_.begin() + std::ptrdiff_t(i));
        if (remove) removed_.push_back(name);
        else headers_.emplace_back(std::move(name), std::move(v));
    }

    void apply(Opt opt, std::string v) {
        switch (opt) {
        case Opt::url: set_url(v); break;
        case Opt::request: method_ = v; break;
        case Opt::header: {
            const auto colon = v.find(':');
            if (colon == std::string::npos) {
                if (!v.empty() && v.back() == ';') {  // "Name;": the header with an empty value
                    v.pop_back();
                    set_header(v, {}, false);
                    break;
                }
                fail(index_, "a header must look like 'Name: value'");
            }
            std::string name = v.substr(0, colon);
            std::string_view rest = std::string_view(v).substr(colon + 1);
            while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
            if (name.empty()) fail(index_, "a header needs a name");
            if (rest.empty()) set_header(name, {}, true);  // "Name:" drops the header
            else set_header(name, std::string(rest), false);
            break;
        }
        case Opt::data:
            no_file(v, "reading data");
            add_data(std::move(v));
            break;
        case Opt::data_raw: add_data(std::move(v)); break;
        case Opt::data_binary:
            no_file(v, "reading data");
            add_data(std::move(v));
            break;
        case Opt::data_urlencode: {
            const auto eq = v.find('=');
            const auto at = v.find('@');
            if (at != std::string::npos && (eq == std::string::npos || at < eq))
                fail(index_, "reading data from a file (name@file) is not supported");
            if (eq == std::string::npos) add_data(url_encode(v));
            else if (eq == 0) add_data(url_encode(v.substr(1)));
            else add_data(v.substr(0, eq) + "=" + url_encode(v.substr(eq + 1)));
            break;
        }
        case Opt::form:
        case Opt::form_string: {
            const auto eq = v.find('=');
            if (eq == std::string::npos || eq == 0) fail(index_, "a form field must look like 'name=value'");
            std::string field = v.substr(eq + 1);
            if (opt == Opt::form && !field.empty() && (field[0] == '@' || field[0] == '<'))
                fail(index_, "form fields from files are not supported");
            if (opt == Opt::form) field = field.substr(0, field.find(";type="));
            form_.emplace_back(v.substr(0, eq), std::move(field));
            break;
        }
        case Opt::cookie:
            if (v.find('=') == std::string::npos) fail(index_, "reading cookies from a file is not supported");
            cookies_.push_back(v);
            break;
        case Opt::user: {
            std::string credentials = v.find(':') == std::string::npos ? v + ":" : v;
            set_header("Authorization", "Basic " + asgi::base64_encode(credentials), false, true);
            break;
        }
        case Opt::user_agent: set_header("User-Agent", v, v.empty(), true); break;
        case Opt::referer: {
            const auto semi = v.find(";auto");
            set_header("Referer", semi == std::string::npos ? v : v.substr(0, semi), false, true);
            break;
        }
        case Opt::head: head_ = true; break;
        case Opt::get: get_ = true; break;
        case Opt::compressed: compressed_ = true; break;
        case Opt::http10: http_version_ = "1.0"; break;
        case Opt::ignore:
        case Opt::ignore_with_value: break;
        }
    }

    bool removed(std::string_view name) const {
        for (const auto& r : removed_)
            if (iequals(r, name)) return true;
        return false;
    }
    bool has_header(std::string_view name) const {
        for (const auto& h : headers_)
            if (iequals(h.first, name)) return true;
        return false;
    }

    Exchange finish() {
        if (!url_) fail(0, "no URL");
        if (data_ && !form_.empty()) fail(0, "--data and --form cannot be mixed");
        Exchange x;
        x.origin = where_ + " line " + std::to_string(line_);
        std::string url = *url_;
        if (url.find("://") == std::string::npos) url = "http://" + url;
        {
            // curl adds "/" to a URL without a path.
            const auto start = url.find("://") + 3;
            const auto path = url.find_first_of("/?#", start);
            if (path == std::string::npos) url += '/';
            else if (url[path] != '/') url.insert(path, "/");
        }
        const std::string scheme = url.substr(0, url.find(':'));
        x.kind = iequals(scheme, "ws") || iequals(scheme, "wss") ? TraceKind::websocket : TraceKind::http;
        std::string method = "GET";
        asgi::Headers headers = headers_;
        std::string body;
        if (get_) {
            if (data_) url += (url.find('?') == std::string::npos ? "?" : "&") + *data_;
        } else if (data_) {
            method = "POST";
            body = *data_;
            if (!has_header("Content-Type") && !removed("Content-Type"))
                headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        } else if (!form_.empty()) {
            method = "POST";
            const std::string boundary = "------------------------asgiscope0123456789";
            for (const auto& [name, v] : form_)
                body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + v + "\r\n";
            body += "--" + boundary + "--\r\n";
            if (!has_header("Content-Type") && !removed("Content-Type"))
                headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
        }
        if (head_) method = "HEAD";
        if (!method_.empty()) method = method_;
        if (!cookies_.empty() && !has_header("Cookie")) {
            std::string joined;
            for (const auto& c : cookies_) joined += (joined.empty() ? "" : "; ") + c;
            headers.emplace_back("Cookie", joined);
        }
        if (compressed_ && !has_header("Accept-Encoding") && !removed("Accept-Encoding"))
            headers.emplace_back("Accept-Encoding", "deflate, gzip, br, zstd");
        x.request.method = std::move(method);
        x.request.url = std::move(url);
        x.request.http_version = http_version_;
        x.request.headers = std::move(headers);
        x.request.body = asgi::Bytes(std::move(body));
        return x;
    }

    const std::vector<std::string>& words_;
    std::size_t line_;
    std::string where_;
    std::size_t index_ = 0;
    std::optional<std::string> url_;
    std::string method_;
    asgi::Headers headers_;
    std::vector<std::string> removed_;
    std::optional<std::string> data_;
    std::vector<std::pair<std::string, std::string>> form_;
    std::vector<std::string> cookies_;
    std::string http_version_ = "1.1";
    bool head_ = false;
    bool get_ = false;
    bool compressed_ = false;
};

std::vector<Command> split(std::string_view text, const std::string& name) {
    try {
        return Splitter(text).run();
    } catch (const CurlParseError& e) {
        throw CurlParseError(name + ":" + std::string(e.what()).substr(5), e.line());  // "line N: ..." -> "N: ..."
    }
}

}  // namespace

std::vector<std::vector<std::string>> split_shell_commands(std::string_view text) {
    std::vector<std::vector<std::string>> out;
    for (auto& c : Splitter(text).run()) out.push_back(std::move(c.words));
    return out;
}

Exchange parse_curl(std::string_view command_line, const std::string& origin) {
    const std::string name = origin.empty() ? "curl" : origin;
    auto commands = split(command_line, name);
    if (commands.empty()) throw CurlParseError(name + ": no command", 1);
    if (commands.size() > 1)
        throw CurlParseError(name + ":" + std::to_string(commands[1].line) + ": more than one command", commands[1].line);
    return CurlReader(commands[0], name).read();
}

std::vector<Exchange> parse_curl_commands(std::string_view text, const std::string& name) {
    std::vector<Exchange> out;
    for (const Command& c : split(text, name)) out.push_back(CurlReader(c, name).read());
    return out;
}

std::vector<Exchange> read_curl_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CurlParseError(path + ": cannot open: " + std::strerror(errno), 0);
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, std::size_t(in.gcount()));
        if (text.size() > std::size_t(64) * 1024 * 1024)
            throw CurlParseError(path + ": larger than the limit of 64 MiB for a file of curl commands", 0);
    }
    return parse_curl_commands(text, path);
}

}  // namespace asgiscope::trace
