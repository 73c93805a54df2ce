#include <asgiscope/web/routing/compiled_path.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace asgiscope::web {

namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// PARAM_REGEX "{([a-zA-Z_][a-zA-Z0-9_]*)(:[a-zA-Z_][a-zA-Z0-9_]*)?}" at `pos`: its length,
// name and type, or 0.
std::size_t param_at(std::string_view s, std::size_t pos, std::string_view& name, std::string_view& type) {
    if (s[pos] != '{' || pos + 1 >= s.size() || !is_name_start(s[pos + 1])) return 0;
    std::size_t i = pos + 2;
    while (i < s.size() && is_name_char(s[i])) ++i;
    name = s.substr(pos + 1, i - pos - 1);
    type = {};
    if (i < s.size() && s[i] == ':') {
        const std::size_t t = i + 1;
        if (t >= s.size() || !is_name_start(s[t])) return 0;
        i = t + 1;
        while (i < s.size() && is_name_char(s[i])) ++i;
        type = s.substr(t, i - t);
    }
    if (i >= s.size() || s[i] != '}') return 0;
    return i + 1 - pos;
}

// Python's re.escape (3.7+): only characters special in patterns get a backslash.
std::string re_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::string_view("()[]{}?*+-|^$\\.&~# \t\n\r\v\f").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

CompiledPath::CompiledPath(std::string_view pattern) {
    const bool is_host = !pattern.starts_with('/');
    std::vector<std::string> duplicated;
    std::size_t idx = 0;
    for (std::size_t pos = 0; pos < pattern.size(); ++pos) {
        std::string_view name, type;
        const std::size_t len = param_at(pattern, pos, name, type);
        if (len == 0) continue;
        if (type.empty()) type = "str";
        auto convertor = find_url_convertor(type);
        if (!convertor) throw std::invalid_argument("Unknown path convertor '" + std::string(type) + "'");
        const std::string_view literal = pattern.substr(idx, pos - idx);
        if (!literal.empty()) segments_.push_back(Segment{false, std::string(literal), 0});
        format_ += literal;
        format_ += "{" + std::string(name) + "}";
        const bool seen = std::any_of(params_.begin(), params_.end(), [&](const Param& p) { return p.name == name; });
        if (seen && std::find(duplicated.begin(), duplicated.end(), name) == duplicated.end())
            duplicated.emplace_back(name);
        segments_.push_back(Segment{true, {}, params_.size()});
        params_.push_back(Param{std::string(name), std::string(type), std::move(convertor)});
        idx = pos + len;
        pos = idx - 1;
    }
    if (!duplicated.empty()) {
        std::sort(duplicated.begin(), duplicated.end());
        std::string names;
        for (const auto& n : duplicated) names += (names.empty() ? "" : ", ") + n;
        throw std::invalid_argument("Duplicated param name" + std::string(duplicated.size() > 1 ? "s " : " ") + names +
                                    " at path " + std::string(pattern));
    }
    std::string_view tail = pattern.substr(idx);
    format_ += tail;
    if (is_host) tail = tail.substr(0, tail.find(':'));  // hosts match without their port
    if (!tail.empty()) segments_.push_back(Segment{false, std::string(tail), 0});
}

std::optional<asgi::PathParams> CompiledPath::match(std::string_view text) const {
    if (params_.empty() && segments_.size() <= 1) {
        // A literal pattern (most routes): its one literal segment, or none for "", is the
        // whole text. No captures to set up, no search.
        const std::string_view literal =
            segments_.empty() ? std::string_view() : std::string_view(segments_.front().literal);
        if (text != literal) return std::nullopt;
        return asgi::PathParams();
    }
    // The captures live on the stack for up to 8 parameters: a route that does not match
    // costs no allocation.
    constexpr std::size_t inline_params = 8;
    std::array<std::string_view, inline_params> inline_captures;
    std::vector<std::string_view> heap_captures;
    if (params_.size() > inline_params) heap_captures.resize(params_.size());
    const std::span<std::string_view> captures =
        heap_captures.empty() ? std::span<std::string_view>(inline_captures.data(), params_.size())
                              : std::span<std::string_view>(heap_captures);
    // With two or more parameters a failing text could be tried in every way of splitting it
    // between them (`/{a}{b}{c}{d}x` on a long path is quartic); remembering which (segment,
    // position) pairs already failed makes the search at most segments x positions x
    // candidates. On the stack for short paths.
    std::span<std::uint64_t> failed;
    constexpr std::size_t inline_words = 48;
    std::array<std::uint64_t, inline_words> inline_failed;
    std::vector<std::uint64_t> heap_failed;
    if (params_.size() >= 2) {
        const std::size_t words = (segments_.size() * (text.size() + 1) + 63) / 64;
        if (words <= inline_words) {
            std::fill_n(inline_failed.begin(), words, 0);
            failed = std::span<std::uint64_t>(inline_failed.data(), words);
        } else {
            heap_failed.assign(words, 0);
            failed = heap_failed;
        }
    }
    if (!match_from(0, text, 0, captures, failed)) return std::nullopt;
    asgi::PathParams out;
    for (std::size_t i = 0; i < params_.size(); ++i)
        out.insert_or_assign(params_[i].name, params_[i].convertor->convert(captures[i]));
    return out;
}

