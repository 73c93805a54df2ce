// The in-process test client (Starlette's TestClient): requests go straight to an ASGI app as
// scope/receive/send, without sockets, and the app runs on the calling thread until it has
// answered. Opening the client runs the app's lifespan startup; closing it, the shutdown.
// WebSocket sessions run the app the same way, while they wait for it.
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
#include <asgiscope/web/websockets.hpp>

namespace boost::asio {
class io_context;
}

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

/// TestClient::websocket_connect's options.
struct WebSocketConnectOptions {
    /// Offered in Sec-WebSocket-Protocol, hence the scope's `subprotocols`.
    std::vector<std::string> subprotocols{};
    asgi::Headers headers{};
    /// Query parameters added to the URL's own.
    StringPairs params{};
    /// Cookies for this connection, on top of the client's.
    StringPairs cookies{};
    /// How long connecting, each receive and the close wait for the app; unset: the
    /// client's timeout.
    std::optional<std::chrono::milliseconds> timeout{};
};

/// The app answered the WebSocket handshake with an HTTP response (the denial-response
/// extension) instead of accepting it (Starlette's WebSocketDenialResponse, which is both an
/// httpx.Response and a WebSocketDisconnect): websocket_connect() throws it.
class WebSocketDenialResponse : public WebSocketDisconnect {
public:
    explicit WebSocketDenialResponse(TestResponse response);

    /// The response: status, headers and the whole body.
    TestResponse response;
    int status_code() const { return response.status_code; }
    const std::string& text() const { return response.content; }
};

/// One WebSocket connection opened by TestClient::websocket_connect (Starlette's
/// WebSocketTestSession). The app runs on the client's io_context, driven by the calls that
/// wait for it (receive*, close and connecting itself), each up to the connection's timeout:
/// an app that does not answer in time gives std::runtime_error, never a hang. An exception
/// the app throws comes out of the receive that finds no more messages, or out of close().
/// The destructor closes with 1000 if close() was not called (it cannot throw: a failure of
/// the app is then written to stderr). A session that outlives its TestClient is inert: its
/// calls throw std::runtime_error.
class WebSocketTestSession {
public:
    WebSocketTestSession(WebSocketTestSession&&) noexcept;
    WebSocketTestSession& operator=(WebSocketTestSession&&) noexcept;
    ~WebSocketTestSession();

    /// The subprotocol and headers of the app's websocket.accept.
    const std::optional<std::string>& accepted_subprotocol() const;
    const asgi::Headers& extra_headers() const;

    /// Hands `message` to the app's `receive`. Throws std::runtime_error after close().
    void send(asgi::Message message);
    void send_text(std::string data);
    void send_bytes(std::string data);
    /// Compact JSON as Python's json.dumps(separators=(",", ":"), ensure_ascii=False).
    void send_json(const boost::json::value& data, JsonMode mode = JsonMode::text);
    /// Sends websocket.disconnect with `code` and `reason` and waits for the app to finish;
    /// rethrows what the app threw. Messages the app sent stay receivable.
    void close(int code = 1000, std::string reason = {});

    /// The app's next message, waiting for it. Throws what the app threw once it has
    /// finished and sent nothing more, std::runtime_error when it returned without sending
    /// anything more or did not answer in time.
    asgi::Message receive();
    /// The next message's text; throws WebSocketDisconnect if it is websocket.close.
    std::string receive_text();
    /// The next message's bytes; throws WebSocketDisconnect if it is websocket.close.
    std::string receive_bytes();
    /// The next message parsed as JSON (std::invalid_argument if it is not JSON).
    boost::json::value receive_json(JsonMode mode = JsonMode::text);

    struct Conversation;

private:
    friend class TestClient;
    explicit WebSocketTestSession(std::shared_ptr<Conversation> conversation);
    /// Starts `app` on `scope` and performs the handshake.
    static WebSocketTestSession connect(boost::asio::io_context& ioc, const asgi::App& app, asgi::Scope scope,
                                        std::chrono::milliseconds timeout);
    void raise_on_close(const asgi::Message& message);
    /// The client is going: the session stops using its io_context.
    static void detach(Conversation& conversation);

    std::shared_ptr<Conversation> c_;
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

    /// Opens a WebSocket to `url` (relative to base_url, its scheme made ws/wss) and returns
    /// once the app has accepted it. Throws WebSocketDisconnect when the app closes first,
    /// WebSocketDenialResponse when it answers with an HTTP response, what the app throws,
    /// and std::runtime_error when it does not answer in time.
    WebSocketTestSession websocket_connect(std::string_view url, const WebSocketConnectOptions& options = {});

    /// Cookies the client holds, set by earlier responses.
    const std::map<std::string, std::string>& cookies() const;
    /// The lifespan state (each request's scope gets a copy of it).
    const std::shared_ptr<asgi::State>& app_state() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace asgiscope::web
