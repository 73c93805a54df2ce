#include <asgiscope/web/staticfiles.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <asgiscope/web/datastructures/url.hpp>
#include <asgiscope/web/exceptions.hpp>
#include <asgiscope/web/responses/redirect_response.hpp>
#include <asgiscope/web/responses/text_responses.hpp>
#include <asgiscope/web/routing/compiled_path.hpp>

#include "detail/files.hpp"
#include "detail/text.hpp"

namespace asgiscope::web {

namespace fs = std::filesystem;

namespace {

std::string without_trailing_slash(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
}

// os.path.abspath: absolute, "." and ".." resolved lexically; symbolic links untouched.
std::string abspath(const std::string& p) {
    std::error_code ec;
    fs::path absolute = fs::absolute(p, ec);
    if (ec) absolute = fs::path(p);
    return without_trailing_slash(absolute.lexically_normal().string());
}

// os.path.realpath (not strict): symbolic links resolved as far as the path exists.
std::string realpath(const std::string& p) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::path(p), ec);
    if (ec) return abspath(p);  // the stat that follows reports the error
    return without_trailing_slash(canonical.lexically_normal().string());
}

// os.path.commonpath([path, directory]) == directory, for normalised absolute paths.
bool is_within(const std::string& path, const std::string& directory) {
    if (directory == "/") return path.starts_with('/');
    return path == directory || (path.starts_with(directory) && path[directory.size()] == '/');
}

std::string_view normalize_etag(std::string_view tag) {
    tag = detail::trim(tag);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
}

// StaticFiles::lookup_path with Starlette's error mapping: no permission -> 401, a name
// too long -> 404; other system errors propagate (500).
std::pair<std::string, std::optional<FileStat>> lookup(const StaticFiles& app, const std::string& path) {
    try {
        return app.lookup_path(path);
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::permission_denied || e.code() == std::errc::operation_not_permitted)
            throw HTTPException(401);
        if (e.code() == std::errc::filename_too_long || e.code() == std::errc::invalid_argument)
            throw HTTPException(404);
        throw;
    }
}

}  // namespace

NotModifiedResponse::NotModifiedResponse(const Headers& headers) : Response(std::string(), 304) {
    static constexpr std::array<std::string_view, 6> kKept = {"cache-control", "content-location", "date",
                                                              "etag",          "expires",          "vary"};
    for (const auto& [name, value] : headers.items())
        if (std::find(kKept.begin(), kKept.end(), name) != kKept.end()) raw_headers.emplace_back(name, value);
}

StaticFiles::StaticFiles(StaticFilesOptions options)
    : options_(std::move(options)), config_checked_(std::make_shared<std::atomic<bool>>(false)) {
    if (options_.check_dir && options_.directory) {
        std::error_code ec;
        if (!fs::is_directory(*options_.directory, ec))
            throw std::runtime_error("Directory '" + *options_.directory + "' does not exist");
    }
}

void StaticFiles::check_config() const {
    if (!options_.directory) return;
    FileStat stat;
    try {
        stat = FileStat::of(*options_.directory);
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::no_such_file_or_directory)
            throw std::runtime_error("StaticFiles directory '" + *options_.directory + "' does not exist.");
        throw;
    }
    if (!stat.is_directory)
        throw std::runtime_error("StaticFiles path '" + *options_.directory + "' is not a directory.");
}

