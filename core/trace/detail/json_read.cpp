#include "json_read.hpp"

#include <cctype>
#include <cmath>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <asgiscope/asgi/json.hpp>

#include "../../detail/utf8.hpp"

namespace asgiscope::trace::detail {

namespace json = boost::json;

std::string_view kind_name(const json::value& v) {
    switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
    }
    return "a value";
}

namespace {

std::string member_path(const std::string& path, std::string_view key) {
    std::string out = path;
    bool plain = !key.empty();
    for (char c : key)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) plain = false;
    if (plain) {
        if (!out.empty()) out += '.';
        out += key;
    } else {
        out += '[';
        out += json::serialize(json::string(asgiscope::detail::utf8_replace(key.substr(0, 64))));
        out += ']';
    }
    return out;
}

std::string got(const json::value& v) { return ", got " + std::string(kind_name(v)); }

}  // namespace

void Node::fail(const std::string& what) const {
    throw ReadError(path_.empty() ? what : what + " (at " + path_ + ")", path_);
}

const json::object& Node::object() const {
    if (const auto* o = v_.if_object()) return *o;
    fail("must be an object" + got(v_));
}

const json::array& Node::array() const {
    if (const auto* a = v_.if_array()) return *a;
    fail("must be an array" + got(v_));
}

std::string Node::text() const {
    if (const auto* s = v_.if_string()) return std::string(s->data(), s->size());
    fail("must be a string" + got(v_));
}

std::string Node::string() const {
    if (const auto* s = v_.if_string()) return std::string(s->data(), s->size());
    if (const auto* o = v_.if_object(); o && o->size() == 1) {
        if (const json::value* b = o->if_contains("base64")) {
            const json::string* s = b->if_string();
            if (!s) fail("\"base64\" must be a string" + got(*b));
            auto decoded = asgi::base64_decode(std::string_view(s->data(), s->size()));
            if (!decoded) fail("is not valid base64");
            return std::move(*decoded);
        }
    }
    fail("must be a string or {\"base64\": string}" + got(v_));
}

std::int64_t Node::integer(std::int64_t lo, std::int64_t hi) const {
    std::int64_t x = 0;
    if (v_.is_int64()) {
        x = v_.get_int64();
    } else if (v_.is_uint64()) {
        if (v_.get_uint64() > std::uint64_t(hi))
            fail("must be at most " + std::to_string(hi) + ", got " + std::to_string(v_.get_uint64()));
        x = std::int64_t(v_.get_uint64());
    } else {
        fail("must be an integer" + got(v_));
    }
    if (x < lo || x > hi)
        fail("must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " + std::to_string(x));
    return x;
}

double Node::number() const {
    if (v_.is_int64()) return double(v_.get_int64());
    if (v_.is_uint64()) return double(v_.get_uint64());
    if (v_.is_double()) return v_.get_double();
    fail("must be a number" + got(v_));
}

bool Node::boolean() const {
    if (v_.is_bool()) return v_.get_bool();
    fail("must be true or false" + got(v_));
}

bool Node::has(std::string_view key) const {
    const json::value* v = object().if_contains(key);
    return v && !v->is_null();
}

Node Node::at(std::string_view key) const {
    const json::value* v = object().if_contains(key);
    if (!v) {
        const std::string where = member_path(path_, key);
        throw ReadError("\"" + std::string(key) + "\" is missing" + (path_.empty() ? "" : " (at " + path_ + ")"),
                        where);
    }
    return Node(*v, member_path(path_, key));
}

std::optional<Node> Node::opt(std::string_view key) const {
    const json::value* v = object().if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    return Node(*v, member_path(path_, key));
}

Node Node::item(std::size_t index) const {
    const json::array& a = array();
    if (index >= a.size()) fail("has no item " + std::to_string(index));
    return Node(a[index], path_ + "[" + std::to_string(index) + "]");
}

std::string Node::string_or(std::string_view key, std::string_view fallback) const {
    auto n = opt(key);
    return n ? n->string() : std::string(fallback);
}

std::string Node::text_or(std::string_view key, std::string_view fallback) const {
    auto n = opt(key);
    return n ? n->text() : std::string(fallback);
}

std::int64_t Node::integer_or(std::string_view key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
    auto n = opt(key);
    return n ? n->integer(lo, hi) : fallback;
}

double Node::number_or(std::string_view key, double fallback) const {
    auto n = opt(key);
    return n ? n->number() : fallback;
}

bool Node::boolean_or(std::string_view key, bool fallback) const {
    auto n = opt(key);
    return n ? n->boolean() : fallback;
}

asgi::Headers Node::header_pairs() const {
    const json::array& a = array();
    asgi::Headers out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        Node pair = item(i);
        const json::array* p = a[i].if_array();
        if (!p || p->size() != 2) pair.fail("must be a [name, value] pair");
        out.emplace_back(pair.item(0).string(), pair.item(1).string());
    }
    return out;
}

json::value encode_bytes(std::string_view bytes) {
    if (asgi::is_valid_utf8(bytes)) return json::string(bytes);
    json::object o;
    o["base64"] = asgi::base64_encode(bytes);
    return o;
}

}  // namespace asgiscope::trace::detail
