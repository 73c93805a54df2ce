#include <asgiscope/trace/trace_json.hpp>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>
#include <variant>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <asgiscope/asgi/json.hpp>

#include "detail/json_read.hpp"

namespace asgiscope::trace {

namespace json = boost::json;
using detail::encode_bytes;
using detail::Node;
using detail::ReadError;

namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMinInt = std::numeric_limits<std::int64_t>::min();

// The ASGI type strings, whose static storage MessageEvent::type points at.
template <std::size_t... I>
constexpr auto message_types(std::index_sequence<I...>) {
    return std::array<std::string_view, sizeof...(I)>{std::variant_alternative_t<I, asgi::Message>::type...};
}
constexpr auto kMessageTypes = message_types(std::make_index_sequence<std::variant_size_v<asgi::Message>>{});

std::int64_t epoch_ns(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point from_epoch_ns(std::int64_t ns) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(ns)));
}

// ---- writing -----------------------------------------------------------------------------

json::value encode_param(const asgi::PathValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return encode_bytes(*s);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    const double d = std::get<double>(v);
    if (std::isfinite(d)) return d;
    json::object o;
    o["float"] = std::isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf");
    return o;
}

json::object encode_view(const ScopeView& v) {
    json::object o;
    o["path"] = encode_bytes(v.path);
    o["root_path"] = encode_bytes(v.root_path);
    if (v.app_root_path) o["app_root_path"] = encode_bytes(*v.app_root_path);
    o["route_name"] = encode_bytes(v.route_name);
    json::object params;
    for (const auto& [k, value] : v.path_params) params[k] = encode_param(value);
    o["path_params"] = std::move(params);
    return o;
}

json::array encode_headers(const asgi::Headers& headers) {
    json::array a;
    a.reserve(headers.size());
    for (const auto& [k, v] : headers) {
        json::array pair;
        pair.emplace_back(encode_bytes(k));
        pair.emplace_back(encode_bytes(v));
        a.emplace_back(std::move(pair));
    }
    return a;
}

json::object encode_message(const MessageEvent& m) {
    json::object o;
    o["direction"] = to_string(m.direction);
    o["time_ns"] = m.time_ns;
    o["type"] = m.type;
    if (m.status) o["status"] = m.status;
    if (m.shared_headers) o["headers"] = encode_headers(*m.shared_headers);
    if (m.more_body) o["more_body"] = true;
    if (m.code) o["code"] = m.code;
    if (!m.detail.empty()) o["detail"] = encode_bytes(m.detail);
    if (m.text) o["text"] = true;
    if (!m.body.empty()) o["body"] = encode_bytes(m.body.view());
    if (m.full_size != m.body.size()) o["full_size"] = m.full_size;
    return o;
}

json::object encode_span(const Span& s) {
    json::object o;
    o["name"] = encode_bytes(s.name);
    o["kind"] = to_string(s.kind);
    o["depth"] = s.depth;
    o["parent"] = s.parent;
    o["enter_ns"] = s.enter_ns;
    o["exit_ns"] = s.exit_ns;
    o["self_ns"] = s.self_ns;
    o["scope"] = encode_view(s.scope);
    json::array messages;
    messages.reserve(s.messages.size());
    for (const MessageEvent& m : s.messages) messages.emplace_back(encode_message(m));
    o["messages"] = std::move(messages);
    o["dropped_messages"] = s.dropped_messages;
    o["inner_called"] = s.inner_called;
    o["short_circuited"] = s.short_circuited;
    o["consumed_body"] = s.consumed_body;
    o["incomplete"] = s.incomplete;
    if (s.exception) {
        json::object e;
        e["type"] = encode_bytes(s.exception->type);
        e["message"] = encode_bytes(s.exception->message);
        e["raised_here"] = s.exception->raised_here;
        e["handled_here"] = s.exception->handled_here;
        e["escaped"] = s.exception->escaped;
        o["exception"] = std::move(e);
    }
    return o;
}

