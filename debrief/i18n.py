"""The language a person reads Debrief in: English (en-gb) or Welsh (cy).

On the pages: the switch's cookie, else the browser's Accept-Language (Django's LocaleMiddleware);
once signed in, the choice on the account (`User.language`) wins
(`debrief.middleware.AccountLanguageMiddleware`). Whatever Debrief writes to a person away from a
request — emails, reminders, adviser notifications, background tasks — is written in
`language_of(that person)`, inside `in_language_of(person)`, never in the language of whoever
caused it (an adviser's action that emails a client is in the client's language).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_of(user) -> str:
    """The account's chosen language, or the site's default (English) if it never chose."""
    chosen = getattr(user, "language", "")
    return chosen if chosen in LANGUAGE_CODES else settings.LANGUAGE_CODE


def in_language_of(user) -> translation.override:
    """`with in_language_of(user): …` renders gettext strings, templates and dates in the
    person's language, and restores the previous language after."""
    return translation.override(language_of(user))


def remember_language(user, language: str) -> None:
    """Keep the language on the account (one UPDATE of one column; nothing else changes)."""
    if language in LANGUAGE_CODES and user.language != language:
        user.language = language
        get_user_model().objects.filter(pk=user.pk).update(language=language)


def browser_languages(request) -> tuple[str, ...]:
    """The languages the browser asks for, most preferred first ("en-US,en;q=0.9" → en-us, en);
    their regions say which country the person is likely in."""
    header = request.headers.get("Accept-Language", "")
    return tuple(language for language, _quality in parse_accept_lang_header(header))
