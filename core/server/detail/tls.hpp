// TLS for the server: the OpenSSL context built once from Config and shared by all workers,
// and what a connection learns from its handshake (the ASGI `tls` scope extension).
// asio::ssl and OpenSSL stay in the core's own sources: no public header includes this.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/server/config.hpp>
#include <asgiscope/trace/connection.hpp>

namespace asgiscope::server::detail {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

/// The server's TLS settings, read-only once built (OpenSSL contexts are thread-safe to use).
struct TlsContext {
    TlsContext() : ssl(boost::asio::ssl::context::tls_server) {}
    boost::asio::ssl::context ssl;
    std::optional<std::string> server_cert_pem;  ///< our leaf certificate, for the scope
};

/// Loads certificate, key, CA list and ciphers from `config`. On failure returns null and
/// sets `error` to one sentence naming the file and the reason.
std::shared_ptr<TlsContext> make_tls_context(const Config& config, std::string& error);

/// The scope's `tls` extension for a connection whose handshake completed.
asgi::TlsInfo tls_info(TlsStream& stream, const TlsContext& context);

/// The negotiated session as connection events report it: version, cipher, SNI and ALPN names.
trace::ConnectionTls connection_tls(TlsStream& stream);

/// Makes the next async_shutdown send our close_notify without waiting for the peer's.
void prepare_one_way_shutdown(TlsStream& stream);

}  // namespace asgiscope::server::detail
