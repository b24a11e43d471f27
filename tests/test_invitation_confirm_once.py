"""Two confirmations of the same list at the same moment (two tabs, a double click that reaches
two server processes) queue it once: each address gets one email and one request."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from debrief.models import AdviserAccess, ClientInvitation
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_user
from tests.invitation_helpers import check_list, latest_batch
from tests.reminder_helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_confirmations_at_once_send_the_list_once(adviser):
    sam = make_user("sam@example.org", "Sam Taylor")
    browser = Client()
    sign_in_verified(browser, adviser)
    check_list(browser, "sam@example.org, Sam\nkim@example.org, Kim\nlee@example.org, Lee")
    url = f"/adviser/invitations/{latest_batch().pk}/send/"
    session = browser.cookies

    start, answers, errors = threading.Barrier(4), [], []

    def confirm():
        try:
            tab = Client()
            tab.cookies = session
            start.wait(10)
            answers.append(tab.post(url).status_code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert answers == [302, 302, 302, 302]

    assert DBTaskResult.objects.filter(task_path__endswith="send_client_invitations").count() == 1
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox if "invited you" in m.subject) == [
        "kim@example.org",
        "lee@example.org",
    ]
    assert AdviserAccess.objects.filter(client=sam).count() == 1
    assert ClientInvitation.objects.filter(status="sent").count() == 3


def test_a_confirmation_from_another_site_is_refused(adviser):
    """No CSRF token (a form on another site posting to Debrief): 403, nothing sent."""
    browser = Client(enforce_csrf_checks=True)
    sign_in_verified(browser, adviser)
    page = browser.get("/adviser/invitations/")
    token = page.context["csrf_token"]
    browser.post(
        "/adviser/invitations/", {"people": "kim@example.org", "csrfmiddlewaretoken": token}
    )
    batch = latest_batch()
    assert browser.post(f"/adviser/invitations/{batch.pk}/send/").status_code == 403
    assert browser.post("/adviser/", {"email": "lee@example.org"}).status_code == 403
    batch.refresh_from_db()
    assert batch.confirmed_at is None
    assert not DBTaskResult.objects.exists()
