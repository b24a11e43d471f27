"""Issue 22, the floor every page pays: the signed-in person and their session are read with
statements written once (debrief/auth.py, debrief/sessions.py), `{% url %}` and `{% static %}`
remember their answers, and translations are looked up once. Each gives what Django's own gave."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import request_started
from django.db import close_old_connections, connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.functional import LazyObject

from debrief.auth import UserBackend, load_user
from debrief.models import Membership, ReplySettings, SignedInSession, User
from debrief.sessions import SessionStore
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_member, make_organisation, make_user

RELATED = ("record_version", "membership", "reply_settings")


def orm_user(pk: int) -> User:
    return User.objects.select_related(
        "record_version", "membership__organisation", "reply_settings"
    ).get(pk=pk)


def same_fields(one, other) -> bool:
    return all(
        getattr(one, field.attname) == getattr(other, field.attname)
        for field in type(one)._meta.concrete_fields
    )


@pytest.mark.django_db
def test_a_service_admin_is_loaded_as_select_related_loads_them(django_assert_num_queries):
    service = make_organisation()
    admin = make_member(service, "head@example.com", role=Membership.Role.ADMIN)
    ReplySettings.objects.create(user=admin, interview_quiet_days=21)
    expected = orm_user(admin.pk)
    with django_assert_num_queries(1):
        loaded = load_user(admin.pk)
        # Everything select_related reads comes with the user, in that one statement.
        assert same_fields(loaded, expected)
        assert same_fields(loaded.membership, expected.membership)
        assert same_fields(loaded.membership.organisation, service)
        assert same_fields(loaded.reply_settings, expected.reply_settings)
        assert loaded.reply_settings.interview_quiet_days == 21
        assert loaded.membership.user is loaded
        assert loaded.is_service_admin
        assert loaded.may_act_as_adviser
    assert loaded.record_version.version == expected.record_version.version


@pytest.mark.django_db
def test_a_job_seeker_without_membership_or_settings_reads_them_as_missing_without_a_query(
    django_assert_num_queries,
):
    seeker = make_user("seeker@example.com")
    ReplySettings.objects.filter(user=seeker).delete()
    with django_assert_num_queries(1):
        loaded = load_user(seeker.pk)
        with pytest.raises(ObjectDoesNotExist):
            loaded.membership  # noqa: B018
        with pytest.raises(ObjectDoesNotExist):
            loaded.reply_settings  # noqa: B018
        assert not loaded.is_adviser
    assert same_fields(loaded, orm_user(seeker.pk))


@pytest.mark.django_db
def test_no_such_user_is_nobody():
    assert load_user(987_654_321) is None


@pytest.mark.django_db
def test_a_deactivated_account_is_signed_out_at_its_next_request(client):
    user = make_user("leaver@example.com")
    client.force_login(user)
    assert client.get(reverse("debrief:dashboard")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("debrief:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_changed_password_ends_other_sessions(client):
    user = make_user("moved@example.com")
    client.force_login(user)
    user.set_password("a-new-long-passphrase-2026")
    user.save()
    response = client.get(reverse("debrief:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def statements_of(page: str, client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    # ATOMIC_REQUESTS' savepoints (inside the test's transaction) are not statements.
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.django_db
def test_a_signed_in_page_reads_the_session_and_the_person_in_one_statement(client):
    user = make_user("one@example.com")
    client.force_login(user)
    client.get(reverse("debrief:settings-account"))  # the last-seen clock written once
    sql = statements_of(reverse("debrief:accessibility"), client)  # no query of its own
    assert len(sql) == 1
    assert "django_session" in sql[0]
    assert "debrief_user" in sql[0]
    assert "debrief_recordversion" in sql[0]


@pytest.mark.django_db
def test_a_session_not_on_the_devices_list_reads_the_person_on_its_own(client):
    user = make_user("unlisted@example.com")
    client.force_login(user)
    client.get(reverse("debrief:settings-account"))
    SignedInSession.objects.filter(user=user).delete()
    sql = statements_of(reverse("debrief:settings-account"), client)
    assert "django_session" in sql[0]
    assert "debrief_user" in sql[1]
    assert "unlisted@example.com" in client.get(reverse("debrief:settings-account")).text


@pytest.mark.django_db
def test_a_devices_line_naming_someone_else_never_signs_in_as_them(client):
    owner, other = make_user("owner@example.com"), make_user("other@example.com")
    client.force_login(owner)
    SignedInSession.objects.filter(user=owner).update(user=other)
    page = client.get(reverse("debrief:settings-account")).text
    assert "owner@example.com" in page
    assert "other@example.com" not in page


@pytest.mark.django_db
def test_the_person_read_with_a_session_is_not_handed_to_a_later_request(
    client, django_assert_num_queries
):
    user = make_user("handed@example.com")
    client.force_login(user)
    SessionStore(client.session.session_key).load()  # reads the person too
    # A request starts, as the test client starts one: without closing the test's connection.
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    with django_assert_num_queries(1):  # read afresh
        assert UserBackend().get_user(user.pk) == user


@pytest.mark.django_db
def test_the_session_store_reads_what_it_wrote_and_forgets_an_expired_session():
    store = SessionStore()
    store["note"] = "kept"
    store.save()
    assert SessionStore(store.session_key)["note"] == "kept"

    store.set_expiry(timezone.now() - timedelta(seconds=1))
    store.save()
    expired = SessionStore(store.session_key)
    assert expired.get("note") is None
    # As Django's: an unknown or expired key is not reused for the next session.
    assert expired.session_key is None


@pytest.mark.django_db
def test_an_unknown_session_key_is_an_empty_session():
    store = SessionStore("x" * 32)
    assert dict(store.items()) == {}
    assert store.session_key is None


def render(source: str, **context) -> str:
    request = RequestFactory().get("/")
    return engines["django"].from_string(source).render(context, request)


@pytest.mark.django_db
def test_url_answers_as_reverse_does_for_each_argument_and_prefix():
    assert render("{% url 'debrief:privacy' %}") == reverse("debrief:privacy")
    for pk in (1, 2, 3, 1):
        assert render("{% url 'debrief:application-detail' pk %}", pk=pk) == reverse(
            "debrief:application-detail", args=[pk]
        )
    assert render("{% url 'debrief:application-detail' pk=7 %}") == reverse(
        "debrief:application-detail", kwargs={"pk": 7}
    )
    try:
        # Served under a path (SCRIPT_NAME): the same name, another answer.
        set_script_prefix("/careers/")
        assert render("{% url 'debrief:privacy' %}") == "/careers/privacy/"
        assert render("{% url 'debrief:application-detail' 5 %}") == reverse(
            "debrief:application-detail", args=[5]
        )
        assert render("{% url 'debrief:application-detail' 5 %}").startswith("/careers/")
    finally:
        set_script_prefix("/")
    assert render("{% url 'debrief:privacy' %}") == "/privacy/"


@pytest.mark.django_db
def test_url_still_fails_for_a_name_that_does_not_exist_and_as_var_still_swallows_it():
    with pytest.raises(NoReverseMatch):
        render("{% url 'debrief:no-such-page' %}")
    assert render("{% url 'debrief:no-such-page' as missing %}[{{ missing }}]") == "[]"


@pytest.mark.django_db
def test_url_escapes_what_it_writes():
    assert render("{% url 'debrief:star-list' %}?q={{ q }}", q="<b>") == (
        f"{reverse('debrief:star-list')}?q=&lt;b&gt;"
    )


def test_static_urls_are_worked_out_once_and_a_missing_file_still_fails(tmp_path, settings):
    from config.static_storage import StaticFilesStorage

    (tmp_path / "app.css").write_text("body{}")
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"app.css": "app.0123abcd.css"}, "hash": "x"})
    )
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("app.css") == "/static/app.0123abcd.css"
    assert storage.url("app.css") == "/static/app.0123abcd.css"
    assert storage.known_urls == {"app.css": "/static/app.0123abcd.css"}
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")
    assert "missing.css" not in storage.known_urls


def test_translations_are_the_catalogues_own_in_each_language():
    from django.utils.translation import gettext, pgettext

    with translation.override("cy"):
        welsh = gettext("Sign in"), pgettext("navigation", "Feedback")
        assert gettext("Sign in") == welsh[0] != "Sign in"
    with translation.override("en-gb"):
        assert gettext("Sign in") == "Sign in"
        assert pgettext("navigation", "Feedback") == "Feedback"
    with translation.override("cy"):
        assert (gettext("Sign in"), pgettext("navigation", "Feedback")) == welsh
        assert gettext("A sentence no catalogue holds 7f3a") == "A sentence no catalogue holds 7f3a"


@pytest.mark.django_db
def test_the_view_reads_the_user_itself_with_what_django_otp_set_on_it(client, adviser):
    sign_in_verified(client, adviser)
    request = client.get(reverse("debrief:adviser-caseload")).wsgi_request
    assert not isinstance(request.user, LazyObject)
    assert request.user == adviser
    assert request.user.is_verified()
    assert request.user.otp_device is not None

    client.logout()
    request = client.get(reverse("debrief:accessibility")).wsgi_request
    assert not isinstance(request.user, LazyObject)
    assert not request.user.is_authenticated
