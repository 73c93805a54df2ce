"""Starlette's side of bench/route_matching.cpp: the same route table (literal paths,
{id:int}, {slug}, {rest:path}, mounts of two routes), the same requests (first, middle and
last route, and a miss), the same search (each route's matches(scope) in order until a
Match.FULL, as Starlette's Router does). Prints "size target routes_tried ns_per_search"
lines. usage: route_matching.py [--sizes 50,100,250,500] [--ms 200]"""
import argparse
import statistics
import time

from starlette.responses import PlainTextResponse
from starlette.routing import Match, Mount, Route


async def endpoint(request):
    return PlainTextResponse("ok")


def make_route(i):
    base, name = f"/r{i}", f"r{i}"
    kind = i % 5
    if kind == 0:
        return Route(base + "/items", endpoint, name=name)
    if kind == 1:
        return Route(base + "/users/{id:int}", endpoint, name=name)
    if kind == 2:
        return Route(base + "/posts/{slug}", endpoint, name=name)
    if kind == 3:
        return Route(base + "/files/{rest:path}", endpoint, name=name)
    return Mount(base + "/mount", routes=[Route("/", endpoint, name="index"),
                                          Route("/x/{id:int}", endpoint, name="x")], name=name)


def path_for(i):
    base = f"/r{i}"
    return base + ["/items", "/users/42", "/posts/hello-world", "/files/a/b/c.txt", "/mount/x/7"][i % 5]


def find_route(routes, scope):
    for i, route in enumerate(routes):
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return i
    return len(routes)


def time_search(routes, scope, expect, ms):
    assert find_route(routes, scope) == expect, scope["path"]
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            find_route(routes, scope)
        dt = time.perf_counter() - t0
        if dt >= ms / 10000:
            n = max(1, int(n * (ms / 1000) / dt))
            break
        n *= 2
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            find_route(routes, scope)
        runs.append((time.perf_counter() - t0) / n * 1e9)
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50,100,250,500")
    parser.add_argument("--ms", type=int, default=200)
    args = parser.parse_args()
    for size in [int(s) for s in args.sizes.split(",")]:
        routes = [make_route(i) for i in range(size)]
        targets = [("first", path_for(0), 0), ("middle", path_for(size // 2), size // 2),
                   ("last", path_for(size - 1), size - 1), ("miss", "/nowhere/at/all", size)]
        for label, path, index in targets:
            scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
                     "root_path": "", "query_string": b"", "headers": [], "path_params": {}}
            ns = time_search(routes, scope, index, args.ms)
            print(f"{size} {label} {min(index + 1, size)} {ns:.1f}", flush=True)


if __name__ == "__main__":
    main()
