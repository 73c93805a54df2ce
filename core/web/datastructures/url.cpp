#include <asgiscope/web/datastructures/url.hpp>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "../detail/text.hpp"

namespace asgiscope::web {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_scheme_char(char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; }

// Schemes urlunsplit() writes with "//" even without a netloc (Python's uses_netloc).
bool uses_netloc(std::string_view scheme) {
    static constexpr std::string_view kSchemes[] = {
        "",     "ftp",   "http",  "gopher", "nntp", "telnet", "imap",    "wais",
        "file", "mms",   "https", "shttp",  "snews", "prospero", "rtsp", "rtspu",
        "rsync", "svn",  "svn+ssh", "sftp", "nfs",  "git",    "git+ssh", "ws", "wss"};
    return std::find(std::begin(kSchemes), std::end(kSchemes), scheme) != std::end(kSchemes);
}

std::string urlunsplit(const URLComponents& c) {
    std::string url = c.path;
    if (!c.netloc.empty() || (!c.scheme.empty() && uses_netloc(c.scheme) && url.substr(0, 2) != "//")) {
        if (!url.empty() && url[0] != '/') url.insert(0, "/");
        url = "//" + c.netloc + url;
    }
    if (!c.scheme.empty()) url = c.scheme + ":" + url;
    if (!c.query.empty()) url += "?" + c.query;
    if (!c.fragment.empty()) url += "#" + c.fragment;
    return url;
}

// Starlette's _HOST_RE: ^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]+)?$ (any case).
bool is_valid_host_header(std::string_view h) {
    std::size_t i = 0;
    if (!h.empty() && h[0] == '[') {
        const auto close = h.find(']');
        if (close == std::string_view::npos) return false;
        const std::string_view inside = h.substr(1, close - 1);
        std::size_t k = 0;
        while (k < inside.size() && is_hex(inside[k])) ++k;
        if (k == inside.size() || inside[k] != ':' || k + 1 == inside.size()) return false;
        for (std::size_t j = k + 1; j < inside.size(); ++j)
            if (!is_hex(inside[j]) && inside[j] != '.' && inside[j] != ':') return false;
        i = close + 1;
    } else {
        while (i < h.size() && (is_alpha(h[i]) || is_digit(h[i]) || h[i] == '.' || h[i] == '-')) ++i;
        if (i == 0) return false;
    }
    if (i == h.size()) return true;
    if (h[i] != ':' || i + 1 == h.size()) return false;
    return std::all_of(h.begin() + std::ptrdiff_t(i) + 1, h.end(), is_digit);
}

// The netloc's "user:password" part and host:port part (Python's _userinfo/_hostinfo).
std::string_view userinfo_of(std::string_view netloc, bool& present) {
    const auto at = netloc.rfind('@');
    present = at != std::string_view::npos;
    return present ? netloc.substr(0, at) : std::string_view();
}

std::string_view hostinfo_of(std::string_view netloc) {
    const auto at = netloc.rfind('@');
    return at == std::string_view::npos ? netloc : netloc.substr(at + 1);
}

// (hostname, port text or nothing)
std::pair<std::string_view, std::optional<std::string_view>> split_hostinfo(std::string_view hostinfo) {
    std::string_view host, port;
    if (const auto open = hostinfo.find('['); open != std::string_view::npos) {
        const std::string_view bracketed = hostinfo.substr(open + 1);
        const auto close = bracketed.find(']');
        host = bracketed.substr(0, close);
        if (close != std::string_view::npos) {
            const std::string_view after = bracketed.substr(close + 1);
            const auto colon = after.find(':');
            if (colon != std::string_view::npos) port = after.substr(colon + 1);
        }
    } else {
        const auto colon = hostinfo.find(':');
        host = hostinfo.substr(0, colon);
        if (colon != std::string_view::npos) port = hostinfo.substr(colon + 1);
    }
    if (port.empty()) return {host, std::nullopt};
    return {host, port};
}

}  // namespace

