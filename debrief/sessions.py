"""Django's database sessions, read with one statement written once.

Every request with a session cookie reads its session. Through the ORM, compiling that
one-table query cost more than running it (issue 22: the floor every page pays), so the read
is plain SQL; writing, expiry and clearing stay Django's own (SESSION_ENGINE = "debrief.sessions").
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        table = model._meta.db_table
        using = router.db_for_read(model)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f'SELECT "session_data", "expire_date" FROM "{table}" '
                'WHERE "session_key" = %s AND "expire_date" > %s',
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key starts afresh
            return None
        session_data, expire_date = row
        return model(
            session_key=self.session_key, session_data=session_data, expire_date=expire_date
        )
