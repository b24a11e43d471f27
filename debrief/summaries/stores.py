"""Every derived store (STORES, in the order their statements run after a write: see
debrief/summaries/triggers.py), how to rebuild them all from the source tables, and, for each,
the rows a recount must give back (KEPT).
"""

from debrief.summaries import (
    caseload,
    dashboard,
    feedback_owner,
    record_version,
    service_months,
)

STORES = {
    "record_version": record_version,
    "dashboard": dashboard,
    "caseload": caseload,
    "service_months": service_months,
    # Row triggers of its own (TABLES is empty): listed for the rebuild.
    "feedback_owner": feedback_owner,
}

# The rows each store holds that a recount must give back. A row that counts nothing is the same
# as no row: the triggers leave one behind when the last thing it counted goes.
KEPT = {
    "dashboard": dashboard.KEPT,
    "caseload": """
        SELECT * FROM debrief_caseloadfigures
        WHERE latest_outcome_id IS NOT NULL
           OR num_nonnulls(last_application_at, last_interview_at, last_debrief_at,
                           last_feedback_at, last_action_at, last_answer_at) > 0
    """,
    "feedback_owner": "SELECT id, owner_id FROM debrief_feedbackrequest",
    "service_months": """
        SELECT organisation_id, client_id, month, applications, interviews, offers,
               feedback_requested, feedback_received, debriefs, rejection_to_debrief_days,
               sharing_change
        FROM debrief_serviceclientmonth
        WHERE applications + interviews + offers + feedback_requested + feedback_received
              + debriefs > 0 OR cardinality(rejection_to_debrief_days) > 0
              OR sharing_change <> 0
    """,
}


def after(table: str, event: str) -> str:
    """What every store kept from `table` runs after a statement of `event` on it."""
    parts = [store.after(table, event) for store in STORES.values() if table in store.TABLES]
    if not parts:
        raise ValueError(f"No derived store is kept from {table}")
    return "\n".join(parts)


def rebuild_statements() -> list[str]:
    """Every store rebuilt from the source tables, in an order that leaves them consistent."""
    return [sql for store in STORES.values() for sql in store.rebuild()]


def switch_triggers(cursor, *, enable: bool) -> None:
    """Turn the stores' triggers on the record's tables off for a bulk load (then rebuild) or
    back on. A feedback request's owner stays kept: its trigger fills in a column the rows need."""
    import pgtrigger

    from debrief.summaries.triggers import KeepSummaries

    switch = "ENABLE" if enable else "DISABLE"
    for model, trigger in pgtrigger.registered():
        if isinstance(trigger, KeepSummaries):
            table = model._meta.db_table
            cursor.execute(f"ALTER TABLE {table} {switch} TRIGGER {trigger.get_pgid(model)}")


def rebuild(cursor) -> None:
    for sql in rebuild_statements():
        cursor.execute(sql)


def kept(cursor, store: str) -> list[tuple]:
    cursor.execute(KEPT[store])
    return sorted(cursor.fetchall(), key=repr)
