#include "test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <poll.h>

#include <cstring>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <QProcess>
#include <QProcessEnvironment>

namespace asgiscope::testing {

server::Config test_config() {
    server::Config c;
    c.port = 0;
    c.access_log = true;
    c.log_level = server::LogLevel::Debug;
    return c;
}

server::Config test_config_without_lifespan() {
    auto c = test_config();
    c.lifespan = server::LifespanMode::Off;
    return c;
}

RunningServer::RunningServer(asgi::App app, server::Config config) {
    config.log_sink = [this](server::LogLevel, std::string_view line) {
        std::lock_guard lock(mutex_);
        lines_.emplace_back(line);
    };
    server_ = std::make_unique<server::Server>(std::move(config), std::move(app));
    thread_ = std::thread([this] {
        exit_code_ = server_->run();
        finished_ = true;
    });
    started_ = server_->wait_until_started(std::chrono::seconds(10));
}

RunningServer::~RunningServer() { stop(); }

int RunningServer::stop(std::chrono::milliseconds) {
    if (!joined_) {
        server_->request_stop();
        thread_.join();
        joined_ = true;
    }
    return exit_code_;
}

std::vector<std::string> RunningServer::log() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

bool RunningServer::log_contains(const std::string& text) const {
    std::lock_guard lock(mutex_);
    for (const auto& l : lines_)
        if (l.find(text) != std::string::npos) return true;
    return false;
}

int RunningServer::log_count(const std::string& text) const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& l : lines_) n += l.find(text) != std::string::npos;
    return n;
}

std::string RunningServer::log_text() const {
    std::lock_guard lock(mutex_);
    std::string all;
    for (const auto& l : lines_) {
        all += l;
        all += '\n';
    }
    return all;
}

std::optional<std::string> Response::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return v;
    return std::nullopt;
}

int Response::header_count(const std::string& name) const {
    int n = 0;
    for (const auto& [k, v] : headers) n += k == name;
    return n;
}

RawClient::RawClient(std::uint16_t port, std::chrono::milliseconds timeout) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    timeval tv{};
    tv.tv_sec = timeout.count() / 1000;
    tv.tv_usec = (timeout.count() % 1000) * 1000;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) close();
}

RawClient::~RawClient() { close(); }

void RawClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool RawClient::send(std::string_view bytes) {
    while (!bytes.empty()) {
        auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        bytes.remove_prefix(std::size_t(n));
    }
    return true;
}

std::size_t RawClient::send_until_stalled(std::string_view bytes, std::chrono::milliseconds stall) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, int(stall.count())) <= 0 || !(p.revents & POLLOUT)) break;
        auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
        if (n <= 0) break;
        sent += std::size_t(n);
    }
    return sent;
}

bool RawClient::send_slowly(std::string_view bytes, std::chrono::milliseconds gap) {
    for (char c : bytes) {
        if (!send(std::string_view(&c, 1))) return false;
        std::this_thread::sleep_for(gap);
    }
    return true;
}

bool RawClient::readable_within(std::chrono::milliseconds wait) {
    if (!buffer_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, int(wait.count())) > 0;
}

void RawClient::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

bool RawClient::fill() {
    char buf[65536];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, std::size_t(n));
    return true;
}

bool RawClient::read_until_closed(std::string* out) {
    for (;;) {
        char buf[65536];
        auto n = ::recv(fd_, buf, sizeof buf, 0);
        if (n == 0) {
            if (out) *out += buffer_;
            buffer_.clear();
            return true;
        }
        if (n < 0) return errno == ECONNRESET;
        buffer_.append(buf, std::size_t(n));
    }
}

