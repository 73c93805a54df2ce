// StaticFiles: an ASGI app serving the files of a directory (Starlette's staticfiles.py).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/responses/file_response.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// StaticFiles' options, with Starlette's defaults (Python packages have no C++ counterpart).
struct StaticFilesOptions {
    /// The directory served.
    std::optional<std::string> directory{};
    /// HTML mode: a directory serves its index.html (after a redirect that adds the trailing
    /// '/'), and a 404.html at the top is the page for anything missing.
    bool html = false;
    /// Throw std::runtime_error at construction when `directory` is not a directory.
    bool check_dir = true;
    /// Serve symbolic links that point outside the directory (the path itself must still
    /// stay inside).
    bool follow_symlink = false;
};

/// Serves the files under a directory as an ASGI app (Starlette's StaticFiles); mount it:
/// `Mount("/static", StaticFiles({.directory = "static"}))`. GET and HEAD only (else 405),
/// never anything outside the directory (404), 304 for a matching If-None-Match or a recent
/// enough If-Modified-Since, and FileResponse's Range support. Inside an application the
/// 404/405 answers are thrown as HTTPException, so its exception handlers answer; alone it
/// answers with a plain-text response.
class StaticFiles {
public:
    explicit StaticFiles(StaticFilesOptions options);

    /// The ASGI entry point. The first call checks the directory: std::runtime_error when it
    /// does not exist or is not a directory.
    boost::asio::awaitable<void> operator()(asgi::Scope& scope, asgi::Receive receive, asgi::Send send) const;

    /// The path to serve for this scope: the route path's segments with "." and ".."
    /// resolved ("." for the top; ".." may remain in front, lookup_path refuses it).
    static std::string get_path(const asgi::Scope& scope);
    /// The response for `path` (from get_path) and this request. Throws HTTPException for
    /// 401/404/405 (see operator() for how they are answered).
    Response get_response(const std::string& path, const asgi::Scope& scope) const;
    /// The file `path` names under the directory and its stat, or ("", nothing) when it does
    /// not exist or lies outside the directory.
    std::pair<std::string, std::optional<FileStat>> lookup_path(const std::string& path) const;
    /// A FileResponse for the file, or a 304 NotModifiedResponse when the request's
    /// conditional headers allow one.
    Response file_response(const std::string& full_path, const FileStat& stat, const asgi::Scope& scope,
                           int status_code = 200) const;
    /// Whether a "304 Not Modified" can answer (If-None-Match against the etag, else
    /// If-Modified-Since against last-modified).
    static bool is_not_modified(const Headers& response_headers, const Headers& request_headers);

    const StaticFilesOptions& options() const { return options_; }

private:
    void check_config() const;

    StaticFilesOptions options_;
    std::shared_ptr<std::atomic<bool>> config_checked_;  // shared by copies (the app is copied into std::function)
};

/// A 304 answer carrying only the headers RFC 9110 allows from the full response
/// (Starlette's NotModifiedResponse): cache-control, content-location, date, etag, expires, vary.
class NotModifiedResponse : public Response {
public:
    explicit NotModifiedResponse(const Headers& headers);
};

}  // namespace asgiscope::web
