// HAR import: a SAX handler over boost::json::basic_parser that materialises one
// log.entries[] element at a time and turns it into an Exchange.
#include <asgiscope/trace/har.hpp>

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <asgiscope/asgi/json.hpp>

#include "detail/json_read.hpp"

namespace asgiscope::trace {

namespace json = boost::json;
using detail::Node;
using detail::ReadError;

// ---- ISO 8601 ------------------------------------------------------------------------------

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&](std::size_t n, int& out) {
        if (i + n > s.size()) return false;
        out = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const char c = s[i + k];
            if (c < '0' || c > '9') return false;
            out = out * 10 + (c - '0');
        }
        i += n;
        return true;
    };
    auto expect = [&](char c) {
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(4, year) || !expect('-') || !digits(2, month) || !expect('-') || !digits(2, day)) return std::nullopt;
    if (!(expect('T') || expect('t') || expect(' '))) return std::nullopt;
    if (!digits(2, hour) || !expect(':') || !digits(2, minute) || !expect(':') || !digits(2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::int64_t nanos = 0;
    if (expect('.') || expect(',')) {
        std::int64_t scale = 100000000;
        std::size_t n = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            nanos += (s[i] - '0') * scale;
            scale /= 10;
            ++i;
            ++n;
        }
        if (n == 0) return std::nullopt;
    }
    std::int64_t offset_s = 0;
    if (expect('Z') || expect('z')) {
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        const int sign = s[i] == '-' ? -1 : 1;
        ++i;
        int oh = 0, om = 0;
        if (!digits(2, oh)) return std::nullopt;
        expect(':');
        if (!digits(2, om) || oh > 23 || om > 59) return std::nullopt;
        offset_s = sign * (oh * 3600 + om * 60);
    } else if (i != s.size()) {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    const std::int64_t secs = days_from_civil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 +
                              minute * 60 + second - offset_s;
    // Nanoseconds since 1970 in 64 bits reach the years 1677 to 2262; beyond, no time point.
    constexpr std::int64_t max_secs = std::numeric_limits<std::int64_t>::max() / 1000000000 - 1;
    if (secs > max_secs || secs < -max_secs) return std::nullopt;
    const auto ns = std::chrono::nanoseconds(secs * 1000000000 + nanos);
    return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(ns));
}

std::string format_iso8601(std::chrono::system_clock::time_point t) {
    const std::int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    constexpr std::int64_t day_us = 86400000000LL;
    std::int64_t days = us >= 0 ? us / day_us : (us - day_us + 1) / day_us;
    const std::int64_t in_day = us - days * day_us;
    // civil_from_days
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = std::int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", static_cast<long long>(y), m, d,
                  static_cast<long long>(in_day / 3600000000LL), static_cast<long long>(in_day / 60000000 % 60),
                  static_cast<long long>(in_day / 1000000 % 60), static_cast<long long>(in_day % 1000000));
    return buf;
}

// ---- one entry -----------------------------------------------------------------------------

namespace {

std::int64_t ms_to_ns(double ms) {
    if (!std::isfinite(ms) || ms < 0) return -1;
    if (ms > 9.0e12) return std::int64_t(9.0e18);
    return std::int64_t(std::llround(ms * 1e6));
}

std::string http_version_of(std::string v) {
    for (char& c : v) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (v.rfind("http/", 0) == 0) v = v.substr(5);
    if (v == "h2" || v == "2.0") return "2";
    if (v == "h3" || v == "3.0") return "3";
    if (v.empty() || v == "unknown") return "1.1";
    return v;
}

asgi::Headers har_headers(const Node& entry, std::string_view key) {
    asgi::Headers out;
    auto n = entry.opt(key);
    if (!n) return out;
    const std::size_t count = n->array().size();
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Node h = n->item(i);
        out.emplace_back(h.at("name").text(), h.at("value").text());
    }
    return out;
}

