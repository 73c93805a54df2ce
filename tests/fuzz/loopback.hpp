// For fuzz targets that drive the real server: one in-process Server on 127.0.0.1 and a free
// port, started on first use and kept for the whole fuzzing run, and a blocking client that
// sends one input, half-closes and reads until the server closes. A server-side failure that
// is not the input's fault ("connection task failed", "server failure") and a connection the
// server keeps open after the client finished are reported as crashes (abort), so libFuzzer
// saves the input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <asgiscope/asgi/types.hpp>

namespace asgiscope::fuzz {

/// Starts the server for `app` on first call (later calls return the same port).
std::uint16_t loopback_server(asgi::App app);

/// Connects, sends `bytes`, shuts down the sending side and reads until the peer closes.
/// Aborts if the server has not closed within a few seconds. Returns what was received.
std::string exchange(std::uint16_t port, std::string_view bytes);

}  // namespace asgiscope::fuzz