std::string StaticFiles::get_path(const asgi::Scope& scope) {
    std::vector<std::string_view> parts;
    std::size_t leading_up = 0;  // ".." that climb above the top stay in front
    std::string_view rest = route_path(scope);
    while (true) {
        const auto slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        if (part == "..") {
            if (parts.size() > leading_up)
                parts.pop_back();
            else {
                parts.push_back(part);
                ++leading_up;
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    if (parts.empty()) return ".";
    std::string out;
    for (const auto part : parts) {
        if (!out.empty()) out += '/';
        out += part;
    }
    return out;
}

std::pair<std::string, std::optional<FileStat>> StaticFiles::lookup_path(const std::string& path) const {
    if (!options_.directory) return {"", std::nullopt};
    const std::string& directory = *options_.directory;
    const std::string joined = directory + "/" + path;
    const std::string full = options_.follow_symlink ? abspath(joined) : realpath(joined);
    const std::string top = options_.follow_symlink ? abspath(directory) : realpath(directory);
    // Never out of the directory, whatever ".." or a symbolic link says.
    if (!is_within(full, top)) return {"", std::nullopt};
    try {
        return {full, FileStat::of(full)};
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::no_such_file_or_directory || e.code() == std::errc::not_a_directory)
            return {"", std::nullopt};
        throw;
    }
}

Response StaticFiles::file_response(const std::string& full_path, const FileStat& stat, const asgi::Scope& scope,
                                    int status_code) const {
    FileResponse response(full_path, {.status_code = status_code, .stat_result = stat});
    if (is_not_modified(response.headers(), Headers::view(scope.headers)))
        return NotModifiedResponse(response.headers());
    return response;
}

Response StaticFiles::get_response(const std::string& path, const asgi::Scope& scope) const {
    if (scope.method != "GET" && scope.method != "HEAD") throw HTTPException(405);
    // Python's os.stat refuses NUL bytes (ValueError): Starlette answers 404.
    if (path.find('\0') != std::string::npos) throw HTTPException(404);

    auto [full_path, stat] = lookup(*this, path);
    if (stat && stat->is_regular) return file_response(full_path, *stat, scope);

    if (stat && stat->is_directory && options_.html) {
        // A directory URL in HTML mode: its index.html, at a URL that ends in '/'.
        std::tie(full_path, stat) = lookup(*this, path == "." ? std::string("index.html") : path + "/index.html");
        if (stat && stat->is_regular) {
            if (!scope.path.ends_with('/')) {
                const URL url = URL::from_scope(scope);
                return RedirectResponse(url.replace({.path = url.path() + "/"}));
            }
            return file_response(full_path, *stat, scope);
        }
    }
    if (options_.html) {
        std::tie(full_path, stat) = lookup(*this, "404.html");
        if (stat && stat->is_regular)
            return FileResponse(full_path, {.status_code = 404, .stat_result = stat});
    }
    throw HTTPException(404);
}

namespace {

// get_response, with the HTTPException answered here when no application is around to do it.
Response respond(const StaticFiles& app, const asgi::Scope& scope) {
    try {
        return app.get_response(StaticFiles::get_path(scope), scope);
    } catch (const HTTPException& e) {
        if (scope.in_app) throw;
        return PlainTextResponse(e.detail, e.status_code, e.headers.value_or(asgi::Headers()));
    }
}

}  // namespace

boost::asio::awaitable<void> StaticFiles::operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const {
    if (scope.type != "http") {  // Starlette asserts; a WebSocket handshake here is closed
        if (scope.type == "websocket") co_await send(asgi::WebSocketClose(1000));
        co_return;
    }
    std::atomic<bool>& checked = *config_checked_;
    if (!checked.load()) {
        check_config();
        checked.store(true);
    }
    const Response response = respond(*this, scope);
    co_await response(scope, std::move(receive), std::move(send));
}

bool StaticFiles::is_not_modified(const Headers& response_headers, const Headers& request_headers) {
    if (const auto if_none_match = request_headers.get("if-none-match"); if_none_match && !if_none_match->empty()) {
        const std::string_view etag = normalize_etag(response_headers.get("etag", ""));
        std::string_view tags = *if_none_match;
        while (true) {
            const auto comma = tags.find(',');
            if (normalize_etag(tags.substr(0, comma)) == etag) return true;
            if (comma == std::string_view::npos) return false;
            tags.remove_prefix(comma + 1);
        }
    }
    const auto if_modified_since = request_headers.get("if-modified-since");
    const auto last_modified = response_headers.get("last-modified");
    if (!if_modified_since || !last_modified) return false;
    const auto since = detail::parse_http_date(*if_modified_since);
    const auto modified = detail::parse_http_date(*last_modified);
    return since && modified && *since >= *modified;
}

}  // namespace asgiscope::web
