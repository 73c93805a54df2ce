#include "inspect_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <QCommandLineParser>

#include <boost/json/serialize.hpp>

#include <asgiscope/inspect.hpp>
#include <asgiscope/web/schemas.hpp>

#include "app_source.hpp"
#include "json_print.hpp"

namespace asgiscope::app {

namespace json = boost::json;

namespace {

/// Parses `arguments` for subcommand `name`; an exit code when the command is done already
/// (--help, or an error printed as one line).
std::optional<int> parse(QCommandLineParser& parser, const char* name,
                         const QStringList& arguments) {
    parser.addHelpOption();
    add_app_option(parser);
    if (!parser.parse(QStringList{QStringLiteral("asgiscope %1").arg(name)} + arguments)) {
        std::fprintf(stderr, "asgiscope %s: error: %s\n", name, qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    return std::nullopt;
}

int usage_error(const char* name, const std::string& message) {
    std::fprintf(stderr, "asgiscope %s: error: %s\n", name, message.c_str());
    return 2;
}

int no_positionals(const char* name, const QCommandLineParser& parser) {
    if (parser.positionalArguments().isEmpty()) return 0;
    return usage_error(
        name, "unexpected argument '" + parser.positionalArguments().front().toStdString() + "'");
}

void print_json(const json::value& value) {
    std::printf("%s\n", pretty_json(value).c_str());
}

std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

/// Columns padded to their widest cell; the last column is not padded.
void print_table(const std::vector<std::vector<std::string>>& rows,
                 const std::string& indent = "") {
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (widths.size() <= i) widths.push_back(0);
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    for (const auto& row : rows) {
        std::string line = indent;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - display_width(row[i]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::printf("%s\n", line.c_str());
    }
}

std::string join(const std::vector<std::string>& values, const std::string& separator) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : separator) + v;
    return out;
}

std::string match_text(web::Match m) {
    return m == web::Match::Full ? "FULL" : m == web::Match::Partial ? "PARTIAL" : "NONE";
}

void add_walk_rows(const inspect::RouterWalk& walk, const std::string& number_prefix,
                   std::vector<std::vector<std::string>>& rows,
                   std::vector<std::string>& redirects) {
    for (std::size_t i = 0; i < walk.routes.size(); ++i) {
        const inspect::RouteVerdict& v = walk.routes[i];
        const std::string number = number_prefix + std::to_string(i + 1);
        std::string reason =
            (v.tried ? "" : "(not tried: the router stopped at the first FULL) ") + v.reason;
        if (!v.inner.empty())
            reason += " (path '" + v.inner.front().path + "', root_path '" +
                      v.inner.front().root_path + "')";
        const std::string indent(
            std::size_t(std::count(number_prefix.begin(), number_prefix.end(), '.')) * 2, ' ');
        rows.push_back({v.chosen ? ">" : "", number, match_text(v.match),
                        std::string(inspect::to_string(v.kind)), indent + v.pattern, v.name,
                        inspect::params_text(v.params), reason});
        if (!v.inner.empty()) add_walk_rows(v.inner.front(), number + ".", rows, redirects);
    }
    if (!walk.redirect_slashes.empty())
        redirects.push_back((number_prefix.empty()
                                 ? std::string("router")
                                 : "router " + number_prefix.substr(0, number_prefix.size() - 1)) +
                            ": " + walk.redirect_slashes);
}

}  // namespace

int routes_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "List the routes of the app (the built-in demo, or --app LIB), in the order the router tries them.");
    parser.addOption(QCommandLineOption("json", "Print the route tree as JSON."));
    if (auto done = parse(parser, "routes", arguments)) return *done;
    if (int rc = no_positionals("routes", parser)) return rc;

