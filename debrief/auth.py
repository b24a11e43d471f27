"""Authentication backend: Django's, loading the signed-in person with what every page asks of
them in one statement written once.

Every signed-in request loads the person: the dashboard keys its cached figures by the record
version, every adviser page asks whether their careers service still counts them as staff (the
membership and its organisation), and the silence clock reads their reply settings. Through the
ORM, compiling that four-join query cost more than running it (issue 22: the floor every page
pays), so the statements are built once per process from the models' own fields and each
request only runs one (debrief/statements.py). The person is read in the same statement as the
session (debrief/sessions.py), through the session's line on Signed-in devices, which names its
user; a session without one reads the person on its own. `tests/test_floor_loading.py` holds
both to what the ORM's select_related gives.
"""

from contextvars import ContextVar
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, models, router

from debrief.statements import Columns, instances


@cache
def person() -> tuple[tuple[Columns, ...], str]:
    """The person's columns (the user, then what comes with them) and the joins that bring them,
    for a statement that names the user "u"."""
    from debrief.models import Membership, Organisation, RecordVersion, ReplySettings

    def by_user(model, alias: str) -> str:
        column = model._meta.get_field("user").column
        return f'LEFT JOIN "{model._meta.db_table}" {alias} ON {alias}."{column}" = u."id"'

    organisation_column = Membership._meta.get_field("organisation").column
    parts = (
        Columns(get_user_model(), "u"),
        Columns(RecordVersion, "rv"),
        Columns(Membership, "m"),
        Columns(Organisation, "o"),
        Columns(ReplySettings, "rs"),
    )
    joins = (
        by_user(RecordVersion, "rv"),
        by_user(Membership, "m"),
        f'LEFT JOIN "{Organisation._meta.db_table}" o ON o."id" = m."{organisation_column}"',
        by_user(ReplySettings, "rs"),
    )
    return parts, " ".join(joins)


def person_columns() -> str:
    return ", ".join(part.select() for part in person()[0])


@cache
def statement() -> str:
    table = get_user_model()._meta.db_table
    return f'SELECT {person_columns()} FROM "{table}" u {person()[1]} WHERE u."id" = %s'


def person_from(row, using: str) -> models.Model | None:
    """The user with their record version, membership (with its organisation) and reply
    settings, as `select_related` would give them, from the person's columns of a row; None
    when the row found no user."""
    parts = person()[0]
    user, record_version, membership, organisation, reply_settings = instances(parts, row, using)
    if user is None:
        return None
    user_model = parts[0].model
    # Set as select_related sets them: a missing row reads as DoesNotExist, with no query.
    for name, related in (
        ("record_version", record_version),
        ("membership", membership),
        ("reply_settings", reply_settings),
    ):
        relation = user_model._meta.get_field(name)
        relation.set_cached_value(user, related)
        if related is not None:
            relation.field.set_cached_value(related, user)
    if membership is not None:
        membership._meta.get_field("organisation").set_cached_value(membership, organisation)
    return user


def load_user(user_id) -> models.Model | None:
    """The user and what comes with them (`person_from`), or None."""
    using = router.db_for_read(get_user_model())
    with connections[using].prepared_cursor() as cursor:
        cursor.execute(statement(), [user_id])
        row = cursor.fetchone()
    return None if row is None else person_from(row, using)


# The person read in the same statement as this request's session (debrief/sessions.py), for
# get_user to take once. Emptied as each request starts (DebriefConfig.ready), and only ever
# taken for the user id the session names, which get_user then checks as always (the session's
# password hash, is_active).
read_with_session: ContextVar[models.Model | None] = ContextVar("read_with_session", default=None)


def forget_read_with_session(**kwargs) -> None:
    read_with_session.set(None)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = read_with_session.get()
        if user is not None and str(user.pk) == str(user_id):
            read_with_session.set(None)
        else:
            user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
