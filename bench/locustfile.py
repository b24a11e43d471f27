"""The mixed load of `make loadtest` (bench/cluster.py runs Locust headless with this file).

Job seekers sign in, read their dashboard, list and create applications, record an interview
for tomorrow (whose reminder falls due at once: see bench/cluster_seed.py), write debriefs and
ask for feedback; advisers sign in with their two-step code and read their caseload and their
clients' records. Forms are filled as a browser would: every field the page renders, with its
value, then ours.

Every request is written to LOADTEST_REQUESTS (one JSON line: start, end, method, page, status,
ok) and every create the site acknowledged (a redirect after the POST) to LOADTEST_ACKS, with a
unique token to find it in the database afterwards.
"""

import datetime
import json
import os
import random
import time
import uuid
import zoneinfo

from locust import HttpUser, between, events, task

from bench.loadforms import form_values, totp

SEED = json.load(open(os.environ["LOADTEST_SEED"]))  # noqa: SIM115
REQUESTS = open(os.environ["LOADTEST_REQUESTS"], "a", buffering=1)  # noqa: SIM115
ACKS = open(os.environ["LOADTEST_ACKS"], "a", buffering=1)  # noqa: SIM115
SEEKERS = list(SEED["seekers"])
ADVISERS = list(SEED["advisers"])
random.shuffle(SEEKERS)
LONDON = zoneinfo.ZoneInfo("Europe/London")  # the zone forms read times in
USERS_ZONE = zoneinfo.ZoneInfo(SEED["time_zone"])


@events.request.add_listener
def record(request_type, name, response_time, response, exception, start_time=None, **_):
    status = getattr(response, "status_code", 0) if response is not None else 0
    start = start_time or (time.time() - response_time / 1000)
    REQUESTS.write(
        json.dumps(
            {
                "start": start,
                "end": start + response_time / 1000,
                "method": request_type,
                "page": name,
                "status": status,
                "ok": exception is None,
                "error": str(exception)[:200] if exception else "",
            }
        )
        + "\n"
    )


def accepted(response) -> bool:
    """A form was accepted: a redirect onwards (a redirect to the sign-in page is a refusal)."""
    return response.status_code in (301, 302, 303) and not response.headers.get(
        "Location", ""
    ).startswith("/accounts/login/")


class Browsing(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def submit(self, url: str, page: str, changes: dict, *, form_url: str | None = None):
        """GET the form, POST it with our changes; returns the response (not followed)."""
        form = self.client.get(form_url or url, name=f"{page} (form)")
        values = {**form_values(form.text), **changes}
        with self.client.post(
            url,
            data=values,
            headers={"Referer": self.host + url},
            name=page,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if accepted(response):
                response.success()
            else:
                response.failure(f"answered {response.status_code}")
            return response

    def acknowledge(self, kind: str, token: str, response, **more):
        if accepted(response):
            ACKS.write(json.dumps({"kind": kind, "token": token, "at": time.time(), **more}) + "\n")

    def sign_in(self, email: str) -> None:
        self.submit(
            "/accounts/login/", "sign in", {"username": email, "password": SEED["password"]}
        )


class JobSeeker(Browsing):
    weight = 6

    def on_start(self):
        self.me = SEEKERS.pop() if SEEKERS else random.choice(SEED["seekers"])
        self.for_feedback = list(self.me["feedback"][os.environ["LOADTEST_SCENARIO"]])
        self.sign_in(self.me["email"])

    @task(6)
    def dashboard(self):
        self.client.get("/dashboard/", name="dashboard")

    @task(3)
    def applications(self):
        self.client.get("/applications/", name="applications")

    @task(2)
    def create_application(self):
        token = f"LT-{uuid.uuid4().hex[:12]}"
        response = self.submit(
            "/applications/new/",
            "create application",
            {"employer": token, "role_title": "Analyst", "status": "applied"},
        )
        self.acknowledge("application", token, response, user=self.me["id"])

    @task(1)
    def interview_tomorrow(self):
        """An application and an interview tomorrow (the user's zone): a reminder due now."""
        token = f"LT-{uuid.uuid4().hex[:12]}"
        created = self.submit(
            "/applications/new/",
            "create application",
            {"employer": token, "role_title": "Analyst", "status": "applied"},
        )
        self.acknowledge("application", token, created, user=self.me["id"])
        if not accepted(created):
            return
        application_url = created.headers["Location"]
        tomorrow = datetime.datetime.now(USERS_ZONE).date() + datetime.timedelta(days=1)
        when = datetime.datetime.combine(tomorrow, datetime.time(12), USERS_ZONE)
        local = when.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")
        response = self.submit(
            f"{application_url}interviews/new/",
            "create interview",
            {"scheduled_at": local, "stage": "first", "outcome": "awaiting"},
        )
        self.acknowledge("interview", token, response, user=self.me["id"])

    @task(1)
    def debrief(self):
        interview = random.choice(self.me["interviews"])
        token = f"LT-{uuid.uuid4().hex[:12]}"
        url = f"/interviews/{interview}/debrief/"
        response = self.submit(url, "write debrief", {"went_well": f"Rapport {token}"})
        self.acknowledge("debrief", token, response, interview=interview)

    @task(1)
    def feedback(self):
        """A feedback request about an interview that has none open (one open per interview)."""
        if not self.for_feedback:
            return
        interview = self.for_feedback.pop()
        token = f"LT-{uuid.uuid4().hex[:12]}"
        response = self.submit(
            f"/interviews/{interview}/feedback/new/",
            "record feedback",
            {"contact_name": token, "contact_email": "hiring@example.org"},
        )
        self.acknowledge("feedback", token, response, interview=interview)


class Adviser(Browsing):
    weight = 1

    def on_start(self):
        self.me = ADVISERS.pop() if ADVISERS else random.choice(SEED["advisers"])
        self.sign_in(self.me["email"])
        self.submit("/adviser/2fa/verify/", "two-step code", {"token": totp(self.me["key"])})

    @task(3)
    def caseload(self):
        self.client.get("/adviser/", name="caseload")

    @task(2)
    def client_record(self):
        client = random.choice(self.me["clients"])
        self.client.get(f"/adviser/clients/{client}/", name="client dashboard")

    @task(1)
    def client_applications(self):
        client = random.choice(self.me["clients"])
        self.client.get(f"/adviser/clients/{client}/applications/", name="client applications")
