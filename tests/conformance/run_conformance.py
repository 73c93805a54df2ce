#!/usr/bin/python3
"""Runs the raw-socket conformance cases (cases.json) against `asgiscope serve` and against
Debian's uvicorn (with its h11 and httptools HTTP parsers) serving the twin demo app
(tests/peer/demo_app.py), prints a table, and writes or checks docs/CONFORMANCE.md.

Usage:
  run_conformance.py ASGISCOPE_BIN                      print the table
  run_conformance.py ASGISCOPE_BIN --write DOC          also write the Markdown page
  run_conformance.py ASGISCOPE_BIN --check DOC          exit 1 when asgiscope fails a MUST
                                                        case or DOC differs from the result
  --only asgiscope                                      skip uvicorn (a quick local run)

Only the Python standard library is used: the bytes on the wire are exactly the case's.
"""
import argparse
import base64
import difflib
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEER_DIR = os.path.join(HERE, "..", "peer")
WAIT = 1.5    # seconds to wait for answers when the server neither answers nor closes
GRACE = 0.4   # after the expected answers arrived: how long to watch for a close


# ---- servers -----------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name, command, port):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    # The log goes to a file: a pipe nobody reads would fill and stall the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=PEER_DIR)
    proc.log = log
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit(f"{name} exited early: {log.read().decode(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{name} did not listen on port {port}")


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log.close()


def servers(asgiscope, only):
    """(column title, command builder) for each server under test."""
    out = [("asgiscope", lambda p: [asgiscope, "serve", "--host", "127.0.0.1", "--port", str(p),
                                    "--no-access-log", "--log-level", "warning"])]
    if only != "asgiscope":
        for http in ("h11", "httptools"):
            out.append((f"uvicorn {http}", lambda p, http=http: [
                "/usr/bin/python3", "-m", "uvicorn", "--app-dir", PEER_DIR, "demo_app:app",
                "--host", "127.0.0.1", "--port", str(p), "--http", http, "--ws", "websockets",
                "--no-access-log", "--log-level", "warning"]))
    return out


# ---- cases -------------------------------------------------------------------------------

def expand(text):
    """Placeholders keep long inputs readable: {x9000} is 9000 'x', {fields200} 200 fields."""
    text = re.sub(r"\{x(\d+)\}", lambda m: "x" * int(m.group(1)), text)
    text = re.sub(r"\{fields(\d+)\}", lambda m: "".join(f"X-F{i}: v\r\n" for i in range(int(m.group(1)))), text)
    return text.encode("latin-1")


def expected_count(accept):
    n = 0
    for pattern in accept:
        statuses = pattern.split("+")[0]
        n = max(n, len(statuses.split(",")) if statuses else 0)
    return n


def read_responses(sock, want, deadline, grace):
    """Reads HTTP responses until `want` complete ones arrived (then `grace` more) or the peer
    closes or the deadline passes. Returns (list of (status, body), closed)."""
    data = b""
    responses = []
    closed = False
    end = deadline
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except (ConnectionResetError, BrokenPipeError):
            closed = True
            break
        if not chunk:
            closed = True
            break
        data += chunk
        while True:
            parsed = parse_response(data, final=False)
            if parsed is None:
                break
            status, body, used = parsed
            responses.append((status, body))
            data = data[used:]
        if len(responses) >= want and end == deadline:
            end = time.monotonic() + grace
    if closed and data:
        parsed = parse_response(data, final=True)
        if parsed:
            responses.append(parsed[:2])
    return responses, closed


