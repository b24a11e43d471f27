"""Build the production image with buildah and run it against the development database.

    python -m config.image [--base IMAGE]      # `make image`; DATABASE_URL from config.devdb

1. The base image: --base if given; else the registry's Python image (Dockerfile's BASE_IMAGE
   default) when it can be pulled; else a local Debian trixie base (mmdebstrap --variant=minbase:
   Debian's python3 3.13, python3-venv and passwd), built once and kept as LOCAL_BASE.
2. `buildah build --isolation chroot --layers --format docker` of the Dockerfile with that base
   (Docker's format keeps the HEALTHCHECK).
3. The image's own command (its CMD, as its own user) in a buildah container on 127.0.0.1 with
   production settings, reaching the development database through a TCP relay to its socket
   (the embedded server's socket directory is closed to other users); then the image's own
   HEALTHCHECK command, GET /healthz and `manage.py migrate --check` must pass.

Docker's engine is not available on the development machines and podman's `run` fails there
(setrlimit is refused); buildah's chroot isolation builds and runs. Exit status 0 when it all
passed; the base used is printed.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
IMAGE = "localhost/debrief:latest"
REGISTRY_BASE = "docker.io/library/python:3.13-slim"
LOCAL_BASE = "localhost/debrief-base:trixie"
LOCAL_BASE_PACKAGES = "python3,python3-venv,passwd"
ISOLATION = "--isolation=chroot"


def say(message: str) -> None:
    print(f"image    | {message}", flush=True)


def buildah(*args: str, timeout: float | None = None, quiet: bool = False) -> str:
    done = subprocess.run(
        ["buildah", *args],
        check=True,
        timeout=timeout,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else None,
        text=True,
    )
    return done.stdout.strip()


def image_exists(name: str) -> bool:
    return (
        subprocess.run(
            ["buildah", "inspect", "--type", "image", name], capture_output=True, check=False
        ).returncode
        == 0
    )


def build_local_base() -> None:
    say(f"building {LOCAL_BASE} with mmdebstrap (Debian trixie, {LOCAL_BASE_PACKAGES})")
    with tempfile.TemporaryDirectory() as scratch:
        rootfs = Path(scratch) / "rootfs.tar"
        subprocess.run(
            ["mmdebstrap", "--variant=minbase", f"--include={LOCAL_BASE_PACKAGES}", "trixie",
             str(rootfs)],
            check=True,
        )  # fmt: skip
        container = buildah("from", "scratch")
        try:
            buildah("add", container, str(rootfs), "/")
            buildah("config", "--cmd", "python3", "--env", "LANG=C.UTF-8", container)
            buildah("commit", "--quiet", container, LOCAL_BASE)
        finally:
            buildah("rm", container, quiet=True)


def choose_base(requested: str | None) -> str:
    if requested:
        return requested
    try:
        buildah("pull", "--quiet", REGISTRY_BASE, timeout=120, quiet=True)
        return REGISTRY_BASE
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        say(f"{REGISTRY_BASE} cannot be pulled (no registry here): a local Debian base instead")
    if not image_exists(LOCAL_BASE):
        build_local_base()
    return LOCAL_BASE


def build(base: str) -> None:
    say(f"building {IMAGE} from {base}")
    secrets_args = []
    # A TLS-intercepting proxy's CA bundle, for pip inside the build (a secret: never in a layer).
    for variable in ("PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        if (bundle := os.environ.get(variable)) and Path(bundle).is_file():
            secrets_args = ["--secret", f"id=ca_certificates,src={bundle}"]
            break
    subprocess.run(
        # Docker's format: the OCI format has no HEALTHCHECK.
        ["buildah", "build", ISOLATION, "--layers", "--format", "docker",
         "--build-arg", f"BASE_IMAGE={base}", *secrets_args, "--tag", IMAGE, str(ROOT)],
        check=True,
    )  # fmt: skip


# --- Running it ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def tcp_relay(unix_socket: Path):
    """127.0.0.1:port → the PostgreSQL socket, for a process that cannot open its directory."""

    def pump(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)

    class Relay(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            with socket.socket(socket.AF_UNIX) as upstream:
                upstream.connect(str(unix_socket))
                back = threading.Thread(target=pump, args=(upstream, self.request), daemon=True)
                back.start()
                pump(self.request, upstream)
                back.join()

    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Relay) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()


def reachable_database_url(database_url: str, stack: contextlib.ExitStack) -> str:
    """DATABASE_URL as the container can use it: a unix socket is relayed over TCP."""
    url = urlparse(database_url)
    host = parse_qs(url.query).get("host", [url.hostname or ""])[0]
    if not host.startswith("/"):
        return database_url
    port = stack.enter_context(tcp_relay(Path(host) / f".s.PGSQL.{url.port or 5432}"))
    return f"postgresql://{url.username or 'postgres'}@127.0.0.1:{port}{url.path}"


def healthz(port: int) -> bool:
    """As config/healthcheck.py asks: behind a TLS proxy (production redirects plain HTTP)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            return response.status == 200 and json.load(response)["database"] == "ok"
    except (OSError, ValueError):
        return False


def run_image(database_url: str, timeout: float = 120) -> None:
    config = json.loads(buildah("inspect", "--type", "image", IMAGE))["Docker"]["config"]
    command = config["Cmd"]
    port = free_port()
    with contextlib.ExitStack() as stack:
        env = {
            "DATABASE_URL": reachable_database_url(database_url, stack),
            "DEBRIEF_SECRET_KEY": secrets.token_urlsafe(50),
            "DEBRIEF_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_URL": "consolemail://",
            "HOST": "127.0.0.1",  # chroot isolation shares the host's network: loopback only
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
        }
        env_args = [arg for name, value in env.items() for arg in ("--env", f"{name}={value}")]
        container = buildah("from", "--quiet", IMAGE)
        stack.callback(buildah, "rm", container, quiet=True)
        say(f"running the image's command {' '.join(command)} as {config.get('User')}")
        web = subprocess.Popen(
            ["buildah", "run", ISOLATION, *env_args, container, "--", *command],
            start_new_session=True,
        )
        stack.callback(stop, web)
        deadline = time.monotonic() + timeout
        while not healthz(port):
            if web.poll() is not None:
                raise SystemExit(f"the image's command exited with {web.returncode}")
            if time.monotonic() > deadline:
                raise SystemExit(f"/healthz did not answer within {timeout:.0f} s")
            time.sleep(1)
        say(f"GET /healthz answers 200 with the database reachable (port {port})")
        check = config["Healthcheck"]["Test"][1:]  # ["CMD", …]
        subprocess.run(["buildah", "run", ISOLATION, *env_args, container, "--", *check],
                       check=True)  # fmt: skip
        say(f"the image's HEALTHCHECK passes: {' '.join(check)}")
        subprocess.run(
            ["buildah", "run", ISOLATION, *env_args, container, "--",
             "python", "manage.py", "migrate", "--check"],
            check=True,
        )  # fmt: skip
        say("manage.py migrate --check passes: the image's migrations are the database's")


def stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(25)  # gunicorn's graceful_timeout is 20 s
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=os.environ.get("BASE_IMAGE") or None)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL is not set: run through `make image` (config.devdb).")
    began = time.monotonic()
    base = choose_base(options.base)
    build(base)
    built = time.monotonic()
    run_image(os.environ["DATABASE_URL"])
    say(
        f"{IMAGE} built from {base} in {built - began:.0f} s, run and checked in "
        f"{time.monotonic() - built:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
