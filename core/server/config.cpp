#include <asgiscope/server/config.hpp>

namespace asgiscope::server {

std::optional<std::string> validate(const Config& c) {
    if (c.workers < 1) return "workers must be at least 1";
    if (c.backlog < 1) return "backlog must be at least 1";
    if (c.timeout_keep_alive < 0) return "timeout-keep-alive must not be negative";
    if (c.timeout_header_read <= 0) return "timeout-header-read must be positive";
    if (c.timeout_graceful_shutdown && *c.timeout_graceful_shutdown < 0)
        return "timeout-graceful-shutdown must not be negative";
    if (c.limit_concurrency && *c.limit_concurrency == 0)
        return "limit-concurrency must be at least 1";
    if (c.limit_request_line < 16) return "limit-request-line must be at least 16";
    if (c.limit_request_fields < 1) return "limit-request-fields must be at least 1";
    if (c.limit_request_header_bytes < 64) return "limit-request-header-bytes must be at least 64";
    if (c.ws_max_size < 1) return "ws-max-size must be at least 1";
    if (c.ws_max_queue < 1) return "ws-max-queue must be at least 1";
    if (c.ws_ping_interval < 0) return "ws-ping-interval must not be negative";
    if (c.ws_ping_timeout < 0) return "ws-ping-timeout must not be negative";
    if (c.ssl_cert_reqs < 0 || c.ssl_cert_reqs > 2)
        return "ssl-cert-reqs must be 0 (none), 1 (optional) or 2 (required)";
    if (c.ssl_certfile.empty() && (!c.ssl_keyfile.empty() || !c.ssl_ca_certs.empty()))
        return "ssl-keyfile and ssl-ca-certs need ssl-certfile";
    if (!c.root_path.empty() && (c.root_path.front() != '/' || c.root_path.back() == '/'))
        return "root-path must start with '/' and not end with '/'";
    for (const auto& [name, value] : c.headers) {
        if (name.empty()) return "a default header has an empty name";
        for (char ch : name + value)
            if (ch == '\r' || ch == '\n' || ch == '\0')
                return "default header '" + name + "' contains a control character";
    }
    return std::nullopt;
}

std::vector<std::string> split_comma_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

}  // namespace asgiscope::server
