#include <asgiscope/web/responses/streaming_response.hpp>

namespace asgiscope::web {

// Plain functions returning send's awaitable: no frame of their own.
boost::asio::awaitable<void> StreamWriter::operator()(std::string chunk) const {
    return (*send_)(asgi::HttpResponseBody(asgi::Bytes(std::move(chunk)), true));
}

boost::asio::awaitable<void> StreamWriter::operator()(asgi::Bytes chunk) const {
    return (*send_)(asgi::HttpResponseBody(std::move(chunk), true));
}

}  // namespace asgiscope::web
