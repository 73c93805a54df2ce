#!/usr/bin/python3
"""Structural check of a HAR 1.2 file, written from the HAR 1.2 specification
(W3C Web Performance WG draft, "HTTP Archive (HAR) format"): required fields and their JSON
types, the rule that custom fields start with an underscore, "time" as the sum of the
timings, ISO 8601 dates, and Chrome's WebSocket convention (_resourceType "websocket" with
_webSocketMessages). Usage: validate_har.py FILE [--entries N]; exit 0 when valid, else 1 with
one line per problem."""

import json
import re
import sys

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
problems = []


def fail(where, what):
    problems.append(f"{where}: {what}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return (isinstance(v, (int, float))) and not isinstance(v, bool)


TYPES = {
    "str": (lambda v: isinstance(v, str), "a string"),
    "int": (is_int, "an integer"),
    "num": (is_num, "a number"),
    "bool": (lambda v: isinstance(v, bool), "a boolean"),
    "obj": (lambda v: isinstance(v, dict), "an object"),
    "arr": (lambda v: isinstance(v, list), "an array"),
}


def check_object(where, obj, required, optional=None):
    """required/optional: {key: type name}. Unknown keys must start with '_'."""
    optional = optional or {}
    if not isinstance(obj, dict):
        fail(where, "must be an object")
        return False
    for key, kind in required.items():
        if key not in obj:
            fail(where, f'"{key}" is required')
        elif not TYPES[kind][0](obj[key]):
            fail(f"{where}.{key}", f"must be {TYPES[kind][1]}")
    for key, kind in optional.items():
        if key in obj and not TYPES[kind][0](obj[key]):
            fail(f"{where}.{key}", f"must be {TYPES[kind][1]}")
    for key in obj:
        if key not in required and key not in optional and not key.startswith("_"):
            fail(where, f'unknown field "{key}" (custom fields must start with "_")')
    return True


def check_name_values(where, items, extra=None):
    if not isinstance(items, list):
        return
    for i, item in enumerate(items):
        check_object(f"{where}[{i}]", item, {"name": "str", "value": "str"}, dict(extra or {}, comment="str"))


def check_cookies(where, cookies):
    if not isinstance(cookies, list):
        return
    for i, c in enumerate(cookies):
        check_object(f"{where}[{i}]", c, {"name": "str", "value": "str"},
                     {"path": "str", "domain": "str", "expires": "str", "httpOnly": "bool", "secure": "bool",
                      "comment": "str"})


def check_request(where, r):
    if not check_object(where, r, {"method": "str", "url": "str", "httpVersion": "str", "cookies": "arr",
                                   "headers": "arr", "queryString": "arr", "headersSize": "int", "bodySize": "int"},
                        {"postData": "obj", "comment": "str"}):
        return
    if isinstance(r.get("url"), str) and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", r["url"]):
        fail(f"{where}.url", "must be an absolute URL")
    check_cookies(f"{where}.cookies", r.get("cookies"))
    check_name_values(f"{where}.headers", r.get("headers"))
    check_name_values(f"{where}.queryString", r.get("queryString"))
    post = r.get("postData")
    if isinstance(post, dict):
        check_object(f"{where}.postData", post, {"mimeType": "str"}, {"params": "arr", "text": "str", "comment": "str"})
        for i, p in enumerate(post.get("params") or []):
            check_object(f"{where}.postData.params[{i}]", p, {"name": "str"},
                         {"value": "str", "fileName": "str", "contentType": "str", "comment": "str"})
    for key in ("headersSize", "bodySize"):
        if is_int(r.get(key)) and r[key] < -1:
            fail(f"{where}.{key}", "must be -1 or more")


def check_response(where, r):
    if not check_object(where, r, {"status": "int", "statusText": "str", "httpVersion": "str", "cookies": "arr",
                                   "headers": "arr", "content": "obj", "redirectURL": "str", "headersSize": "int",
                                   "bodySize": "int"}, {"comment": "str"}):
        return
    check_cookies(f"{where}.cookies", r.get("cookies"))
    check_name_values(f"{where}.headers", r.get("headers"))
    c = r.get("content")
    if isinstance(c, dict):
        check_object(f"{where}.content", c, {"size": "int", "mimeType": "str"},
                     {"compression": "int", "text": "str", "encoding": "str", "comment": "str"})
        if c.get("encoding") not in (None, "base64"):
            fail(f"{where}.content.encoding", "only base64 is defined")


def check_timings(where, t, time):
    if not check_object(where, t, {"send": "num", "wait": "num", "receive": "num"},
                        {"blocked": "num", "dns": "num", "connect": "num", "ssl": "num", "comment": "str"}):
        return
    total = 0.0
    for key in ("blocked", "dns", "connect", "send", "wait", "receive"):
        v = t.get(key)
        if not is_num(v):
            continue
        if key in ("send", "wait", "receive") and v < 0:
            fail(f"{where}.{key}", "must not be negative")
        if v < -1:
            fail(f"{where}.{key}", "must be -1 or more")
        if v >= 0:
            total += v
    # ssl is included in connect; "time" is the sum of the others that apply.
    if is_num(time) and abs(total - time) > 0.01 + 1e-6 * time:
        fail(where, f"the timings add up to {total}, not the entry's time {time}")


def check_websocket(where, e):
    msgs = e.get("_webSocketMessages")
    if not isinstance(msgs, list):
        fail(where, "a websocket entry needs a _webSocketMessages array")
        return
    for i, m in enumerate(msgs):
        at = f"{where}._webSocketMessages[{i}]"
        check_object(at, m, {"type": "str", "time": "num", "opcode": "int", "data": "str"})
        if m.get("type") not in ("send", "receive"):
            fail(f"{at}.type", "must be send or receive")
        if m.get("opcode") not in (1, 2):
            fail(f"{at}.opcode", "must be 1 or 2")
        if is_num(m.get("time")) and m["time"] < 1e8:
            fail(f"{at}.time", "must be seconds since the epoch")


def check(har, expected_entries):
    if not check_object("$", har, {"log": "obj"}):
        return
    log = har["log"]
    if not check_object("log", log, {"version": "str", "creator": "obj", "entries": "arr"},
                        {"browser": "obj", "pages": "arr", "comment": "str"}):
        return
    if log.get("version") not in ("1.1", "1.2"):
        fail("log.version", "must be 1.2")
    check_object("log.creator", log.get("creator"), {"name": "str", "version": "str"}, {"comment": "str"})
    page_ids = set()
    for i, p in enumerate(log.get("pages") or []):
        check_object(f"log.pages[{i}]", p, {"startedDateTime": "str", "id": "str", "title": "str",
                                            "pageTimings": "obj"}, {"comment": "str"})
        page_ids.add(p.get("id"))
    entries = log.get("entries")
    if expected_entries is not None and len(entries) != expected_entries:
        fail("log.entries", f"has {len(entries)} entries, expected {expected_entries}")
    for i, e in enumerate(entries):
        at = f"log.entries[{i}]"
        if not check_object(at, e, {"startedDateTime": "str", "time": "num", "request": "obj", "response": "obj",
                                    "cache": "obj", "timings": "obj"},
                            {"pageref": "str", "serverIPAddress": "str", "connection": "str", "comment": "str"}):
            continue
        if not ISO.match(e["startedDateTime"]):
            fail(f"{at}.startedDateTime", "must be ISO 8601")
        if "pageref" in e and e["pageref"] not in page_ids:
            fail(f"{at}.pageref", "names no page")
        if is_num(e["time"]) and e["time"] < 0:
            fail(f"{at}.time", "must not be negative")
        check_request(f"{at}.request", e["request"])
        check_response(f"{at}.response", e["response"])
        check_object(f"{at}.cache", e["cache"], {}, {"beforeRequest": "obj", "afterRequest": "obj", "comment": "str"})
        check_timings(f"{at}.timings", e["timings"], e["time"])
        if e.get("_resourceType") == "websocket":
            check_websocket(at, e)


def main():
    args = sys.argv[1:]
    expected = None
    if "--entries" in args:
        i = args.index("--entries")
        expected = int(args[i + 1])
        del args[i:i + 2]
    with open(args[0], encoding="utf-8") as f:
        har = json.load(f)
    check(har, expected)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
