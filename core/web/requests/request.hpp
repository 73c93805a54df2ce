// Request: an HTTP request's connection data plus its method and body (Starlette's Request).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/formparsers.hpp>
#include <asgiscope/web/requests/http_connection.hpp>

namespace asgiscope::web {

/// The client went away while the body was being read (Starlette's ClientDisconnect).
class ClientDisconnect : public std::runtime_error {
public:
    ClientDisconnect() : std::runtime_error("client disconnected") {}
};

/// An HTTP request (Starlette's Request). The body, once read whole by body(), is kept in
/// the scope (scope.cached_body): a Request made later over the same scope, say by an
/// endpoint after a middleware read the body, gets it again instead of waiting on `receive`.
class Request : public HTTPConnection {
public:
    explicit Request(asgi::Scope& scope, asgi::Receive receive = {}, asgi::Send send = {});

    const std::string& method() const { return scope_->method; }
    const asgi::Receive& receive() const { return receive_; }

    /// The body's next non-empty chunk, or nothing at its end. Throws ClientDisconnect if the
    /// client leaves first.
    boost::asio::awaitable<std::optional<asgi::Bytes>> stream();
    /// The whole body (read once, then cached in the scope). Throws std::runtime_error
    /// ("Stream consumed") after stream() has taken part of it.
    boost::asio::awaitable<asgi::Bytes> body();
    /// The body parsed as JSON (once). Throws std::invalid_argument when it is not JSON.
    boost::asio::awaitable<boost::json::value> json();
    /// Whether the client has gone away (Starlette's is_disconnected): takes what receive()
    /// has ready within a millisecond, and is then cancelled. A body chunk taken this way is
    /// kept for stream()/body(), not lost.
    boost::asio::awaitable<bool> is_disconnected();
    /// The body parsed as a form (Starlette's form()), once: multipart/form-data and
    /// application/x-www-form-urlencoded bodies are parsed as they stream in (or from the
    /// cached body, if something read it already); any other Content-Type gives an empty
    /// form. The result is kept in the scope (scope.cached_form), so a Request made later
    /// over the same scope gets the same form, files included; later `options` are ignored.
    /// A multipart body the parser refuses throws HTTPException(400, message) inside an
    /// application (scope.in_app), else MultiPartException.
    boost::asio::awaitable<FormData> form(FormOptions options = {});
    /// Closes the files of the form, if form() parsed one (Starlette's close(), synchronous
    /// here): their temporary files are removed.
    void close();

private:
    boost::asio::awaitable<FormData> parse_form(FormOptions options);

    enum class Progress : std::uint8_t { Fresh, Streaming, Done };
    asgi::Receive receive_;
    asgi::Send send_;
    Progress progress_ = Progress::Fresh;
    bool cached_served_ = false;  // stream() has handed out scope.cached_body
    bool disconnected_ = false;
    bool pending_more_ = false;
    std::optional<asgi::Bytes> pending_;  // a chunk is_disconnected() received
};

}  // namespace asgiscope::web
