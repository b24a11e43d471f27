"""`make loadtest`: Debrief's cluster under a mixed load, with one of each process type killed.

    .venv/bin/python -m bench.cluster [--users 28] [--duration 90] [--rolling-duration 60]

1. Starts a cluster (config/cluster.py: embedded PostgreSQL + a streaming replica, Redis, three
   gunicorn web replicas, two task workers, the scheduler planning every minute, HAProxy on
   127.0.0.1:CLUSTER_PORT, default 8080) on a fresh `debrief_loadtest` database, and seeds
   job seekers and advisers (bench/cluster_seed.py).
2. Scenario "kill": Locust, headless, runs the mixed load of bench/locustfile.py for 90 s. At 30 s
   one web replica is killed with SIGKILL (its master and workers), at 45 s one task worker; at
   60 s both are started again.
3. The reminders: the load recorded interviews for tomorrow in an evening time zone, each due its
   reminder at once. After the load, a scheduler pass is enqueued every 10 s (as the scheduler
   would every minute) until no reminder is pending or being sent (at most 90 s).
4. Scenario "rolling": the same load for 60 s while each web replica in turn is drained in
   HAProxy, sent SIGTERM (gunicorn's graceful stop), started again and put back.
5. Checks, from the request log and the database: requests, failures, p50 and p99 per page and
   phase; every create the load generator saw acknowledged is in the database; no GET failed; a
   failed POST is one that was in flight when the web replica was killed (listed); every reminder
   due was sent exactly once (one `sent` row per reminder and one email per row, counted in the
   email files the workers wrote); the rolling restart failed no request at all.

Results: bench/cluster.json. The exit status is 1 when a check fails.
"""

import argparse
import email
import email.policy
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from config.cluster import ROOT, Cluster