bool CompiledPath::match_from(std::size_t segment, std::string_view text, std::size_t pos,
                              std::span<std::string_view> captures, std::span<std::uint64_t> failed) const {
    if (segment == segments_.size()) return pos == text.size();
    const Segment& s = segments_[segment];
    if (!s.is_param) {
        if (text.substr(pos, s.literal.size()) != s.literal) return false;
        return match_from(segment + 1, text, pos + s.literal.size(), captures, failed);
    }
    // Whether this parameter can start at `pos` depends on nothing else: a known failure is final.
    const std::size_t state = segment * (text.size() + 1) + pos;
    if (!failed.empty() && (failed[state / 64] >> (state % 64) & 1U) != 0) return false;
    const Convertor& conv = *params_[s.param].convertor;
    std::size_t max_end = text.size();
    if (!conv.matches_slash()) max_end = std::min(max_end, text.find('/', pos));
    const bool last = segment + 1 == segments_.size();
    const std::string* next_literal =
        !last && !segments_[segment + 1].is_param ? &segments_[segment + 1].literal : nullptr;
    // Longest first, as a greedy regex tries.
    for (std::size_t end = max_end + 1; end-- > pos;) {
        if (last && end != text.size()) return false;
        if (next_literal && text.substr(end, next_literal->size()) != *next_literal) continue;
        const std::string_view candidate = text.substr(pos, end - pos);
        if (!conv.accepts(candidate)) continue;
        captures[s.param] = candidate;
        if (match_from(segment + 1, text, end, captures, failed)) return true;
    }
    if (!failed.empty()) failed[state / 64] |= std::uint64_t(1) << (state % 64);
    return false;
}

// The failure that got furthest into the text (then the latest segment) while explaining.
struct CompiledPath::Failure {
    std::size_t pos = 0;
    std::size_t segment = 0;
    std::string reason;
    bool set = false;
    // (segment, position) pairs of parameters already explored without a match: exploring one
    // again would note the same failures (see match()).
    std::vector<bool> explored;
    std::size_t width = 0;
    void note(std::size_t at, std::size_t seg, std::string why) {
        if (set && (at < pos || (at == pos && seg < segment))) return;
        pos = at;
        segment = seg;
        reason = std::move(why);
        set = true;
    }
};

std::string CompiledPath::explain(std::string_view text) const {
    Failure furthest;
    furthest.width = text.size() + 1;
    furthest.explored.assign(segments_.size() * furthest.width, false);
    if (explain_from(0, text, 0, furthest)) return {};
    return furthest.set ? furthest.reason : std::string("does not match");
}

