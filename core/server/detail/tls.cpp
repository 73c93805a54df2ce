#include "tls.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace asgiscope::server::detail {

namespace ssl = boost::asio::ssl;

namespace {

/// The first (root-cause) OpenSSL error queued, or `fallback`; clears the queue.
std::string openssl_reason(const std::string& fallback) {
    unsigned long first = ERR_get_error();
    ERR_clear_error();
    if (!first) return fallback;
    const char* reason = ERR_reason_error_string(first);
    return reason ? reason : fallback;
}

/// Why `path` cannot be read, or nothing when it can.
std::optional<std::string> unreadable(const std::string& path) {
    std::ifstream f(path);
    if (f) return std::nullopt;
    return std::string(std::strerror(errno ? errno : ENOENT));
}

std::string pem_of(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (!bio) return {};
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, std::size_t(n > 0 ? n : 0));
    BIO_free(bio);
    return out;
}

std::string rfc4514_name(X509_NAME* name) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (!bio) return {};
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, std::size_t(n > 0 ? n : 0));
    BIO_free(bio);
    return out;
}

/// Optional client certificates: verify, record the outcome, never fail the handshake.
int accept_any(int, X509_STORE_CTX*) { return 1; }

}  // namespace

std::shared_ptr<TlsContext> make_tls_context(const Config& c, std::string& error) {
    auto context = std::make_shared<TlsContext>();
    SSL_CTX* ctx = context->ssl.native_handle();
    ERR_clear_error();
    auto fail = [&](const std::string& what, const std::string& path, const std::string& why) {
        error = "SSL: " + what + " '" + path + "': " + why;
        return nullptr;
    };
    context->ssl.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::single_dh_use);
    // Key passwords: OpenSSL asks through this callback while loading an encrypted key.
    context->ssl.set_password_callback(
        [password = c.ssl_keyfile_password](std::size_t, ssl::context::password_purpose) {
            return password;
        });
    if (auto why = unreadable(c.ssl_certfile))
        return fail("cannot read certificate file", c.ssl_certfile, *why);
    boost::system::error_code ec;
    context->ssl.use_certificate_chain_file(c.ssl_certfile, ec);
    if (ec) return fail("cannot load certificate file", c.ssl_certfile, openssl_reason(ec.message()));
    const std::string& keyfile = c.ssl_keyfile.empty() ? c.ssl_certfile : c.ssl_keyfile;
    if (auto why = unreadable(keyfile)) return fail("cannot read key file", keyfile, *why);
    const bool encrypted = [&] {
        std::ifstream f(keyfile);
        std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        return text.find("ENCRYPTED") != std::string::npos;
    }();
    context->ssl.use_private_key_file(keyfile, ssl::context::pem, ec);
    if (ec) {
        auto reason = openssl_reason(ec.message());
        if (reason.find("mismatch") != std::string::npos)
            return fail("key does not match certificate", keyfile, reason);
        if (encrypted)
            reason = (c.ssl_keyfile_password.empty() ? "encrypted key and no password ("
                                                     : "wrong password (") + reason + ")";
        return fail("cannot load key file", keyfile, reason);
    }
    if (SSL_CTX_check_private_key(ctx) != 1)
        return fail("key does not match certificate", keyfile, openssl_reason("key values mismatch"));
    if (!c.ssl_ca_certs.empty()) {
        if (auto why = unreadable(c.ssl_ca_certs))
            return fail("cannot read CA file", c.ssl_ca_certs, *why);
        context->ssl.load_verify_file(c.ssl_ca_certs, ec);
        if (ec) return fail("cannot load CA file", c.ssl_ca_certs, openssl_reason(ec.message()));
        // Also tell clients which CAs we accept (Python's load_verify_locations does too).
        if (auto* names = SSL_load_client_CA_file(c.ssl_ca_certs.c_str()))
            SSL_CTX_set_client_CA_list(ctx, names);
    }
    if (SSL_CTX_set_cipher_list(ctx, c.ssl_ciphers.c_str()) != 1) {
        error = "SSL: no usable cipher in ssl-ciphers '" + c.ssl_ciphers +
                "': " + openssl_reason("no cipher match");
        return nullptr;
    }
    switch (c.ssl_cert_reqs) {
        case 1: SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any); break;
        case 2:
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
            break;
        default: SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr); break;
    }
    // Distinct session-id context per server, so session resumption works with verification.
    static const unsigned char sid[] = "asgiscope";
    SSL_CTX_set_session_id_context(ctx, sid, sizeof sid - 1);
    if (X509* cert = SSL_CTX_get0_certificate(ctx)) context->server_cert_pem = pem_of(cert);
    ERR_clear_error();
    return context;
}

asgi::TlsInfo tls_info(TlsStream& stream, const TlsContext& context) {
    SSL* ssl = stream.native_handle();
    asgi::TlsInfo info;
    info.server_cert = context.server_cert_pem;
    info.tls_version = SSL_version(ssl);
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl))
        info.cipher_suite = int(SSL_CIPHER_get_protocol_id(cipher));
    if (X509* leaf = SSL_get1_peer_certificate(ssl)) {
        info.client_cert_chain.push_back(pem_of(leaf));
        info.client_cert_name = rfc4514_name(X509_get_subject_name(leaf));
        // On the server side the chain excludes the leaf.
        if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl)) {
            for (int i = 0; i < sk_X509_num(chain); ++i) {
                X509* c = sk_X509_value(chain, i);
                if (X509_cmp(c, leaf) != 0) info.client_cert_chain.push_back(pem_of(c));
            }
        }
        long result = SSL_get_verify_result(ssl);
        if (result != X509_V_OK)
            info.client_cert_error = X509_verify_cert_error_string(result);
        X509_free(leaf);
    }
    return info;
}

trace::ConnectionTls connection_tls(TlsStream& stream) {
    SSL* ssl = stream.native_handle();
    trace::ConnectionTls tls;
    if (const char* version = SSL_get_version(ssl)) tls.version = version;
    if (const char* cipher = SSL_get_cipher_name(ssl)) tls.cipher = cipher;
    if (const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) tls.sni = sni;
    const unsigned char* alpn = nullptr;
    unsigned int alpn_size = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpn_size);
    if (alpn && alpn_size > 0) tls.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_size);
    return tls;
}

void prepare_one_way_shutdown(TlsStream& stream) {
    SSL_set_shutdown(stream.native_handle(), SSL_RECEIVED_SHUTDOWN);
}

}  // namespace asgiscope::server::detail
