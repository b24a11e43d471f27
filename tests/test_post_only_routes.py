"""Every route that only changes things (it serves POST alone) answers GET and HEAD with 405 and
changes nothing: a link, a prefetch or an image tag cannot decline an adviser's suggestion or
sign anyone out. The routes are walked from the resolver, and which methods each serves is read
from its own 405 answer, so a view that starts accepting GET is caught."""

import pytest
from django.db import connection
from django.test import Client

from debrief.models import ActionSuggestion
from tests.adviser_helpers import sign_in_verified
from tests.url_walk import make_record, routes, url_of

pytestmark = pytest.mark.django_db

# Rows that any request may touch: the session's "last seen" and the sign-in throttle.
NOT_STATE = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def database_state() -> dict[str, str]:
    """Every table's rows, digested."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in NOT_STATE:
                continue
            rows = "coalesce(string_agg(t::text, '|' ORDER BY t::text), '')"
            cursor.execute(f'SELECT md5({rows}) FROM "{table}" t')
            state[table] = cursor.fetchone()[0]
    return state


@pytest.fixture
def personas(owner, adviser):
    owner_client, adviser_client = Client(), Client()
    owner_client.force_login(owner)
    sign_in_verified(adviser_client, adviser)
    return {"owner": owner_client, "adviser": adviser_client}


# The routes that only change things. A view here that starts serving GET leaves this set (and
# fails the walk), as does a new POST-only route until it is added here.
POST_ONLY = {
    "accounts/confirm-email/send/",
    "accounts/logout/",
    "actions/<int:pk>/done/",
    "adviser/availability/<int:pk>/delete/",
    "adviser/invitations/<int:pk>/send/",
    "adviser/tags/<int:pk>/clients/<int:client_id>/remove/",
    "adviser/tags/<int:pk>/delete/",
    "adviser/tags/add/",
    "applications/import/<int:pk>/confirm/",
    "applications/import/<int:pk>/undo/",
    "feedback/<int:pk>/followed-up/",
    "feedback/<int:pk>/more-detail/answered/",
    "feedback/<int:pk>/more-detail/sent/",
    "feedback/<int:pk>/no-response/",
    "feedback/<int:pk>/sent/",
    "language/",
    "feedback/<int:pk>/subject-access/answered/",
    "feedback/<int:pk>/subject-access/sent/",
    "inbound/<int:pk>/dismiss/",
    "inbound/read/",
    "interviews/<int:pk>/debrief/action/",
    "service/invitations/<int:pk>/resend/",
    "service/staff/<int:pk>/reactivate/",
    "service/staff/<int:pk>/role/",
    "settings/calendar/new-link/",
    "settings/devices/<int:pk>/sign-out/",
    "settings/devices/sign-out-everywhere/",
    "settings/devices/sign-out-others/",
    "settings/forwarding/new-address/",
    "settings/sharing/<int:pk>/accept/",
    "settings/sharing/<int:pk>/decline/",
    "settings/sharing/<int:pk>/revoke/",
    "settings/sharing/addresses/<int:pk>/stop/",
    "settings/sharing/handovers/<int:pk>/accept/",
    "settings/sharing/handovers/<int:pk>/decline/",
    "silence/application/<int:pk>/close/",
    "silence/application/<int:pk>/wait/",
    "silence/feedback/<int:pk>/close/",
    "silence/feedback/<int:pk>/wait/",
    "silence/interview/<int:pk>/close/",
    "silence/interview/<int:pk>/wait/",
    "together/appointments/<int:pk>/cancel/",
    "together/suggestions/<int:pk>/accept/",
    "together/suggestions/<int:pk>/decline/",
}


def serves_post_only(client, url: str) -> bool:
    answer = client.generic("FOO", url)
    return answer.status_code == 405 and answer["Allow"] == "POST"


def test_every_post_only_route_refuses_get_and_head_and_changes_nothing(owner, adviser, personas):
    record = make_record(owner, adviser)
    found = {
        route
        for route in routes()
        for client in personas.values()
        if serves_post_only(client, url_of(route, record))
    }
    assert sorted(found - POST_ONLY) == [], "new POST-only routes: add them to POST_ONLY"
    assert sorted(POST_ONLY - found) == [], "routes that now serve more than POST"
    before = database_state()
    for who, client in personas.items():
        for route in POST_ONLY:
            url = url_of(route, record)
            for method in ["GET", "HEAD"]:
                response = client.generic(method, url)
                assert response.status_code == 405, f"{method} {url} as {who}"
                assert response["Allow"] == "POST", url
    assert database_state() == before


def test_a_get_declines_no_suggestion(owner, adviser, personas):
    record = make_record(owner, adviser)
    url = f"/together/suggestions/{record['suggestions']}/decline/"
    assert personas["owner"].get(url).status_code == 405
    assert ActionSuggestion.objects.get().status == ActionSuggestion.Status.PENDING
    assert personas["owner"].post(url).status_code == 302
    assert ActionSuggestion.objects.get().status == ActionSuggestion.Status.DECLINED
