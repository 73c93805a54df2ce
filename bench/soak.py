#!/usr/bin/python3
"""Bounded soak test of `asgiscope serve` on loopback (run by bench/soak.sh).

For DURATION seconds it mixes, each in its own loop: keep-alive GETs, pipelined batches,
256 KiB uploads echoed back, streamed (chunked) responses, WebSocket echo sessions, clients
that vanish mid-request (provoked), slowloris clients that trickle a head byte per second
and bursts of idle connections that send nothing. The last two must be closed by the
server's header-read timeout while the normal clients keep being served.

It samples the server's RSS and open file descriptors every 10 s and prints a Markdown
summary: requests and failures per kind, RSS after warm-up and at the end, descriptors
before and after (once the clients have stopped and the timeouts have fired), and the
error lines of the server log. Exit status 1 when a normal client failed, the server
logged an error, descriptors leaked, or RSS grew by more than 20% after warm-up.

With --trace the server records every request (`asgiscope serve --trace FILE`) into a
temporary file rotated at --trace-max-bytes (FILE becomes FILE.1 when full), so tracing
stays on for the whole run in bounded disk space; the summary gives the traces written,
how often the file rotated and any traces the writer dropped.

Usage: soak.py ASGISCOPE_BIN [--duration 600] [--warmup 60] [--trace] [--trace-max-bytes N]
"""
import argparse
import asyncio
import collections
import os
import socket
import subprocess
import sys
import tempfile
import time

import websockets

HEADER_TIMEOUT = 3  # --timeout-header-read given to the server


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


class Stats:
    def __init__(self):
        self.ok = collections.Counter()
        self.failed = collections.Counter()
        self.notes = collections.defaultdict(list)

    def fail(self, kind, what):
        self.failed[kind] += 1
        if len(self.notes[kind]) < 5:
            self.notes[kind].append(what)


