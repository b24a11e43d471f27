"""Debrief's process types, read from the Procfile, and `make run`'s supervisor (honcho).

    python -m config.procfile [TYPE ...]     # every type in the Procfile by default

The Procfile is the one place the process types and their flags are written: `make run` runs each
type once through honcho (its output prefixed and coloured by type, `PORT` set per type as
honcho does), `make cluster` (config/cluster.py) runs replicas of the same commands, and the
Dockerfile and compose.yaml must use them too (tests/test_procfile_commands.py). Adding a type is
one line in the Procfile.

honcho's own `honcho start` stops the processes from inside its signal handler: it prints there
(which can fail as a re-entrant write) and looks up every process's pid (a KeyError while one has
not reported it yet); either way honcho would die and leave its children running in their own
sessions. This supervisor uses honcho's processes, printer and Procfile parser, but its signal
handler only records the signal; the loop stops every process, repeated signals change nothing,
and a process still running GRACE_SECONDS after SIGTERM is killed with its whole group.
"""

import os
import queue
import signal
import sys
import time
from pathlib import Path

from honcho.environ import expand_processes, parse_procfile
from honcho.manager import Manager

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "Procfile"
# `make run` and `make cluster` must be stopped within 10 s, the databases included.
GRACE_SECONDS = 6
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def process_types(procfile: Path = PROCFILE) -> dict[str, str]:
    """{type: shell command}, in the Procfile's order."""
    return dict(parse_procfile(procfile.read_text()).processes)


class Supervisor(Manager):
    """honcho's Manager with a loop that is safe against signals (see the module docstring)."""

    def loop(self) -> None:
        received: list[int] = []
        for signum in STOP_SIGNALS:
            # Only record: the loop below does the work, never the handler.
            signal.signal(signum, lambda signum, frame: received.append(signum))
        self._start()
        kill_at = None
        while True:
            try:
                message = self.events.get(timeout=0.1)
            except queue.Empty:
                message = None
            if message is not None:
                self.handle(message)
            if kill_at is None and self._all_started():
                if received:
                    name = signal.Signals(received[0]).name
                    self._system_print(f"{name} received: stopping every process\n")
                    self.returncode = 128 + received[0]
                elif self._any_stopped():
                    self._system_print("a process stopped: stopping every process\n")
                if received or self._any_stopped():
                    self.terminate()
                    kill_at = time.monotonic() + GRACE_SECONDS
            if kill_at is not None and time.monotonic() > kill_at:
                self.kill()  # SIGKILL to each remaining process group
                kill_at = float("inf")
            if message is None and self._all_started() and self._all_stopped():
                break

    def handle(self, message) -> None:
        if message.type == "line":
            self._printer.write(message)
        elif message.type == "start":
            self._processes[message.name]["pid"] = message.data["pid"]
            self._system_print(f"{message.name} started (pid={message.data['pid']})\n")
        elif message.type == "stop":
            returncode = message.data["returncode"]
            self._processes[message.name]["returncode"] = returncode
            self._system_print(f"{message.name} stopped (rc={returncode})\n")
            if self.returncode is None:
                self.returncode = returncode


def main(types: list[str]) -> int:
    processes = process_types()
    unknown = set(types) - processes.keys()
    if unknown:
        sys.exit(f"Not in the Procfile: {', '.join(sorted(unknown))}")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The Procfile says `python`, `gunicorn`: this virtualenv's.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    supervisor = Supervisor()
    selected = {name: command for name, command in processes.items() if not types or name in types}
    for process in expand_processes(selected, env=env, port=int(env.get("PORT", "8000"))):
        supervisor.add_process(process.name, process.cmd, env=process.env, cwd=str(ROOT))
    supervisor.loop()
    return supervisor.returncode or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