// match_from() again, noting why each branch failed.
bool CompiledPath::explain_from(std::size_t segment, std::string_view text, std::size_t pos, Failure& furthest) const {
    const auto quoted = [](std::string_view s) { return "'" + std::string(s) + "'"; };
    if (segment == segments_.size()) {
        if (pos == text.size()) return true;
        furthest.note(pos, segment, quoted(text.substr(pos)) + " left over after the pattern");
        return false;
    }
    const Segment& s = segments_[segment];
    if (!s.is_param) {
        if (text.substr(pos, s.literal.size()) == s.literal) return explain_from(segment + 1, text, pos + s.literal.size(), furthest);
        if (pos >= text.size())
            furthest.note(pos, segment, "expected " + quoted(s.literal) + ", found the end");
        else
            furthest.note(pos, segment, "expected " + quoted(s.literal) + ", found " + quoted(text.substr(pos, s.literal.size())));
        return false;
    }
    const std::size_t state = segment * furthest.width + pos;
    if (furthest.explored[state]) return false;
    furthest.explored[state] = true;  // a success returns at once, so only failures are seen again
    const Param& param = params_[s.param];
    const std::string placeholder = "{" + param.name + "}";
    const Convertor& conv = *param.convertor;
    std::size_t max_end = text.size();
    if (!conv.matches_slash()) max_end = std::min(max_end, text.find('/', pos));
    const bool last = segment + 1 == segments_.size();
    const std::string* next_literal =
        !last && !segments_[segment + 1].is_param ? &segments_[segment + 1].literal : nullptr;
    bool candidate_seen = false;
    for (std::size_t end = max_end + 1; end-- > pos;) {
        if (last && end != text.size()) {
            if (end == max_end)  // the parameter cannot reach the end of the text
                furthest.note(end, segment + 1, quoted(text.substr(end)) + " left over after " + placeholder +
                                                    " (" + param.type + " stops at '/')");
            return false;
        }
        if (next_literal && text.substr(end, next_literal->size()) != *next_literal) continue;
        const std::string_view candidate = text.substr(pos, end - pos);
        if (!conv.accepts(candidate)) {
            if (!candidate_seen)
                furthest.note(pos, segment, candidate.empty() ? "nothing for " + placeholder
                                                              : "convertor " + param.type + " rejected " +
                                                                    quoted(candidate) + " for " + placeholder);
            candidate_seen = true;
            continue;
        }
        candidate_seen = true;
        if (explain_from(segment + 1, text, end, furthest)) return true;
    }
    if (!candidate_seen && next_literal)
        furthest.note(max_end, segment + 1, "expected " + quoted(*next_literal) + " after " + placeholder);
    return false;
}

std::string CompiledPath::regex() const {
    std::string out = "^";
    for (const Segment& s : segments_) {
        if (s.is_param) {
            const Param& p = params_[s.param];
            out += "(?P<" + p.name + ">" + std::string(p.convertor->regex()) + ")";
        } else {
            out += re_escape(s.literal);
        }
    }
    return out + "$";
}

bool CompiledPath::takes_exactly(const asgi::PathParams& params) const {
    if (params.size() != params_.size()) return false;
    for (const auto& p : params_)
        if (params.count(p.name) != 1) return false;
    return true;
}

const Convertor* CompiledPath::convertor(std::string_view name) const {
    for (const Param& p : params_)
        if (p.name == name) return p.convertor.get();
    return nullptr;
}

std::pair<std::string, asgi::PathParams> CompiledPath::replace_params(asgi::PathParams params) const {
    // One pass over the format, writing each value as it is: a value is never searched for
    // placeholders itself. (Replacing "{a}", then "{b}", in turn, as Starlette does, rewrote a
    // value of `a` holding the text "{b}"; fuzz_routing found it: the rebuilt path then
    // matched with other values, or not at all.)
    std::string path;
    path.reserve(format_.size());
    for (std::size_t i = 0; i < format_.size();) {
        if (format_[i] == '{') {
            const auto close = format_.find('}', i + 1);
            if (close != std::string::npos) {
                const std::string_view name(format_.data() + i + 1, close - i - 1);
                const auto it = params.find(name);
                if (const Convertor* conv = it != params.end() ? convertor(it->first) : nullptr) {
                    path += conv->to_string(it->second);
                    params.erase(it);  // a pattern names each parameter once (the constructor checks)
                    i = close + 1;
                    continue;
                }
            }
        }
        path += format_[i++];
    }
    return {std::move(path), std::move(params)};
}

std::string_view route_path(const asgi::Scope& scope) {
    const std::string_view path = scope.path;
    const std::string_view root = scope.root_path;
    if (root.empty() || !path.starts_with(root)) return path;
    if (path.size() == root.size()) return {};
    if (path[root.size()] == '/') return path.substr(root.size());
    return path;
}

}  // namespace asgiscope::web
