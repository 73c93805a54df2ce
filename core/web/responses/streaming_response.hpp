// StreamingResponse: a body produced chunk by chunk by a coroutine.
#pragma once

#include <string>

#include <boost/asio/awaitable.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/responses/response.hpp>

namespace asgiscope::web {

/// Hands the chunks of a StreamingResponse to the server: `co_await write("chunk\n")`. Each
/// write completes when the server has taken the chunk (back-pressure); once the client has
/// gone it throws asgi::ClientDisconnected, which ends the stream.
class StreamWriter {
public:
    explicit StreamWriter(const asgi::Send& send) : send_(&send) {}
    boost::asio::awaitable<void> operator()(std::string chunk) const;
    boost::asio::awaitable<void> operator()(asgi::Bytes chunk) const;

private:
    const asgi::Send* send_;
};

/// A response whose body a coroutine writes (Starlette's StreamingResponse over an async
/// generator). No Content-Length: the server sends it chunked.
///
///     StreamingResponse([](StreamWriter write) -> awaitable<void> {
///         for (int i = 0; i < 5; ++i) co_await write("chunk " + std::to_string(i) + "\n");
///     }, 200, {}, "text/plain")
class StreamingResponse : public Response {
public:
    explicit StreamingResponse(ContentStream content, int status = 200, const asgi::Headers& headers = {},
                               std::optional<std::string_view> type = std::nullopt)
        : Response(std::make_shared<const ContentStream>(std::move(content)), status, headers,
                   type) {}
};

}  // namespace asgiscope::web
