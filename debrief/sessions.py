"""Django's database sessions, read with one statement written once, which reads the signed-in
person too.

Every request with a session cookie reads its session, and every signed-in one then its person
(debrief/auth.py). Through the ORM, compiling the session's one-table query cost more than running
it, and the person was a second round trip (issue 22: the floor every page pays). So the read is
plain SQL, and it joins the session's line on Signed-in devices (SignedInSession, which names the
user) to the person's columns: the person is handed to the authentication backend, which takes
it only for the user id the session data names. Writing, expiry and clearing stay Django's own
(SESSION_ENGINE = "debrief.sessions").
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from debrief import auth


@cache
def statement(table: str) -> str:
    from debrief.models import SignedInSession

    listed = SignedInSession._meta
    key, user = (listed.get_field(name).column for name in ("session_key", "user"))
    return (
        f's."session_data", s."expire_date", {auth.person_columns()} FROM "{table}" s '
        f'LEFT JOIN "{listed.db_table}" ss ON ss."{key}" = s."session_key" '
        f'LEFT JOIN "{get_user_model()._meta.db_table}" u ON u."id" = ss."{user}" '
        f"{auth.person()[1]} "
        'WHERE s."session_key" = %s AND s."expire_date" > %s'
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        using = router.db_for_read(model)
        with connections[using].prepared_cursor() as cursor:
            cursor.execute(
                f"SELECT {statement(model._meta.db_table)}", [self.session_key, timezone.now()]
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key starts afresh
            return None
        session_data, expire_date, *person = row
        auth.read_with_session.set(auth.person_from(person, using))
        return model(
            session_key=self.session_key, session_data=session_data, expire_date=expire_date
        )