// ---- reading -----------------------------------------------------------------------------

// Rejects keys a reader does not know (a typo in a hand-written file must not pass silently).
void only_keys(const Node& n, std::initializer_list<std::string_view> keys) {
    for (const auto& kv : n.object()) {
        bool known = false;
        for (std::string_view k : keys) known = known || kv.key() == k;
        if (!known) n.fail("unknown key \"" + std::string(kv.key()) + "\"");
    }
}

template <class Enum, std::size_t N>
Enum enum_of(const Node& n, const std::array<Enum, N>& values) {
    const std::string s = n.text();
    std::string choices;
    for (Enum e : values) {
        if (to_string(e) == s) return e;
        choices += (choices.empty() ? "" : ", ") + std::string(to_string(e));
    }
    n.fail("must be one of " + choices + ", got \"" + s.substr(0, 64) + "\"");
}

asgi::PathValue read_param(const Node& n) {
    const json::value& v = n.value();
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return std::int64_t(n.integer(kMinInt, kMaxInt));
    if (v.is_double()) return v.get_double();
    if (const auto* o = v.if_object(); o && o->contains("float")) {
        only_keys(n, {"float"});
        const std::string f = n.at("float").text();
        if (f == "nan") return std::numeric_limits<double>::quiet_NaN();
        if (f == "inf") return std::numeric_limits<double>::infinity();
        if (f == "-inf") return -std::numeric_limits<double>::infinity();
        n.at("float").fail("must be \"nan\", \"inf\" or \"-inf\"");
    }
    return n.string();
}

ScopeView read_view(const Node& n) {
    only_keys(n, {"path", "root_path", "app_root_path", "route_name", "path_params"});
    ScopeView v;
    v.path = n.string_or("path", "");
    v.root_path = n.string_or("root_path", "");
    if (auto a = n.opt("app_root_path")) v.app_root_path = a->string();
    v.route_name = n.string_or("route_name", "");
    if (auto p = n.opt("path_params")) {
        for (const auto& kv : p->object()) {
            const std::string key(kv.key());
            v.path_params.emplace(key, read_param(p->at(key)));
        }
    }
    return v;
}