async def read_response(reader):
    """(status, body) of one response with Content-Length or chunked framing."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return status, body
            body += await reader.readexactly(size + 2)
            body = body[:-2]
    return status, await reader.readexactly(int(headers.get("content-length", "0")))


async def keep_alive(port, stats, until):
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(200):
                writer.write(b"GET /plaintext HTTP/1.1\r\nHost: soak\r\n\r\n")
                status, body = await read_response(reader)
                if status == 200 and body == b"Hello, world!":
                    stats.ok["keep-alive"] += 1
                else:
                    stats.fail("keep-alive", f"{status} {body[:40]!r}")
            writer.close()
        except (OSError, asyncio.IncompleteReadError, ValueError) as e:
            stats.fail("keep-alive", repr(e))


async def pipelined(port, stats, until):
    batch = b"".join(b"GET /query?i=%d HTTP/1.1\r\nHost: soak\r\n\r\n" % i for i in range(8))
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(50):
                writer.write(batch)
                for i in range(8):
                    status, body = await read_response(reader)
                    if status == 200 and f'"i":"{i}"'.encode() in body:
                        stats.ok["pipelined"] += 1
                    else:
                        stats.fail("pipelined", f"{status} {body[:40]!r}")
            writer.close()
        except (OSError, asyncio.IncompleteReadError, ValueError) as e:
            stats.fail("pipelined", repr(e))


async def uploads(port, stats, until):
    payload = os.urandom(256 * 1024)
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(20):
                writer.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Type: application/octet-stream\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(payload) + payload)
                status, body = await read_response(reader)
                if status == 200 and body == payload:
                    stats.ok["upload 256 KiB"] += 1
                else:
                    stats.fail("upload 256 KiB", f"{status} {len(body)} bytes")
            writer.close()
        except (OSError, asyncio.IncompleteReadError, ValueError) as e:
            stats.fail("upload 256 KiB", repr(e))


async def streaming(port, stats, until):
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /stream HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n")
            status, body = await read_response(reader)
            if status == 200 and body.count(b"\n") == 5:
                stats.ok["streamed"] += 1
            else:
                stats.fail("streamed", f"{status} {body[:60]!r}")
            writer.close()
        except (OSError, asyncio.IncompleteReadError, ValueError) as e:
            stats.fail("streamed", repr(e))


async def ws_echo(port, stats, until):
    while time.monotonic() < until:
        try:
            async with websockets.connect(f"ws://127.0.0.1:{port}/ws/echo", open_timeout=10,
                                          close_timeout=10) as ws:
                for i in range(100):
                    await ws.send(f"message {i}")
                    if await ws.recv() == f"message {i}":
                        stats.ok["websocket echo"] += 1
                    else:
                        stats.fail("websocket echo", "wrong echo")
        except (OSError, websockets.WebSocketException, asyncio.TimeoutError) as e:
            stats.fail("websocket echo", repr(e))


async def vanishing(port, stats, until):
    """Provoked failures: a client that leaves mid-head, mid-body or before reading."""
    i = 0
    while time.monotonic() < until:
        i += 1
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            step = i % 3
            if step == 0:
                writer.write(b"GET /plaintext HTTP/1.1\r\nHo")
            elif step == 1:
                writer.write(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n" + b"x" * 5000)
            else:
                writer.write(b"GET /large HTTP/1.1\r\nHost: soak\r\n\r\n")
            await writer.drain()
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
            writer.close()
            stats.ok["vanished (provoked)"] += 1
        except OSError as e:
            stats.fail("vanished (provoked)", repr(e))
        await asyncio.sleep(0.02)


async def slowloris(port, stats, until):
    """Trickles a never-ending head; the server must close within its header timeout."""
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.1\r\n")
            start = time.monotonic()
            closed = False
            while time.monotonic() - start < HEADER_TIMEOUT + 5:
                try:
                    writer.write(b"X")
                    await writer.drain()
                    data = await asyncio.wait_for(reader.read(1024), 1.0)
                    if not data or b" 408 " in data or b"HTTP/1.1 4" in data:
                        closed = True
                        break
                except asyncio.TimeoutError:
                    pass
            elapsed = time.monotonic() - start
            if closed and elapsed <= HEADER_TIMEOUT + 2:
                stats.ok["slowloris closed by timeout"] += 1
            else:
                stats.fail("slowloris closed by timeout", f"still open after {elapsed:.1f} s")
            writer.close()
        except (ConnectionResetError, BrokenPipeError):
            stats.ok["slowloris closed by timeout"] += 1
        except OSError as e:
            stats.fail("slowloris closed by timeout", repr(e))


async def idle_flood(port, stats, until):
    """Bursts of 100 connections that send nothing: all closed by the header timeout."""
    while time.monotonic() < until:
        conns = []
        for _ in range(100):
            try:
                conns.append(await asyncio.open_connection("127.0.0.1", port))
            except OSError as e:
                stats.fail("idle connections closed", repr(e))
        start = time.monotonic()

        async def wait_closed(reader):
            try:
                return await asyncio.wait_for(reader.read(1024), HEADER_TIMEOUT + 5) == b""
            except (asyncio.TimeoutError, ConnectionResetError):
                return False
        results = await asyncio.gather(*(wait_closed(r) for r, _ in conns))
        for (_, w), closed in zip(conns, results):
            w.close()
            if closed:
                stats.ok["idle connections closed"] += 1
            else:
                stats.fail("idle connections closed", f"open after {time.monotonic() - start:.1f} s")


async def sampler(pid, samples, until):
    while time.monotonic() < until:
        samples.append((time.monotonic(), rss_kib(pid), fd_count(pid)))
        await asyncio.sleep(10)


async def soak(port, pid, duration, stats, samples):
    until = time.monotonic() + duration
    jobs = [keep_alive, keep_alive, pipelined, uploads, streaming, ws_echo, ws_echo, vanishing,
            slowloris, slowloris, idle_flood]
    await asyncio.gather(sampler(pid, samples, until), *(j(port, stats, until) for j in jobs))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("asgiscope")
    parser.add_argument("--duration", type=float, default=600)
    parser.add_argument("--warmup", type=float, default=60)
    parser.add_argument("--trace", action="store_true", help="serve with --trace into a temporary file")
    parser.add_argument("--trace-max-bytes", type=int, default=64 * 1024 * 1024,
                        help="rotate the trace file at this size (0: do not pass the flag)")
    parser.add_argument("--trace-max-body", type=int, default=0,
                        help="serve --trace-max-body (0: the server's default, 4096)")
    parser.add_argument("--command", default="", help="the command line to print with the result")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tempfile.TemporaryFile()
    command = [args.asgiscope, "serve", "--port", str(port), "--no-access-log",
               "--timeout-header-read", str(HEADER_TIMEOUT), "--log-level", "warning"]
    trace_dir = tempfile.TemporaryDirectory() if args.trace else None
    if trace_dir:
        trace_file = os.path.join(trace_dir.name, "soak.trace.jsonl")
        command += ["--trace", trace_file]
        if args.trace_max_bytes:
            command += ["--trace-max-bytes", str(args.trace_max_bytes)]
        if args.trace_max_body:
            command += ["--trace-max-body", str(args.trace_max_body)]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    time.sleep(0.5)
    fds_before = fd_count(server.pid)
    rss_start = rss_kib(server.pid)
    stats = Stats()
    samples = []
    started = time.monotonic()
    asyncio.run(soak(port, server.pid, args.duration, stats, samples))
    time.sleep(HEADER_TIMEOUT + 2)  # let the server's timeouts close what the clients left
    fds_after = fd_count(server.pid)
    rss_end = rss_kib(server.pid)
    server.terminate()
    exit_code = server.wait(timeout=60)
    log.seek(0)
    log_lines = log.read().decode(errors="replace").splitlines()
    errors = [l for l in log_lines if "ERROR" in l or "CRITICAL" in l or "error:" in l]
    trace_lines = [l for l in log_lines if "traces" in l]
    # `serve --trace` exits 1 when its writer could not keep up and the hub dropped traces
    # (it says how many): tracing data, not a server failure; reported, not failed on.
    traces_dropped = sum(int(l.split("warning: ")[1].split()[0]) for l in log_lines
                         if "traces were dropped" in l)
    server_failed = exit_code != 0 and not (exit_code == 1 and traces_dropped and len(trace_lines) == 2)
    trace_bytes = 0
    if trace_dir:
        for name in os.listdir(trace_dir.name):
            trace_bytes += os.path.getsize(os.path.join(trace_dir.name, name))
        trace_dir.cleanup()

    warm = [s for s in samples if s[0] - started >= args.warmup]
    rss_warm = warm[0][1] if warm else rss_start
    normal_failures = sum(n for k, n in stats.failed.items() if "provoked" not in k)
    growth = (rss_end - rss_warm) / rss_warm if rss_warm else 0
    print(f"### Soak: {args.duration:.0f} s on loopback{', tracing on' if args.trace else ''}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    if args.command:
        print(f"Command: `{args.command}`\n")
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"({os.cpu_count()} cores, shared with other work)\n")
    print("| client loop | completed | failed |\n|---|---|---|")
    for kind in sorted(set(stats.ok) | set(stats.failed)):
        print(f"| {kind} | {stats.ok[kind]} | {stats.failed[kind]} |")
    print(f"\n- RSS: {rss_start} KiB at start, {rss_warm} KiB after {args.warmup:.0f} s warm-up, "
          f"{rss_end} KiB at the end ({growth:+.1%} after warm-up)")
    print(f"- RSS samples (KiB, every 10 s): {' '.join(str(s[1]) for s in samples)}")
    print(f"- open file descriptors: {fds_before} before, {fds_after} after "
          f"(peak {max(s[2] for s in samples) if samples else 0} while loaded)")
    print(f"- server log errors: {len(errors)}; exit status after SIGTERM: {exit_code}")
    if trace_dir:
        print(f"- tracing: --trace-max-bytes {args.trace_max_bytes}, --trace-max-body "
              f"{args.trace_max_body or 4096}; {trace_bytes} bytes of trace files at the end; "
              f"{traces_dropped} traces dropped because the file writer fell behind")
        for line in trace_lines:
            print(f"  - server: `{line.strip()}`")
    for kind, notes in stats.notes.items():
        print(f"- {kind} failures, first ones: {'; '.join(notes)}")
    for line in errors[:10]:
        print(f"  - `{line}`")
    ok = (normal_failures == 0 and not errors and fds_after <= fds_before and growth <= 0.20
          and not server_failed)
    print(f"\nResult: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