std::optional<Response> RawClient::read_response(bool head_request) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
        if (!fill()) return std::nullopt;
    Response r;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    auto line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) return std::nullopt;
    r.status = std::atoi(status_line.c_str() + 9);
    r.reason = status_line.size() > 13 ? status_line.substr(13) : "";
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        auto next = head.find("\r\n", pos);
        if (next == std::string::npos) next = head.size();
        std::string line = head.substr(pos, next - pos);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            r.headers.emplace_back(name, value);
        }
        pos = next + 2;
    }
    if (head_request || r.status == 204 || r.status == 304 || r.status < 200) return r;
    if (auto te = r.header("transfer-encoding"); te && te->find("chunked") != std::string::npos) {
        r.chunked = true;
        for (;;) {
            std::size_t eol;
            while ((eol = buffer_.find("\r\n")) == std::string::npos)
                if (!fill()) return std::nullopt;
            std::size_t size = std::stoul(buffer_.substr(0, eol), nullptr, 16);
            buffer_.erase(0, eol + 2);
            while (buffer_.size() < size + 2)
                if (!fill()) return std::nullopt;
            r.body += buffer_.substr(0, size);
            buffer_.erase(0, size + 2);
            if (size == 0) return r;
        }
    }
    if (auto cl = r.header("content-length")) {
        std::size_t size = std::stoul(*cl);
        while (buffer_.size() < size)
            if (!fill()) return std::nullopt;
        r.body = buffer_.substr(0, size);
        buffer_.erase(0, size);
        return r;
    }
    while (fill()) {
    }
    r.body = std::move(buffer_);
    buffer_.clear();
    return r;
}

void Recorder::add(std::string item) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(item));
}

std::vector<std::string> Recorder::items() const {
    std::lock_guard lock(mutex_);
    return items_;
}

std::size_t Recorder::size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
}

bool Recorder::contains(const std::string& item) const {
    std::lock_guard lock(mutex_);
    for (const auto& i : items_)
        if (i == item) return true;
    return false;
}

std::string Recorder::joined() const {
    std::lock_guard lock(mutex_);
    std::string all;
    for (const auto& i : items_) {
        if (!all.empty()) all += " | ";
        all += i;
    }
    return all;
}

std::string describe(const asgi::Message& message) {
    std::string out(asgi::type_name(message));
    if (auto* r = std::get_if<asgi::HttpRequest>(&message)) {
        out += ' ';
        out += std::to_string(r->body.size());
        out += r->more_body ? " more" : " last";
    }
    return out;
}

namespace asio = boost::asio;

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<bool> wait_until(std::function<bool()> condition, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) co_return false;
        timer.expires_after(std::chrono::milliseconds(5));
        co_await timer.async_wait(asio::use_awaitable);
    }
    co_return true;
}

asio::awaitable<void> respond(const asgi::Send& send, int status, std::string body,
                              bool with_length) {
    asgi::Headers headers;
    headers.emplace_back("content-type", "text/plain");
    if (with_length) headers.emplace_back("content-length", std::to_string(body.size()));
    asgi::HttpResponseStart start(status, std::move(headers));
    co_await send(std::move(start));
    asgi::HttpResponseBody last(asgi::Bytes(std::move(body)), false);
    co_await send(std::move(last));
}

asio::awaitable<std::optional<std::string>> read_body(const asgi::Receive& receive) {
    std::string body;
    for (;;) {
        auto message = co_await receive();
        auto* request = std::get_if<asgi::HttpRequest>(&message);
        if (!request) co_return std::nullopt;
        body += request->body.view();
        if (!request->more_body) co_return body;
    }
}

asio::awaitable<void> websocket_echo(const asgi::Receive& receive, const asgi::Send& send) {
    co_await receive();  // websocket.connect
    asgi::WebSocketAccept accept;
    co_await send(std::move(accept));
    for (;;) {
        asgi::Message m = co_await receive();
        auto* in = std::get_if<asgi::WebSocketReceive>(&m);
        if (!in) co_return;
        asgi::WebSocketSend out;
        out.text = in->text;
        out.bytes = in->bytes;
        co_await send(std::move(out));
    }
}

ProcessResult run_process(const QString& program, const QStringList& args,
                          std::chrono::milliseconds timeout, const QByteArray& stdin_data) {
    QProcess p;
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(10000)) {
        r.err = "could not start " + program;
        return r;
    }
    if (!stdin_data.isEmpty()) p.write(stdin_data);
    p.closeWriteChannel();
    r.finished = p.waitForFinished(int(timeout.count()));
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString python() {
    auto env = QProcessEnvironment::systemEnvironment();
    return env.value("PYTHON", "/usr/bin/python3");
}

std::uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace asgiscope::testing