/// Reading one trace: shares equal headers and bodies between the spans, as the tracer did.
class TraceReader {
public:
    Trace read(const Node& root) {
        only_keys(root, {"id", "kind", "start_ns", "duration_ns", "bytes", "connection_id", "request_index", "scope",
                         "spans"});
        Trace t;
        t.id = TraceId(root.integer("id", 0, kMaxInt));
        t.kind = enum_of(root.at("kind"), std::array{TraceKind::http, TraceKind::websocket, TraceKind::lifespan});
        t.start = from_epoch_ns(root.integer_or("start_ns", 0, kMinInt, kMaxInt));
        t.duration_ns = root.integer_or("duration_ns", 0, kMinInt, kMaxInt);
        t.bytes = std::size_t(root.integer_or("bytes", 0, 0, kMaxInt));
        t.connection_id = std::uint64_t(root.integer_or("connection_id", 0, 0, kMaxInt));
        t.request_index = std::uint64_t(root.integer_or("request_index", 0, 0, kMaxInt));
        const Node scope = root.at("scope");
        try {
            t.scope = asgi::scope_from_json(scope.value());
        } catch (const asgi::JsonError& e) {
            scope.fail(e.what());
        }
        const Node spans = root.at("spans");
        const std::size_t n = spans.array().size();
        t.spans.reserve(n);
        for (std::size_t i = 0; i < n; ++i) t.spans.push_back(read_span(spans.item(i), i));
        return t;
    }

private:
    Span read_span(const Node& n, std::size_t index) {
        only_keys(n, {"name", "kind", "depth", "parent", "enter_ns", "exit_ns", "self_ns", "scope", "messages",
                      "dropped_messages", "inner_called", "short_circuited", "consumed_body", "incomplete",
                      "exception"});
        Span s;
        s.name = n.string("name");
        s.kind = enum_of(n.at("kind"), std::array{SpanKind::middleware, SpanKind::router, SpanKind::mount,
                                                  SpanKind::host, SpanKind::route, SpanKind::endpoint});
        s.depth = int(n.integer_or("depth", 0, 0, 1 << 20));
        s.parent = int(n.integer_or("parent", -1, -1, std::int64_t(index) - 1));
        s.enter_ns = n.integer_or("enter_ns", 0, kMinInt, kMaxInt);
        s.exit_ns = n.integer_or("exit_ns", 0, kMinInt, kMaxInt);
        s.self_ns = n.integer_or("self_ns", 0, kMinInt, kMaxInt);
        if (auto v = n.opt("scope")) s.scope = read_view(*v);
        if (auto m = n.opt("messages")) {
            const std::size_t count = m->array().size();
            s.messages.reserve(count);
            for (std::size_t i = 0; i < count; ++i) s.messages.push_back(read_message(m->item(i)));
        }
        s.dropped_messages = std::size_t(n.integer_or("dropped_messages", 0, 0, kMaxInt));
        s.inner_called = n.boolean_or("inner_called", false);
        s.short_circuited = n.boolean_or("short_circuited", false);
        s.consumed_body = n.boolean_or("consumed_body", false);
        s.incomplete = n.boolean_or("incomplete", false);
        if (auto e = n.opt("exception")) {
            only_keys(*e, {"type", "message", "raised_here", "handled_here", "escaped"});
            SpanException ex;
            ex.type = e->string("type");
            ex.message = e->string_or("message", "");
            ex.raised_here = e->boolean_or("raised_here", false);
            ex.handled_here = e->boolean_or("handled_here", false);
            ex.escaped = e->boolean_or("escaped", false);
            s.exception = std::move(ex);
        }
        return s;
    }

    MessageEvent read_message(const Node& n) {
        only_keys(n, {"direction", "time_ns", "type", "status", "headers", "more_body", "code", "detail", "text",
                      "body", "full_size"});
        MessageEvent m;
        m.direction = enum_of(n.at("direction"), std::array{Direction::receive, Direction::send});
        m.time_ns = n.integer_or("time_ns", 0, kMinInt, kMaxInt);
        const Node type = n.at("type");
        const std::string name = type.text();
        bool found = false;
        for (std::string_view t : kMessageTypes)
            if (t == name) {
                m.type = t;
                found = true;
            }
        if (!found) type.fail("is not an ASGI message type: \"" + name.substr(0, 64) + "\"");
        m.status = int(n.integer_or("status", 0, 0, 999));
        if (auto h = n.opt("headers")) m.shared_headers = share(h->header_pairs());
        m.more_body = n.boolean_or("more_body", false);
        m.code = int(n.integer_or("code", 0, 0, 65535));
        m.detail = n.string_or("detail", "");
        m.text = n.boolean_or("text", false);
        if (auto b = n.opt("body")) m.body = share_body(b->string());
        m.full_size = std::size_t(n.integer_or("full_size", std::int64_t(m.body.size()), 0, kMaxInt));
        if (m.full_size < m.body.size()) n.at("full_size").fail("is smaller than the body's size");
        return m;
    }

    std::shared_ptr<const asgi::Headers> share(asgi::Headers headers) {
        for (const auto& h : headers_)
            if (*h == headers) return h;
        auto h = std::make_shared<const asgi::Headers>(std::move(headers));
        remember(headers_, h);
        return h;
    }

    asgi::Bytes share_body(std::string body) {
        for (const auto& b : bodies_)
            if (b.view() == body) return b;
        asgi::Bytes b(std::move(body));
        remember(bodies_, b);
        return b;
    }

    template <class T>
    static void remember(std::vector<T>& recent, T value) {
        if (recent.size() >= 8) recent.erase(recent.begin());
        recent.push_back(std::move(value));
    }

