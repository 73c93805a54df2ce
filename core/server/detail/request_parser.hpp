// Parses one HTTP/1.1 request head and its body with Beast's basic_parser, writing straight
// into an ASGI scope (no intermediate message object). On top of Beast's own strictness it
// enforces the limits and the request-smuggling rules of RFC 9112 and says which status a
// rejected request gets.
#pragma once

#include <boost/beast/http/basic_parser.hpp>

#include <cstdint>
#include <string>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/server/config.hpp>

namespace asgiscope::server::detail {

/// Why a request was refused before it reached the app.
struct Rejection {
    int status = 0;  ///< 0 = none
    std::string detail;
};

/// One request: head into `scope`, body pieces appended to `body()`.
class RequestParser final : public boost::beast::http::basic_parser<true> {
public:
    RequestParser(const Config& config, asgi::Scope& scope);

    /// Feeds bytes; returns how many were consumed. Errors are classified by rejection().
    std::size_t feed(std::string_view data, boost::beast::error_code& ec);

    /// After an error: the status and text to answer with.
    Rejection rejection(const boost::beast::error_code& ec) const;

    /// Pre-check before the head is complete: a request line longer than the limit.
    bool request_line_too_long(std::string_view buffered) const;

    std::string& body() { return body_; }
    bool expect_continue() const { return expect_continue_; }
    bool keep_alive_requested() const { return keep_alive_; }
    int version() const { return version_; }
    bool has_body() const { return has_body_; }

private:
    void on_request_impl(boost::beast::http::verb, boost::beast::string_view method,
                         boost::beast::string_view target, int version,
                         boost::beast::error_code& ec) override;
    void on_response_impl(int, boost::beast::string_view, int,
                          boost::beast::error_code&) override {}
    void on_field_impl(boost::beast::http::field, boost::beast::string_view name,
                       boost::beast::string_view value, boost::beast::error_code& ec) override;
    void on_header_impl(boost::beast::error_code& ec) override;
    void on_body_init_impl(boost::optional<std::uint64_t> const& length,
                           boost::beast::error_code& ec) override;
    std::size_t on_body_impl(boost::beast::string_view data, boost::beast::error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t size, boost::beast::string_view,
                              boost::beast::error_code&) override;
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view data,
                                   boost::beast::error_code& ec) override;
    void on_finish_impl(boost::beast::error_code&) override {}

    void reject(int status, std::string detail, boost::beast::error_code& ec);

    const Config& config_;
    asgi::Scope& scope_;
    std::string body_;
    Rejection rejection_;
    int version_ = 11;
    bool start_line_done_ = false;
    std::size_t head_bytes_ = 0;  // request line and fields consumed so far
    std::size_t field_count_ = 0;
    int host_count_ = 0;
    bool content_length_seen_ = false;
    bool transfer_encoding_seen_ = false;
    std::string transfer_codings_;
    bool expect_continue_ = false;
    bool connection_close_ = false;
    bool connection_keep_alive_ = false;
    bool keep_alive_ = true;
    bool has_body_ = false;
    std::uint64_t chunk_left_ = 0;  // data bytes of the current chunk not yet parsed
};

}  // namespace asgiscope::server::detail
