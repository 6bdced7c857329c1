"""The database cache, with an increment that two processes cannot lose.

Django's DatabaseCache increments by reading the value and writing it back: two app processes
counting the same address at the same moment both read 3 and both write 4, so a rate limit kept
there lets through more than it should. Here the row is locked by a write before it is read
(an UPDATE that changes nothing: a row lock on PostgreSQL, the database's write lock on SQLite),
so concurrent increments of one key queue and each sees the one before.

This is the portal's default cache (settings.CACHES) when CACHE_URL names no other: shared by
every process and server of one database, with nothing more to run. Its table is made by
opd's migration 0007 (createcachetable).
"""

import base64
import pickle
from datetime import datetime

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        """Add `delta` to a live entry and return the new value; ValueError when there is none
        (missing or expired), as every Django cache does."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, value, expires = quote(self._table), quote("value"), quote("expires")
        where = f"WHERE {quote('cache_key')} = %s"
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {expires} = {expires} {where}", [key])
            if not cursor.rowcount:
                raise ValueError(f"Key '{key}' not found.")
            cursor.execute(f"SELECT {value}, {expires} FROM {table} {where}", [key])
            stored, until = cursor.fetchone()
            if _as_datetime(connection, until) < tz_now():
                raise ValueError(f"Key '{key}' has expired.")
            current = pickle.loads(base64.b64decode(connection.ops.process_clob(stored).encode()))
            new = current + delta
            encoded = base64.b64encode(pickle.dumps(new, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value} = %s {where}", [encoded, key])
        return new


def _as_datetime(connection, value) -> datetime:
    """The expiry as the aware or naive datetime the ORM would give (as DatabaseCache reads it)."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    ):
        value = converter(value, expression, connection)
    return value
