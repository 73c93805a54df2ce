// Comparing a replayed answer with the recorded one: status, the headers that matter, bodies
// (JSON by value, text with a diff excerpt, bytes) and WebSocket messages.
#include <asgiscope/trace/replay.hpp>
#include <asgiscope/trace/detail/text.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace asgiscope::trace {

namespace json = boost::json;

namespace {

using detail::lower;

std::string trim(std::string_view s) { return std::string(detail::trim_ows(s)); }

/// A short printable form of bytes: control and non-ASCII bytes escaped, cut at `max`.
std::string printable(std::string_view s, std::size_t max = 60) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else
            out += char(c);
    }
    if (s.size() > max) out += "...";
    return out;
}

/// A set-cookie value without the cookie's value: "name; Path=/; HttpOnly".
std::string cookie_shape(std::string_view value) {
    const auto semicolon = value.find(';');
    std::string_view pair = value.substr(0, semicolon);
    const auto eq = pair.find('=');
    std::string out = trim(pair.substr(0, eq)) + "=<value>";
    if (semicolon == std::string_view::npos) return out;
    std::string_view rest = value.substr(semicolon + 1);
    // Attributes whose value is a moment (Expires) change like the value does.
    while (!rest.empty()) {
        const auto next = rest.find(';');
        const std::string attribute = trim(rest.substr(0, next));
        if (lower(attribute).rfind("expires=", 0) == 0)
            out += "; Expires=<date>";
        else if (!attribute.empty())
            out += "; " + attribute;
        if (next == std::string_view::npos) break;
        rest.remove_prefix(next + 1);
    }
    return out;
}

/// Header values by lower-case name, in order, without the ignored ones.
std::map<std::string, std::vector<std::string>> header_map(const asgi::Headers& headers,
                                                           const CompareOptions& options) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [name, value] : headers) {
        std::string key = lower(name);
        if (!key.empty() && key.front() == ':') continue;  // HTTP/2 pseudo-headers from a HAR
        const bool ignored =
            std::any_of(options.ignore_headers.begin(), options.ignore_headers.end(),
                        [&](const std::string& i) { return lower(i) == key; });
        if (ignored) continue;
        std::string v = trim(value);
        if (key == "set-cookie" && !options.compare_cookie_values) v = cookie_shape(v);
        out[key].push_back(std::move(v));
    }
    return out;
}

std::string join_values(const std::vector<std::string>& values) {
    if (values.empty()) return "(absent)";
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + printable(v, 120);
    return out;
}

void compare_headers(const asgi::Headers& recorded, const asgi::Headers& replayed,
                     const CompareOptions& options, std::vector<std::string>& differences) {
    const auto a = header_map(recorded, options);
    const auto b = header_map(replayed, options);
    std::vector<std::string> names;
    for (const auto& [k, v] : a) names.push_back(k);
    for (const auto& [k, v] : b)
        if (!a.count(k)) names.push_back(k);
    std::sort(names.begin(), names.end());
    static const std::vector<std::string> none;
    for (const auto& name : names) {
        const auto& va = a.count(name) ? a.at(name) : none;
        const auto& vb = b.count(name) ? b.at(name) : none;
        if (name == "set-cookie") {
            // Several cookies: their order does not matter.
            auto sa = va, sb = vb;
            std::sort(sa.begin(), sa.end());
            std::sort(sb.begin(), sb.end());
            if (sa == sb) continue;
        } else if (va == vb)
            continue;
        differences.push_back("header " + name + ": " + join_values(va) + " -> " + join_values(vb));
    }
}

/// Where two JSON values first differ, as "$.a[2].b: 1 -> 2"; empty when equal.
std::string json_difference(const json::value& a, const json::value& b, const std::string& path) {
    if (a.kind() != b.kind() && !(a.is_number() && b.is_number()))
        return path + ": " + printable(json::serialize(a)) + " -> " + printable(json::serialize(b));
    if (a.is_object()) {
        const auto& oa = a.as_object();
        const auto& ob = b.as_object();
        std::vector<std::string> keys;
        for (const auto& kv : oa) keys.emplace_back(kv.key());
        for (const auto& kv : ob)
            if (!oa.contains(kv.key())) keys.emplace_back(kv.key());
        std::sort(keys.begin(), keys.end());
        for (const auto& k : keys) {
            const std::string child = path + "." + k;
            if (!oa.contains(k))
                return child + ": (absent) -> " + printable(json::serialize(ob.at(k)));
            if (!ob.contains(k))
                return child + ": " + printable(json::serialize(oa.at(k))) + " -> (absent)";
            if (auto d = json_difference(oa.at(k), ob.at(k), child); !d.empty()) return d;
        }
        return {};
    }
    if (a.is_array()) {
        const auto& aa = a.as_array();
        const auto& ab = b.as_array();
        for (std::size_t i = 0; i < std::min(aa.size(), ab.size()); ++i)
            if (auto d = json_difference(aa[i], ab[i], path + "[" + std::to_string(i) + "]");
                !d.empty())
                return d;
        if (aa.size() != ab.size())
            return path + ": " + std::to_string(aa.size()) + " -> " + std::to_string(ab.size()) +
                   " items";
        return {};
    }
    if (a.is_number()) {
        if (a.kind() == b.kind() ? a == b : a.to_number<double>() == b.to_number<double>())
            return {};
    } else if (a == b)
        return {};
    return path + ": " + printable(json::serialize(a)) + " -> " + printable(json::serialize(b));
}

