"""The session store: Django's database sessions, read with a statement written once per process.

Every signed-in request reads its session first; the ORM compiled that one-row lookup anew each
time, which was a tenth of a check-in tap's CPU at the morning peak (tests/bench/tap.py). The
rows, the encoding, expiry, saving and flushing are Django's own: only the read differs.
"""

import functools

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key  # validated by SessionBase: 8+ characters, or None
        if key is None:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_select_sql(model, connection.alias), [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0])


@functools.cache
def _select_sql(model, alias: str) -> str:
    """The session's data by key, unexpired (what Django's store asks through the ORM)."""
    q = connections[alias].ops.quote_name
    column = {f.name: q(f.column) for f in model._meta.concrete_fields}
    return (
        f"SELECT {column['session_data']} FROM {q(model._meta.db_table)}"
        f" WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
    )
