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


def run(sql: str, tag: str) -> str:
    """One statement for a trigger function, run with EXECUTE so it is planned for the tables as
    they are: PL/pgSQL would otherwise keep, for the whole connection, the plan it made on first
    use, and a plan made when the tables were nearly empty turned a 10,000-row insert into
    minutes (migration 0009)."""
    return f"EXECUTE ${tag}$\n{sql.strip()}\n${tag}$;"
