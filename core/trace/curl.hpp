// cURL command lines as requests: what browsers' "Copy as cURL (bash)" writes, parsed the way
// bash and curl would read it.
//
// Quoting: '...', "..." (with \" \\ \$ \` escapes), $'...' (ANSI-C: \n \t \r \a \b \e \f \v
// \\ \' \" \? \NNN octal, \xHH, \uHHHH, \UHHHHHHHH, \cX), backslash escapes outside quotes,
// backslash-newline continuations, # comments at the start of a word. Several commands are
// separated by newlines, ';' or '&&' (Chrome's "Copy all as cURL" joins them with " ;\n").
//
// Options: the URL (positional or --url), -X/--request, -H/--header ("Name: value", "Name;"
// for an empty value, "Name:" to drop a header), -d/--data/--data-ascii/--data-raw/
// --data-binary (joined with '&'; default method POST and Content-Type
// application/x-www-form-urlencoded), --data-urlencode, -F/--form and --form-string
// (multipart/form-data), -b/--cookie, -u/--user (Basic auth), -A/--user-agent, -e/--referer,
// -I/--head, -G/--get, --compressed, -0/--http1.0. Options that do not change the request are
// accepted and ignored: -k/--insecure, -L/--location, -s, -S, -v, -i, --http1.1, --http2,
// -o FILE, -m SECONDS and more (see docs/trace-formats.md). Anything else, and reading data or
// cookies from a file (@file), is an error naming the option and where it is.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <asgiscope/trace/exchange.hpp>

namespace asgiscope::trace {

/// A command line that cannot be read. what(): "NAME:LINE: what is wrong (argument N 'arg')".
class CurlParseError : public std::runtime_error {
public:
    CurlParseError(const std::string& what, std::size_t line) : std::runtime_error(what), line_(line) {}
    std::size_t line() const { return line_; }  ///< 1-based line where the command starts

private:
    std::size_t line_;
};

/// The words bash would pass to a command, one vector per command in `text` (see above).
/// Throws CurlParseError for an unterminated quote.
std::vector<std::vector<std::string>> split_shell_commands(std::string_view text);

/// One curl command line as an Exchange (kind http, no response; websocket for ws:// URLs).
/// Throws CurlParseError (its what() names `origin` when given, else "curl").
Exchange parse_curl(std::string_view command_line, const std::string& origin = {});

/// Every curl command in `text` (one per command; blank lines and comments skipped), in order;
/// `name` stands for the file in errors and origins ("NAME line 3").
std::vector<Exchange> parse_curl_commands(std::string_view text, const std::string& name = "<curl>");

/// parse_curl_commands() of a file (at most 64 MiB). Throws CurlParseError.
std::vector<Exchange> read_curl_file(const std::string& path);

}  // namespace asgiscope::trace
