// A path or host pattern compiled for matching (Starlette's compile_path): "/users/{id:int}"
// becomes literals and typed parameters, matched without a regex engine.
#pragma once

#include <memory>
#include <optional>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asgiscope/asgi/types.hpp>
#include <asgiscope/web/routing/convertors.hpp>

namespace asgiscope::web {

/// A compiled "/users/{id:int}" or "{subdomain}.example.org" pattern.
class CompiledPath {
public:
    /// One "{name:type}" of the pattern.
    struct Param {
        std::string name;
        std::string type;  ///< the convertor's key, "str" when none was written
        std::shared_ptr<const Convertor> convertor;
    };

    /// A pattern not starting with '/' is a host: its port is ignored. Throws
    /// std::invalid_argument for an unknown convertor ("Unknown path convertor 'x'") or a
    /// parameter name used twice ("Duplicated param name id at path /{id}/{id}").
    explicit CompiledPath(std::string_view pattern);

    /// The converted parameters when all of `text` matches, else nothing. Where parameters
    /// could split the text several ways, the earlier parameter takes the longest text, as
    /// Python's greedy regex would.
    std::optional<asgi::PathParams> match(std::string_view text) const;

    /// Why match() refuses `text`, naming the part that failed, e.g. "convertor int
    /// rejected 'abc' for {id}" or "expected '/users/', found '/items/'"; "" when match()
    /// takes it. For tools: where the text could be split several ways, the failure that got
    /// furthest into the text is reported.
    std::string explain(std::string_view text) const;

    /// Starlette's path_format: the pattern with each "{name:type}" written "{name}".
    const std::string& format() const { return format_; }
    /// The regular expression Starlette compiles, e.g. "^/users/(?P<id>[0-9]+)$" (for tools).
    std::string regex() const;
    const std::vector<Param>& params() const { return params_; }
    /// Whether `params` names exactly this pattern's parameters (url_path_for's test).
    bool takes_exactly(const asgi::PathParams& params) const;
    /// The convertor of parameter `name`, or null.
    const Convertor* convertor(std::string_view name) const;

    /// Starlette's replace_params: each given parameter that appears as "{name}" in `format`
    /// is written with its convertor; returns the path and the parameters left over.
    std::pair<std::string, asgi::PathParams> replace_params(asgi::PathParams params) const;

private:
    struct Segment {
        bool is_param = false;
        std::string literal;   // a literal segment
        std::size_t param = 0;  // index into params_
    };
    /// Matches segments [segment, end) against text[pos, end), filling `captures`. `failed`
    /// is one bit per (segment, pos) already known not to match (empty: no memo; a pattern
    /// with one parameter cannot backtrack far).
    bool match_from(std::size_t segment, std::string_view text, std::size_t pos,
                    std::span<std::string_view> captures, std::span<std::uint64_t> failed) const;
    struct Failure;
    bool explain_from(std::size_t segment, std::string_view text, std::size_t pos, Failure& furthest) const;

    std::vector<Segment> segments_;
    std::vector<Param> params_;
    std::string format_;
};

/// The path the routes of this scope see (Starlette's get_route_path): the scope's path
/// without its root_path when it starts with it ("" when they are equal).
std::string_view route_path(const asgi::Scope& scope);

}  // namespace asgiscope::web