    const auto source = open_starlette_app("routes", parser);
    if (!source) return 2;
    const web::Starlette& app = *source->starlette;
    const inspect::AppDescription description = inspect::describe(app);
    if (parser.isSet("json")) {
        json::array routes;
        for (const auto& r : description.routes) routes.push_back(inspect::to_json(r));
        print_json(routes);
        return 0;
    }
    std::vector<std::vector<std::string>> rows{{"NAME", "METHODS", "PATTERN", "KIND", "ENDPOINT"}};
    for (const auto& [depth, route] : inspect::flatten(description.routes)) {
        std::string methods;
        std::string pattern = route->full_path;
        switch (route->kind) {
            case inspect::RouteKind::Route:
                methods = route->methods.empty() ? "*" : join(route->methods, "|");
                break;
            case inspect::RouteKind::WebSocketRoute:
                methods = "WS";
                break;
            case inspect::RouteKind::Mount:
                methods = "*";
                pattern = route->full_path + "/{path:path}";
                break;
            case inspect::RouteKind::Host:
                methods = "*";
                pattern = route->pattern;
                break;
            case inspect::RouteKind::Other:
                break;
        }
        std::string endpoint = route->endpoint;
        if (!route->include_in_schema && route->kind == inspect::RouteKind::Route)
            endpoint += " (not in schema)";
        rows.push_back({std::string(std::size_t(depth) * 2, ' ') + route->qualified_name, methods,
                        pattern, std::string(inspect::to_string(route->kind)), endpoint});
    }
    print_table(rows);
    return 0;
}

int middleware_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Show the middleware stack of the app (the built-in demo, or --app LIB), outermost first, with options.");
    parser.addOption(QCommandLineOption("json", "Print the stack as JSON."));
    if (auto done = parse(parser, "middleware", arguments)) return *done;
    if (int rc = no_positionals("middleware", parser)) return rc;

    const auto source = open_starlette_app("middleware", parser);
    if (!source) return 2;
    const web::Starlette& app = *source->starlette;
    const inspect::AppDescription description = inspect::describe(app);
    if (parser.isSet("json")) {
        json::array layers;
        for (const auto& m : description.middleware) layers.push_back(inspect::to_json(m));
        print_json(layers);
        return 0;
    }
    std::printf("Middleware stack, outermost first (a request passes them top to bottom):\n");
    for (std::size_t i = 0; i < description.middleware.size(); ++i) {
        const inspect::MiddlewareLayer& layer = description.middleware[i];
        std::printf("%2zu. %s%s\n", i + 1, layer.name.c_str(), layer.user ? "" : "  (built in)");
        if (!layer.options)
            std::printf("      options: (not described)\n");
        else
            for (const auto& [key, value] : *layer.options)
                std::printf("      %s: %s\n", std::string(key).c_str(),
                            json::serialize(value).c_str());
        if (!layer.exception_handlers.empty())
            std::printf("      exception handlers: %s\n",
                        join(layer.exception_handlers, ", ").c_str());
    }
    return 0;
}

