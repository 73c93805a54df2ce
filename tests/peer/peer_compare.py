"""Peer test: one corpus of requests, sent to the asgiscope demo (`asgiscope serve`) and to
its twin written for Starlette (tests/peer/demo_app.py under Debian's uvicorn); the answers
must agree on status, body and the headers that matter.

Where asgiscope deliberately answers differently, DIFFERENCES below says which fields may
differ for which case and why; every other difference fails the test. A listed difference
that no longer shows up is reported too (the note is stale), without failing.

usage: /usr/bin/python3 tests/peer/peer_compare.py ASGISCOPE_BINARY
"""
import asyncio
import gzip
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import websockets

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SECRET = "peer-test-secret"

# Headers compared when either side sends them.
COMPARED = (
    "content-type", "content-length", "location", "allow", "vary", "content-encoding",
    "transfer-encoding", "content-range", "accept-ranges", "etag", "last-modified",
    "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
    "access-control-allow-credentials", "access-control-expose-headers", "access-control-max-age",
    "set-cookie", "cache-control",
)


def case(name, method, path, headers=None, body=b"", repeat_with_cookie=False, repeat_conditional=False):
    """One request. repeat_with_cookie: send it again with the session cookie each server set;
    repeat_conditional: send it again with If-None-Match / If-Modified-Since taken from each
    server's own ETag / Last-Modified."""
    return {"name": name, "method": method, "path": path, "headers": headers or {}, "body": body,
            "repeat_with_cookie": repeat_with_cookie, "repeat_conditional": repeat_conditional}


