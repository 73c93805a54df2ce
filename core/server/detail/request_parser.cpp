#include "request_parser.hpp"

#include <algorithm>

#include <boost/beast/http/error.hpp>

#include "http_util.hpp"

namespace asgiscope::server::detail {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

RequestParser::RequestParser(const Config& config, asgi::Scope& scope)
    : config_(config), scope_(scope) {
    header_limit(static_cast<std::uint32_t>(config.limit_request_header_bytes));
    body_limit(boost::none);  // the app reads the body at its own pace and decides
    eager(false);             // stop after the head; the body is parsed when the app asks
}

namespace {
// Beast reports both a malformed request line and a well-formed but unsupported version as
// bad_version. Only "METHOD SP target SP HTTP/d.d" (up to the first CR or LF) is the latter
// (505); anything else is a bad request (400). Nothing after the version counts, so the
// answer does not depend on how the bytes were split into reads (found by fuzzing).
bool is_unsupported_version(std::string_view data) {
    auto line = data.substr(0, data.find_first_of("\r\n"));
    auto first = line.find(' ');
    auto last = line.rfind(' ');
    if (first == std::string_view::npos || first == last || first == 0 ||
        line.find(' ', first + 1) != last || last == first + 1)
        return false;
    auto v = line.substr(last + 1);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    // HTTP/1.0 and 1.1 are supported: Beast refused the line ending after them (bare LF/CR).
    return v.size() == 8 && v.starts_with("HTTP/") && digit(v[5]) && v[6] == '.' && digit(v[7]) &&
           v != "HTTP/1.0" && v != "HTTP/1.1";
}
// A character no Host value may hold. A switch, not find_first_of(" \t/\\?#@"), which
// calls memchr once per character of the value.
bool bad_host_char(char c) {
    switch (c) {
        case ' ': case '\t': case '/': case '\\': case '?': case '#': case '@': return true;
        default: return false;
    }
}
}  // namespace

std::size_t RequestParser::feed(std::string_view data, error_code& ec) {
    const bool in_head = !is_header_done();
    // Between chunks Beast 1.81 must not see fewer than 5 bytes: once it has recognised a
    // last chunk ("0\r\n") and asked for more, a 4-byte buffer trips the assertion `n >= 5`
    // in basic_parser::parse_chunk_header (fixed upstream in Beast PR 2861; with NDEBUG the
    // code after it is correct). The rest of a chunked body is never shorter than
    // "0\r\n\r\n", so holding back until 5 bytes are buffered delays nothing and frames
    // every request the same way (fuzz finding request_parser-chunk-header-assert).
    if (!in_head && chunked() && chunk_left_ == 0 && data.size() < 5) {
        ec = http::error::need_more;
        return 0;
    }
    auto n = put(boost::asio::const_buffer(data.data(), data.size()), ec);
    if (!in_head) return n;
    if (ec == http::error::bad_version && !rejection_.status) {
        rejection_ = is_unsupported_version(data)
                         ? Rejection{505, "HTTP Version Not Supported"}
                         : Rejection{400, "Invalid HTTP request line"};
        return n;
    }
    // Beast parses complete header lines as they come and applies its header_limit only to
    // what it has not consumed yet; count the whole head here so the limit is exact.
    head_bytes_ += n;
    std::size_t pending = is_header_done() ? 0 : data.size() - n;
    if ((!ec || ec == http::error::need_more) &&
        head_bytes_ + pending > config_.limit_request_header_bytes)
        reject(431, "Request Header Fields Too Large", ec);
    return n;
}

bool RequestParser::request_line_too_long(std::string_view buffered) const {
    if (start_line_done_) return false;  // Beast consumed it: `buffered` starts at a field
    auto eol = buffered.find('\n');
    auto line = eol == std::string_view::npos ? buffered.size() : eol;
    // The line's CR is not part of it, also when the read ended between CR and LF (a line of
    // exactly the limit was refused with 414 when it came in two reads split there).
    if (line > 0 && buffered[line - 1] == '\r') --line;
    return line > config_.limit_request_line;
}

void RequestParser::reject(int status, std::string detail, error_code& ec) {
    rejection_ = {status, std::move(detail)};
    ec = http::error::bad_value;
}

Rejection RequestParser::rejection(const error_code& ec) const {
    if (rejection_.status) return rejection_;
    if (ec == http::error::header_limit) return {431, "Request Header Fields Too Large"};
    if (ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension)
        return {400, "Invalid chunked body"};
    if (ec == http::error::bad_content_length || ec == http::error::multiple_content_length)
        return {400, "Invalid Content-Length"};
    if (ec == http::error::bad_transfer_encoding) return {400, "Invalid Transfer-Encoding"};
    return {400, "Invalid HTTP request received."};
}

void RequestParser::on_request_impl(http::verb, string_view method, string_view target,
                                    int version, error_code& ec) {
    if (version != 10 && version != 11) return reject(505, "HTTP Version Not Supported", ec);
    if (target.size() > config_.limit_request_line) return reject(414, "URI Too Long", ec);
    start_line_done_ = true;
    version_ = version;
    scope_.method.assign(method.data(), method.size());
    scope_.http_version = version == 11 ? "1.1" : "1.0";

    std::string_view t(target.data(), target.size());
    if (t.starts_with("http://") || t.starts_with("https://")) {
        // absolute-form: keep only path and query ("http://host?q" has the path "/")
        auto rest = t.substr(t.find("//") + 2);
        auto start = rest.find_first_of("/?");
        t = start == std::string_view::npos ? std::string_view() : rest.substr(start);
    } else if (t == "*") {
        if (method != "OPTIONS") return reject(400, "Invalid request target", ec);
    } else if (t.empty() || t.front() != '/') {
        return reject(400, "Invalid request target", ec);
    }
    auto q = t.find('?');
    std::string_view path = t.substr(0, q);
    if (path.empty()) path = "/";
    if (q != std::string_view::npos) scope_.query_string.assign(t.substr(q + 1));
    scope_.raw_path.reserve(config_.root_path.size() + path.size());
    scope_.raw_path.append(config_.root_path);
    scope_.raw_path.append(path);
    scope_.path = percent_decode_path(scope_.raw_path);
}

void RequestParser::on_field_impl(http::field f, string_view name, string_view value,
                                  error_code& ec) {
    if (++field_count_ > config_.limit_request_fields)
        return reject(431, "Too many header fields", ec);
    std::string_view v(value.data(), value.size());
    switch (f) {
        case http::field::host:
            ++host_count_;
            if (std::any_of(v.begin(), v.end(), bad_host_char)) return reject(400, "Invalid Host header", ec);
            break;
        case http::field::content_length: content_length_seen_ = true; break;
        case http::field::transfer_encoding:
            transfer_encoding_seen_ = true;
            if (!transfer_codings_.empty()) transfer_codings_ += ',';
            transfer_codings_.append(v);
            break;
        case http::field::expect:
            if (iequals(trim(v), "100-continue")) expect_continue_ = true;
            break;
        case http::field::connection:
            if (has_token(v, "close")) connection_close_ = true;
            if (has_token(v, "keep-alive")) connection_keep_alive_ = true;
            break;
        default: break;
    }
    // Browsers send a dozen fields: one allocation for them rather than a doubling series.
    if (scope_.headers.capacity() == 0) scope_.headers.reserve(16);
    asgi::Header& h = scope_.headers.emplace_back(std::string(name.data(), name.size()),
                                                  std::string(v));
    lower_in_place(h.first);
}

void RequestParser::on_header_impl(error_code& ec) {
    if (version_ == 11 && host_count_ == 0) return reject(400, "Missing Host header", ec);
    if (host_count_ > 1) return reject(400, "Duplicate Host header", ec);
    if (transfer_encoding_seen_) {
        // RFC 9112 6.1: chunked must be the final coding, applied once; we decode no other
        // coding (501); a request with both framings is refused (no smuggling).
        if (content_length_seen_) return reject(400, "Both Transfer-Encoding and Content-Length", ec);
        if (version_ == 10) return reject(400, "Transfer-Encoding in an HTTP/1.0 request", ec);
        int chunked = 0, other = 0;
        bool last_chunked = false;
        std::string_view list = transfer_codings_;
        while (true) {
            auto comma = list.find(',');
            auto coding = trim(list.substr(0, comma));
            last_chunked = iequals(coding, "chunked");
            if (last_chunked) ++chunked;
            else if (!coding.empty()) ++other;
            else return reject(400, "Invalid Transfer-Encoding", ec);
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
        if (!last_chunked || chunked != 1) return reject(400, "Invalid Transfer-Encoding", ec);
        if (other) return reject(501, "Unsupported Transfer-Encoding", ec);
    }
    keep_alive_ = version_ == 11 ? !connection_close_ : connection_keep_alive_ && !connection_close_;
}

void RequestParser::on_body_init_impl(boost::optional<std::uint64_t> const& length, error_code&) {
    has_body_ = !length || *length > 0;
}

std::size_t RequestParser::on_body_impl(string_view data, error_code&) {
    body_.append(data.data(), data.size());
    return data.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t size, string_view, error_code&) {
    chunk_left_ = size;
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view data, error_code&) {
    body_.append(data.data(), data.size());
    chunk_left_ -= std::min<std::uint64_t>(chunk_left_, data.size());
    return data.size();
}

}  // namespace asgiscope::server::detail
