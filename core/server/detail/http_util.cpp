#include "http_util.hpp"

#include "../../detail/utf8.hpp"

#include <arpa/inet.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace asgiscope::server::detail {

std::string_view reason_phrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 101: return "Switching Protocols";
        case 102: return "Processing";
        case 103: return "Early Hints";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 203: return "Non-Authoritative Information";
        case 204: return "No Content";
        case 205: return "Reset Content";
        case 206: return "Partial Content";
        case 207: return "Multi-Status";
        case 208: return "Already Reported";
        case 226: return "IM Used";
        case 300: return "Multiple Choices";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 305: return "Use Proxy";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 402: return "Payment Required";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 407: return "Proxy Authentication Required";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 416: return "Range Not Satisfiable";
        case 417: return "Expectation Failed";
        case 418: return "I'm a Teapot";
        case 421: return "Misdirected Request";
        case 422: return "Unprocessable Content";
        case 423: return "Locked";
        case 424: return "Failed Dependency";
        case 425: return "Too Early";
        case 426: return "Upgrade Required";
        case 428: return "Precondition Required";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 451: return "Unavailable For Legal Reasons";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 505: return "HTTP Version Not Supported";
        case 506: return "Variant Also Negotiates";
        case 507: return "Insufficient Storage";
        case 508: return "Loop Detected";
        case 510: return "Not Extended";
        case 511: return "Network Authentication Required";
        default: return "";
    }
}

std::string_view http_date_now() {
    thread_local std::time_t cached_second = 0;
    thread_local char buf[32];
    thread_local std::size_t len = 0;
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    if (now != cached_second) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        len = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached_second = now;
    }
    return {buf, len};
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        auto comma = value.find(',');
        if (iequals(trim(value.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string percent_decode_path(std::string_view raw) {
    if (raw.find('%') == std::string_view::npos) return std::string(raw);
    std::string bytes;
    bytes.reserve(raw.size());
    bool high = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 &&
            hex_value(raw[i + 2]) >= 0) {
            char c = char(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
            high |= static_cast<unsigned char>(c) >= 0x80;
            bytes += c;
            i += 2;
        } else {
            bytes += raw[i];
        }
    }
    return high ? asgiscope::detail::utf8_replace(bytes) : bytes;
}

TrustedHosts::TrustedHosts(const std::vector<std::string>& entries) {
    for (const auto& e : entries) {
        if (e == "*") {
            all_ = true;
            continue;
        }
        Net net{};
        std::string addr = e;
        int prefix = -1;
        if (auto slash = e.find('/'); slash != std::string::npos) {
            addr = e.substr(0, slash);
            prefix = std::atoi(e.c_str() + slash + 1);
        }
        if (inet_pton(AF_INET, addr.c_str(), net.bytes) == 1) {
            net.family_len = 4;
            net.prefix = prefix < 0 || prefix > 32 ? 32 : prefix;
        } else if (inet_pton(AF_INET6, addr.c_str(), net.bytes) == 1) {
            net.family_len = 16;
            net.prefix = prefix < 0 || prefix > 128 ? 128 : prefix;
        } else {
            continue;  // not an address: never matches (uvicorn treats it as a literal host)
        }
        nets_.push_back(net);
    }
}

bool TrustedHosts::trusts(std::string_view address) const {
    if (all_) return true;
    unsigned char bytes[16];
    std::string a(address);
    int len = 0;
    if (inet_pton(AF_INET, a.c_str(), bytes) == 1) len = 4;
    else if (inet_pton(AF_INET6, a.c_str(), bytes) == 1) len = 16;
    else return false;
    for (const auto& n : nets_) {
        if (n.family_len != len) continue;
        int full = n.prefix / 8, rest = n.prefix % 8;
        if (std::memcmp(n.bytes, bytes, std::size_t(full)) != 0) continue;
        if (rest && ((n.bytes[full] ^ bytes[full]) & (0xFF << (8 - rest)) & 0xFF)) continue;
        return true;
    }
    return false;
}

}  // namespace asgiscope::server::detail