std::optional<json::value> parse_json(std::string_view text) {
    if (text.empty()) return std::nullopt;
    const char first = text.front();
    if (first != '{' && first != '[' && first != '"' && first != '-' &&
        !std::isdigit(static_cast<unsigned char>(first)) && text != "true" && text != "false" &&
        text != "null")
        return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
}

bool looks_like_text(std::string_view s) {
    std::size_t bad = 0;
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) ++bad;
    return bad == 0;
}

std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> lines;
    while (!s.empty()) {
        const auto nl = s.find('\n');
        lines.push_back(s.substr(0, nl));
        if (nl == std::string_view::npos) break;
        s.remove_prefix(nl + 1);
    }
    return lines;
}

/// A short unified-diff-like excerpt of two texts around their first differing lines.
std::string text_diff(std::string_view a, std::string_view b, std::size_t context) {
    const auto la = split_lines(a);
    const auto lb = split_lines(b);
    std::size_t first = 0;
    while (first < la.size() && first < lb.size() && la[first] == lb[first]) ++first;
    std::size_t ea = la.size(), eb = lb.size();
    while (ea > first && eb > first && la[ea - 1] == lb[eb - 1]) --ea, --eb;
    constexpr std::size_t max_lines = 8;
    std::string out = "@@ line " + std::to_string(first + 1) + " @@\n";
    for (std::size_t i = first > context ? first - context : 0; i < first; ++i)
        out += " " + printable(la[i], 200) + "\n";
    for (std::size_t i = first; i < ea && i < first + max_lines; ++i)
        out += "-" + printable(la[i], 200) + "\n";
    if (ea - first > max_lines)
        out += "-... (" + std::to_string(ea - first - max_lines) + " more lines)\n";
    for (std::size_t i = first; i < eb && i < first + max_lines; ++i)
        out += "+" + printable(lb[i], 200) + "\n";
    if (eb - first > max_lines)
        out += "+... (" + std::to_string(eb - first - max_lines) + " more lines)\n";
    for (std::size_t i = ea; i < la.size() && i < ea + context; ++i)
        out += " " + printable(la[i], 200) + "\n";
    return out;
}

/// Compares bodies; `what` names them in messages ("body", "message 3").
void compare_bodies(std::string_view recorded, std::size_t recorded_size, std::string_view replayed,
                    const std::string& what, const CompareOptions& options, ReplayResult& result,
                    bool with_diff) {
    const bool cut = recorded.size() < recorded_size;
    if (cut) {
        result.notes.push_back("the recorded " + what + " was cut at " +
                               std::to_string(recorded.size()) + " of " +
                               std::to_string(recorded_size) + " bytes: compared the first " +
                               std::to_string(recorded.size()) + " bytes and the size");
        if (replayed.size() != recorded_size)
            result.differences.push_back(what + " size: " + std::to_string(recorded_size) + " -> " +
                                         std::to_string(replayed.size()) + " bytes");
        replayed = replayed.substr(0, recorded.size());
    }
    if (recorded == replayed) return;
    if (options.json_aware && !cut) {
        const auto ja = parse_json(recorded);
        const auto jb = ja ? parse_json(replayed) : std::nullopt;
        if (ja && jb) {
            const std::string d = json_difference(*ja, *jb, "$");
            if (d.empty()) {
                result.notes.push_back(
                    what + ": the same JSON written differently (key order or spacing)");
                return;
            }
            result.differences.push_back(what + ": JSON differs at " + d);
            if (with_diff && result.body_diff.empty())
                result.body_diff = text_diff(recorded, replayed, options.context_lines);
            return;
        }
    }
    std::size_t at = 0;
    while (at < recorded.size() && at < replayed.size() && recorded[at] == replayed[at]) ++at;
    std::string line = what + ": differs at byte " + std::to_string(at);
    if (at < recorded.size() && at < replayed.size())
        line += " ('" + printable(recorded.substr(at, 12), 12) + "' -> '" +
                printable(replayed.substr(at, 12), 12) + "')";
    if (!cut)
        line += ", " + std::to_string(recorded.size()) + " -> " + std::to_string(replayed.size()) +
                " bytes";
    result.differences.push_back(std::move(line));
    if (with_diff && result.body_diff.empty() && looks_like_text(recorded) &&
        looks_like_text(replayed))
        result.body_diff = text_diff(recorded, replayed, options.context_lines);
}

