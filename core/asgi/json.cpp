#include <asgiscope/asgi/json.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <typeinfo>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace asgiscope::asgi {

namespace json = boost::json;

namespace {

std::string_view sv(const json::string& s) { return {s.data(), s.size()}; }

// Deepest nesting accepted by the string readers and kept in state values.
constexpr std::size_t kMaxDepth = 512;

// ---- UTF-8 -----------------------------------------------------------------------------

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at p (n bytes available), 0 if none.
std::size_t utf8_sequence(const unsigned char* p, std::size_t n) {
    const unsigned c = p[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;  // continuation byte or overlong 2-byte lead
    if (c < 0xE0) return (n >= 2 && is_cont(p[1])) ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3) return 0;
        const unsigned lo = (c == 0xE0) ? 0xA0 : 0x80;  // overlong
        const unsigned hi = (c == 0xED) ? 0x9F : 0xBF;  // surrogates
        return (p[1] >= lo && p[1] <= hi && is_cont(p[2])) ? 3 : 0;
    }
    if (c < 0xF5) {
        if (n < 4) return 0;
        const unsigned lo = (c == 0xF0) ? 0x90 : 0x80;  // overlong
        const unsigned hi = (c == 0xF4) ? 0x8F : 0xBF;  // above U+10FFFF
        return (p[1] >= lo && p[1] <= hi && is_cont(p[2]) && is_cont(p[3])) ? 4 : 0;
    }
    return 0;
}

// `s` with every byte that is not part of a well-formed sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t len = utf8_sequence(p + i, s.size() - i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.data() + i, len);
            i += len;
        }
    }
    return out;
}

// ---- base64 ----------------------------------------------------------------------------

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// ---- writing ---------------------------------------------------------------------------

// A string field: a JSON string when valid UTF-8, else {"base64": ...}.
json::value encode_string(std::string_view s) {
    if (is_valid_utf8(s)) return json::string(s);
    json::object o;
    o["base64"] = base64_encode(s);
    return o;
}

json::array encode_headers(const Headers& headers) {
    json::array a;
    a.reserve(headers.size());
    for (const auto& [name, value] : headers) {
        json::array pair;
        pair.reserve(2);
        pair.push_back(encode_string(name));
        pair.push_back(encode_string(value));
        a.push_back(std::move(pair));
    }
    return a;
}

json::value encode_optional(const std::optional<std::string>& s) {
    return s ? encode_string(*s) : json::value(nullptr);
}

json::value encode_address(const std::optional<Address>& a) {
    if (!a) return nullptr;
    json::array pair;
    pair.push_back(encode_string(a->host));
    pair.push_back(a->port);
    return pair;
}

// A JSON value held in state, made serialisable: strings that are not UTF-8 get the base64
// form, keys are repaired, non-finite doubles and over-deep nesting become "<opaque>".
json::value sanitize(const json::value& v, std::size_t depth) {
    if (depth > kMaxDepth) return json::string("<opaque>");
    switch (v.kind()) {
    case json::kind::string: return encode_string(sv(v.get_string()));
    case json::kind::double_:
        return std::isfinite(v.get_double()) ? v : json::value(json::string("<opaque>"));
    case json::kind::array: {
        json::array out;
        out.reserve(v.get_array().size());
        for (const auto& e : v.get_array()) out.push_back(sanitize(e, depth + 1));
        return out;
    }
    case json::kind::object: {
        json::object out;
        for (const auto& kv : v.get_object())
            out[to_valid_utf8(kv.key())] = sanitize(kv.value(), depth + 1);
        return out;
    }
    default: return v;
    }
}

