#include "serve_command.hpp"

#include <cstdio>
#include <optional>

#include <QCommandLineParser>
#include <QFileInfo>

#include <asgiscope/server.hpp>

#include "app_source.hpp"
#include "trace_recording.hpp"

namespace asgiscope::app {

namespace {

/// A value that failed to parse: the message is printed as one line and we exit with 2.
struct UsageError {
    QString message;
};

double to_seconds(const QCommandLineParser& p, const QString& name) {
    bool ok = false;
    double v = p.value(name).toDouble(&ok);
    if (!ok || v < 0) throw UsageError{QStringLiteral("--%1 must be a non-negative number of seconds, not '%2'").arg(name, p.value(name))};
    return v;
}

std::uint64_t to_count(const QCommandLineParser& p, const QString& name, std::uint64_t min = 0) {
    bool ok = false;
    auto v = p.value(name).toULongLong(&ok);
    if (!ok || v < min)
        throw UsageError{QStringLiteral("--%1 must be an integer of at least %2, not '%3'").arg(name).arg(min).arg(p.value(name))};
    return v;
}

bool to_bool(const QCommandLineParser& p, const QString& name) {
    auto v = p.value(name).toLower();
    if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
    if (v == "false" || v == "0" || v == "no" || v == "off") return false;
    throw UsageError{QStringLiteral("--%1 must be true or false, not '%2'").arg(name, p.value(name))};
}

bool flag_pair(const QCommandLineParser& p, const QString& name, bool fallback) {
    if (p.isSet("no-" + name)) return false;
    if (p.isSet(name)) return true;
    return fallback;
}

server::Config make_config(const QCommandLineParser& p) {
    server::Config c;
    c.install_signal_handlers = true;
    if (p.isSet("host")) c.host = p.value("host").toStdString();
    if (p.isSet("port")) {
        bool ok = false;
        int port = p.value("port").toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            throw UsageError{QStringLiteral("--port must be an integer from 0 to 65535, not '%1'").arg(p.value("port"))};
        c.port = std::uint16_t(port);
    }
    if (p.isSet("workers")) c.workers = int(to_count(p, "workers", 1));
    if (p.isSet("backlog")) c.backlog = int(to_count(p, "backlog", 1));
    if (p.isSet("lifespan")) {
        auto v = p.value("lifespan");
        if (v == "auto") c.lifespan = server::LifespanMode::Auto;
        else if (v == "on") c.lifespan = server::LifespanMode::On;
        else if (v == "off") c.lifespan = server::LifespanMode::Off;
        else throw UsageError{QStringLiteral("--lifespan must be auto, on or off, not '%1'").arg(v)};
    }
    if (p.isSet("root-path")) c.root_path = p.value("root-path").toStdString();
    c.proxy_headers = flag_pair(p, "proxy-headers", c.proxy_headers);
    if (p.isSet("forwarded-allow-ips"))
        c.forwarded_allow_ips = server::split_comma_list(p.value("forwarded-allow-ips").toStdString());
    c.server_header = flag_pair(p, "server-header", c.server_header);
    c.date_header = flag_pair(p, "date-header", c.date_header);
    for (const auto& h : p.values("header")) {
        auto colon = h.indexOf(':');
        if (colon <= 0) throw UsageError{QStringLiteral("--header must look like 'name:value', not '%1'").arg(h)};
        c.headers.emplace_back(h.left(colon).trimmed().toStdString(), h.mid(colon + 1).trimmed().toStdString());
    }
    if (p.isSet("limit-concurrency")) c.limit_concurrency = to_count(p, "limit-concurrency", 1);
    if (p.isSet("limit-max-requests")) c.limit_max_requests = to_count(p, "limit-max-requests", 1);
    if (p.isSet("limit-request-line")) c.limit_request_line = to_count(p, "limit-request-line", 16);
    if (p.isSet("limit-request-fields")) c.limit_request_fields = to_count(p, "limit-request-fields", 1);
    if (p.isSet("h11-max-incomplete-event-size"))
        c.limit_request_header_bytes = to_count(p, "h11-max-incomplete-event-size", 64);
    if (p.isSet("timeout-keep-alive")) c.timeout_keep_alive = to_seconds(p, "timeout-keep-alive");
    if (p.isSet("timeout-header-read")) c.timeout_header_read = to_seconds(p, "timeout-header-read");
    if (p.isSet("timeout-graceful-shutdown"))
        c.timeout_graceful_shutdown = to_seconds(p, "timeout-graceful-shutdown");
    if (p.isSet("ws-max-size")) c.ws_max_size = to_count(p, "ws-max-size", 1);
    if (p.isSet("ws-max-queue")) c.ws_max_queue = to_count(p, "ws-max-queue", 1);
    if (p.isSet("ws-ping-interval")) c.ws_ping_interval = to_seconds(p, "ws-ping-interval");
    if (p.isSet("ws-ping-timeout")) c.ws_ping_timeout = to_seconds(p, "ws-ping-timeout");
    if (p.isSet("ws-per-message-deflate")) c.ws_per_message_deflate = to_bool(p, "ws-per-message-deflate");
    // TLS: files are checked here so that a typo is a usage error, not a startup failure.
    auto ssl_file = [&](const QString& name) {
        if (!p.isSet(name)) return std::string();
        const QString file = p.value(name);
        QFileInfo info(file);
        if (!info.exists())
            throw UsageError{QStringLiteral("--%1 file '%2' does not exist").arg(name, file)};
        if (!info.isFile() || !info.isReadable())
            throw UsageError{QStringLiteral("--%1 file '%2' is not a readable file").arg(name, file)};
        return file.toStdString();
    };
    c.ssl_certfile = ssl_file("ssl-certfile");
    c.ssl_keyfile = ssl_file("ssl-keyfile");
    c.ssl_ca_certs = ssl_file("ssl-ca-certs");
    if (p.isSet("ssl-keyfile-password")) c.ssl_keyfile_password = p.value("ssl-keyfile-password").toStdString();
    if (p.isSet("ssl-cert-reqs")) {
        bool ok = false;
        int v = p.value("ssl-cert-reqs").toInt(&ok);
        if (!ok || v < 0 || v > 2)
            throw UsageError{QStringLiteral("--ssl-cert-reqs must be 0 (none), 1 (optional) or 2 (required), not '%1'").arg(p.value("ssl-cert-reqs"))};
        c.ssl_cert_reqs = v;
    }
    if (p.isSet("ssl-ciphers")) c.ssl_ciphers = p.value("ssl-ciphers").toStdString();
    c.access_log = flag_pair(p, "access-log", c.access_log);
    if (p.isSet("log-level")) {
        auto level = server::parse_log_level(p.value("log-level").toStdString());
        if (!level)
            throw UsageError{QStringLiteral("--log-level must be one of critical, error, warning, info, debug, trace, not '%1'").arg(p.value("log-level"))};
        c.log_level = *level;
    }
    if (auto problem = server::validate(c)) throw UsageError{QString::fromStdString(*problem)};
    return c;
}

void add_options(QCommandLineParser& p) {
    auto value = [&](const QString& name, const QString& help, const QString& def = {}) {
        QCommandLineOption o(name, def.isEmpty() ? help : help + " [default: " + def + "]", "value");
        p.addOption(o);
    };
    auto flag = [&](const QString& name, const QString& help) { p.addOption(QCommandLineOption(name, help)); };
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addHelpOption();
    p.addVersionOption();
    add_app_option(p);
    value("host", "Bind socket to this host.", "127.0.0.1");
    value("port", "Bind socket to this port; 0 picks a free one.", "8000");
    value("workers", "Number of event-loop threads.", "1");
    value("backlog", "Maximum number of connections waiting to be accepted.", "2048");
    value("lifespan", "Lifespan implementation: auto, on or off.", "auto");
    value("root-path", "Set the ASGI 'root_path' for applications behind a path prefix.");
    flag("proxy-headers", "Trust X-Forwarded-Proto and X-Forwarded-For from --forwarded-allow-ips (default).");
    flag("no-proxy-headers", "Ignore X-Forwarded-* headers.");
    value("forwarded-allow-ips", "Comma-separated addresses or networks to trust with proxy headers, or '*'.", "127.0.0.1");
    flag("server-header", "Send a Server header (default).");
    flag("no-server-header", "Do not send a Server header.");
    flag("date-header", "Send a Date header (default).");
    flag("no-date-header", "Do not send a Date header.");
    value("header", "Add a default response header 'name:value' (repeatable).");
    value("limit-concurrency", "Maximum concurrent requests and connections before answering 503.");
    value("limit-max-requests", "Shut down after this many requests.");
    value("limit-request-line", "Maximum request line length in bytes (414 beyond).", "8190");
    value("limit-request-fields", "Maximum number of header fields (431 beyond).", "100");
    value("h11-max-incomplete-event-size", "Maximum size of a request head in bytes (431 beyond).", "16384");
    value("timeout-keep-alive", "Close keep-alive connections idle for this many seconds.", "5");
    value("timeout-header-read", "Close connections that take longer than this to send a request head.", "10");
    value("timeout-graceful-shutdown", "On shutdown, wait at most this long for requests in flight.");
    value("ws-max-size", "WebSocket max message size in bytes, after decompression (close 1009 beyond).", "16777216");
    value("ws-max-queue", "WebSocket messages held for the app before reading pauses.", "32");
    value("ws-ping-interval", "WebSocket ping interval in seconds; 0 disables pings.", "20.0");
    value("ws-ping-timeout", "WebSocket ping timeout in seconds; 0 waits forever.", "20.0");
    value("ws-per-message-deflate", "WebSocket permessage-deflate compression: true or false.", "true");
    value("ssl-certfile", "TLS certificate file (PEM; our certificate, then its chain). Turns TLS on.");
    value("ssl-keyfile", "TLS private key file (PEM); default: the key is in --ssl-certfile.");
    value("ssl-keyfile-password", "Password that decrypts --ssl-keyfile.");
    value("ssl-ca-certs", "CA certificates file (PEM) that verifies client certificates.");
    value("ssl-cert-reqs", "Client certificates: 0 none, 1 optional, 2 required.", "0");
    value("ssl-ciphers", "OpenSSL cipher list for TLS 1.2 and older (TLS 1.3 suites are OpenSSL's defaults).", "TLSv1");
    flag("access-log", "Log each request (default).");
    flag("no-access-log", "Do not log requests.");
    value("log-level", "Log level: critical, error, warning, info, debug, trace.", "info");
    value("trace", "Trace every request and append the traces to this file (trace JSON Lines; see 'asgiscope export').");
    value("trace-max-body", "With --trace: keep at most this many bytes of each message body.", "4096");
    value("trace-max-bytes", "With --trace: when the file reaches this size, rename it to FILE.1 and start a new one "
                             "(0: no limit).", "0");
}

}  // namespace

int serve_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Serve the built-in demo app, or the app of a plugin (--app LIB), with the asgiscope ASGI server.");
    add_options(parser);
    if (!parser.parse(QStringList{"asgiscope serve"} + arguments)) {
        std::fprintf(stderr, "asgiscope serve: error: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet("version")) {
        std::printf("asgiscope %s\n", ASGISCOPE_VERSION);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "asgiscope serve: error: unexpected argument '%s'\n",
                     qPrintable(parser.positionalArguments().front()));
        return 2;
    }
    try {
        server::Config config = make_config(parser);
        auto source = open_app("serve", parser);
        if (!source) return 2;
        std::unique_ptr<TraceRecording> recording;
        if (parser.isSet("trace")) {
            const std::size_t max_body = parser.isSet("trace-max-body") ? to_count(parser, "trace-max-body") : 4096;
            try {
                const std::uint64_t max_file = parser.isSet("trace-max-bytes") ? to_count(parser, "trace-max-bytes") : 0;
                recording = std::make_unique<TraceRecording>(parser.value("trace").toStdString(), max_body, max_file);
            } catch (const std::runtime_error& e) {
                throw UsageError{QString::fromStdString(e.what())};
            }
            // A Starlette app traces each of its layers; a bare ASGI app is one traced layer.
            if (source->starlette)
                source->starlette->set_tracer(recording->tracer());
            else
                source->app = recording->tracer()->wrap("app", trace::SpanKind::endpoint, std::move(source->app),
                                                        /*outermost=*/true);
        }
        server::Server server(std::move(config), std::move(source->app));
        const int code = server.run();
        if (recording && !recording->finish() && code == 0) return 1;
        return code;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "asgiscope serve: error: %s\n", qPrintable(e.message));
        return 2;
    }
}

}  // namespace asgiscope::app
