"""Authentication backend: Django's, loading the signed-in person with what every page asks of
them in one statement written once.

Every signed-in request loads the person: the dashboard keys its cached figures by the record
version, every adviser page asks whether their careers service still counts them as staff (the
membership and its organisation), and the silence clock reads their reply settings. Through the
ORM, compiling that four-join query cost more than running it (issue 22: the floor every page
pays), so the statement is built once per process from the models' own fields and each request
only runs it. `tests/test_auth_loading.py` holds it to what the ORM's select_related gives.
"""

from dataclasses import dataclass
from functools import cache, cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, models, router


@dataclass(frozen=True)
class Joined:
    """One model in the statement: its alias, its fields, and how it joins the one before."""

    model: type[models.Model]
    alias: str
    join: str = ""
    fields: tuple = ()

    @cached_property
    def attnames(self) -> list[str]:
        return [field.attname for field in self.fields]

    @cached_property
    def pk_index(self) -> int:
        return [field.primary_key for field in self.fields].index(True)

    def columns(self) -> str:
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)


def joined(model, alias: str, join: str = "") -> Joined:
    return Joined(model, alias, join, tuple(model._meta.concrete_fields))


@cache
def statement() -> tuple[str, tuple[Joined, ...]]:
    from debrief.models import Membership, Organisation, RecordVersion, ReplySettings

    user_model = get_user_model()

    def by_user(model, alias: str) -> str:
        column = model._meta.get_field("user").column
        return f'LEFT JOIN "{model._meta.db_table}" {alias} ON {alias}."{column}" = u."id"'

    organisation_column = Membership._meta.get_field("organisation").column
    parts = (
        joined(user_model, "u"),
        joined(RecordVersion, "rv", by_user(RecordVersion, "rv")),
        joined(Membership, "m", by_user(Membership, "m")),
        joined(
            Organisation,
            "o",
            f'LEFT JOIN "{Organisation._meta.db_table}" o ON o."id" = m."{organisation_column}"',
        ),
        joined(ReplySettings, "rs", by_user(ReplySettings, "rs")),
    )
    sql = (
        f"SELECT {', '.join(part.columns() for part in parts)} "
        f'FROM "{user_model._meta.db_table}" u {" ".join(part.join for part in parts[1:])} '
        'WHERE u."id" = %s'
    )
    return sql, parts


@cache
def converters(part: Joined, using: str) -> tuple:
    """Per column, the ORM's converters from database value to Python value (a JSON column's
    text to a dict, say): what the compiler applies to every row it reads."""
    connection = connections[using]
    found = []
    for field in part.fields:
        column = field.get_col(part.alias)
        steps = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        found.append((column, tuple(steps)))
    return tuple(found)


def built(part: Joined, values, using: str) -> models.Model | None:
    """The model instance from its columns, converted as the ORM converts them; None for a
    LEFT JOIN that found no row (its primary key is NULL)."""
    connection = connections[using]
    converted = []
    for value, (column, steps) in zip(values, converters(part, using), strict=True):
        for convert in steps:
            value = convert(value, column, connection)
        converted.append(value)
    if converted[part.pk_index] is None:
        return None
    return part.model.from_db(using, part.attnames, converted)


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
    objects, start = [], 0
    for part in parts:
        objects.append(built(part, row[start : start + len(part.fields)], using))
        start += len(part.fields)
    user, record_version, membership, organisation, reply_settings = objects
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