URL::URL(std::string url) : url_(std::move(url)) {
    // urlsplit(): strip leading C0 controls and spaces, drop tabs and newlines.
    std::string_view rest = url_;
    while (!rest.empty() && static_cast<unsigned char>(rest.front()) <= 0x20) rest.remove_prefix(1);
    std::string s;
    s.reserve(rest.size());
    for (char c : rest)
        if (c != '\t' && c != '\r' && c != '\n') s += c;

    std::string_view u = s;
    if (const auto colon = u.find(':'); colon != std::string_view::npos && colon > 0 && is_alpha(u[0]) &&
                                        std::all_of(u.begin(), u.begin() + std::ptrdiff_t(colon), is_scheme_char)) {
        scheme_ = detail::to_lower(u.substr(0, colon));
        u.remove_prefix(colon + 1);
    }
    if (u.substr(0, 2) == "//") {
        const auto delim = std::min({u.find('/', 2), u.find('?', 2), u.find('#', 2), u.size()});
        netloc_ = std::string(u.substr(2, delim - 2));
        u.remove_prefix(delim);
        const bool open = netloc_.find('[') != std::string::npos;
        const bool close = netloc_.find(']') != std::string::npos;
        if (open != close) throw std::invalid_argument("Invalid IPv6 URL");
    }
    if (const auto hash = u.find('#'); hash != std::string_view::npos) {
        fragment_ = std::string(u.substr(hash + 1));
        u = u.substr(0, hash);
    }
    if (const auto q = u.find('?'); q != std::string_view::npos) {
        query_ = std::string(u.substr(q + 1));
        u = u.substr(0, q);
    }
    path_ = std::string(u);
}

URL URL::from_scope(const asgi::Scope& scope) { return from_scope(scope, scope.path, scope.query_string); }

URL URL::from_scope(const asgi::Scope& scope, std::string_view path, std::string_view query_string) {
    const std::string scheme = scope.scheme.empty() ? std::string("http") : scope.scheme;
    std::optional<std::string> netloc;
    std::optional<std::string_view> host_header;
    for (const auto& [k, v] : scope.headers)
        if (detail::iequals(k, "host")) {
            host_header = v;
            break;
        }
    if (host_header && is_valid_host_header(*host_header)) {
        netloc = std::string(*host_header);
    } else if (scope.server) {
        int default_port = -1;
        if (scheme == "http" || scheme == "ws") default_port = 80;
        if (scheme == "https" || scheme == "wss") default_port = 443;
        netloc = scope.server->host;
        if (scope.server->port != default_port) *netloc += ":" + std::to_string(scope.server->port);
    }
    if (netloc) return URL(urlunsplit({scheme, *netloc, std::string(path), std::string(query_string), ""}));
    return URL(query_string.empty() ? std::string(path) : std::string(path) + "?" + std::string(query_string));
}

URL URL::from_components(const URLComponents& parts) { return URL(urlunsplit(parts)); }

URLComponents URL::components() const { return {scheme_, netloc_, path_, query_, fragment_}; }

std::optional<std::string> URL::username() const {
    bool present = false;
    const std::string_view info = userinfo_of(netloc_, present);
    if (!present) return std::nullopt;
    return std::string(info.substr(0, info.find(':')));
}

std::optional<std::string> URL::password() const {
    bool present = false;
    const std::string_view info = userinfo_of(netloc_, present);
    const auto colon = info.find(':');
    if (!present || colon == std::string_view::npos) return std::nullopt;
    return std::string(info.substr(colon + 1));
}

std::optional<std::string> URL::hostname() const {
    const std::string_view host = split_hostinfo(hostinfo_of(netloc_)).first;
    if (host.empty()) return std::nullopt;
    const auto percent = host.find('%');  // an IPv6 zone keeps its case
    return detail::to_lower(host.substr(0, percent)) +
           std::string(percent == std::string_view::npos ? std::string_view() : host.substr(percent));
}

