"""Small helpers for rendering the stores' SQL from Python definitions."""

import re

# What a statement's transition tables hold, by event: rows as they are and as they were.
ROWS = {"insert": ("new_rows",), "update": ("new_rows", "old_rows"), "delete": ("old_rows",)}

PLAIN = re.compile(r"^[a-z_]+$")


def quoted(values) -> str:
    """Choice values as an SQL list: the groupings come from the models' choices, never from
    literals copied into SQL. Only plain lower-case words, so nothing can break out of a quote."""
    values = [str(value) for value in values]
    if not all(PLAIN.match(value) for value in values):
        raise ValueError(f"Not plain choice values: {values}")
    return ", ".join(f"'{value}'" for value in values)


def some_parts(parts: dict, wanted: tuple[str, ...], nothing: dict) -> tuple[str, str, str]:
    """For a row kept in parts (caseload, client months): its columns, the values that recompute
    the `wanted` parts (the others get `nothing`: a row made by a write starts with nothing in
    the parts that write does not touch, because every write makes its rows), and the SET that
    updates only the wanted parts of an existing row."""
    columns, values = [], []
    for part, sqls in parts.items():
        for column, sql in sqls.items():
            columns.append(column)
            values.append(sql if part in wanted else nothing.get(column, "NULL"))
    updates = [f"{column} = excluded.{column}" for part in wanted for column in parts[part]]
    return ", ".join(columns), ", ".join(values), ", ".join(updates)


def run(sql: str, tag: str) -> str:
    """One statement for a trigger function, run with EXECUTE so it is planned for the tables as
    they are: PL/pgSQL would otherwise keep, for the whole connection, the plan it made on first
    use, and a plan made when the tables were nearly empty turned a 10,000-row insert into
    minutes (migration 0009)."""
    return f"EXECUTE ${tag}$\n{sql.strip()}\n${tag}$;"
