// Embeds the asgiscope server in a program of its own: a raw ASGI app served on a free port,
// asked once over a real socket, then shut down. Exits 0 when the answer is right.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include <asgiscope/server.hpp>

namespace asgi = asgiscope::asgi;

boost::asio::awaitable<void> hello(asgi::Scope& scope, asgi::Receive, asgi::Send send) {
    if (scope.type != "http") co_return;  // no lifespan handling needed here
    asgi::Headers headers;
    headers.emplace_back("content-type", "text/plain");
    co_await send(asgi::HttpResponseStart(200, std::move(headers)));
    co_await send(asgi::HttpResponseBody(asgi::Bytes("hello from " + scope.path)));
}

static std::string get(std::uint16_t port, const char* path) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return {};
    std::string request = std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ::send(fd, request.data(), request.size(), 0);
    std::string response;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, std::size_t(n));
    ::close(fd);
    return response;
}

int main() {
    asgiscope::server::Config config;
    config.port = 0;  // any free port
    config.lifespan = asgiscope::server::LifespanMode::Off;
    asgiscope::server::Server server(config, hello);
    std::thread thread([&] { server.run(); });
    if (!server.wait_until_started(std::chrono::seconds(10))) {
        std::fprintf(stderr, "server did not start\n");
        thread.join();
        return 1;
    }
    std::string response = get(server.port(), "/embedded");
    server.request_stop();
    thread.join();
    std::printf("%s\n", response.c_str());
    bool ok = response.starts_with("HTTP/1.1 200 OK") &&
              response.ends_with("\r\n\r\nhello from /embedded");
    return ok ? 0 : 1;
}
