// HAR 1.2 (HTTP Archive) export and import of Exchanges.
//
// Export: one entry per Exchange (request, response, timings, cookies, queryString, postData,
// content with text, or base64 text and "encoding": "base64" for bytes that are not UTF-8);
// WebSocket sessions follow Chrome's convention: "_resourceType": "websocket" and
// "_webSocketMessages" [{type: "send"|"receive", time: seconds since the epoch, opcode: 1|2,
// data}] (binary data base64). HarWriter writes entries as they come: the file is valid JSON
// once closed.
//
// Import: a HAR from Chrome, Firefox or this exporter, streamed: the document is parsed with a
// SAX handler that builds one log.entries[] element at a time, so a large HAR is never held
// whole. Errors name the file, the byte offset and the key path ("log.entries[3].request.url").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include <asgiscope/trace/exchange.hpp>

namespace asgiscope::trace {

/// A HAR that cannot be read. what() is "FILE: byte N: what is wrong (at log.entries[3].x)".
class HarFormatError : public std::runtime_error {
public:
    HarFormatError(const std::string& what, std::string file, std::size_t offset)
        : std::runtime_error(what), file_(std::move(file)), offset_(offset) {}
    const std::string& file() const { return file_; }
    std::size_t offset() const { return offset_; }  ///< bytes from the start of the file

private:
    std::string file_;
    std::size_t offset_;
};

// ---- export ------------------------------------------------------------------------------

/// The HAR entry of one exchange.
boost::json::value har_entry(const Exchange& exchange);

/// Writes a HAR file entry by entry. Not thread-safe. Errors throw std::runtime_error naming
/// the file.
class HarWriter {
public:
    /// Creates (or truncates) `path` and writes the start of the log.
    explicit HarWriter(std::string path, std::string creator_version = "1");
    ~HarWriter();  ///< closes when close() was not called; errors then are swallowed
    HarWriter(const HarWriter&) = delete;
    HarWriter& operator=(const HarWriter&) = delete;

    void add(const Exchange& exchange);
    /// Writes the end of the log and closes the file.
    void close();
    std::size_t entries() const { return entries_; }

private:
    void put(std::string_view text);
    std::string path_;
    std::FILE* file_ = nullptr;
    std::size_t entries_ = 0;
};

// ---- import ------------------------------------------------------------------------------

struct HarReadOptions {
    /// An entry larger than this (approximately: its strings and values) is an error.
    std::size_t max_entry_bytes = std::size_t(64) * 1024 * 1024;
};

/// One HAR entry as an Exchange; `origin` goes to Exchange::origin. Throws HarFormatError
/// (file "", offset 0) naming the key path below the entry.
Exchange exchange_from_har_entry(const boost::json::value& entry, std::string origin = {});

/// Streams the entries of a HAR file, calling `on_exchange` with each in file order (returning
/// false stops). Throws HarFormatError. Returns how many entries were read.
std::size_t read_har_file(const std::string& path, const std::function<bool(Exchange&&)>& on_exchange,
                          HarReadOptions options = {});

/// The same over bytes in memory (what a fuzzer drives); `name` stands for the file.
std::size_t read_har_bytes(std::string_view bytes, const std::function<bool(Exchange&&)>& on_exchange,
                           const std::string& name = "<memory>", HarReadOptions options = {});

/// RFC 3339 / ISO 8601 time as HAR writes it ("2024-05-01T10:00:00.123Z", "...+02:00");
/// nullopt when it is not one.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);
/// "2024-05-01T10:00:00.123456Z" (UTC, microseconds: WebSocket message times are relative to it).
std::string format_iso8601(std::chrono::system_clock::time_point t);

}  // namespace asgiscope::trace
