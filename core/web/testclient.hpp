// The in-process test client (Starlette's TestClient): requests go straight to an ASGI app as
// scope/receive/send, without sockets, and the app runs on the calling thread until it has
// answered. Opening the client runs the app's lifespan startup; closing it, the shutdown.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/datastructures/headers.hpp>
#include <asgiscope/web/datastructures/query_params.hpp>
#include <asgiscope/web/datastructures/url.hpp>

namespace asgiscope::web {

/// TestClient's settings, with Starlette's defaults.
struct TestClientOptions {
    std::string base_url = "http://testserver";
    /// Rethrow what the app throws (else answer 500 if it had not responded).
    bool raise_server_exceptions = true;
    /// The scope's root_path; request paths are prefixed with it, as a server does.
    std::string root_path{};
    bool follow_redirects = true;
    /// Sent with every request (a request's own headers of the same name win).
    asgi::Headers headers{};
    /// How long one request, startup or shutdown may run before the client gives up.
    std::chrono::milliseconds timeout = std::chrono::seconds(10);
};

/// One file of a multipart body (httpx's `files={"name": (filename, content, content_type)}`).
struct RequestFile {
    std::string filename;
    std::string content;
    /// Unset: guessed from the filename's extension (as httpx does), else
    /// application/octet-stream.
    std::optional<std::string> content_type{};
};

/// One request's options (httpx's keyword arguments).
struct RequestOptions {
    asgi::Headers headers{};
    /// Query parameters added to the URL's own.
    StringPairs params{};
    /// The raw body.
    std::optional<std::string> content{};
    /// A JSON body (Content-Type: application/json).
    std::optional<boost::json::value> json{};
    /// Form fields, url-encoded (Content-Type: application/x-www-form-urlencoded).
    StringPairs data{};
    /// Files by field name: with them the body is multipart/form-data (`data` fields first,
    /// then the files, a random boundary), as httpx encodes it.
    std::vector<std::pair<std::string, RequestFile>> files{};
    /// Cookies for this request, on top of the client's.
    StringPairs cookies{};
    /// Unset: the client's setting.
    std::optional<bool> follow_redirects{};
};

/// A response as the client received it (the essentials of httpx.Response).
struct TestResponse {
    int status_code = 0;
    Headers headers;
    /// The body (empty for HEAD).
    std::string content;
    /// The URL that was finally requested (after redirects).
    URL url;
    /// Responses to the redirects followed on the way, oldest first.
    std::vector<TestResponse> history;

    const std::string& text() const { return content; }
    /// The body parsed as JSON; throws std::invalid_argument when it is not JSON.
    boost::json::value json() const;
};

/// Drives an ASGI app in-process (Starlette's TestClient).
class TestClient {
public:
    explicit TestClient(asgi::App app, TestClientOptions options = {});
    /// Runs the lifespan shutdown if the client is open.
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    /// Runs lifespan startup (Starlette's `with TestClient(app) as client:`). Throws
    /// std::runtime_error when startup fails or the app raises.
    void open();
    /// Runs lifespan shutdown; throws std::runtime_error when it fails.
    void close();
    bool is_open() const;

    TestResponse request(std::string_view method, std::string_view url, const RequestOptions& options = {});
    TestResponse get(std::string_view url, const RequestOptions& options = {}) { return request("GET", url, options); }
    TestResponse head(std::string_view url, const RequestOptions& options = {}) { return request("HEAD", url, options); }
    TestResponse post(std::string_view url, const RequestOptions& options = {}) { return request("POST", url, options); }
    TestResponse put(std::string_view url, const RequestOptions& options = {}) { return request("PUT", url, options); }
    TestResponse patch(std::string_view url, const RequestOptions& options = {}) { return request("PATCH", url, options); }
    TestResponse options(std::string_view url, const RequestOptions& options = {}) {
        return request("OPTIONS", url, options);
    }
    /// DELETE (`delete` is a C++ keyword).
    TestResponse delete_(std::string_view url, const RequestOptions& options = {}) {
        return request("DELETE", url, options);
    }

    /// Cookies the client holds, set by earlier responses.
    const std::map<std::string, std::string>& cookies() const;
    /// The lifespan state (each request's scope gets a copy of it).
    const std::shared_ptr<asgi::State>& app_state() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace asgiscope::web