json::value encode_state_value(const std::any& a) {
    if (!a.has_value()) return nullptr;
    const std::type_info& t = a.type();
    if (t == typeid(std::string)) return encode_string(std::any_cast<const std::string&>(a));
    if (t == typeid(const char*) || t == typeid(char*)) {
        const char* p = (t == typeid(char*)) ? std::any_cast<char*>(a) : std::any_cast<const char*>(a);
        return p ? encode_string(p) : json::value(nullptr);
    }
    if (t == typeid(bool)) return std::any_cast<bool>(a);
    if (t == typeid(int)) return std::any_cast<int>(a);
    if (t == typeid(long)) return std::any_cast<long>(a);
    if (t == typeid(long long)) return std::any_cast<long long>(a);
    if (t == typeid(unsigned)) return std::any_cast<unsigned>(a);
    if (t == typeid(unsigned long)) return std::any_cast<unsigned long>(a);
    if (t == typeid(unsigned long long)) return std::any_cast<unsigned long long>(a);
    if (t == typeid(double) || t == typeid(float)) {
        const double d = (t == typeid(float)) ? double(std::any_cast<float>(a)) : std::any_cast<double>(a);
        return std::isfinite(d) ? json::value(d) : json::value(json::string("<opaque>"));
    }
    if (t == typeid(json::value)) return sanitize(std::any_cast<const json::value&>(a), 0);
    if (t == typeid(json::object)) return sanitize(std::any_cast<const json::object&>(a), 0);
    if (t == typeid(json::array)) return sanitize(std::any_cast<const json::array&>(a), 0);
    if (t == typeid(json::string)) return sanitize(std::any_cast<const json::string&>(a), 0);
    return json::string("<opaque>");
}

json::value encode_state(const std::shared_ptr<State>& state) {
    if (!state) return nullptr;
    json::object o;
    for (const auto& [key, value] : *state) o[to_valid_utf8(key)] = encode_state_value(value);
    return o;
}

json::object encode_extensions(const Extensions& e) {
    json::object o;
    if (e.websocket_http_response) o["websocket.http.response"] = json::object();
    if (e.tls) {
        const TlsInfo& t = *e.tls;
        json::object tls;
        tls["server_cert"] = encode_optional(t.server_cert);
        json::array chain;
        for (const auto& c : t.client_cert_chain) chain.push_back(encode_string(c));
        tls["client_cert_chain"] = std::move(chain);
        tls["client_cert_name"] = encode_optional(t.client_cert_name);
        tls["client_cert_error"] = encode_optional(t.client_cert_error);
        tls["tls_version"] = t.tls_version ? json::value(*t.tls_version) : json::value(nullptr);
        tls["cipher_suite"] = t.cipher_suite ? json::value(*t.cipher_suite) : json::value(nullptr);
        o["tls"] = std::move(tls);
    }
    return o;
}

json::object encode_path_params(const PathParams& params) {
    json::object o;
    for (const auto& [name, value] : params) {
        json::value v;
        if (const auto* text = std::get_if<std::string>(&value))
            v = encode_string(*text);
        else if (const auto* i = std::get_if<std::int64_t>(&value))
            v = *i;
        else if (const double d = std::get<double>(value); std::isfinite(d))
            v = d;  // non-finite numbers have no JSON form: null
        o[to_valid_utf8(name)] = std::move(v);
    }
    return o;
}

// The framework's keys (types.hpp, after `extensions`), each only when set.
void encode_framework_keys(json::object& o, const Scope& scope) {
    if (!scope.path_params.empty()) o["path_params"] = encode_path_params(scope.path_params);
    if (!scope.route_name.empty()) o["route_name"] = encode_string(scope.route_name);
    if (scope.app_root_path) o["app_root_path"] = encode_string(*scope.app_root_path);
    if (scope.in_app) o["in_app"] = true;
    if (scope.cached_body) o["cached_body"] = encode_string(scope.cached_body->view());
    if (scope.session) o["session"] = sanitize(*scope.session, 0);
}

// Fields of each message type, after "type".
void write_fields(json::object& o, const HttpRequest& m) {
    o["body"] = encode_string(m.body.view());
    o["more_body"] = m.more_body;
}
void write_fields(json::object& o, const HttpResponseStart& m) {
    o["status"] = m.status;
    o["headers"] = encode_headers(m.headers);
    o["trailers"] = m.trailers;
}
void write_fields(json::object& o, const HttpResponseBody& m) {
    o["body"] = encode_string(m.body.view());
    o["more_body"] = m.more_body;
}
void write_fields(json::object& o, const WebSocketAccept& m) {
    if (m.subprotocol) o["subprotocol"] = encode_string(*m.subprotocol);
    o["headers"] = encode_headers(m.headers);
}
template <class T>
    requires std::same_as<T, WebSocketReceive> || std::same_as<T, WebSocketSend>
void write_fields(json::object& o, const T& m) {
    if (m.bytes) o["bytes"] = encode_string(m.bytes->view());
    if (m.text) o["text"] = encode_string(*m.text);
}
template <class T>
    requires std::same_as<T, WebSocketDisconnect> || std::same_as<T, WebSocketClose>
