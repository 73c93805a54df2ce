#include "signer.hpp"

#include <array>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace asgiscope::web::detail {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// itsdangerous' int_to_bytes: big-endian, leading zero bytes dropped.
std::string int_to_bytes(std::uint64_t n) {
    std::string out;
    for (int shift = 56; shift >= 0; shift -= 8) {
        const char byte = char((n >> shift) & 0xFF);
        if (out.empty() && byte == 0) continue;
        out += byte;
    }
    return out;
}

}  // namespace

std::string urlsafe_b64encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                                (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        if (rest == 2) v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        if (rest == 2) out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::optional<std::string> urlsafe_b64decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = sextet(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | std::uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xFF);
        }
    }
    return out;
}

TimestampSigner::TimestampSigner(std::string_view secret_key) {
    // "django-concat": sha1(salt + b"signer" + secret_key).
    std::string material = "itsdangerous.Signersigner";
    material.append(secret_key);
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(material.data()), material.size(), digest.data());
    key_.assign(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string TimestampSigner::signature(std::string_view value) const {
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha1(), key_.data(), int(key_.size()), reinterpret_cast<const unsigned char*>(value.data()),
         value.size(), mac.data(), &length);
    return urlsafe_b64encode(std::string_view(reinterpret_cast<const char*>(mac.data()), length));
}

std::string TimestampSigner::sign(std::string_view value, std::int64_t now) const {
    std::string out(value);
    out += '.';
    out += urlsafe_b64encode(int_to_bytes(std::uint64_t(now < 0 ? 0 : now)));
    const std::string sig = signature(out);
    out += '.';
    out += sig;
    return out;
}

std::optional<std::string> TimestampSigner::unsign(std::string_view signed_value,
                                                   std::optional<std::int64_t> max_age,
                                                   std::int64_t now) const {
    const auto sig_at = signed_value.rfind('.');
    if (sig_at == std::string_view::npos) return std::nullopt;
    const std::string_view signed_part = signed_value.substr(0, sig_at);
    const std::optional<std::string> given = urlsafe_b64decode(signed_value.substr(sig_at + 1));
    const std::optional<std::string> expected = urlsafe_b64decode(signature(signed_part));
    if (!given || !expected || given->size() != expected->size() ||
        CRYPTO_memcmp(given->data(), expected->data(), given->size()) != 0)
        return std::nullopt;

    const auto ts_at = signed_part.rfind('.');
    if (ts_at == std::string_view::npos) return std::nullopt;  // "timestamp missing"
    const std::optional<std::string> ts_bytes = urlsafe_b64decode(signed_part.substr(ts_at + 1));
    if (!ts_bytes || ts_bytes->size() > 8) return std::nullopt;  // "Malformed timestamp"
    std::uint64_t ts = 0;
    for (char c : *ts_bytes) ts = (ts << 8) | std::uint8_t(c);
    if (max_age) {
        // Python's integers do not overflow: compare without subtracting past int64.
        if (ts > std::uint64_t(INT64_MAX)) return std::nullopt;
        const std::int64_t age = now - std::int64_t(ts);
        if (age > *max_age || age < 0) return std::nullopt;  // SignatureExpired
    }
    return std::string(signed_part.substr(0, ts_at));
}

}  // namespace asgiscope::web::detail