int match_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Explain how the app's router (the built-in demo's, or --app LIB's) takes a request: every route's verdict (FULL, "
        "PARTIAL, NONE) "
        "with its reason, the winner, redirect_slashes and the outcome.\n"
        "METHOD is an HTTP method or WS (a WebSocket handshake); URL is a path with query "
        "('/users/1?x=1') or "
        "absolute ('http://host/path').");
    parser.addPositionalArgument("METHOD", "GET, POST, ... or WS.");
    parser.addPositionalArgument("URL", "The request target.");
    parser.addOption(QCommandLineOption({"H", "header"},
                                        "A request header 'Name: value' (repeatable).", "header"));
    parser.addOption(QCommandLineOption("root-path", "The server's --root-path.", "path"));
    parser.addOption(QCommandLineOption("json", "Print the explanation as JSON."));
    if (auto done = parse(parser, "match", arguments)) return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usage_error("match",
                           "expected METHOD and URL (e.g. asgiscope match GET /users/1), got " +
                               std::to_string(positional.size()) + " argument(s)");
    inspect::MatchRequest request;
    request.method = positional[0].toStdString();
    request.url = positional[1].toStdString();
    request.root_path = parser.value("root-path").toStdString();
    for (const QString& h : parser.values("header")) {
        const auto colon = h.indexOf(':');
        if (colon <= 0)
            return usage_error(
                "match", "a header must look like 'Name: value', not '" + h.toStdString() + "'");
        request.headers.emplace_back(h.left(colon).trimmed().toStdString(),
                                     h.mid(colon + 1).trimmed().toStdString());
    }

    const auto source = open_starlette_app("match", parser);
    if (!source) return 2;
    const web::Starlette& app = *source->starlette;
    inspect::MatchExplanation e;
    try {
        e = inspect::explain_match(app, request);
    } catch (const std::invalid_argument& error) {
        return usage_error("match", error.what());
    }
    if (parser.isSet("json")) {
        print_json(inspect::to_json(e));
        return 0;
    }
    std::printf("%s\n", e.summary.c_str());
    std::printf("scope: %s%s path '%s' (raw '%s'), query '%s', host '%s', root_path '%s'\n\n",
                e.type.c_str(), e.method.empty() ? "" : (" " + e.method).c_str(), e.path.c_str(),
                e.raw_path.c_str(), e.query_string.c_str(), e.host.c_str(), e.root_path.c_str());
    std::vector<std::vector<std::string>> rows{
        {"", "#", "MATCH", "KIND", "PATTERN", "NAME", "PARAMS", "REASON"}};
    std::vector<std::string> redirects;
    add_walk_rows(e.router, "", rows, redirects);
    print_table(rows);
    std::printf("\n");
    for (const auto& r : redirects) std::printf("redirect_slashes (%s)\n", r.c_str());
    std::printf("outcome: %s", std::string(inspect::to_string(e.outcome)).c_str());
    if (!e.route_name.empty()) std::printf(", route '%s'", e.route_name.c_str());
    if (!e.route_pattern.empty()) std::printf(", pattern %s", e.route_pattern.c_str());
    if (!e.path_params.empty())
        std::printf(", params %s", inspect::params_text(e.path_params).c_str());
    if (!e.allow.empty()) std::printf(", Allow: %s", e.allow.c_str());
    if (!e.location.empty()) std::printf(", Location: %s", e.location.c_str());
    if (e.outcome == inspect::Outcome::MountedApp)
        std::printf(", the app sees path '%s'", e.mounted_path.c_str());
    std::printf("\n");
    for (const auto& note : e.notes) std::printf("note: %s\n", note.c_str());
    return 0;
}

int url_for_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Build the path of a named route of the app (the built-in demo, or --app LIB) (url_path_for).");
    parser.addPositionalArgument("NAME", "The route's name, 'mount:child' inside named mounts.");
    parser.addPositionalArgument("PARAM=VALUE", "Path parameters (repeatable).");
    parser.addOption(QCommandLineOption("json", "Print the answer as JSON."));
    if (auto done = parse(parser, "url-for", arguments)) return *done;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage_error("url-for", "expected a route NAME (see 'asgiscope routes')");
    const std::string name = positional.takeFirst().toStdString();
    asgi::PathParams params;
    for (const QString& p : positional) {
        const auto eq = p.indexOf('=');
        if (eq <= 0)
            return usage_error("url-for", "a parameter must look like 'name=value', not '" +
                                              p.toStdString() + "'");
        params.insert_or_assign(p.left(eq).toStdString(), p.mid(eq + 1).toStdString());
    }
    const auto source = open_starlette_app("url-for", parser);
    if (!source) return 2;
    const web::Starlette& app = *source->starlette;
    const inspect::UrlForResult result = inspect::url_for(app, name, params);
    if (!result.ok) return usage_error("url-for", result.error);
    if (parser.isSet("json")) {
        print_json(json::object{
            {"path", result.path}, {"host", result.host}, {"protocol", result.protocol}});
        return 0;
    }
    std::printf("%s\n", result.path.c_str());
    return 0;
}

int openapi_command(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Print the OpenAPI document of the app (the built-in demo, or --app LIB) as "
        "web::SchemaGenerator makes it (the demo's /openapi.json serves the same).");
    parser.addOption(QCommandLineOption("compact", "One line of JSON instead of indented text."));
    if (auto done = parse(parser, "openapi", arguments)) return *done;
    if (int rc = no_positionals("openapi", parser)) return rc;
    const auto source = open_starlette_app("openapi", parser);
    if (!source) return 2;
    const web::Starlette& app = *source->starlette;
    const web::SchemaGenerator schemas(source->openapi_base);
    const json::value schema = schemas.get_schema(app.routes());
    if (parser.isSet("compact"))
        std::printf("%s\n", json::serialize(schema).c_str());
    else
        print_json(schema);
    return 0;
}

}  // namespace asgiscope::app