void write_fields(json::object& o, const T& m) {
    o["code"] = m.code;
    o["reason"] = encode_string(m.reason);
}
void write_fields(json::object& o, const WebSocketHttpResponseStart& m) {
    o["status"] = m.status;
    o["headers"] = encode_headers(m.headers);
}
void write_fields(json::object& o, const WebSocketHttpResponseBody& m) {
    o["body"] = encode_string(m.body.view());
    o["more_body"] = m.more_body;
}
template <class T>
    requires std::same_as<T, LifespanStartupFailed> || std::same_as<T, LifespanShutdownFailed>
void write_fields(json::object& o, const T& m) {
    o["message"] = encode_string(m.message);
}
// Types without fields.
template <class T>
void write_fields(json::object&, const T&) {}

// ---- reading ---------------------------------------------------------------------------

std::string_view kind_name(const json::value& v) {
    switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
    }
    return "?";
}

// A key as shown in error messages: JSON-quoted, cut when very long.
std::string quote(std::string_view key) {
    constexpr std::size_t kMax = 64;
    const bool cut = key.size() > kMax;
    std::string s = json::serialize(json::string(to_valid_utf8(key.substr(0, kMax))));
    if (cut) s.insert(s.size() - 1, "...");
    return s;
}

// Reads the members of one JSON object, remembering which keys it knows so that `done()`
// can reject the rest. `ctx` names the message type or scope, `path` the enclosing keys.
class Reader {
public:
    Reader(const json::object& o, std::string ctx, std::string path = {})
        : o_(o), ctx_(std::move(ctx)), path_(std::move(path)) {}

    const std::string& ctx() const { return ctx_; }
    std::string where(std::string_view key) const {
        return path_.empty() ? quote(key) : path_ + "[" + quote(key) + "]";
    }

    [[noreturn]] void fail(const std::string& what) const { throw JsonError(ctx_ + ": " + what); }

    const json::value* opt(std::string_view key) {
        known_.push_back(key);
        return o_.if_contains(key);
    }
    // Absent and null both mean "not set".
    const json::value* opt_nonnull(std::string_view key) {
        const json::value* v = opt(key);
        return (v && v->is_null()) ? nullptr : v;
    }
    const json::value& req(std::string_view key) {
        const json::value* v = opt(key);
        if (!v) fail(where(key) + " is missing");
        return *v;
    }

    void done() const {
        for (const auto& kv : o_)
            if (std::find(known_.begin(), known_.end(), std::string_view(kv.key())) == known_.end())
                fail("unknown key " + where(kv.key()));
    }