    std::vector<std::shared_ptr<const asgi::Headers>> headers_;
    std::vector<asgi::Bytes> bodies_;
};

[[noreturn]] void fail(const std::string& what) { throw TraceFormatError(what, "", 0); }

// Parses one line as JSON; a syntax error names the column (a byte offset, 1-based).
json::value parse_line(std::string_view line) {
    json::parse_options options;
    options.max_depth = 512;
    json::parser p(json::storage_ptr(), options);
    boost::system::error_code ec;
    const std::size_t n = p.write(line.data(), line.size(), ec);
    if (ec) fail("not valid JSON at column " + std::to_string(n + 1) + ": " + ec.message());
    return p.release();
}

// Reads lines, never holding more than one line of at most `max` bytes.
class LineReader {
public:
    LineReader(std::FILE* file, std::string_view memory, std::size_t max) : file_(file), memory_(memory), max_(max) {}

    // The next line (without "\n" or "\r\n") in `line`; false at the end.
    bool next(std::string& line, std::size_t& number) {
        line.clear();
        if (at_end_) return false;
        number = ++line_;
        for (;;) {
            if (pos_ == data_.size() && !refill()) {
                at_end_ = true;
                if (line.empty()) return false;
                break;
            }
            const std::size_t nl = data_.find('\n', pos_);
            const std::size_t end = nl == std::string_view::npos ? data_.size() : nl;
            if (line.size() + (end - pos_) > max_)
                throw TraceFormatError("line is longer than the limit of " + std::to_string(max_) + " bytes", "",
                                       number);
            line.append(data_.substr(pos_, end - pos_));
            pos_ = end;
            if (nl != std::string_view::npos) {
                ++pos_;
                break;
            }
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
    }

private:
    bool refill() {
        pos_ = 0;
        if (!file_) {
            data_ = memory_;
            memory_ = {};
            return !data_.empty();
        }
        const std::size_t n = std::fread(buffer_.data(), 1, buffer_.size(), file_);
        if (n == 0 && std::ferror(file_)) throw TraceFormatError(std::string("read error: ") + std::strerror(errno), "", 0);
        data_ = std::string_view(buffer_.data(), n);
        return n > 0;
    }

    std::FILE* file_;
    std::string_view memory_;
    std::size_t max_;
    std::array<char, 64 * 1024> buffer_{};
    std::string_view data_;
    std::size_t pos_ = 0;
    std::size_t line_ = 0;
    bool at_end_ = false;
};

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

std::size_t read_lines(LineReader& reader, const std::function<bool(Trace&&)>& on_trace, const std::string& name) {
    std::string line;
    std::size_t number = 0;
    std::size_t count = 0;
    bool header = false;
    try {
        while (reader.next(line, number)) {
            if (blank(line)) continue;
            if (!header) {
                check_trace_file_header(parse_line(line));
                header = true;
                continue;
            }
            Trace t = parse_trace_json_line(line);
            ++count;
            if (!on_trace(std::move(t))) break;
        }
    } catch (const TraceFormatError& e) {
        const std::size_t at = e.line() ? e.line() : number;
        throw TraceFormatError(name + ":" + std::to_string(at) + ": " + e.what(), name, at);
    }
    if (!header)
        throw TraceFormatError(name + ": empty file: no \"" + std::string(trace_file_format) + "\" header line", name,
                               0);
    return count;
}

}  // namespace

json::value to_json(const Trace& trace) {
    json::object o;
    o["id"] = trace.id;
    o["kind"] = to_string(trace.kind);
    o["start_ns"] = epoch_ns(trace.start);
    o["duration_ns"] = trace.duration_ns;
    o["bytes"] = trace.bytes;
    // Written only when the server numbered the connection (version 1 files may lack them).
    if (trace.connection_id != 0) o["connection_id"] = trace.connection_id;
    if (trace.request_index != 0) o["request_index"] = trace.request_index;
    o["scope"] = asgi::to_json(trace.scope);
    json::array spans;
    spans.reserve(trace.spans.size());
    for (const Span& s : trace.spans) spans.emplace_back(encode_span(s));
    o["spans"] = std::move(spans);
    return o;
}

