// Server settings. Names and defaults follow uvicorn's command-line flags so that a uvicorn
// user finds what they know; settings uvicorn lacks (request-line and header caps, the header
// read timeout) follow gunicorn's names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/server/logging.hpp>

namespace asgiscope::trace {
class TraceHub;
}  // namespace asgiscope::trace

namespace asgiscope::server {

enum class LifespanMode { Auto, On, Off };

/// Every knob of the server, with uvicorn's defaults.
struct Config {
    // Binding
    std::string host = "127.0.0.1";
    std::uint16_t port = 8000;  ///< 0 picks a free port; Server::port() tells which
    int backlog = 2048;
    int workers = 1;  ///< threads, each with its own event loop

    // Protocol
    LifespanMode lifespan = LifespanMode::Auto;
    std::string root_path{};
    bool proxy_headers = true;
    std::vector<std::string> forwarded_allow_ips{"127.0.0.1"};  ///< addresses, CIDRs or "*"
    bool server_header = true;
    bool date_header = true;
    asgi::Headers headers{};  ///< extra response headers (--header name:value)

    // Limits
    std::optional<std::size_t> limit_concurrency{};   ///< beyond it: 503
    std::optional<std::size_t> limit_max_requests{};  ///< then the server shuts down
    std::size_t limit_request_line = 8190;          ///< request line bytes; beyond: 414
    std::size_t limit_request_fields = 100;         ///< header count; beyond: 431
    std::size_t limit_request_header_bytes = 16384; ///< all header bytes; beyond: 431

    // Timeouts, in seconds
    double timeout_keep_alive = 5.0;    ///< idle time allowed between requests
    double timeout_header_read = 10.0;  ///< from a request's first byte to its last header byte
    std::optional<double> timeout_graceful_shutdown{};  ///< none: wait for in-flight requests

    // WebSocket
    std::size_t ws_max_size = 16 * 1024 * 1024;  ///< largest message, after decompression; beyond: close 1009
    std::size_t ws_max_queue = 32;  ///< received messages held for the app; when full, reading pauses
    double ws_ping_interval = 20.0;  ///< seconds between server pings; 0: no pings
    double ws_ping_timeout = 20.0;   ///< seconds to wait for the pong, then drop the connection; 0: forever
    bool ws_per_message_deflate = true;  ///< offer permessage-deflate (RFC 7692) when the client asks

    // TLS (uvicorn's --ssl-* flags). TLS is on when ssl_certfile is set. The TLS handshake
    // must finish within timeout_header_read, like the first request head.
    std::string ssl_certfile{};          ///< PEM: our certificate, then its chain (and the key if no keyfile)
    std::string ssl_keyfile{};           ///< PEM private key; empty: the key is in ssl_certfile
    std::string ssl_keyfile_password{};  ///< decrypts an encrypted keyfile
    std::string ssl_ca_certs{};          ///< PEM CA certificates that verify client certificates
    int ssl_cert_reqs = 0;             ///< client certificates: 0 none, 1 optional, 2 required (Python's ssl.CERT_*)
    /// OpenSSL cipher list for TLS 1.2 and older (SSL_CTX_set_cipher_list). uvicorn's default
    /// "TLSv1" selects every suite usable from TLS 1.0 on; TLS 1.3 suites stay OpenSSL's defaults.
    std::string ssl_ciphers = "TLSv1";

    // Logging
    LogLevel log_level = LogLevel::Info;
    bool access_log = true;
    /// Where log lines go; by default standard error.
    LogSink log_sink{};

    /// Connection events (asgiscope::trace::ConnectionEvent: open, TLS, requests, WebSocket
    /// frames, close with byte counts and reason, lifespan steps) go to this hub when set.
    /// Unset, the server builds no event: each event site costs one pointer test.
    std::shared_ptr<trace::TraceHub> trace_hub{};

    /// Handle SIGINT/SIGTERM with a graceful shutdown (the CLI does; embedders may not want it).
    bool install_signal_handlers = false;
};

/// Checks a configuration; returns an error sentence for the first bad value, or nothing.
std::optional<std::string> validate(const Config& config);

/// Parses "--forwarded-allow-ips" style text: a comma-separated list.
std::vector<std::string> split_comma_list(std::string_view text);

}  // namespace asgiscope::server
