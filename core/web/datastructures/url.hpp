// URLs as Starlette's URL (over Python's urlsplit/urlunsplit) and URLPath (what url_path_for
// returns).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/query_params.hpp>

namespace asgiscope::web {

/// The components URL::replace() can change; unset members keep their current value.
/// (Option structs give every member a default initialiser, so that g++ does not warn about
/// the members a designated initialiser leaves out.)
struct URLReplace {
    std::optional<std::string> scheme{};
    std::optional<std::string> netloc{};
    std::optional<std::string> path{};
    std::optional<std::string> query{};
    std::optional<std::string> fragment{};
    std::optional<std::string> username{};
    std::optional<std::string> password{};
    std::optional<std::string> hostname{};
    std::optional<int> port{};  ///< URL::no_port removes the port
};

/// The parts of a URL, for building one (Starlette's `URL(scheme=..., netloc=..., ...)`).
struct URLComponents {
    std::string scheme{};
    std::string netloc{};
    std::string path{};
    std::string query{};
    std::string fragment{};
};

/// A URL and its components, as Python's urlsplit() sees them (Starlette's URL).
class URL {
public:
    /// For URLReplace::port: drop the port.
    static constexpr int no_port = -1;

    URL() = default;
    /// Keeps `url` as given; components are split as urlsplit() does. Throws
    /// std::invalid_argument for an unbalanced IPv6 bracket ("Invalid IPv6 URL").
    explicit URL(std::string url);
    explicit URL(const char* url) : URL(std::string(url)) {}
    /// The URL a request was made to: scheme, then the Host header when it is a valid host
    /// (else the scope's server address, port omitted when default), path and query string.
    static URL from_scope(const asgi::Scope& scope);
    /// The same, with `path` and `query_string` in place of the scope's.
    static URL from_scope(const asgi::Scope& scope, std::string_view path, std::string_view query_string);
    /// urlunsplit() of the parts.
    static URL from_components(const URLComponents& parts);

    const std::string& str() const { return url_; }
    const std::string& scheme() const { return scheme_; }
    const std::string& netloc() const { return netloc_; }
    const std::string& path() const { return path_; }
    const std::string& query() const { return query_; }
    const std::string& fragment() const { return fragment_; }
    std::optional<std::string> username() const;
    std::optional<std::string> password() const;
    /// Lower-cased host without brackets, or nothing.
    std::optional<std::string> hostname() const;
    /// Throws std::invalid_argument when the netloc's port is not a number in 0..65535.
    std::optional<int> port() const;
    /// https or wss.
    bool is_secure() const { return scheme_ == "https" || scheme_ == "wss"; }

    /// This URL with some components changed; username, password, hostname and port rebuild
    /// the netloc.
    URL replace(const URLReplace& changes) const;
    /// Adds or replaces query parameters (a replaced key keeps no old values).
    URL include_query_params(const StringPairs& params) const;
    /// Replaces the whole query with `params`.
    URL replace_query_params(const StringPairs& params) const;
    /// Removes every value of each of `keys`.
    URL remove_query_params(const std::vector<std::string>& keys) const;

    friend bool operator==(const URL& a, const URL& b) { return a.url_ == b.url_; }
    friend bool operator==(const URL& a, std::string_view b) { return a.url_ == b; }

private:
    URLComponents components() const;
    std::string url_;
    std::string scheme_, netloc_, path_, query_, fragment_;
};

/// A path produced by url_path_for(), with the protocol ("http", "websocket" or "") and host
/// it belongs to (Starlette's URLPath).
struct URLPath {
    URLPath() = default;
    explicit URLPath(std::string path_, std::string protocol_ = {}, std::string host_ = {})
        : path(std::move(path_)), protocol(std::move(protocol_)), host(std::move(host_)) {}
    std::string path{};
    std::string protocol;
    std::string host;

    const std::string& str() const { return path; }
    /// This path on `base_url`: its scheme (made secure or not after the protocol), its host
    /// unless this path names one, and its path as a prefix.
    URL make_absolute_url(const URL& base_url) const;

    friend bool operator==(const URLPath& a, std::string_view b) { return a.path == b; }
    friend bool operator==(const URLPath&, const URLPath&) = default;
};

}  // namespace asgiscope::web
