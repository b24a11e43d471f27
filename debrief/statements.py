"""Model instances from a statement written once, where the ORM would compile its query on
every request for more than running it costs (issue 22): the signed-in person
(debrief/auth.py) and the preparation sheet's interview (views/preparation.py).

A statement names each model's columns under an alias (`Columns.select`); each row is turned
back into instances with the ORM's own converters, as the compiler would, so a field that
needs one (a JSON field, say) reads the same as through a queryset."""

from dataclasses import dataclass
from functools import cache, cached_property

from django.db import connections, models


@dataclass(frozen=True)
class Columns:
    """One model's columns in a statement, under an alias."""

    model: type[models.Model]
    alias: str

    @cached_property
    def fields(self) -> tuple:
        return tuple(self.model._meta.concrete_fields)

    @cached_property
    def attnames(self) -> list[str]:
        return [field.attname for field in self.fields]

    @cached_property
    def pk_index(self) -> int:
        return [field.primary_key for field in self.fields].index(True)

    def select(self) -> str:
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)


@cache
def converters(columns: Columns, using: str) -> tuple:
    """Per column, the ORM's converters from database value to Python value."""
    connection = connections[using]
    found = []
    for field in columns.fields:
        column = field.get_col(columns.alias)
        steps = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        found.append((column, tuple(steps)))
    return tuple(found)


def instance(columns: Columns, values, using: str) -> models.Model | None:
    """The instance from its columns' values; None for a LEFT JOIN that found no row."""
    connection = connections[using]
    converted = []
    for value, (column, steps) in zip(values, converters(columns, using), strict=True):
        for convert in steps:
            value = convert(value, column, connection)
        converted.append(value)
    if converted[columns.pk_index] is None:
        return None
    return columns.model.from_db(using, columns.attnames, converted)


def instances(parts: tuple[Columns, ...], row, using: str) -> list[models.Model | None]:
    """Each part's instance from a row that selected the parts' columns in order."""
    found, start = [], 0
    for part in parts:
        found.append(instance(part, row[start : start + len(part.fields)], using))
        start += len(part.fields)
    return found