std::string form_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*') out += char(c);
        else if (c == ' ') out += '+';
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// A body given as "text" plus an optional "encoding": "base64" (HAR content; postData by
// extension, also as "_encoding").
std::string decoded_text(const Node& n) {
    const std::string text = n.text_or("text", "");
    std::string encoding = n.text_or("encoding", "");
    if (encoding.empty()) encoding = n.text_or("_encoding", "");
    if (encoding.empty()) return text;
    if (encoding != "base64") n.at(n.has("encoding") ? "encoding" : "_encoding").fail("unknown encoding \"" + encoding.substr(0, 32) + "\"");
    auto bytes = asgi::base64_decode(text);
    if (!bytes) {
        // Browsers wrap or pad base64 loosely: retry without whitespace, with padding added.
        std::string cleaned;
        for (char c : text)
            if (!std::isspace(static_cast<unsigned char>(c))) cleaned += c;
        while (cleaned.size() % 4) cleaned += '=';
        bytes = asgi::base64_decode(cleaned);
    }
    if (!bytes) n.at("text").fail("is not valid base64");
    return std::move(*bytes);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

Exchange convert_entry(const Node& e, std::string origin) {
    Exchange x;
    x.origin = std::move(origin);
    e.object();
    if (auto started = e.opt("startedDateTime")) {
        auto t = parse_iso8601(started->text());
        if (!t) started->fail("is not an ISO 8601 date-time");
        x.start = *t;
    }
    const Node req = e.at("request");
    x.request.method = req.at("method").text();
    x.request.url = req.at("url").text();
    x.request.http_version = http_version_of(req.text_or("httpVersion", ""));
    x.request.headers = har_headers(req, "headers");
    if (auto post = req.opt("postData")) {
        if (post->has("text")) {
            x.request.body = asgi::Bytes(decoded_text(*post));
        } else if (auto params = post->opt("params")) {
            std::string body;
            const std::size_t count = params->array().size();
            for (std::size_t i = 0; i < count; ++i) {
                const Node p = params->item(i);
                if (!body.empty()) body += '&';
                body += form_encode(p.at("name").text()) + "=" + form_encode(p.text_or("value", ""));
            }
            x.request.body = asgi::Bytes(std::move(body));
        }
    }

    std::string resource = e.text_or("_resourceType", "");
    const std::string scheme = x.request.url.substr(0, x.request.url.find(':'));
    const bool websocket = iequals(resource, "websocket") || iequals(scheme, "ws") || iequals(scheme, "wss") ||
                           e.has("_webSocketMessages");
    x.kind = websocket ? TraceKind::websocket : TraceKind::http;
    if (websocket) {
        if (iequals(scheme, "http")) x.request.url.replace(0, 4, "ws");
        else if (iequals(scheme, "https")) x.request.url.replace(0, 5, "wss");
    }

    if (auto res = e.opt("response")) {
        const int status = int(res->integer("status", 0, 999));
        if (status > 0) {  // 0: the browser got no response (blocked, failed, cancelled)
            ResponseRecord r;
            r.status = status;
            r.reason = res->text_or("statusText", "");
            r.headers = har_headers(*res, "headers");
            if (auto content = res->opt("content")) {
                r.body = asgi::Bytes(decoded_text(*content));
                const std::int64_t size = content->integer_or("size", -1, -1, std::int64_t(1) << 53);
                r.body_size = size > 0 ? std::size_t(size) : 0;
            }
            if (r.body_size < r.body.size()) r.body_size = r.body.size();
            x.response = std::move(r);
        }
    }

    if (auto t = e.opt("timings")) {
        x.timings.wait_ns = ms_to_ns(t->number_or("wait", -1));
        x.timings.receive_ns = ms_to_ns(t->number_or("receive", -1));
    }
    x.timings.total_ns = ms_to_ns(e.number_or("time", -1));

    if (auto messages = e.opt("_webSocketMessages")) {
        const std::int64_t start_ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(x.start.time_since_epoch()).count();
        const std::size_t count = messages->array().size();
        for (std::size_t i = 0; i < count; ++i) {
            const Node m = messages->item(i);
            const std::string type = m.at("type").text();
            if (type != "send" && type != "receive") m.at("type").fail("must be \"send\" or \"receive\"");
            const std::int64_t opcode = m.integer_or("opcode", 1, 0, 15);
            if (opcode != 1 && opcode != 2) continue;  // control frames carry no message
            WebSocketFrame f;
            f.from_client = type == "send";
            f.text = opcode == 1;
            const std::string data = m.text_or("data", "");
            if (f.text) {
                f.data = asgi::Bytes(data);
            } else {
                auto bytes = asgi::base64_decode(data);
                if (!bytes) m.at("data").fail("is not valid base64 (opcode 2 carries base64 data)");
                f.data = asgi::Bytes(std::move(*bytes));
            }
            f.size = f.data.size();
            // Seconds since the epoch as a double: whole seconds and microseconds apart, so
            // that the double's rounding (about 0.2 us there) does not show.
            const double seconds = m.number_or("time", 0);
            std::int64_t at = 0;
            // Beyond 2262 the nanoseconds overflow 64 bits: such a time counts as unknown.
            if (std::isfinite(seconds) && seconds > 0 && seconds < 9.2e9) {
                const double whole = std::floor(seconds);
                at = std::int64_t(whole) * 1000000000 + std::llround((seconds - whole) * 1e6) * 1000;
            }
            f.time_ns = start_ns && at ? std::max<std::int64_t>(0, at - start_ns) : 0;
            x.frames.push_back(std::move(f));
        }
    }
    if (auto code = e.opt("_webSocketCloseCode")) x.close_code = int(code->integer(0, 65535));
    x.close_reason = e.text_or("_webSocketCloseReason", "");
    return x;
}

}  // namespace