void compare_websocket(const Exchange& recorded, const Exchange& replayed,
                       const CompareOptions& options, ReplayResult& result) {
    std::vector<const WebSocketFrame*> a, b;
    for (const auto& f : recorded.frames)
        if (!f.from_client) a.push_back(&f);
    for (const auto& f : replayed.frames)
        if (!f.from_client) b.push_back(&f);
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const std::string what = "server message " + std::to_string(i + 1);
        if (a[i]->text != b[i]->text)
            result.differences.push_back(what + ": " + (a[i]->text ? "text" : "binary") + " -> " +
                                         (b[i]->text ? "text" : "binary"));
        compare_bodies(a[i]->data.view(), std::max(a[i]->size, a[i]->data.size()),
                       b[i]->data.view(), what, options, result, true);
    }
    if (a.size() != b.size()) {
        std::string line =
            "server messages: " + std::to_string(a.size()) + " -> " + std::to_string(b.size());
        const auto& extra = a.size() > b.size() ? a : b;
        line += a.size() > b.size() ? " (missing: '" : " (new: '";
        line += printable(extra[std::min(a.size(), b.size())]->data.view(), 40) + "'";
        if (extra.size() - std::min(a.size(), b.size()) > 1) line += ", ...";
        line += ")";
        result.differences.push_back(std::move(line));
    }
    if (recorded.close_code && replayed.close_code && *recorded.close_code != *replayed.close_code)
        result.differences.push_back("close code: " + std::to_string(*recorded.close_code) +
                                     " -> " + std::to_string(*replayed.close_code));
}

}  // namespace

std::vector<std::string> default_ignored_headers() {
    return {"date",
            "server",
            "age",
            "expires",
            "connection",
            "keep-alive",
            "transfer-encoding",
            "content-length",
            "x-request-id",
            "x-runtime",
            "x-response-time",
            "x-process-time"};
}

const char* to_string(ReplayOutcome outcome) {
    switch (outcome) {
        case ReplayOutcome::same:
            return "same";
        case ReplayOutcome::different:
            return "different";
        case ReplayOutcome::error:
            return "error";
        case ReplayOutcome::skipped:
            return "skipped";
    }
    return "unknown";
}

std::string ReplayReport::summary() const {
    std::string out =
        std::to_string(results.size()) + (results.size() == 1 ? " exchange: " : " exchanges: ") +
        std::to_string(same) + " same, " + std::to_string(different) + " different, " +
        std::to_string(errors) + (errors == 1 ? " error" : " errors");
    if (skipped) out += ", " + std::to_string(skipped) + " not replayed";
    if (cancelled) out += " (cancelled)";
    return out;
}

void compare_exchanges(const Exchange& recorded, const Exchange& replayed,
                       const CompareOptions& options, ReplayResult& result) {
    result.differences.clear();
    result.body_diff.clear();
    if (!recorded.response) {
        result.notes.push_back(
            "nothing recorded to compare with (an imported request without its response)");
        result.outcome = ReplayOutcome::same;
        return;
    }
    const ResponseRecord& a = *recorded.response;
    if (!replayed.response) {
        result.differences.push_back("status: " + std::to_string(a.status) + " -> no response");
        result.outcome = ReplayOutcome::different;
        return;
    }
    const ResponseRecord& b = *replayed.response;
    if (a.status != b.status)
        result.differences.push_back("status: " + std::to_string(a.status) + " -> " +
                                     std::to_string(b.status));
    if (recorded.kind == TraceKind::websocket) {
        // The handshake's own mechanics: a fresh accept key every time, and what a recording
        // taken inside the app (a trace) never shows.
        CompareOptions handshake = options;
        for (const char* name : {"upgrade", "sec-websocket-accept", "sec-websocket-extensions"})
            handshake.ignore_headers.emplace_back(name);
        compare_headers(a.headers, b.headers, handshake, result.differences);
    } else {
        compare_headers(a.headers, b.headers, options, result.differences);
    }
    if (recorded.kind == TraceKind::websocket && a.status == 101 && b.status == 101)
        compare_websocket(recorded, replayed, options, result);
    else
        compare_bodies(a.body.view(), std::max(a.body_size, a.body.size()), b.body.view(), "body",
                       options, result, true);
    result.outcome = result.differences.empty() ? ReplayOutcome::same : ReplayOutcome::different;
}

}  // namespace asgiscope::trace
