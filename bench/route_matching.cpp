// Route matching cost against the size of the route table: builds a Router of N routes (a
// mix of literal paths, {id:int}, {slug}, {rest:path} and mounts of two routes each) and
// times finding the route for a request that hits the first, the middle and the last route,
// and one that no route takes (the 404 case). The search is the Router's own: every route's
// matches() in order until a Full match (what Router::operator() does before it handles
// the request). Prints a Markdown table; bench/route_run.sh runs it next to Starlette.
//
// usage: route_matching [--sizes 50,100,250,500] [--ms 200]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <asgiscope/web.hpp>

namespace web = asgiscope::web;
namespace asgi = asgiscope::asgi;
using boost::asio::awaitable;

namespace {

awaitable<web::Response> endpoint(web::Request&) { co_return web::PlainTextResponse("ok"); }

// Route i of the table, and a path it takes. The same table as bench/route_matching.py.
web::RouteRef make_route(std::size_t i) {
    const std::string base = "/r" + std::to_string(i);
    const std::string name = "r" + std::to_string(i);
    switch (i % 5) {
    case 0: return web::Route(base + "/items", endpoint, {.name = name});
    case 1: return web::Route(base + "/users/{id:int}", endpoint, {.name = name});
    case 2: return web::Route(base + "/posts/{slug}", endpoint, {.name = name});
    case 3: return web::Route(base + "/files/{rest:path}", endpoint, {.name = name});
    default: {
        web::Routes inner = {web::Route("/", endpoint, {.name = "index"}),
                             web::Route("/x/{id:int}", endpoint, {.name = "x"})};
        return web::Mount(base + "/mount", std::move(inner), {.name = name});
    }
    }
}

std::string path_for(std::size_t i) {
    const std::string base = "/r" + std::to_string(i);
    switch (i % 5) {
    case 0: return base + "/items";
    case 1: return base + "/users/42";
    case 2: return base + "/posts/hello-world";
    case 3: return base + "/files/a/b/c.txt";
    default: return base + "/mount/x/7";
    }
}

// The Router's search: the index of the first route that fully matches, or routes.size().
std::size_t find_route(const web::Routes& routes, const asgi::Scope& scope) {
    for (std::size_t i = 0; i < routes.size(); ++i)
        if (routes[i]->matches(scope).match == web::Match::Full) return i;
    return routes.size();
}

volatile std::size_t g_sink = 0;  // keeps the timed searches from being optimised away

// Nanoseconds per search: the median of 5 runs of about `ms` milliseconds each.
double time_search(const web::Routes& routes, const asgi::Scope& scope, std::size_t expect, int ms) {
    using clock = std::chrono::steady_clock;
    if (find_route(routes, scope) != expect) {
        std::fprintf(stderr, "route_matching: %s found the wrong route\n", scope.path.c_str());
        std::exit(1);
    }
    // Calibrate the iteration count on one tenth of the run.
    std::size_t n = 1;
    for (;;) {
        const auto t0 = clock::now();
        std::size_t sink = 0;
        for (std::size_t k = 0; k < n; ++k) sink += find_route(routes, scope);
        g_sink = sink;
        const auto dt = clock::now() - t0;
        if (dt >= std::chrono::milliseconds(ms) / 10) {
            n = std::max<std::size_t>(1, std::size_t(double(n) * (double(ms) * 1e6) /
                                                      double(std::chrono::nanoseconds(dt).count())));
            break;
        }
        n *= 2;
    }
    std::vector<double> runs;
    for (int r = 0; r < 5; ++r) {
        std::size_t sink = 0;
        const auto t0 = clock::now();
        for (std::size_t k = 0; k < n; ++k) sink += find_route(routes, scope);
        const auto dt = clock::now() - t0;
        if (sink != expect * n) std::exit(2);
        runs.push_back(double(std::chrono::nanoseconds(dt).count()) / double(n));
    }
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

std::vector<std::size_t> parse_sizes(std::string_view text) {
    std::vector<std::size_t> sizes;
    while (!text.empty()) {
        const auto comma = text.find(',');
        sizes.push_back(std::size_t(std::stoul(std::string(text.substr(0, comma)))));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return sizes;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes = {50, 100, 250, 500};
    int ms = 200;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--sizes" && i + 1 < argc) {
            sizes = parse_sizes(argv[++i]);
        } else if (arg == "--ms" && i + 1 < argc) {
            ms = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: route_matching [--sizes 50,100,250,500] [--ms 200]\n");
            return 2;
        }
    }
    // One line per (size, target): "size target routes_tried ns_per_search"; route_run.sh
    // turns them into the table.
    for (const std::size_t size : sizes) {
        web::Routes routes;
        for (std::size_t i = 0; i < size; ++i) routes.push_back(make_route(i));
        struct Target {
            const char* label;
            std::string path;
            std::size_t index;  // the route that takes it; size for none
        };
        const std::vector<Target> targets = {
            {"first", path_for(0), 0},
            {"middle", path_for(size / 2), size / 2},
            {"last", path_for(size - 1), size - 1},
            {"miss", "/nowhere/at/all", size},
        };
        for (const Target& target : targets) {
            asgi::Scope scope;
            scope.type = "http";
            scope.method = "GET";
            scope.path = target.path;
            scope.raw_path = target.path;
            const double ns = time_search(routes, scope, target.index, ms);
            const std::size_t tried = std::min(target.index + 1, size);
            std::printf("%zu %s %zu %.1f\n", size, target.label, tried, ns);
            std::fflush(stdout);
        }
    }
    return 0;
}