Exchange exchange_from_har_entry(const json::value& entry, std::string origin) {
    try {
        return convert_entry(Node(entry, ""), std::move(origin));
    } catch (const ReadError& e) {
        throw HarFormatError(e.what(), "", 0);
    }
}

// ---- streaming ------------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxStoredKey = 256;

/// The SAX handler: knows where it is (the key path), checks the shape around log.entries
/// and builds each entry with a value_stack.
class HarHandler {
public:
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);

    HarHandler(const std::function<bool(Exchange&&)>& on_exchange, std::string name, HarReadOptions options)
        : on_exchange_(on_exchange), name_(std::move(name)), options_(options) {}

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code& ec) {
        if (!saw_log_) return fail(ec, "not a HAR: no \"log\" object at the top level");
        if (!saw_entries_) return fail(ec, "not a HAR: \"log\" has no \"entries\" array");
        return true;
    }

    bool on_object_begin(boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::object)) return false;
        frames_.push_back(Frame{false, {}, 0});
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code& ec) {
        frames_.pop_back();
        if (capturing_) stack_.push_object(n);
        return end_value(ec);
    }
    bool on_array_begin(boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::array)) return false;
        frames_.push_back(Frame{true, {}, 0});
        return true;
    }
    bool on_array_end(std::size_t n, boost::system::error_code& ec) {
        frames_.pop_back();
        if (capturing_) stack_.push_array(n);
        return end_value(ec);
    }
    bool on_key_part(json::string_view s, std::size_t, boost::system::error_code& ec) {
        append_key(s);
        if (capturing_) {
            if (!count(ec, s.size())) return false;
            stack_.push_chars(s);
        }
        return true;
    }
    bool on_key(json::string_view s, std::size_t, boost::system::error_code& ec) {
        append_key(s);
        frames_.back().key_done = true;
        if (capturing_) {
            if (!count(ec, s.size() + 16)) return false;
            stack_.push_key(s);
        }
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, boost::system::error_code& ec) {
        if (!string_started_) {
            if (!begin_value(ec, json::kind::string)) return false;
            string_started_ = true;
        }
        if (capturing_) {
            if (!count(ec, s.size())) return false;
            stack_.push_chars(s);
        } else if (at_log_version()) {
            version_.append(s.data(), std::min<std::size_t>(s.size(), 64));
        }
        return true;
    }
    bool on_string(json::string_view s, std::size_t, boost::system::error_code& ec) {
        if (!string_started_ && !begin_value(ec, json::kind::string)) return false;
        string_started_ = false;
        if (capturing_) {
            if (!count(ec, s.size())) return false;
            stack_.push_string(s);
        } else if (at_log_version()) {
            version_.append(s.data(), std::min<std::size_t>(s.size(), 64));
            if (version_ != "1.1" && version_ != "1.2")
                return fail(ec, "unsupported HAR version \"" + version_ + "\" (this reader knows 1.1 and 1.2)");
        }
        return end_value(ec);
    }
    bool on_number_part(json::string_view s, boost::system::error_code& ec) {
        return !capturing_ || count(ec, s.size());
    }
    bool on_int64(std::int64_t i, json::string_view, boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::int64)) return false;
        if (capturing_) stack_.push_int64(i);
        return end_value(ec);
    }
    bool on_uint64(std::uint64_t u, json::string_view, boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::uint64)) return false;
        if (capturing_) stack_.push_uint64(u);
        return end_value(ec);
    }
    bool on_double(double d, json::string_view, boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::double_)) return false;
        if (capturing_) stack_.push_double(d);
        return end_value(ec);
    }
    bool on_bool(bool b, boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::bool_)) return false;
        if (capturing_) stack_.push_bool(b);
        return end_value(ec);
    }
    bool on_null(boost::system::error_code& ec) {
        if (!begin_value(ec, json::kind::null)) return false;
        if (capturing_) stack_.push_null();
        return end_value(ec);
    }
    bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(json::string_view, boost::system::error_code&) { return true; }

    /// The key path of where the parser is ("log.entries[3].request").
    std::string path() const {
        std::string out;
        for (const Frame& f : frames_) {
            if (f.array) {
                out += "[" + std::to_string(f.index) + "]";
            } else if (f.key_done || !f.key.empty()) {
                if (!out.empty()) out += '.';
                out += f.key;
            }
        }
        return out;
    }

    const std::string& error() const { return error_; }
    bool stopped() const { return stopped_; }
    std::exception_ptr callback_error() const { return callback_error_; }
    std::size_t entries() const { return entries_; }