std::optional<int> URL::port() const {
    const auto port = split_hostinfo(hostinfo_of(netloc_)).second;
    if (!port) return std::nullopt;
    int value = 0;
    const auto* end = port->data() + port->size();
    const auto r = std::from_chars(port->data(), end, value);
    if (!std::all_of(port->begin(), port->end(), is_digit) || r.ec != std::errc() || r.ptr != end)
        throw std::invalid_argument("Port could not be cast to integer value as '" + std::string(*port) + "'");
    if (value > 65535) throw std::invalid_argument("Port out of range 0-65535");
    return value;
}

URL URL::replace(const URLReplace& changes) const {
    URLComponents c = components();
    if (changes.scheme) c.scheme = *changes.scheme;
    if (changes.netloc) c.netloc = *changes.netloc;
    if (changes.path) c.path = *changes.path;
    if (changes.query) c.query = *changes.query;
    if (changes.fragment) c.fragment = *changes.fragment;
    if (changes.username || changes.password || changes.hostname || changes.port) {
        // (-1: no port; a plain int keeps g++ 12's maybe-uninitialized warning away)
        const int port = changes.port ? *changes.port : this->port().value_or(-1);
        const std::optional<std::string> user = changes.username ? changes.username : username();
        const std::optional<std::string> pass = changes.password ? changes.password : password();
        std::string host;
        if (changes.hostname) {
            host = *changes.hostname;
        } else {
            host = std::string(hostinfo_of(netloc_));
            if (!host.empty() && host.back() != ']') host = host.substr(0, host.rfind(':'));
        }
        std::string netloc = host;
        if (port >= 0) netloc += ":" + std::to_string(port);
        if (user) netloc = *user + (pass ? ":" + *pass : std::string()) + "@" + netloc;
        c.netloc = std::move(netloc);
    }
    return URL(urlunsplit(c));
}

URL URL::include_query_params(const StringPairs& params) const {
    // MultiDict.update() with a dict: the dict's keys (first appearance, last value) replace
    // every old value of those keys and go to the end.
    StringPairs updates;
    for (const auto& [k, v] : params) {
        // A named copy of the reference: clang before 16 cannot capture a structured binding.
        const std::string& key = k;
        auto it = std::find_if(updates.begin(), updates.end(), [&](const auto& p) { return p.first == key; });
        if (it == updates.end())
            updates.emplace_back(k, v);
        else
            it->second = v;
    }
    StringPairs merged;
    for (auto& pair : detail::parse_qsl(query_))
        if (std::none_of(updates.begin(), updates.end(), [&](const auto& p) { return p.first == pair.first; }))
            merged.push_back(std::move(pair));
    merged.insert(merged.end(), updates.begin(), updates.end());
    URLReplace r;
    r.query = detail::urlencode(merged);
    return replace(r);
}

URL URL::replace_query_params(const StringPairs& params) const {
    URLReplace r;
    r.query = detail::urlencode(params);
    return replace(r);
}

URL URL::remove_query_params(const std::vector<std::string>& keys) const {
    StringPairs kept;
    for (auto& pair : detail::parse_qsl(query_))
        if (std::find(keys.begin(), keys.end(), pair.first) == keys.end()) kept.push_back(std::move(pair));
    URLReplace r;
    r.query = detail::urlencode(kept);
    return replace(r);
}

URL URLPath::make_absolute_url(const URL& base_url) const {
    std::string scheme = base_url.scheme();
    if (protocol == "http") scheme = base_url.is_secure() ? "https" : "http";
    if (protocol == "websocket") scheme = base_url.is_secure() ? "wss" : "ws";
    std::string base_path = base_url.path();
    while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
    return URL::from_components({scheme, host.empty() ? base_url.netloc() : host, base_path + path, "", ""});
}

}  // namespace asgiscope::web
