"""English or Welsh: the switch on every page (GOV.UK language navigation, a POST form that
works without JavaScript), `<html lang>` following the language, the choice kept on the account
and used on every device after signing in, and everything Debrief writes to a person away from
their browser (emails, reminders) in that person's language."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, translation

from debrief.emails import confirmation_email
from debrief.models import Notification, User
from debrief.services import reminders
from debrief.services.record_figures import record_cache_key
from debrief.templatetags.caseload_tags import day_month_year
from debrief.templatetags.debrief_tags import short_date
from tests.factories import PASSWORD, make_application, make_interview, make_user
from tests.reminder_helpers import at, scheduler_pass_and_worker

pytestmark = pytest.mark.django_db

SWITCH = reverse("debrief:language")
PRIVACY = reverse("debrief:privacy")
DASHBOARD = reverse("debrief:dashboard")
COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def switch(client, language: str, next_path: str = PRIVACY):
    return client.post(SWITCH, {"language": language, "next": next_path})


# --- Pages ---------------------------------------------------------------------------------------


def test_a_first_visit_is_in_english_with_a_switch_to_welsh(client):
    response = client.get(PRIVACY)
    page = response.content.decode()
    assert html_lang(response) == "en-gb"
    assert response["Content-Language"] == "en-gb"
    assert f'action="{SWITCH}"' in page
    assert '<span aria-current="true" lang="en-GB">English</span>' in page
    assert 'name="language" value="cy" lang="cy">Cymraeg</button>' in page
    assert ">Sign in<" in page


def test_the_switch_turns_the_pages_into_welsh_and_back(client):
    response = switch(client, "cy")
    assert response.status_code == 302
    assert response["Location"] == PRIVACY
    assert response.cookies[COOKIE].value == "cy"

    response = client.get(PRIVACY)
    page = response.content.decode()
    assert html_lang(response) == "cy"
    assert response["Content-Language"] == "cy"
    assert ">Mewngofnodi<" in page  # Sign in
    assert "Hysbysiad preifatrwydd" in page  # the footer's Privacy notice
    assert '<span aria-current="true" lang="cy">Cymraeg</span>' in page
    assert 'name="language" value="en-gb" lang="en-GB">English</button>' in page

    switch(client, "en-gb")
    assert html_lang(client.get(PRIVACY)) == "en-gb"


def test_a_shared_cache_keeps_each_language_apart(client):
    # A public page may be cached for visitors: by the language asked for and the cookie.
    vary = client.get(PRIVACY)["Vary"]
    assert "Accept-Language" in vary
    assert "Cookie" in vary


def test_a_browser_asking_for_welsh_gets_welsh(client):
    response = client.get(PRIVACY, headers={"accept-language": "cy,en;q=0.5"})
    assert html_lang(response) == "cy"


def test_the_switch_sends_nobody_to_another_site(client):
    response = switch(client, "cy", next_path="https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_an_unknown_language_changes_nothing(client, owner):
    client.force_login(owner)
    switch(client, "xx")
    owner.refresh_from_db()
    assert owner.language == ""
    assert html_lang(client.get(DASHBOARD)) == "en-gb"


def test_a_form_with_errors_explains_them_in_welsh(client):
    switch(client, "cy", next_path=reverse("signup"))
    response = client.post(reverse("signup"), {"email": "", "display_name": ""})
    page = response.content.decode()
    assert "Cywirwch y rhain cyn cadw" in page  # Please correct these before saving (plural)
    assert "Mae angen y maes hwn." in page  # Django's "This field is required."
    assert "Please correct" not in page


def test_djangos_own_messages_that_django_has_no_welsh_for_are_welsh(client):
    # The password rules under the sign-up form come from Django (locale/django/ fills them in).
    response = client.get(reverse("signup"), headers={"accept-language": "cy"})
    page = response.content.decode()
    assert "Ni all eich cyfrinair fod yn rhifau i gyd." in page
    assert "Your password can’t be entirely numeric." not in page


def test_the_calendar_feed_is_written_in_its_owners_language(client, owner, monkeypatch):
    from debrief.models import NotificationSettings
    from debrief.services import calendar_feed

    User.objects.filter(pk=owner.pk).update(language="cy")
    NotificationSettings.objects.create(user=owner, calendar_secret="s3cret-feed-token")
    languages = []
    real_build = calendar_feed.build

    def build(*args):
        languages.append(translation.get_language())
        return real_build(*args)

    monkeypatch.setattr(calendar_feed, "build", build)
    response = client.get(calendar_feed.feed_path("s3cret-feed-token"))
    assert response.status_code == 200
    assert languages == ["cy"]


def test_the_switch_is_on_error_pages_too(client):
    response = client.get("/no-such-page/", headers={"accept-language": "cy"})
    assert response.status_code == 404
    page = response.content.decode()
    assert html_lang(response) == "cy"
    assert "Heb ddod o hyd i'r dudalen" in page  # Page not found
    assert f'action="{SWITCH}"' in page


# --- The account remembers ----------------------------------------------------------------------


def test_switching_while_signed_in_is_kept_on_the_account_for_every_device(client, owner):
    client.force_login(owner)
    switch(client, "cy", next_path=DASHBOARD)
    owner.refresh_from_db()
    assert owner.language == "cy"

    # Another browser that never chose, in English, signs in: the account's Welsh wins, and its
    # cookie is set so the pages stay Welsh after signing out.
    other = Client(headers={"accept-language": "en-GB"})
    response = other.post(reverse("login"), {"username": owner.email, "password": PASSWORD})
    assert response.cookies[COOKIE].value == "cy"
    response = other.get(DASHBOARD)
    assert html_lang(response) == "cy"
    assert "Allgofnodi" in response.content.decode()  # Sign out


def test_the_account_wins_over_an_older_cookie(client, owner):
    User.objects.filter(pk=owner.pk).update(language="cy")
    client.cookies[COOKIE] = "en-gb"
    client.force_login(owner)
    response = client.get(DASHBOARD)
    assert html_lang(response) == "cy"
    assert response.cookies[COOKIE].value == "cy"


def test_welsh_chosen_before_signing_in_is_kept_on_an_account_that_never_chose(client, owner):
    switch(client, "cy", next_path=reverse("login"))
    client.post(reverse("login"), {"username": owner.email, "password": PASSWORD})
    owner.refresh_from_db()
    assert owner.language == "cy"


def test_signing_in_does_not_overwrite_a_choice_already_made(client, owner):
    User.objects.filter(pk=owner.pk).update(language="en-gb")
    switch(client, "cy", next_path=reverse("login"))
    client.post(reverse("login"), {"username": owner.email, "password": PASSWORD})
    owner.refresh_from_db()
    assert owner.language == "en-gb"
    assert html_lang(client.get(DASHBOARD)) == "en-gb"


def test_the_database_refuses_a_language_debrief_does_not_speak(owner):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=owner.pk).update(language="fr")


# --- Dates and cached pages ---------------------------------------------------------------------


def test_dates_are_written_with_welsh_names():
    day = datetime.date(2025, 12, 3)
    with translation.override("cy"):
        assert short_date(day) == "3 Rhag 2025"
        assert short_date(day, "weekday") == "Mer 3 Rhag 2025"
        assert day_month_year(day) == "3 Rhag 2025"
    with translation.override("en-gb"):
        assert short_date(day, "weekday") == "Wed 3 Dec 2025"


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_short_dates_write_what_the_date_format_writes(language):
    with translation.override(language):
        for day in (datetime.date(2025, month, 1 + month) for month in range(1, 13)):
            assert short_date(day, "weekday") == dateformat.format(day, "D j M Y")
            assert short_date(day) == dateformat.format(day, "j M Y")


def test_cached_panels_are_kept_apart_by_language(owner):
    today = datetime.date(2026, 11, 25)
    with translation.override("cy"):
        welsh = record_cache_key("dashboard", owner, today)
    with translation.override("en-gb"):
        english = record_cache_key("dashboard", owner, today)
    assert welsh != english


# --- Emails and reminders -----------------------------------------------------------------------


def test_an_email_to_a_welsh_account_is_in_welsh_whatever_page_sent_it(rf, owner):
    User.objects.filter(pk=owner.pk).update(language="cy")
    owner.refresh_from_db()
    with translation.override("en-gb"):
        message = confirmation_email(rf.get("/"), owner)
    assert message.subject == "Cadarnhewch eich cyfeiriad e-bost ar gyfer Debrief"
    assert "Crëwyd cyfrif Debrief gyda'r cyfeiriad e-bost hwn:" in message.body
    assert translation.get_language() == "en-gb"  # the page's language is left as it was


def test_an_advisers_invitation_is_in_the_advisers_language(adviser):
    from debrief.models import ClientInvitation
    from debrief.services.invitations import invitation_email

    User.objects.filter(pk=adviser.pk).update(language="cy")
    adviser.refresh_from_db()
    message = invitation_email(adviser, ClientInvitation(email="new@example.com"), "token")
    assert message.subject == "Mae cynghorydd gyrfaoedd wedi'ch gwahodd i Debrief"
    assert "anwybyddwch yr e-bost hwn: ni fydd dim yn digwydd" in message.body


def test_a_password_reset_for_a_welsh_account_is_in_welsh(client, owner):
    User.objects.filter(pk=owner.pk).update(language="cy")
    response = client.post(reverse("password_reset"), {"email": owner.email})
    response.close()  # the email goes after the response (RedirectThenSend)
    assert mail.outbox[-1].subject == "Ailosod eich cyfrinair Debrief"
    assert "I ddewis cyfrinair newydd, agorwch y ddolen hon:" in mail.outbox[-1].body


@pytest.mark.django_db(transaction=True)
def test_reminders_are_written_and_sent_in_each_persons_language(clock):
    welsh = make_user("cymraeg@example.com", "Gwen")
    User.objects.filter(pk=welsh.pk).update(language="cy")
    english = make_user("english@example.com", "Emma")
    for person in (welsh, english):
        interview = make_interview(make_application(person, employer="Globex"))
        interview.scheduled_at = at("2026-12-09 10:00")
        interview.save()

    scheduler_pass_and_worker(clock, at("2026-12-08 18:00"))

    sent = {message.to[0]: message for message in mail.outbox}
    welsh_mail, english_mail = sent["cymraeg@example.com"], sent["english@example.com"]
    assert welsh_mail.body.startswith("Helo Gwen,")
    assert "Darllen eich taflen baratoi" in welsh_mail.body  # Read your preparation sheet
    assert '<html lang="cy">' in welsh_mail.alternatives[0].content
    assert english_mail.body.startswith("Hello Emma,")
    assert '<html lang="en-gb">' in english_mail.alternatives[0].content
    assert Notification.objects.count() == 2


def test_each_language_group_of_a_batch_is_planned_in_its_language(monkeypatch, owner, stranger):
    User.objects.filter(pk=owner.pk).update(language="cy")
    seen = {}

    def record(people, now):
        seen.update({pk: translation.get_language() for pk in people})
        return []

    monkeypatch.setattr(reminders, "KINDS", [record])
    reminders.plan_batch(
        list(User.objects.filter(pk__in=[owner.pk, stranger.pk])), at("2026-12-08 09:00")
    )
    assert seen == {owner.pk: "cy", stranger.pk: "en-gb"}