private:
    struct Frame {
        bool array;
        std::string key;  // objects: the current key (cut at kMaxStoredKey)
        std::size_t index;  // arrays: the current index
        bool key_done = false;
    };

    bool fail(boost::system::error_code& ec, std::string what) {
        error_ = std::move(what);
        ec = json::error::exception;
        return false;
    }

    void append_key(json::string_view s) {
        Frame& f = frames_.back();
        if (f.key_done) {
            f.key.clear();
            f.key_done = false;
        }
        if (f.key.size() < kMaxStoredKey) f.key.append(s.data(), std::min(s.size(), kMaxStoredKey - f.key.size()));
    }

    bool in_entries_array() const {
        return frames_.size() == 3 && frames_[2].array && frames_[1].key == "entries" && frames_[0].key == "log";
    }
    bool at_log_version() const { return frames_.size() == 2 && frames_[0].key == "log" && frames_[1].key == "version"; }

    static std::string_view kind_text(json::kind k) {
        switch (k) {
        case json::kind::object: return "an object";
        case json::kind::array: return "an array";
        case json::kind::string: return "a string";
        case json::kind::null: return "null";
        case json::kind::bool_: return "a boolean";
        default: return "a number";
        }
    }

    // A value starts where the parser is: check the shape of the levels above the entries.
    bool begin_value(boost::system::error_code& ec, json::kind k) {
        if (capturing_) return count(ec, 16);
        const std::size_t level = frames_.size();
        if (level == 0 && k != json::kind::object)
            return fail(ec, "not a HAR: the document must be an object, got " + std::string(kind_text(k)));
        if (level == 1 && frames_[0].key == "log") {
            if (k != json::kind::object) return fail(ec, "\"log\" must be an object, got " + std::string(kind_text(k)));
            saw_log_ = true;
        }
        if (level == 2 && frames_[0].key == "log" && frames_[1].key == "entries") {
            if (k != json::kind::array)
                return fail(ec, "\"entries\" must be an array, got " + std::string(kind_text(k)));
            saw_entries_ = true;
        }
        if (level == 2 && frames_[0].key == "log" && frames_[1].key == "version" && k != json::kind::string)
            return fail(ec, "\"version\" must be a string, got " + std::string(kind_text(k)));
        if (in_entries_array()) {
            if (k != json::kind::object)
                return fail(ec, "an entry must be an object, got " + std::string(kind_text(k)));
            capturing_ = true;
            entry_bytes_ = 0;
            stack_.reset();
        }
        return true;
    }

    // A value ended: count it in its array; deliver a finished entry.
    bool end_value(boost::system::error_code& ec) {
        if (frames_.empty()) return true;
        const bool entry_done = capturing_ && in_entries_array();
        if (entry_done) {
            capturing_ = false;
            const std::size_t index = frames_.back().index;
            json::value entry = stack_.release();
            try {
                Exchange x = convert_entry(Node(entry, path()), name_ + " entry " + std::to_string(index));
                ++entries_;
                entry = nullptr;  // free the entry before the callback runs
                bool go_on = true;
                try {
                    go_on = on_exchange_(std::move(x));
                } catch (...) {
                    callback_error_ = std::current_exception();
                    go_on = false;
                }
                if (!go_on) {
                    stopped_ = true;
                    ec = json::error::exception;
                    return false;
                }
            } catch (const ReadError& e) {
                return fail(ec, e.what());
            }
        }
        if (frames_.back().array) ++frames_.back().index;
        return true;
    }

    bool count(boost::system::error_code& ec, std::size_t n) {
        entry_bytes_ += n;
        if (entry_bytes_ > options_.max_entry_bytes)
            return fail(ec, "entry is larger than the limit of " + std::to_string(options_.max_entry_bytes) + " bytes");
        return true;
    }

    const std::function<bool(Exchange&&)>& on_exchange_;
    std::string name_;
    HarReadOptions options_;
    std::vector<Frame> frames_;
    json::value_stack stack_;
    bool capturing_ = false;
    bool string_started_ = false;
    std::size_t entry_bytes_ = 0;
    bool saw_log_ = false;
    bool saw_entries_ = false;
    std::string version_;
    std::string error_;
    bool stopped_ = false;
    std::exception_ptr callback_error_;
    std::size_t entries_ = 0;
};

