"""Serving the app with gunicorn and measuring each page with wrk: requests/s under load and
single-request latency, the pages interleaved round after round."""

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time

from bench import say
from bench.pages import Page
from bench.seeding import ROOT

UNDER_LOAD = ["-c16", "-t2"]
ONE_AT_A_TIME = ["-c1", "-t1"]
UNITS_IN_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    say("wrk is missing: installing it from the Debian packages (apt-get install -y wrk)")
    apt = ["apt-get", "install", "-y", "-qq", "wrk"]
    if os.geteuid() != 0:
        apt.insert(0, "sudo")
    subprocess.run(apt, check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("wrk"):
        sys.exit("Could not install wrk: install it (apt-get install wrk) and run again.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, cookie: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], workers: int):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                sys.exit("gunicorn stopped while starting: see its messages above.")
            with contextlib.suppress(OSError):
                if get(port, "/healthz") == 200:
                    break
            if time.monotonic() > deadline:
                sys.exit("gunicorn did not answer /healthz within 30 s.")
            time.sleep(0.2)
        say(f"gunicorn serves on http://127.0.0.1:{port} with {workers} sync workers")
        yield port
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def parse_wrk(output: str) -> dict:
    """Requests/s, the latency percentiles (ms) and any errors from wrk's report."""
    percentiles = {
        int(percent): float(value) * UNITS_IN_MS[unit]
        for percent, value, unit in re.findall(
            r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE
        )
    }
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    requests = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (rps and requests and 50 in percentiles and 99 in percentiles):
        raise ValueError(f"Unexpected wrk output:\n{output}")
    return {
        "rps": float(rps.group(1)),
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "requests": int(requests.group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        # Read errors are the sync worker closing each connection, which wrk reopens.
        "socket_errors": sum(int(socket_errors.group(n)) for n in (1, 3, 4))
        if socket_errors
        else 0,
    }


def wrk(port: int, page: Page, cookie: str | None, connections: list[str], seconds: int):
    command = ["wrk", *connections, f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def drain(port: int) -> None:
    """Wait until the server has answered what a load run left queued: a slow page's backlog
    would otherwise land on the next page's measurement."""
    deadline = time.monotonic() + 60
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        get(port, "/healthz")
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def single(port: int, page: Page, cookie: str | None, seconds: int) -> dict:
    """One request at a time; longer when no request finished in time (a page slower than the
    run), so that p50 is always a measured latency."""
    for attempt in range(3):
        result = wrk(port, page, cookie, ONE_AT_A_TIME, seconds * (attempt + 1) * 2 - seconds)
        if result["requests"]:
            return result
    sys.exit(f"{page.path} answered no request within {seconds * 5} s one at a time.")


def measure(port: int, pages: list[Page], cookies: dict, rounds: int, seconds: int) -> dict:
    say("Warming up every page (1 s each)")
    for page in pages:
        wrk(port, page, cookies.get(page.size), UNDER_LOAD, 1)
        drain(port)
    measured = {page.name: [] for page in pages}
    for number in range(1, rounds + 1):
        for page in pages:
            cookie = cookies.get(page.size)
            load = wrk(port, page, cookie, UNDER_LOAD, seconds)
            drain(port)
            one_by_one = single(port, page, cookie, seconds)
            measured[page.name].append(
                {
                    "rps": load["rps"],
                    "p50_ms": one_by_one["p50_ms"],
                    "p99_ms": one_by_one["p99_ms"],
                    "under_load_p50_ms": load["p50_ms"],
                    "under_load_p99_ms": load["p99_ms"],
                    "non_2xx": load["non_2xx"] + one_by_one["non_2xx"],
                    "socket_errors": load["socket_errors"] + one_by_one["socket_errors"],
                }
            )
            say(
                f"  round {number}/{rounds}  {page.name:<28} {load['rps']:>8.0f} req/s  "
                f"p50 {one_by_one['p50_ms']:>7.2f} ms  p99 {one_by_one['p99_ms']:>7.2f} ms"
            )
    return measured
