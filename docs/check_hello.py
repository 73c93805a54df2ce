#!/usr/bin/python3
"""Runs the README's hello world (docs/examples/hello.cpp) as a real server: starts it, asks
http://127.0.0.1:8000/ once, checks the answer, then stops it.

Exits 77 (CTest's skip) when port 8000 is already taken by something else.

Usage: check_hello.py <hello executable>
"""
import signal
import socket
import subprocess
import sys
import time
import urllib.request

PORT = 8000


def port_in_use():
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", PORT)) == 0


def main(argv):
    if port_in_use():
        print(f"port {PORT} is in use: skipped")
        return 77
    server = subprocess.Popen([argv[0]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while not port_in_use():
            if server.poll() is not None or time.monotonic() > deadline:
                print("the server did not start:", server.communicate()[0] if server.poll() is not None else "")
                return 1
            time.sleep(0.05)
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=10) as response:
            status, body = response.status, response.read().decode()
            content_type = response.headers["content-type"]
        print(status, content_type, repr(body))
        ok = status == 200 and body == "Hello, world!" and content_type == "text/plain; charset=utf-8"
        return 0 if ok else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