/// Feeds chunks to the parser and turns its errors into HarFormatError.
class HarStream {
public:
    HarStream(const std::function<bool(Exchange&&)>& on_exchange, std::string name, HarReadOptions options)
        : name_(name), parser_(parse_options(), on_exchange, std::move(name), options) {}

    // false: stop (the callback said so).
    bool feed(const char* data, std::size_t size, bool more) {
        boost::system::error_code ec;
        const std::size_t n = parser_.write_some(more, data, size, ec);
        offset_ += n;
        if (ec) return failed(ec);
        if (!more && !parser_.done()) throw error("truncated JSON: the document ends early");
        return true;
    }
    std::size_t entries() const { return parser_.handler().entries(); }

private:
    static json::parse_options parse_options() {
        json::parse_options o;
        o.max_depth = 256;
        return o;
    }

    HarFormatError error(const std::string& what) const {
        const std::string where = parser_.handler().path();
        return HarFormatError(name_ + ": byte " + std::to_string(offset_) + ": " + what +
                                  (where.empty() || what.find("(at ") != std::string::npos ? "" : " (at " + where + ")"),
                              name_, offset_);
    }

    bool failed(const boost::system::error_code& ec) {
        const HarHandler& h = parser_.handler();
        if (h.callback_error()) std::rethrow_exception(h.callback_error());
        if (h.stopped()) return false;
        if (!h.error().empty()) throw error(h.error());
        if (ec == json::error::incomplete) throw error("truncated JSON: the document ends early");
        throw error("invalid JSON: " + ec.message());
    }

    std::string name_;
    json::basic_parser<HarHandler> parser_;
    std::size_t offset_ = 0;
};

}  // namespace

std::size_t read_har_file(const std::string& path, const std::function<bool(Exchange&&)>& on_exchange,
                          HarReadOptions options) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw HarFormatError(path + ": cannot open: " + std::strerror(errno), path, 0);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(f, &std::fclose);
    auto stream = std::make_unique<HarStream>(on_exchange, path, options);
    std::vector<char> buffer(64 * 1024);
    bool any = false;
    for (;;) {
        const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
        if (n == 0) {
            if (std::ferror(f)) throw HarFormatError(path + ": read error: " + std::strerror(errno), path, 0);
            if (!any) throw HarFormatError(path + ": empty file: not a HAR", path, 0);
            stream->feed(nullptr, 0, false);
            break;
        }
        any = true;
        if (!stream->feed(buffer.data(), n, true)) break;
    }
    return stream->entries();
}

std::size_t read_har_bytes(std::string_view bytes, const std::function<bool(Exchange&&)>& on_exchange,
                           const std::string& name, HarReadOptions options) {
    if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw HarFormatError(name + ": empty file: not a HAR", name, 0);
    auto stream = std::make_unique<HarStream>(on_exchange, name, options);
    stream->feed(bytes.data(), bytes.size(), false);
    return stream->entries();
}

}  // namespace asgiscope::trace
