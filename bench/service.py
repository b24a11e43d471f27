"""A careers service at scale for `make bench`: 5,000 clients with 100 applications each
(500,000 applications), shared with ten advisers of 500 clients each, and the service's admin.

Seeded in set-based SQL (generate_series), a few statements per table, in about a minute: the
derived stores' triggers are switched off while the rows go in (with them on, the 150,000
interviews alone took 12 minutes), and every store is rebuilt once after (what
`manage.py rebuild_summaries` does), then the tables are analysed. Each part's time is printed
and returned, so the cost of the stores at this scale is measured too.

The history of each client, spread over the last 18 months: 100 applications, 30 of them with
an interview (20 turned down, 10 offers), a debrief for 80% of the "no"s written 0–6 days after
it, a feedback request for 60% of them, half of those answered.
"""

import time

from django.db import connection, transaction

from bench import say
from bench.seeding import session_cookie

SERVICE = "Bench Careers Service"
CLIENTS = 5_000
APPLICATIONS_EACH = 100
ADVISERS = 10
ADMIN_EMAIL = "bench-service-admin@debrief.example"
CASELOAD_ADVISER = "bench-adviser-1@debrief.example"
ANALYZE_AFTER = {
    "clients": "debrief_user",
    "applications": "debrief_application",
    "interviews": "debrief_interview",
}


STATEMENTS = {
    "clients": """
        INSERT INTO debrief_user (password, is_superuser, email, display_name, role, is_staff,
            is_active, date_joined, email_confirmed_at)
        SELECT %(password)s, false, 'bench-client-' || g || '@debrief.example',
            'Bench Client ' || g, 'job_seeker', false, true, now(), now()
        FROM generate_series(1, %(clients)s) AS g
    """,
    "consent": """
        INSERT INTO debrief_adviseraccess (client_id, adviser_id, status, requested_at,
            granted_at, ended_at, created_at, updated_at)
        SELECT client.id, adviser.id, 'active', now() - interval '31 days',
            now() - interval '30 days', NULL, now(), now()
        FROM debrief_user client
        JOIN debrief_user adviser ON adviser.email = 'bench-adviser-'
            || ((split_part(split_part(client.email, '-', 3), '@', 1)::int - 1)
                / %(per_adviser)s + 1) || '@debrief.example'
        WHERE client.email LIKE 'bench-client-%%'
    """,
    "applications": """
        INSERT INTO debrief_application (owner_id, employer, role_title, location, job_url,
            source, date_applied, closing_date, salary, status, notes, created_at, updated_at)
        SELECT u.id, 'Employer ' || (n %% 97), 'Analyst', '', '', '',
            current_date - 20 - ((n * 37 + u.id) %% 540)::int, NULL, '',
            CASE WHEN n %% 10 IN (0, 1) THEN 'rejected' WHEN n %% 10 = 3 THEN 'offer'
                 WHEN n %% 10 IN (4, 5) THEN 'no_response' ELSE 'applied' END,
            '', now(), now()
        FROM debrief_user u CROSS JOIN generate_series(1, %(applications)s) AS n
        WHERE u.email LIKE 'bench-client-%%'
    """,
    "interviews": """
        INSERT INTO debrief_interview (application_id, owner_id, stage, scheduled_at, format,
            interviewers, outcome, outcome_date, notes, created_at, updated_at)
        SELECT a.id, a.owner_id, 'first', (a.date_applied + 10) + time '10:00', 'video', '',
            CASE WHEN a.status = 'offer' THEN 'offer' ELSE 'rejected' END,
            a.date_applied + 14, '', now(), now()
        FROM debrief_application a JOIN debrief_user u ON u.id = a.owner_id
        WHERE u.email LIKE 'bench-client-%%' AND a.status IN ('rejected', 'offer')
    """,
    "debriefs": """
        INSERT INTO debrief_debrief (interview_id, rating_answers, rating_star, rating_manner,
            rating_suitability, rating_enthusiasm, rating_nerves, overall_feeling, went_well,
            do_better, my_reasons, created_at, updated_at)
        SELECT i.id, 3, 3, 4, 3, 4, 2, 3, '', '', '{}',
            (i.outcome_date + (i.id %% 7)::int) + time '18:00', now()
        FROM debrief_interview i JOIN debrief_user u ON u.id = i.owner_id
        WHERE u.email LIKE 'bench-client-%%' AND i.outcome = 'rejected' AND i.id %% 5 <> 0
    """,
    "feedback requests": """
        INSERT INTO debrief_feedbackrequest (interview_id, contact_name, contact_email, channel,
            status, requested_on, follow_up_due, received_on, message, feedback_text,
            dimensions, reasons, useful, outcome, created_at, updated_at)
        SELECT i.id, '', '', 'email',
            CASE WHEN i.id %% 2 = 0 THEN 'received' ELSE 'requested' END,
            i.outcome_date + 1, i.outcome_date + 8,
            CASE WHEN i.id %% 2 = 0 THEN i.outcome_date + 5 END, '', '', '{}', '{}', '',
            CASE WHEN i.id %% 2 = 0 THEN 'specific' ELSE '' END, now(), now()
        FROM debrief_interview i JOIN debrief_user u ON u.id = i.owner_id
        WHERE u.email LIKE 'bench-client-%%' AND i.outcome = 'rejected' AND i.id %% 5 IN (1, 2, 3)
    """,
}