RUN_DIR = ROOT / ".cluster" / "loadtest"
RESULTS = ROOT / "bench" / "cluster.json"
PYTHON = sys.executable


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_locust(
    cluster: Cluster, name: str, seed_file: Path, users: int, seconds: int, events: list
) -> tuple[float, Path, Path]:
    """Run Locust for `seconds`, calling each (at, action) of `events` at its second; returns the
    start time and the request and acknowledgement logs."""
    requests_log = RUN_DIR / f"{name}-requests.jsonl"
    acks_log = RUN_DIR / f"{name}-acks.jsonl"
    for log in (requests_log, acks_log):
        log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "LOADTEST_SEED": str(seed_file),
        "LOADTEST_REQUESTS": str(requests_log),
        "LOADTEST_ACKS": str(acks_log),
        "LOADTEST_SCENARIO": name,
    }
    command = [
        PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--users", str(users), "--spawn-rate", "4",
        "--run-time", f"{seconds}s", "--stop-timeout", "10",
        "--host", f"http://127.0.0.1:{cluster.port}", "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    started = time.time()
    with open(RUN_DIR / f"{name}-locust.log", "w") as output:
        locust = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
        for at, action in events:
            delay = started + at - time.time()
            if delay > 0:
                time.sleep(delay)
            action()
        locust.wait(seconds + 60)
    return started, requests_log, acks_log


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


def phase_report(requests: list[dict], started: float, phases: dict) -> dict:
    report = {}
    for phase, (begin, end) in phases.items():
        pages = defaultdict(list)
        for request in requests:
            if begin <= request["start"] - started < end:
                pages[f"{request['method']} {request['page']}"].append(request)
        report[phase] = {
            page: {
                "requests": len(rows),
                "failures": sum(1 for row in rows if not row["ok"]),
                "p50_ms": round(percentile([1000 * (r["end"] - r["start"]) for r in rows], 0.5)),
                "p99_ms": round(percentile([1000 * (r["end"] - r["start"]) for r in rows], 0.99)),
            }
            for page, rows in sorted(pages.items())
        }
    return report


def totals(phase: dict) -> dict:
    return {
        "requests": sum(page["requests"] for page in phase.values()),
        "failures": sum(page["failures"] for page in phase.values()),
    }


def django_env(cluster: Cluster) -> dict:
    return {**cluster.env, "DJANGO_SETTINGS_MODULE": "config.settings"}


def database_checks(cluster: Cluster, acks: list[dict]) -> dict:
    """Ask the database (through the app's models, in a subprocess with the cluster's settings)."""
    script = r"""
import json, sys
import django
django.setup()
from debrief.models import Application, Debrief, FeedbackRequest, Interview, Notification
acks = json.load(sys.stdin)
# A debrief is one per interview, rewritten: the last acknowledged text is the one to find.
last_debrief = {}
for ack in acks:
    if ack["kind"] == "debrief" and ack["at"] >= last_debrief.get(ack["interview"], ack)["at"]:
        last_debrief[ack["interview"]] = ack
acks = [a for a in acks if a["kind"] != "debrief"] + list(last_debrief.values())
missing = []
for ack in acks:
    token, kind = ack["token"], ack["kind"]
    if kind == "application":
        found = Application.objects.filter(employer=token).exists()
    elif kind == "interview":
        found = Interview.objects.filter(application__employer=token).exists()
    elif kind == "debrief":
        found = Debrief.objects.filter(went_well__contains=token).exists()
    else:
        found = FeedbackRequest.objects.filter(contact_name=token).exists()
    if not found:
        missing.append(ack)
tomorrow = {
    ack["token"]: Interview.objects.filter(application__employer=ack["token"])
    .values_list("pk", flat=True)
    .first()
    for ack in acks if ack["kind"] == "interview"
}
notifications = [
    {"id": n.pk, "email": n.user.email, "subject": n.subject, "status": n.status,
     "kind": n.kind, "object_id": n.object_id}
    for n in Notification.objects.select_related("user")
]
print(json.dumps({"missing": missing, "interviews": tomorrow, "notifications": notifications}))
"""
    done = subprocess.run(
        [PYTHON, "-c", script],
        input=json.dumps(acks),
        capture_output=True,
        text=True,
        env=django_env(cluster),
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def pending_reminders(cluster: Cluster) -> int:
    script = (
        "import django; django.setup()\n"
        "from debrief.models import Notification\n"
        "print(Notification.objects.exclude(status__in=['sent', 'failed', 'skipped']).count())"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, env=django_env(cluster), cwd=ROOT
    )
    return int(done.stdout.strip() or "-1")


def plan_now(cluster: Cluster) -> None:
    """Enqueue a scheduler pass now, as crontask does every minute."""
    script = (
        "import django; django.setup()\n"
        "from debrief.tasks import plan_reminders\n"
        "plan_reminders.enqueue()"
    )
    subprocess.run([PYTHON, "-c", script], env=django_env(cluster), cwd=ROOT, check=True)


def emails_sent(directory: Path) -> Counter:
    """(recipient, subject) of every email the workers wrote (filebased backend: one file per
    connection, messages separated by a line of 79 dashes)."""
    sent = Counter()
    for path in directory.glob("*.log"):
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.lstrip("\n"), policy=email.policy.default)
            if message["To"]:
                sent[(str(message["To"]).strip(), str(message["Subject"]).strip())] += 1
    return sent


def main() -> int:
    parser = argparse.ArgumentParser(description="make loadtest")
    parser.add_argument("--users", type=int, default=28)
    parser.add_argument("--duration", type=int, default=90)
    parser.add_argument("--rolling-duration", type=int, default=60)
    options = parser.parse_args()
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    seekers = options.users * 6 // 7
    advisers = options.users - seekers

    cluster = Cluster(
        web=3,
        workers=2,
        port=int(os.environ.get("CLUSTER_PORT", "8080")),
        run_dir=RUN_DIR,
        database="debrief_loadtest",
        fresh_database=True,
        quiet=True,
    )
    result: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    checks: dict[str, bool] = {}
    try:
        began = time.monotonic()
        cluster.start(seed_demo=False)
        seed_file = RUN_DIR / "seed.json"
        subprocess.run(
            [PYTHON, "-m", "bench.cluster_seed", str(seed_file),
             "--seekers", str(seekers), "--advisers", str(advisers)],
            env=django_env(cluster), cwd=ROOT, check=True,
        )  # fmt: skip
        cluster.say(f"seeded {seekers} job seekers and {advisers} advisers")

        # --- Scenario 1: kill a web replica and a worker ------------------------------------
        third = options.duration / 3
        kills: dict[str, float] = {}

        def kill(name: str):
            def action():
                kills[name] = time.time()
                cluster.kill(name)
                cluster.say(f"killed {name} (SIGKILL)")

            return action

        def bring_back():
            for name in ("web2", "worker1"):
                cluster.bring_back(name)
            kills["back"] = time.time()
            cluster.say("web2 and worker1 started again")

        cluster.say(f"scenario 1: {options.users} users for {options.duration} s")
        started, requests_log, acks_log = run_locust(
            cluster,
            "kill",
            seed_file,
            options.users,
            options.duration,
            [(third, kill("web2")), (third * 1.5, kill("worker1")), (third * 2, bring_back)],
        )
        requests = read_jsonl(requests_log)
        acks = read_jsonl(acks_log)
        phases = {
            "before": (0, third),
            "during": (third, third * 2),
            "after": (third * 2, options.duration + 30),
        }
        report = phase_report(requests, started, phases)
        failed_gets = [r for r in requests if not r["ok"] and r["method"] in ("GET", "HEAD")]
        failed_posts = [r for r in requests if not r["ok"] and r["method"] == "POST"]
        web_kill = kills.get("web2", 0)
        # In flight: sent before the kill, answered (with an error) at or just after it.
        in_flight = [r for r in failed_posts if r["start"] <= web_kill <= r["end"] + 0.5]
        not_in_flight = [r for r in failed_posts if r not in in_flight]

        # --- The reminders: every pass until nothing is pending -----------------------------
        wait_from = time.monotonic()
        while time.monotonic() - wait_from < 90:
            plan_now(cluster)
            time.sleep(10)
            if pending_reminders(cluster) == 0:
                break
        db = database_checks(cluster, acks)
        sent = emails_sent(cluster.email_dir)
        notifications = db["notifications"]
        by_interview = Counter(
            n["object_id"] for n in notifications if n["kind"] == "interview_tomorrow"
        )
        due = {token: pk for token, pk in db["interviews"].items() if pk is not None}
        reminder_problems = []
        for token, pk in due.items():
            rows = [
                n
                for n in notifications
                if n["kind"] == "interview_tomorrow" and n["object_id"] == pk
            ]
            if by_interview[pk] != 1 or rows[0]["status"] != "sent":
                reminder_problems.append({"interview": token, "rows": rows})
                continue
            if sent[(rows[0]["email"], rows[0]["subject"])] != 1:
                reminder_problems.append(
                    {"interview": token, "emails": sent[(rows[0]["email"], rows[0]["subject"])]}
                )
        other_rows = [n for n in notifications if n["object_id"] not in due.values()]
        for row in other_rows:
            if row["status"] == "sent" and sent[(row["email"], row["subject"])] != 1:
                emails = sent[(row["email"], row["subject"])]
                reminder_problems.append({"notification": row, "emails": emails})

        result["kill"] = {
            "users": options.users,
            "seconds": options.duration,
            "events": {
                "web2 SIGKILL": round(kills.get("web2", 0) - started, 1),
                "worker1 SIGKILL": round(kills.get("worker1", 0) - started, 1),
                "both back": round(kills.get("back", 0) - started, 1),
            },
            "phases": {
                phase: {"totals": totals(pages), "pages": pages}
                for phase, pages in report.items()
            },
            "acknowledged_creates": dict(Counter(ack["kind"] for ack in acks)),
            "lost_writes": db["missing"],
            "failed_gets": failed_gets,
            "failed_posts_in_flight_at_the_kill": in_flight,
            "failed_posts_otherwise": not_in_flight,
            "reminders_due": len(due),
            "reminders_sent_exactly_once": len(due)
            - sum(1 for problem in reminder_problems if "interview" in problem),
            "notifications_total": len(notifications),
            "reminder_problems": reminder_problems,
        }  # fmt: skip
        kinds = Counter(ack["kind"] for ack in acks)
        checks["the load ran: every kind of write acknowledged"] = all(
            kinds[kind] for kind in ("application", "interview", "debrief", "feedback")
        )
        checks["0 lost writes"] = not db["missing"]
        checks["0 failed GETs"] = not failed_gets
        checks["failed POSTs only in flight at the kill"] = not not_in_flight
        checks["every reminder due sent exactly once"] = bool(due) and not reminder_problems
        cluster.say(
            f"scenario 1: {len(requests)} requests, {len(acks)} creates acknowledged, "
            f"{len(db['missing'])} lost, {len(failed_gets)} GETs failed, "
            f"{len(in_flight)} POSTs failed in flight at the kill "
            f"({len(not_in_flight)} otherwise), "
            f"reminders {len(due)} due, problems {len(reminder_problems)}"
        )

        # --- Scenario 2: rolling restart ------------------------------------------------------
        restarts: dict[str, list[float]] = {}

        def rolling():
            for name in ("web1", "web2", "web3"):
                begin = time.time()
                cluster.rolling_restart(name)
                restarts[name] = [
                    round(begin - rolling_started[0], 1),
                    round(time.time() - rolling_started[0], 1),
                ]
                cluster.say(f"{name} restarted (drain, SIGTERM, start, ready)")
                time.sleep(2)

        rolling_started = [time.time()]
        cluster.say(
            f"scenario 2: rolling restart, {options.users} users, {options.rolling_duration} s"
        )
        started, requests_log, acks_log = run_locust(
            cluster, "rolling", seed_file, options.users, options.rolling_duration, [(10, rolling)]
        )  # fmt: skip
        rolling_started[0] = started
        requests = read_jsonl(requests_log)
        acks = read_jsonl(acks_log)
        failures = [r for r in requests if not r["ok"]]
        db = database_checks(cluster, acks)
        pages = phase_report(requests, started, {"all": (0, options.rolling_duration + 30)})["all"]
        result["rolling"] = {
            "users": options.users,
            "seconds": options.rolling_duration,
            "restarts": restarts,
            "totals": totals(pages),
            "pages": pages,
            "acknowledged_creates": dict(Counter(ack["kind"] for ack in acks)),
            "lost_writes": db["missing"],
            "failures": failures,
        }
        checks["rolling restart: 0 failed requests"] = not failures and len(restarts) == 3
        checks["rolling restart: 0 lost writes"] = not db["missing"]
        cluster.say(
            f"scenario 2: {len(requests)} requests, {len(failures)} failed, "
            f"{len(db['missing'])} lost writes"
        )
        result["seconds_in_all"] = round(time.monotonic() - began)
    finally:
        cluster.stop()

    result["checks"] = checks
    result["pass"] = bool(checks) and all(checks.values())
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print()
    for phase, data in result.get("kill", {}).get("phases", {}).items():
        print(
            f"kill scenario, {phase:<6}: {data['totals']['requests']:>5} requests, "
            f"{data['totals']['failures']} failed"
        )
        for page, row in data["pages"].items():
            print(
                f"    {page:<32} {row['requests']:>5} {row['failures']:>3} failed"
                f"  p50 {row['p50_ms']:>5} ms  p99 {row['p99_ms']:>5} ms"
            )
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    print(f"Results in {RESULTS.relative_to(ROOT)}")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
