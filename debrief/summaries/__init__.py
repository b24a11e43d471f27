"""Derived data: what the database keeps from the record, each store declared once.

One module per store says what it keeps, which tables' statements change it, what to run after a
statement on each of them and how to rebuild it from the source tables (stores.py lists them);
triggers.py makes one statement-level trigger per table and event from them, declared in the
source models' `Meta.triggers` with django-pgtrigger. docs/architecture.md ("Derived data") has
the map; `manage.py rebuild_summaries` rebuilds every store.
"""
