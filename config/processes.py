"""Run Debrief's four process types together in the foreground (development: `make run`).

    python -m config.processes

web (runserver), worker (db_worker), scheduler (crontask) and inbound (the SMTP server for
forwarded rejections, on INBOUND_SMTP_HOST:INBOUND_SMTP_PORT, 127.0.0.1:2525 by default), each in
its own process group, their output prefixed with their name. Ctrl-C (SIGINT) or SIGTERM stops
them all; if one stops by itself the others are stopped too. Nothing is left running: a process
that ignores SIGTERM for 10 s is killed.
"""

import os
import signal
import subprocess
import sys
import threading
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
PYTHON = sys.executable
PROCESSES = {
    "web": [PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}"],
    "worker": [PYTHON, "manage.py", "db_worker", "--interval", "2", "--no-reload"],
    "scheduler": [PYTHON, "manage.py", "crontask", "--no-heartbeat"],
    "inbound": [PYTHON, "manage.py", "inbound_smtp"],
}
GRACE_SECONDS = 10


def relay(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:<9}| {line}")
        sys.stdout.flush()


def start(name: str, command: list[str]) -> subprocess.Popen:
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        # Links in emails point at this server, whatever port it was given.
        env={
            "DEBRIEF_SITE_URL": f"http://{HOST}:{PORT}",
            **os.environ,
            "PYTHONUNBUFFERED": "1",
        },
        # Its own group: Ctrl-C reaches only us, and we stop each child and its children.
        start_new_session=True,
    )
    threading.Thread(target=relay, args=(name, process.stdout), daemon=True).start()
    return process


def stop(children: dict[str, subprocess.Popen]) -> None:
    for process in children.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in children.values():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopping.set())
    children = {name: start(name, command) for name, command in PROCESSES.items()}
    status = 0
    while not stopping.is_set():
        exited = [name for name, process in children.items() if process.poll() is not None]
        if exited:
            print(f"{exited[0]} stopped (exit {children[exited[0]].returncode}): stopping all")
            status = 1
            break
        stopping.wait(0.5)
    print(f"Stopping {', '.join(PROCESSES)}")
    stop(children)
    return status


if __name__ == "__main__":
    sys.exit(main())
