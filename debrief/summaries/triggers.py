"""The one kind of trigger that keeps the derived stores, declared in the source models' Meta.

Every table a store reads gets three statement-level triggers (insert, update, delete, each with
its transition tables: PostgreSQL allows them on one event only), and each runs, in one function,
what every store kept from that table needs after the statement (stores.after). The SQL is
rendered from debrief/summaries/<store>.py when `makemigrations` compiles the triggers
(pgtrigger), so migrations hold generated SQL and nobody writes trigger SQL by hand.

This module imports no model: the models' Meta imports it while the models are being defined.
"""

import pgtrigger

EVENTS = {
    "insert": (pgtrigger.Insert, pgtrigger.Referencing(new="new_rows")),
    "update": (pgtrigger.Update, pgtrigger.Referencing(old="old_rows", new="new_rows")),
    "delete": (pgtrigger.Delete, pgtrigger.Referencing(old="old_rows")),
}


class KeepSummaries(pgtrigger.Trigger):
    level = pgtrigger.Statement
    when = pgtrigger.After

    def __init__(self, event: str) -> None:
        operation, referencing = EVENTS[event]
        super().__init__(
            name=f"keep_summaries_{event}", operation=operation, referencing=referencing
        )
        self.event = event

    def get_func(self, model) -> str:
        from debrief.summaries.stores import after

        return f"{after(model._meta.db_table, self.event)}\nRETURN NULL;"


def keep_summaries(events=tuple(EVENTS)) -> list[KeepSummaries]:
    """For a source model's `Meta.triggers`: the derived stores follow its statements."""
    return [KeepSummaries(event) for event in events]