    // Typed accessors; `v` belongs to `where`.
    std::string string_at(const json::value& v, const std::string& at) const {
        if (const json::string* s = v.if_string()) return std::string(s->data(), s->size());
        if (const json::object* o = v.if_object(); o && o->size() == 1) {
            if (const json::value* b = o->if_contains("base64")) {
                const json::string* s = b->if_string();
                if (!s) fail(at + "[\"base64\"] must be a string, got " + std::string(kind_name(*b)));
                auto decoded = base64_decode(sv(*s));
                if (!decoded) fail(at + " is not valid base64");
                return std::move(*decoded);
            }
        }
        fail(at + " must be a string or {\"base64\": string}, got " + std::string(kind_name(v)));
    }
    bool bool_at(const json::value& v, const std::string& at) const {
        if (!v.is_bool()) fail(at + " must be true or false, got " + std::string(kind_name(v)));
        return v.get_bool();
    }
    std::int64_t int_at(const json::value& v, const std::string& at, std::int64_t lo,
                        std::int64_t hi) const {
        std::int64_t x = 0;
        if (v.is_int64()) {
            x = v.get_int64();
        } else if (v.is_uint64()) {
            if (v.get_uint64() > std::uint64_t(hi))
                fail(at + " must be in " + std::to_string(lo) + ".." + std::to_string(hi) +
                     ", got " + std::to_string(v.get_uint64()));
            x = std::int64_t(v.get_uint64());
        } else {
            fail(at + " must be an integer, got " + std::string(kind_name(v)));
        }
        if (x < lo || x > hi)
            fail(at + " must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                 std::to_string(x));
        return x;
    }
    const json::object& object_at(const json::value& v, const std::string& at) const {
        const json::object* o = v.if_object();
        if (!o) fail(at + " must be an object, got " + std::string(kind_name(v)));
        return *o;
    }
    const json::array& array_at(const json::value& v, const std::string& at) const {
        const json::array* a = v.if_array();
        if (!a) fail(at + " must be an array, got " + std::string(kind_name(v)));
        return *a;
    }

    std::string string(std::string_view key, std::string_view fallback) {
        const json::value* v = opt(key);
        return v ? string_at(*v, where(key)) : std::string(fallback);
    }
    std::string string_req(std::string_view key) { return string_at(req(key), where(key)); }
    std::optional<std::string> string_opt(std::string_view key) {
        const json::value* v = opt_nonnull(key);
        if (!v) return std::nullopt;
        return string_at(*v, where(key));
    }
    Bytes bytes(std::string_view key) { return Bytes(string(key, {})); }
    std::optional<Bytes> bytes_opt(std::string_view key) {
        auto s = string_opt(key);
        if (!s) return std::nullopt;
        return Bytes(std::move(*s));
    }
    bool boolean(std::string_view key, bool fallback) {
        const json::value* v = opt(key);
        return v ? bool_at(*v, where(key)) : fallback;
    }
    int integer(std::string_view key, int fallback, int lo, int hi) {
        const json::value* v = opt(key);
        return v ? int(int_at(*v, where(key), lo, hi)) : fallback;
    }
    int integer_req(std::string_view key, int lo, int hi) {
        return int(int_at(req(key), where(key), lo, hi));
    }
    std::optional<int> integer_opt(std::string_view key, int lo, int hi) {
        const json::value* v = opt_nonnull(key);
        if (!v) return std::nullopt;
        return int(int_at(*v, where(key), lo, hi));
    }

    Headers headers_at(const json::value& v, const std::string& at) const {
        const json::array& a = array_at(v, at);
        Headers out;
        out.reserve(a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string item = at + "[" + std::to_string(i) + "]";
            const json::array* pair = a[i].if_array();
            if (!pair || pair->size() != 2)
                fail(item + " must be a [name, value] pair, got " +
                     (pair ? "an array of " + std::to_string(pair->size())
                           : std::string(kind_name(a[i]))));
            out.emplace_back(string_at((*pair)[0], item + "[0]"), string_at((*pair)[1], item + "[1]"));
        }
        return out;
    }
    Headers headers(std::string_view key) {
        const json::value* v = opt(key);
        return v ? headers_at(*v, where(key)) : Headers{};
    }
    Headers headers_req(std::string_view key) { return headers_at(req(key), where(key)); }

    std::vector<std::string> strings(std::string_view key) {
        std::vector<std::string> out;
        const json::value* v = opt(key);
        if (!v) return out;
        const std::string at = where(key);
        const json::array& a = array_at(*v, at);
        for (std::size_t i = 0; i < a.size(); ++i)
            out.push_back(string_at(a[i], at + "[" + std::to_string(i) + "]"));
        return out;
    }

    std::optional<Address> address(std::string_view key) {
        const json::value* v = opt_nonnull(key);
        if (!v) return std::nullopt;
        const std::string at = where(key);
        const json::array* pair = v->if_array();
        if (!pair || pair->size() != 2) fail(at + " must be [host, port] or null");
        Address a;
        a.host = string_at((*pair)[0], at + "[0]");
        a.port = std::uint16_t(int_at((*pair)[1], at + "[1]", 0, 65535));
        return a;
    }

    Reader nested(const json::object& o, std::string_view key) const {
        return Reader(o, ctx_, where(key));
    }

private:
    const json::object& o_;
    std::string ctx_;
    std::string path_;
    std::vector<std::string_view> known_;
};

// Field readers for each message type ("type" is already known).
void read_fields(Reader& r, HttpRequest& m) {
    m.body = r.bytes("body");
    m.more_body = r.boolean("more_body", false);
}
void read_fields(Reader& r, HttpResponseStart& m) {
    m.status = r.integer_req("status", 100, 599);
    m.headers = r.headers("headers");
    m.trailers = r.boolean("trailers", false);
}
void read_fields(Reader& r, HttpResponseBody& m) {
    m.body = r.bytes("body");
    m.more_body = r.boolean("more_body", false);
}
void read_fields(Reader& r, WebSocketAccept& m) {
    m.subprotocol = r.string_opt("subprotocol");
    m.headers = r.headers("headers");
}
template <class T>
    requires std::same_as<T, WebSocketReceive> || std::same_as<T, WebSocketSend>
void read_fields(Reader& r, T& m) {
    m.bytes = r.bytes_opt("bytes");
    m.text = r.string_opt("text");
    if (m.bytes.has_value() == m.text.has_value())
        r.fail("exactly one of \"bytes\" and \"text\" must be set");
}
void read_fields(Reader& r, WebSocketDisconnect& m) {
    m.code = r.integer_req("code", 1000, 4999);
    m.reason = r.string("reason", "");
}
void read_fields(Reader& r, WebSocketClose& m) {
    m.code = r.integer("code", 1000, 1000, 4999);
    m.reason = r.string("reason", "");
}
void read_fields(Reader& r, WebSocketHttpResponseStart& m) {
    m.status = r.integer_req("status", 100, 599);
    m.headers = r.headers("headers");
}
void read_fields(Reader& r, WebSocketHttpResponseBody& m) {
    m.body = r.bytes("body");
    m.more_body = r.boolean("more_body", false);
}
template <class T>
    requires std::same_as<T, LifespanStartupFailed> || std::same_as<T, LifespanShutdownFailed>
void read_fields(Reader& r, T& m) {
    m.message = r.string("message", "");
}
template <class T>
void read_fields(Reader&, T&) {}

template <std::size_t I = 0>
Message decode_message(const json::object& o, std::string_view type) {
    if constexpr (I == std::variant_size_v<Message>) {
        throw JsonError("message: unknown \"type\" " + quote(type));
    } else {
        using T = std::variant_alternative_t<I, Message>;
        if (type != T::type) return decode_message<I + 1>(o, type);
        Reader r(o, std::string(T::type));
        r.opt("type");
        T m;
        read_fields(r, m);
        r.done();
        return m;
    }
}

// Nesting depth of `v`, counted without recursion; stops counting past `limit`.
std::size_t depth_of(const json::value& v, std::size_t limit) {
    std::vector<std::pair<const json::value*, std::size_t>> stack{{&v, 0}};
    std::size_t deepest = 0;
    while (!stack.empty()) {
        auto [p, d] = stack.back();
        stack.pop_back();
        deepest = std::max(deepest, d);
        if (deepest > limit) break;
        if (const json::array* a = p->if_array())
            for (const auto& e : *a) stack.emplace_back(&e, d + 1);
        else if (const json::object* o = p->if_object())
            for (const auto& kv : *o) stack.emplace_back(&kv.value(), d + 1);
    }
    return deepest;
}

std::shared_ptr<State> read_state(Reader& r) {
    const json::value* v = r.opt_nonnull("state");
    if (!v) return nullptr;
    const json::object& o = r.object_at(*v, r.where("state"));
    auto state = std::make_shared<State>();
    for (const auto& kv : o) {
        const json::value& x = kv.value();
        std::any a;
        switch (x.kind()) {
        case json::kind::null: break;
        case json::kind::bool_: a = x.get_bool(); break;
        case json::kind::int64: a = std::int64_t(x.get_int64()); break;
        case json::kind::uint64:
            if (x.get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
                a = std::int64_t(x.get_uint64());
            else
                a = std::uint64_t(x.get_uint64());
            break;
        case json::kind::double_: a = x.get_double(); break;
        case json::kind::string: a = std::string(sv(x.get_string())); break;
        case json::kind::array:
        case json::kind::object:
            if (depth_of(x, kMaxDepth) > kMaxDepth)
                r.fail(r.where("state") + "[" + quote(kv.key()) + "] is nested too deeply");
            a = x;
            break;
        }
        state->insert_or_assign(std::string(kv.key()), std::move(a));
    }
    return state;
}

PathParams read_path_params(Reader& r) {
    PathParams params;
    const json::value* v = r.opt("path_params");
    if (!v) return params;
    const std::string at = r.where("path_params");
    for (const auto& kv : r.object_at(*v, at)) {
        const std::string item = at + "[" + quote(kv.key()) + "]";
        const json::value& x = kv.value();
        PathValue value;
        if (x.is_int64()) {
            value = std::int64_t(x.get_int64());
        } else if (x.is_uint64()) {
            value = std::int64_t(r.int_at(x, item, std::numeric_limits<std::int64_t>::min(),
                                          std::numeric_limits<std::int64_t>::max()));
        } else if (x.is_double()) {
            value = x.get_double();
        } else if (x.is_null()) {
            value = std::numeric_limits<double>::quiet_NaN();
        } else if (x.is_string() || x.is_object()) {
            value = r.string_at(x, item);
        } else {
            r.fail(item + " must be a string or a number, got " + std::string(kind_name(x)));
        }
        params.insert_or_assign(std::string(kv.key()), std::move(value));
    }
    return params;
}

void read_framework_keys(Reader& r, Scope& s) {
    s.path_params = read_path_params(r);
    s.route_name = r.string("route_name", "");
    s.app_root_path = r.string_opt("app_root_path");
    s.in_app = r.boolean("in_app", false);
    if (auto body = r.string_opt("cached_body")) s.cached_body = Bytes(std::move(*body));
    if (const json::value* v = r.opt_nonnull("session")) {
        const json::object& session = r.object_at(*v, r.where("session"));
        if (depth_of(*v, kMaxDepth) > kMaxDepth) r.fail(r.where("session") + " is nested too deeply");
        s.session = std::make_shared<json::object>(session);
    }
}

TlsInfo read_tls(Reader& r) {
    TlsInfo t;
    t.server_cert = r.string_opt("server_cert");
    t.client_cert_chain = r.strings("client_cert_chain");
    t.client_cert_name = r.string_opt("client_cert_name");
    t.client_cert_error = r.string_opt("client_cert_error");
    t.tls_version = r.integer_opt("tls_version", 0, 65535);
    t.cipher_suite = r.integer_opt("cipher_suite", 0, 65535);
    r.done();
    return t;
}

Extensions read_extensions(Reader& r) {
    Extensions e;
    const json::value* v = r.opt("extensions");
    if (!v) return e;
    Reader x = r.nested(r.object_at(*v, r.where("extensions")), "extensions");
    if (const json::value* w = x.opt("websocket.http.response")) {
        const std::string at = x.where("websocket.http.response");
        if (!x.object_at(*w, at).empty()) x.fail(at + " must be {}");
        e.websocket_http_response = true;
    }
    if (const json::value* t = x.opt("tls")) {
        Reader tr = x.nested(x.object_at(*t, x.where("tls")), "tls");
        e.tls = read_tls(tr);
    }
    x.done();
    return e;
}

json::value parse_text(std::string_view text, std::string_view ctx) {
    json::parse_options opt;
    opt.max_depth = kMaxDepth;
    json::parser p(json::storage_ptr(), opt);
    json::error_code ec;
    const std::size_t n = p.write(text.data(), text.size(), ec);
    if (ec)
        throw JsonError(std::string(ctx) + ": invalid JSON at offset " + std::to_string(n) + ": " +
                        ec.message());
    return p.release();
}

}  // namespace

// ---- public ----------------------------------------------------------------------------

bool is_valid_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence(p + i, n - i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t(p[i]) << 16) | (std::uint32_t(p[i + 1]) << 8) | p[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t(p[i]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const std::uint32_t v = (std::uint32_t(p[i]) << 16) | (std::uint32_t(p[i + 1]) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int s[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + std::size_t(k)];
            if (c == '=' && last && k >= 2) {
                s[k] = 0;
                ++pad;
                continue;
            }
            if (pad > 0) return std::nullopt;  // data after padding
            s[k] = sextet(c);
            if (s[k] < 0) return std::nullopt;
        }
        const std::uint32_t v = (std::uint32_t(s[0]) << 18) | (std::uint32_t(s[1]) << 12) |
                                (std::uint32_t(s[2]) << 6) | std::uint32_t(s[3]);
        if (pad == 2 && (s[1] & 0x0F) != 0) return std::nullopt;  // non-canonical
        if (pad == 1 && (s[2] & 0x03) != 0) return std::nullopt;
        out += char((v >> 16) & 0xFF);
        if (pad < 2) out += char((v >> 8) & 0xFF);
        if (pad < 1) out += char(v & 0xFF);
    }
    return out;
}

json::value to_json(const Message& message) {
    json::object o;
    o["type"] = type_name(message);
    std::visit([&](const auto& m) { write_fields(o, m); }, message);
    return o;
}

json::value to_json(const Scope& scope) {
    const bool http = scope.type == "http";
    const bool ws = scope.type == "websocket";
    const bool lifespan = scope.type == "lifespan";
    json::object o;
    o["type"] = encode_string(scope.type);
    json::object asgi;
    asgi["version"] = encode_string(scope.asgi.version);
    asgi["spec_version"] = encode_string(scope.asgi.spec_version);
    o["asgi"] = std::move(asgi);
    if (!lifespan) {  // unknown types get every key, for the record
        o["http_version"] = encode_string(scope.http_version);
        if (!ws) o["method"] = encode_string(scope.method);
        o["scheme"] = encode_string(scope.scheme);
        o["path"] = encode_string(scope.path);
        o["raw_path"] = encode_string(scope.raw_path);
        o["query_string"] = encode_string(scope.query_string);
        o["root_path"] = encode_string(scope.root_path);
        o["headers"] = encode_headers(scope.headers);
        o["client"] = encode_address(scope.client);
        o["server"] = encode_address(scope.server);
        if (!http) {
            json::array protocols;
            for (const auto& p : scope.subprotocols) protocols.push_back(encode_string(p));
            o["subprotocols"] = std::move(protocols);
        }
    }
    o["state"] = encode_state(scope.state);
    if (!lifespan) {
        o["extensions"] = encode_extensions(scope.extensions);
        encode_framework_keys(o, scope);
    } else if (scope.in_app) {
        o["in_app"] = true;  // the one framework key a lifespan scope can carry
    }
    return o;
}

Message message_from_json(const json::value& v) {
    const json::object* o = v.if_object();
    if (!o) throw JsonError("message: must be a JSON object, got " + std::string(kind_name(v)));
    const json::value* type = o->if_contains("type");
    if (!type) throw JsonError("message: \"type\" is missing");
    const json::string* s = type->if_string();
    if (!s) throw JsonError("message: \"type\" must be a string, got " + std::string(kind_name(*type)));
    return decode_message(*o, sv(*s));
}

Scope scope_from_json(const json::value& v) {
    const json::object* o = v.if_object();
    if (!o) throw JsonError("scope: must be a JSON object, got " + std::string(kind_name(v)));
    const json::value* type = o->if_contains("type");
    if (!type) throw JsonError("scope: \"type\" is missing");
    const json::string* t = type->if_string();
    if (!t) throw JsonError("scope: \"type\" must be a string, got " + std::string(kind_name(*type)));
    const bool http = *t == "http";
    const bool ws = *t == "websocket";
    const bool lifespan = *t == "lifespan";
    if (!http && !ws && !lifespan) throw JsonError("scope: unknown \"type\" " + quote(sv(*t)));

    Scope s;
    s.type = std::string(sv(*t));
    Reader r(*o, s.type + " scope");
    r.opt("type");
    {
        const json::value& a = r.req("asgi");
        Reader ar = r.nested(r.object_at(a, r.where("asgi")), "asgi");
        s.asgi.version = ar.string_req("version");
        s.asgi.spec_version = ar.string("spec_version", lifespan ? "1.0" : "2.0");
        ar.done();
    }
    if (http) {
        s.http_version = r.string_req("http_version");
        s.method = r.string_req("method");
        s.scheme = r.string("scheme", "http");
        s.query_string = r.string_req("query_string");
    } else if (ws) {
        s.http_version = r.string("http_version", "1.1");
        s.scheme = r.string("scheme", "ws");
        s.query_string = r.string("query_string", "");
        s.subprotocols = r.strings("subprotocols");
    }
    if (!lifespan) {
        s.path = r.string_req("path");
        s.raw_path = r.string("raw_path", "");
        s.root_path = r.string("root_path", "");
        s.headers = r.headers_req("headers");
        s.client = r.address("client");
        s.server = r.address("server");
        s.extensions = read_extensions(r);
        read_framework_keys(r, s);
    }
    if (lifespan) s.in_app = r.boolean("in_app", false);
    s.state = read_state(r);
    r.done();
    return s;
}

std::string to_json_string(const Message& message) { return json::serialize(to_json(message)); }
std::string to_json_string(const Scope& scope) { return json::serialize(to_json(scope)); }

Message message_from_json_string(std::string_view text) {
    return message_from_json(parse_text(text, "message"));
}
Scope scope_from_json_string(std::string_view text) {
    return scope_from_json(parse_text(text, "scope"));
}

}  // namespace asgiscope::asgi