def parse_response(data, final):
    """One response from the front of `data`: (status, body, bytes used), or None if more
    bytes are needed. `final`: the peer closed, so a body without length ends here."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    lines = data[:head_end].decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ")[1])
    except (IndexError, ValueError):
        return (0, b"", len(data)) if final else None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    pos = head_end + 4
    if 100 <= status < 200 or status in (204, 304):
        return status, b"", pos
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            eol = data.find(b"\r\n", pos)
            if eol < 0:
                return None
            size = int(data[pos:eol].split(b";")[0], 16)
            pos = eol + 2
            if size == 0:
                end = data.find(b"\r\n\r\n", pos - 2)
                return (status, body, end + 4) if end >= 0 else None
            if len(data) < pos + size + 2:
                return None
            body += data[pos:pos + size]
            pos += size + 2
    if "content-length" in headers:
        n = int(headers["content-length"])
        return (status, data[pos:pos + n], pos + n) if len(data) >= pos + n else None
    return (status, data[pos:], len(data)) if final else None


def run_http(port, case):
    payload = expand(case["send"])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            sock.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused early; the answer may still be readable
        # When every accepted outcome ends in a close, wait for it (a slow close is still a
        # close); otherwise watch a moment after the expected answers.
        grace = WAIT if all(p.endswith("+close") for p in case["accept"]) else GRACE
        responses, closed = read_responses(sock, expected_count(case["accept"]), time.monotonic() + WAIT, grace)
    outcome = ",".join(str(s) for s, _ in responses) + ("+close" if closed else "+open")
    if "body" in case and responses and responses[-1][0] == 200 and responses[-1][1] != case["body"].encode():
        outcome += f" (body {responses[-1][1][:40]!r})"
    return outcome


WS_KEY = base64.b64encode(b"conformance-key!").decode()


def ws_frame(spec):
    op = spec["op"]
    if "code" in spec:
        payload = struct.pack("!H", spec["code"])
    elif "hex" in spec:
        payload = bytes.fromhex(spec["hex"])
    else:
        payload = expand(spec.get("data", ""))
    first = (0x80 if spec.get("fin", True) else 0) | spec.get("rsv", 0) | op
    masked = spec.get("mask", True)
    n = len(payload)
    if n < 126:
        head = bytes([first, (0x80 if masked else 0) | n])
    elif n < 65536:
        head = bytes([first, (0x80 if masked else 0) | 126]) + struct.pack("!H", n)
    else:
        head = bytes([first, (0x80 if masked else 0) | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    key = b"\x37\xfa\x21\x3d"
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def read_frames(sock, data, deadline):
    """Frames the server sends until it closes the connection or the deadline. Answers a
    close frame with a close frame, as a client must. Returns (descriptions, closed)."""
    seen = []
    closed = False
    sent_close = False
    while True:
        while len(data) >= 2:
            b0, b1 = data[0], data[1]
            n = b1 & 0x7F
            pos = 2
            if n == 126:
                if len(data) < 4:
                    break
                n = struct.unpack("!H", data[2:4])[0]
                pos = 4
            elif n == 127:
                if len(data) < 10:
                    break
                n = struct.unpack("!Q", data[2:10])[0]
                pos = 10
            if len(data) < pos + n:
                break
            payload = data[pos:pos + n]
            data = data[pos + n:]
            op = b0 & 0x0F
            if op == 1:
                seen.append("text:" + payload.decode("utf-8", "replace"))
            elif op == 2:
                seen.append(f"binary:{len(payload)} bytes")
            elif op == 9:
                seen.append("ping:" + payload.decode("latin-1"))
            elif op == 10:
                seen.append("pong:" + payload.decode("latin-1"))
            elif op == 8:
                seen.append(f"close:{struct.unpack('!H', payload[:2])[0]}" if len(payload) >= 2 else "close")
                if not sent_close:
                    sent_close = True
                    try:
                        sock.sendall(ws_frame({"op": 8, "hex": payload[:2].hex()}))
                    except OSError:
                        pass
            else:
                seen.append(f"op{op}")
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except (ConnectionResetError, BrokenPipeError):
            closed = True
            break
        if not chunk:
            closed = True
            break
        data += chunk
    return seen, closed


def run_ws(port, case):
    handshake = (f"GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: {WS_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(handshake.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return "handshake failed+close"
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            return "handshake " + head.split(b"\r\n")[0].decode("latin-1")
        try:
            pending = b""
            for spec in case["frames"]:
                if "pause" in spec:  # let the echo come back before what follows
                    sock.sendall(pending)
                    pending = b""
                    time.sleep(spec["pause"])
                else:
                    pending += ws_frame(spec)
            sock.sendall(pending)
        except (BrokenPipeError, ConnectionResetError):
            pass
        seen, closed = read_frames(sock, rest, time.monotonic() + WAIT)
    return " ".join(seen) + ("+close" if closed else "+open")


def matches(outcome, pattern):
    want_close = None
    if pattern.endswith("+close"):
        want_close, pattern = True, pattern[:-6]
    elif pattern.endswith("+open"):
        want_close, pattern = False, pattern[:-5]
    got, _, state = outcome.partition("+")
    if " (body" in state:
        return False
    if want_close is not None and (state == "close") != want_close:
        return False
    if re.fullmatch(r"[\d,x]*", pattern) and re.fullmatch(r"[\d,]*", got):  # HTTP statuses
        want, have = pattern.split(",") if pattern else [], got.split(",") if got else []
        return len(want) == len(have) and all(
            w == h or (w.endswith("xx") and h[:1] == w[:1]) for w, h in zip(want, have))
    return got == pattern


# ---- report ------------------------------------------------------------------------------

def markdown(cases, columns, results):
    out = ["# Conformance table", "",
           "Generated by `tests/conformance/run_conformance.py` from `tests/conformance/cases.json`;",
           "do not edit by hand: `scripts/conformance.sh` rewrites it, and the CTest",
           "`test_conformance` fails when it no longer matches what the servers answer.", "",
           "Each case sends exact bytes on a fresh loopback connection to `asgiscope serve` and to",
           "Debian's uvicorn 0.17 (with its h11 and its httptools parser, and the websockets",
           "library) serving the twin demo app `tests/peer/demo_app.py`. **MUST** cases are RFC",
           "requirements (or rules without which requests can be smuggled): asgiscope passes all of",
           "them. **SHOULD** cases are recommendations or the usual answer.", "",
           "An outcome lists the statuses received in order, then `+close` when the server closed the",
           "connection or `+open` when it kept it open. `4xx` accepts any 400-499 status. WebSocket",
           "outcomes list the frames the server sent after the handshake. ✅ passes, ❌ does not.", ""]
    out.append("| | " + " | ".join(f"MUST passed" for _ in columns) + " |")
    out.append("|---|" + "---|" * len(columns))
    rows = []
    for title in columns:
        must = [c for c in cases if c["level"] == "MUST"]
        ok = sum(1 for c in must if any(matches(results[title][c["id"]], p) for p in c["accept"]))
        should = [c for c in cases if c["level"] == "SHOULD"]
        ok_s = sum(1 for c in should if any(matches(results[title][c["id"]], p) for p in c["accept"]))
        rows.append((title, ok, len(must), ok_s, len(should)))
    out[-2] = "| Server | MUST passed | SHOULD passed |"
    out[-1] = "|---|---|---|"
    for title, ok, n, ok_s, n_s in rows:
        out.append(f"| {title} | {ok}/{n} | {ok_s}/{n_s} |")
    group = None
    for c in cases:
        if c["group"] != group:
            group = c["group"]
            out += ["", f"## {group}", "",
                    "| Case | Level | Expected | " + " | ".join(columns) + " |",
                    "|---|---|---|" + "---|" * len(columns)]
        cells = []
        for title in columns:
            r = results[title][c["id"]]
            ok = any(matches(r, p) for p in c["accept"])
            cells.append(("✅ " if ok else "❌ ") + "`" + r.replace("|", "\\|") + "`")
        expected = " or ".join(f"`{p}`" for p in c["accept"])
        out.append(f"| **{c['id']}** {c['title']} ({c['ref']}) | {c['level']} | {expected} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def ours(text):
    """The page without uvicorn's cells: the cases and asgiscope's answers (and summary)."""
    kept = []
    for line in text.splitlines():
        if line.startswith("| **"):
            line = " | ".join(line.split(" | ")[:4])
        elif line.startswith("| uvicorn"):
            continue
        kept.append(line)
    return kept


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("asgiscope")
    parser.add_argument("--write")
    parser.add_argument("--check")
    parser.add_argument("--only")
    args = parser.parse_args()
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        spec = json.load(f)
    cases = [dict(c, kind="http") for c in spec["http"]] + \
            [dict(c, kind="ws", group="WebSocket") for c in spec["websocket"]]
    results = {}
    columns = []
    for title, command in servers(args.asgiscope, args.only):
        port = free_port()
        proc = start(title, command(port), port)
        columns.append(title)
        results[title] = {}
        try:
            for c in cases:
                results[title][c["id"]] = (run_ws if c["kind"] == "ws" else run_http)(port, c)
        finally:
            stop(proc)
    width = max(len(c["id"]) for c in cases)
    print(f"{'case':{width}}  level   " + "  ".join(f"{t:24}" for t in columns))
    failures = []
    for c in cases:
        cells = []
        for title in columns:
            r = results[title][c["id"]]
            ok = any(matches(r, p) for p in c["accept"])
            cells.append(f"{'ok ' if ok else 'NO '}{r[:21]:21}")
            if title == "asgiscope" and not ok and c["level"] == "MUST":
                failures.append(f"{c['id']}: got {r}, expected {' or '.join(c['accept'])}")
        print(f"{c['id']:{width}}  {c['level']:6}  " + "  ".join(cells))
    text = markdown(cases, columns, results)
    status = 0
    if failures:
        print("\nasgiscope fails MUST cases:\n  " + "\n  ".join(failures))
        status = 1
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {args.write}")
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            committed = f.read()
        if committed != text:
            diff = list(difflib.unified_diff(committed.splitlines(True), text.splitlines(True),
                                             args.check, "generated"))
            if ours(committed) != ours(text):
                print(f"\n{args.check} is out of date (run scripts/conformance.sh):")
                status = 1
            else:  # another uvicorn, or a timing difference on its side: not our failure
                print(f"\nnote: uvicorn's answers differ from {args.check}:")
            sys.stdout.writelines(diff)
    return status


if __name__ == "__main__":
    sys.exit(main())
