#include "loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <asgiscope/server.hpp>

namespace asgiscope::fuzz {

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz loopback: %s (errno %d: %s)\n", what, errno, std::strerror(errno));
    std::abort();
}

bool is_server_fault(std::string_view line) {
    return line.find("connection task failed") != std::string_view::npos ||
           line.find("server failure") != std::string_view::npos;
}

}  // namespace

namespace {
server::Server* g_server = nullptr;
std::thread* g_thread = nullptr;

// libFuzzer ends a timed run with exit(): stop the server first, so that no server thread
// runs while static objects are destroyed, and nothing is left for LeakSanitizer.
void stop_server() {
    g_server->request_stop();
    g_thread->join();
    delete g_thread;
    delete g_server;
}
}  // namespace

std::uint16_t loopback_server(asgi::App app) {
    if (!g_server) {
        server::Config config;
        config.host = "127.0.0.1";
        config.port = 0;
        config.lifespan = server::LifespanMode::Off;
        config.access_log = false;
        config.log_level = server::LogLevel::Warning;
        config.timeout_keep_alive = 1.0;
        config.timeout_header_read = 1.0;
        config.ws_ping_interval = 0;
        config.ws_max_size = 1 << 20;
        config.log_sink = [](server::LogLevel, std::string_view line) {
            if (is_server_fault(line)) {
                std::fprintf(stderr, "%.*s\n", int(line.size()), line.data());
                fail("the server failed on this input");
            }
        };
        g_server = new server::Server(std::move(config), std::move(app));
        g_thread = new std::thread([] { g_server->run(); });
        if (!g_server->wait_until_started(std::chrono::seconds(10))) fail("server did not start");
        std::atexit(stop_server);
    }
    return g_server->port();
}

std::string exchange(std::uint16_t port, std::string_view bytes) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Every input is one connection that this client half-closes first, so each leaves a
    // client-side TIME_WAIT for 60 s: a few hundred inputs a second (two loopback targets at
    // once in CI) hold tens of thousands of the 28k ephemeral ports. When connect() finds
    // none free (EADDRNOTAVAIL) that is the harness's doing, not the server's: wait for the
    // kernel to reuse a port instead of reporting the input. A refused connection does mean
    // the server stopped listening, and is reported.
    int fd = -1;
    const auto connect_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) fail("socket()");
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) break;
        const int error = errno;
        ::close(fd);
        errno = error;
        if ((error != EADDRNOTAVAIL && error != EAGAIN && error != EINTR) ||
            std::chrono::steady_clock::now() > connect_deadline)
            fail(error == ECONNREFUSED ? "connect() refused: the server stopped listening" : "connect()");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    // Send and read together: the server may answer (and stop reading) before all is sent.
    std::string received;
    std::size_t sent = 0;
    bool write_closed = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    char buffer[16384];
    for (;;) {
        if (!write_closed && sent == bytes.size()) {
            ::shutdown(fd, SHUT_WR);
            write_closed = true;
        }
        pollfd p{fd, short(POLLIN | (write_closed ? 0 : POLLOUT)), 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) fail("the server kept the connection open after the client finished");
        if (::poll(&p, 1, int(left.count())) < 0) continue;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;  // closed (or reset): done
            received.append(buffer, std::size_t(n));
        }
        if (!write_closed && (p.revents & POLLOUT)) {
            ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n < 0) write_closed = true;  // reset by the server: it refused the input
            else sent += std::size_t(n);
        }
    }
    ::close(fd);
    return received;
}

}  // namespace asgiscope::fuzz