def seed() -> dict[str, float]:
    """The bench service, unless it exists; the seconds each part took."""
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from debrief.models import Membership, Organisation, User
    from debrief.summaries import stores

    if Organisation.objects.filter(name=SERVICE).exists():
        say(f"{SERVICE} already has its {CLIENTS:,} clients")
        return {}
    say(
        f"Seeding {SERVICE}: {CLIENTS:,} clients x {APPLICATIONS_EACH} applications "
        f"({CLIENTS * APPLICATIONS_EACH:,}), {ADVISERS} advisers"
    )
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        service = Organisation.objects.create(name=SERVICE)
        staff = [(ADMIN_EMAIL, "Bench Admin", Membership.Role.ADMIN)] + [
            (f"bench-adviser-{n}@debrief.example", f"Bench Adviser {n}", Membership.Role.ADVISER)
            for n in range(1, ADVISERS + 1)
        ]
        password = make_password("bench-not-a-secret")
        for email, name, role in staff:
            user = User.objects.create(
                email=email, display_name=name, role=User.Role.ADVISER, password=password
            )
            Membership.objects.create(organisation=service, user=user, role=role)
            TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
        with connection.cursor() as cursor:
            # Foreign keys checked by each statement, not at commit: ALTER TABLE refuses a
            # table with checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            stores.switch_triggers(cursor, enable=False)
            parameters = {
                "password": password,
                "clients": CLIENTS,
                "applications": APPLICATIONS_EACH,
                "per_adviser": CLIENTS // ADVISERS,
            }
            for what, sql in STATEMENTS.items():
                part = time.perf_counter()
                cursor.execute(sql, parameters)
                timings[what] = time.perf_counter() - part
                say(f"  {cursor.rowcount:>9,} {what} in {timings[what]:.1f} s")
                if table := ANALYZE_AFTER.get(what):
                    # The next statements join this table: plan them with its new size.
                    cursor.execute(f"ANALYZE {table}")
            stores.switch_triggers(cursor, enable=True)
            cursor.execute("ANALYZE")
            part = time.perf_counter()
            stores.rebuild(cursor)
            timings["summaries rebuilt"] = time.perf_counter() - part
            say(f"  every derived store rebuilt in {timings['summaries rebuilt']:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["total"] = time.perf_counter() - started
    say(f"  seeded in {timings['total']:.1f} s")
    return timings


def verified_cookie(email: str) -> str:
    """A signed-in session for a staff member, their two-step check passed."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from debrief.models import User

    user = User.objects.get(email=email)
    device = TOTPDevice.objects.get(user=user)
    return session_cookie(user, **{DEVICE_ID_SESSION_KEY: device.persistent_id})