def multipart(fields, files, boundary="peerboundary1234"):
    """A multipart/form-data body as httpx writes it (fixed boundary so both sides get the same bytes)."""
    request = httpx.Request("POST", "http://peer.test/form", data=fields, files=files,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    return request.read(), request.headers["content-type"]


MP_BODY, MP_TYPE = multipart({"name": "Ada", "lang": "C++"},
                             {"upload": ("notes.txt", b"hello file\n" * 10, "text/plain")})
ORIGIN = {"Origin": "https://example.org"}

CORPUS = [
    case("plaintext", "GET", "/plaintext"),
    case("json", "GET", "/json"),
    case("head plaintext", "HEAD", "/plaintext"),
    case("wrong method", "POST", "/plaintext"),
    case("trailing slash redirect", "GET", "/plaintext/"),
    case("unknown path", "GET", "/nope"),
    case("user int", "GET", "/users/42"),
    case("user not an int", "GET", "/users/abc"),
    case("user negative", "GET", "/users/-1"),
    case("items path", "GET", "/items/a/b/c.txt"),
    case("items empty rest", "GET", "/items/"),
    case("items without slash", "GET", "/items"),
    case("items encoded", "GET", "/items/caf%C3%A9%20au%20lait"),
    case("echo get", "GET", "/echo"),
    case("echo post text", "POST", "/echo", {"Content-Type": "text/plain"}, b"some text"),
    case("echo post json", "POST", "/echo", {"Content-Type": "application/json"}, b'{"a": [1, 2]}'),
    case("echo post no type", "POST", "/echo", {}, b"raw bytes"),
    case("echo put", "PUT", "/echo", {}, b"x"),
    case("query", "GET", "/query?a=1&b=2&b=3&c="),
    case("query empty", "GET", "/query"),
    case("query encoded", "GET", "/query?x=%E2%82%AC&y=a+b&x=2"),
    case("headers", "GET", "/headers", {"X-Test": "1", "X-Multi": "first"}),
    case("cookie set", "GET", "/cookies/set?name=flavour&value=oat"),
    case("cookie set spaces", "GET", "/cookies/set?name=flavour&value=oat%20milk"),
    case("cookie set no name", "GET", "/cookies/set"),
    case("redirect", "GET", "/redirect"),
    case("error", "GET", "/error"),
    case("teapot", "GET", "/teapot"),
    case("stream", "GET", "/stream"),
    case("stream n", "GET", "/stream?n=2"),
    case("stream bad n", "GET", "/stream?n=x"),
    case("form urlencoded", "POST", "/form", {"Content-Type": "application/x-www-form-urlencoded"},
         b"a=1&b=2&a=3&empty="),
    case("form multipart", "POST", "/form", {"Content-Type": MP_TYPE}, MP_BODY),
    case("form no content type", "POST", "/form", {}, b"a=1"),
    case("form missing boundary", "POST", "/form", {"Content-Type": "multipart/form-data"}, b"--x--\r\n"),
    case("form get", "GET", "/form"),
    case("form too many fields", "POST", "/form", {"Content-Type": "application/x-www-form-urlencoded"},
         "&".join(f"f{i}=x" for i in range(1001)).encode()),
    case("form multipart garbage", "POST", "/form", {"Content-Type": "multipart/form-data; boundary=abc"},
         b"--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--abc--\r\n"),
    case("form multipart too many files", "POST", "/form",
         {"Content-Type": "multipart/form-data; boundary=abc"},
         b"".join(b"--abc\r\nContent-Disposition: form-data; name=\"f%d\"; filename=\"f.txt\"\r\n\r\nx\r\n" % i
                  for i in range(1001)) + b"--abc--\r\n"),
    case("large identity", "GET", "/large"),
    case("large gzip", "GET", "/large", {"Accept-Encoding": "gzip"}),
    case("plaintext gzip small", "GET", "/plaintext", {"Accept-Encoding": "gzip"}),
    case("stream gzip", "GET", "/stream", {"Accept-Encoding": "gzip"}),
    case("session", "GET", "/session", repeat_with_cookie=True),
    case("cors simple", "GET", "/plaintext", ORIGIN),
    case("cors preflight", "OPTIONS", "/plaintext",
         {**ORIGIN, "Access-Control-Request-Method": "GET"}),
    case("cors preflight bad method", "OPTIONS", "/plaintext",
         {**ORIGIN, "Access-Control-Request-Method": "POST"}),
    case("cors preflight headers", "OPTIONS", "/plaintext",
         {**ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Custom"}),
    case("options without cors", "OPTIONS", "/plaintext"),
    case("static index", "GET", "/static/"),
    case("static without slash", "GET", "/static"),
    case("static file", "GET", "/static/style.css", repeat_conditional=True),
    case("static nested index", "GET", "/static/index.html"),
    case("static head", "HEAD", "/static/style.css"),
    case("static missing", "GET", "/static/missing.css"),
    case("static traversal", "GET", "/static/../../etc/passwd"),
    case("static encoded traversal", "GET", "/static/%2e%2e/%2e%2e/etc/passwd"),
    case("static post", "POST", "/static/style.css"),
    case("static range", "GET", "/static/style.css", {"Range": "bytes=0-9"}),
    case("static multi range", "GET", "/static/style.css", {"Range": "bytes=0-1,5-6"}),
    case("static unsatisfiable range", "GET", "/static/style.css", {"Range": "bytes=99999-"}),
]

# Differences that hold for every case whose name starts with the prefix:
# prefix -> (fields allowed to differ, why).
GLOBAL_DIFFERENCES = {
    "static": (
        {"etag", "accept-ranges"},
        "FileResponse headers: asgiscope follows Starlette 1.x, which quotes the ETag (RFC 9110 "
        "entity-tag syntax) and sends Accept-Ranges: bytes; Debian's Starlette 0.26 sends a bare "
        "hash and no Accept-Ranges."),
    "session": (
        {"vary"},
        "SessionMiddleware adds Vary: Cookie to responses of requests that used the session, so "
        "shared caches do not hand one user's answer to another (as current Starlette does); "
        "Debian's Starlette 0.26 does not."),
}

# case name -> (fields allowed to differ, why). Fields: "status", "body", or a header name.
DIFFERENCES = {
    "static range": (
        {"status", "body", "content-length", "content-range"},
        "Range requests: Debian's Starlette 0.26 has no Range support in FileResponse and sends "
        "the whole file with 200; asgiscope follows Starlette 1.x (206 with Content-Range)."),
    "static multi range": (
        {"status", "body", "content-length", "content-range", "content-type"},
        "Range requests: Starlette 0.26 sends 200 with the whole file; asgiscope follows "
        "Starlette 1.x (206 multipart/byteranges)."),
    "static unsatisfiable range": (
        {"status", "body", "content-length", "content-range", "content-type", "etag", "last-modified", "accept-ranges"},
        "Range requests: Starlette 0.26 sends 200 with the whole file; asgiscope follows "
        "Starlette 1.x (416 with Content-Range: bytes */N)."),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port, proc, name, deadline=30.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited with {proc.returncode} before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{name} did not answer on port {port} within {deadline} s")


def start_servers(asgiscope):
    env = dict(os.environ, ASGISCOPE_SECRET_KEY=SECRET)
    p1, p2 = free_port(), free_port()
    ours = subprocess.Popen([asgiscope, "serve", "--host", "127.0.0.1", "--port", str(p1), "--no-access-log"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    theirs = subprocess.Popen(["/usr/bin/python3", "-m", "uvicorn", "--app-dir", HERE, "demo_app:app",
                               "--host", "127.0.0.1", "--port", str(p2), "--no-access-log", "--log-level", "warning"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=HERE)
    wait_until_up(p1, ours, "asgiscope")
    wait_until_up(p2, theirs, "uvicorn")
    return (ours, p1), (theirs, p2)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stdout.read().decode("utf-8", "replace")


def send(port, c, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(c["method"], c["path"], skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", "peer.test")
    for k, v in c["headers"].items():
        conn.putheader(k, v)
    if cookie:
        conn.putheader("Cookie", cookie)
    if c["body"] or c["method"] in ("POST", "PUT"):
        conn.putheader("Content-Length", str(len(c["body"])))
    conn.endheaders(c["body"] or None)
    r = conn.getresponse()
    body = r.read()
    headers = {}
    for k, v in r.getheaders():
        headers.setdefault(k.lower(), []).append(v)
    conn.close()
    return r.status, headers, body


def normalise_cookie(value):
    """A Set-Cookie header with a signed session value reduced to its attributes."""
    name, _, rest = value.partition("=")
    if name == "session":
        _, _, attributes = rest.partition(";")
        return f"session=<signed>;{attributes}"
    return value


def view(status, headers, body):
    out = {"status": status}
    for h in COMPARED:
        if h in headers:
            values = headers[h]
            if h == "set-cookie":
                values = [normalise_cookie(v) for v in values]
            if h == "allow":  # Starlette keeps methods in a set: the order means nothing
                values = sorted(m.strip() for v in values for m in v.split(","))
            if h == "content-length" and headers.get("content-encoding") == ["gzip"]:
                continue  # compressed sizes depend on the zlib settings; the body is compared decoded
            out[h] = ", ".join(values)
    if headers.get("content-encoding") == ["gzip"]:
        body = gzip.decompress(body)
    out["body"] = body
    return out


def session_cookie(headers):
    for v in headers.get("set-cookie", []):
        if v.startswith("session="):
            return v.split(";", 1)[0]
    return None


def run_case(c, p1, p2):
    a, b = send(p1, c), send(p2, c)
    results = [(c["name"], view(*a), view(*b))]
    if c["repeat_with_cookie"]:
        ca, cb = session_cookie(a[1]), session_cookie(b[1])
        if not ca or not cb:
            results.append((c["name"] + " (again)", {"status": "no session cookie" if not ca else "ok"},
                            {"status": "no session cookie" if not cb else "ok"}))
        else:
            results.append((c["name"] + " (again)", view(*send(p1, c, ca)), view(*send(p2, c, cb))))
    if c["repeat_conditional"]:
        for header, source in (("If-None-Match", "etag"), ("If-Modified-Since", "last-modified")):
            again_a = dict(c, headers={**c["headers"], header: a[1].get(source, [""])[0]})
            again_b = dict(c, headers={**c["headers"], header: b[1].get(source, [""])[0]})
            results.append((f"{c['name']} ({header})", view(*send(p1, again_a)), view(*send(p2, again_b))))
    return results


async def websocket_echo(port):
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/echo", open_timeout=10, close_timeout=5) as ws:
        await ws.send("hello")
        text = await asyncio.wait_for(ws.recv(), 10)
        await ws.send(b"\x00\x01binary")
        data = await asyncio.wait_for(ws.recv(), 10)
        return {"text": text, "bytes": data}


async def websocket_unknown(port):
    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/nope", open_timeout=10) as ws:
            await ws.recv()
            return "accepted"
    except websockets.exceptions.InvalidStatusCode as e:
        return f"rejected {e.status_code}"
    except websockets.exceptions.ConnectionClosed as e:
        return f"closed {e.code}"


def short(value, limit=70):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    (ours, p1), (theirs, p2) = start_servers(sys.argv[1])
    failures, explained, stale = [], [], []
    rows = 0
    try:
        results = []
        for c in CORPUS:
            results.extend(run_case(c, p1, p2))
        results.append(("websocket echo", asyncio.run(websocket_echo(p1)), asyncio.run(websocket_echo(p2))))
        results.append(("websocket unknown path", {"outcome": asyncio.run(websocket_unknown(p1))},
                        {"outcome": asyncio.run(websocket_unknown(p2))}))
        for name, a, b in results:
            rows += 1
            fields = sorted(set(a) | set(b))
            differing = [f for f in fields if a.get(f) != b.get(f)]
            allowed, why = DIFFERENCES.get(name, (set(), ""))
            for prefix, (fields_, why_) in GLOBAL_DIFFERENCES.items():
                if name.startswith(prefix) and not allowed & fields_:
                    allowed, why = allowed | fields_, (why + " " if why else "") + why_
            unexplained = [f for f in differing if f not in allowed]
            for f in unexplained:
                failures.append(f"{name}: {f}: asgiscope {short(a.get(f))} vs starlette {short(b.get(f))}")
            if differing and not unexplained:
                explained.append((why, name, differing))
            if name in DIFFERENCES and not set(differing) & DIFFERENCES[name][0]:
                stale.append(f"{name}: listed as a difference but both agree now")
    finally:
        log_ours, log_theirs = stop(ours), stop(theirs)
    print(f"peer test: {rows} exchanges compared, {len(failures)} unexplained differences, "
          f"{len(explained)} deliberate")
    by_reason = {}
    for why, name, differing in explained:
        by_reason.setdefault(why, []).append(f"{name} ({', '.join(differing)})")
    for why, cases in by_reason.items():
        print(f"  deliberate: {why}\n    cases: {'; '.join(cases)}")
    for line in stale:
        print("  stale note:", line)
    for line in failures:
        print("  DIFFERENT:", line)
    if failures:
        print("--- asgiscope log ---\n" + log_ours[-3000:])
        print("--- uvicorn log ---\n" + log_theirs[-3000:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
