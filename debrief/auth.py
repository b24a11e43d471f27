"""Authentication backend: Django's, loading the signed-in person with what every page asks of
them in one statement written once.

Every signed-in request loads the person: the dashboard keys its cached figures by the record
version, every adviser page asks whether their careers service still counts them as staff (the
membership and its organisation), and the silence clock reads their reply settings. Through the
ORM, compiling that four-join query cost more than running it (issue 22: the floor every page
pays), so the statement is built once per process from the models' own fields and each request
only runs it (debrief/statements.py). `tests/test_floor_loading.py` holds it to what the
ORM's select_related gives.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, models, router

from debrief.statements import Columns, instances


@cache
def statement() -> tuple[str, tuple[Columns, ...]]:
    from debrief.models import Membership, Organisation, RecordVersion, ReplySettings

    user_model = get_user_model()

    def by_user(model, alias: str) -> str:
        column = model._meta.get_field("user").column
        return f'LEFT JOIN "{model._meta.db_table}" {alias} ON {alias}."{column}" = u."id"'

    organisation_column = Membership._meta.get_field("organisation").column
    parts = (
        Columns(user_model, "u"),
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
    sql = (
        f"SELECT {', '.join(part.select() for part in parts)} "
        f'FROM "{user_model._meta.db_table}" u {" ".join(joins)} WHERE u."id" = %s'
    )
    return sql, parts


def load_user(user_id) -> models.Model | None:
    """The user with their record version, membership (with its organisation) and reply
    settings, as `select_related` would give them, or None."""
    sql, parts = statement()
    user_model = parts[0].model
    using = router.db_for_read(user_model)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    user, record_version, membership, organisation, reply_settings = instances(parts, row, using)
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


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