Trace trace_from_json(const json::value& value) {
    try {
        TraceReader reader;
        return reader.read(Node(value, ""));
    } catch (const ReadError& e) {
        fail(e.what());
    }
}

json::value trace_file_header() {
    json::object o;
    o["format"] = trace_file_format;
    o["version"] = trace_file_version;
    o["generator"] = "asgiscope";
    return o;
}

void check_trace_file_header(const json::value& value) {
    try {
        const Node n(value, "");
        if (!value.is_object()) fail("not an asgiscope trace file: the first line must be a header object");
        const std::string format = n.has("format") ? n.at("format").text() : std::string();
        if (format != trace_file_format)
            fail("not an asgiscope trace file: the header's \"format\" must be \"" + std::string(trace_file_format) +
                 "\"");
        const std::int64_t version = n.integer("version", 0, kMaxInt);
        if (version != trace_file_version)
            fail("unsupported trace file version " + std::to_string(version) + " (this asgiscope reads version " +
                 std::to_string(trace_file_version) + ")");
    } catch (const ReadError& e) {
        fail(std::string("bad header: ") + e.what());
    }
}

Trace parse_trace_json_line(std::string_view line) {
    const json::value v = parse_line(line);
    if (!v.is_object()) fail("a trace line must be a JSON object, got " + std::string(detail::kind_name(v)));
    return trace_from_json(v);
}

std::size_t read_trace_file(const std::string& path, const std::function<bool(Trace&&)>& on_trace,
                            TraceReadOptions options) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw TraceFormatError(path + ": cannot open: " + std::strerror(errno), path, 0);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(f, &std::fclose);
    auto reader = std::make_unique<LineReader>(f, std::string_view(), options.max_line_bytes);
    return read_lines(*reader, on_trace, path);
}

std::size_t read_trace_bytes(std::string_view bytes, const std::function<bool(Trace&&)>& on_trace,
                             const std::string& name, TraceReadOptions options) {
    auto reader = std::make_unique<LineReader>(nullptr, bytes, options.max_line_bytes);
    return read_lines(*reader, on_trace, name);
}

// ---- TraceFileWriter -----------------------------------------------------------------------

TraceFileWriter::TraceFileWriter(std::string path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw std::runtime_error(path_ + ": cannot create trace file: " + std::strerror(errno));
    std::string header = json::serialize(trace_file_header());
    header += '\n';
    std::lock_guard lock(mutex_);
    if (std::fwrite(header.data(), 1, header.size(), file_) != header.size()) fail_locked("cannot write");
}

TraceFileWriter::~TraceFileWriter() {
    try {
        close();
    } catch (...) {
    }
}

void TraceFileWriter::fail_locked(const std::string& what) {
    const std::string reason = std::strerror(errno);
    throw std::runtime_error(path_ + ": " + what + ": " + reason);
}

void TraceFileWriter::write(const Trace& trace) {
    std::string line = json::serialize(to_json(trace));
    line += '\n';
    std::lock_guard lock(mutex_);
    if (!file_) throw std::runtime_error(path_ + ": trace file is closed");
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) fail_locked("cannot write");
    ++written_;
}

void TraceFileWriter::flush() {
    std::lock_guard lock(mutex_);
    if (file_ && std::fflush(file_) != 0) fail_locked("cannot flush");
}

void TraceFileWriter::close() {
    std::lock_guard lock(mutex_);
    if (!file_) return;
    std::FILE* f = std::exchange(file_, nullptr);
    const bool error = std::ferror(f) != 0;
    if (std::fclose(f) != 0 || error) fail_locked("cannot close");
}

bool TraceFileWriter::is_open() const {
    std::lock_guard lock(mutex_);
    return file_ != nullptr;
}

std::size_t TraceFileWriter::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

}  // namespace asgiscope::trace
