"""The derived stores whose triggers are declared here (debrief/summaries/triggers.py), in the
order their statements run after a write.

The other stores are still kept by the hand-made triggers of their migrations (0018 client month
summaries, service clients and the service's months; 0020 caseload figures; 0021 a feedback
request's owner): `rebuild_summaries` rebuilds them too, through the functions those migrations
made, and tests/test_summaries_match_recount.py holds every store to its recount.
"""

from debrief.summaries import dashboard, record_version

STORES = {"record_version": record_version, "dashboard": dashboard}


def after(table: str, event: str) -> str:
    """What every store kept from `table` runs after a statement of `event` on it."""
    parts = [store.after(table, event) for store in STORES.values() if table in store.TABLES]
    if not parts:
        raise ValueError(f"No derived store is kept from {table}")
    return "\n".join(parts)


def tables() -> set[str]:
    return {table for store in STORES.values() for table in store.TABLES}
