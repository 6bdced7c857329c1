"""The database cache, with an increment that two processes cannot lose.

Django's DatabaseCache increments by reading the value and writing it back: two app processes
counting the same address at the same moment both read 3 and both write 4, so a rate limit kept
there lets through more than it should. Here the row is locked by a write before it is read
(an UPDATE that changes nothing, returning the row: a row lock on PostgreSQL, the database's write
lock on SQLite), so concurrent increments of one key queue and each sees the one before: two
statements in one transaction. `add` is one INSERT ... ON CONFLICT that takes over an expired
entry, instead of Django's count, select and insert (which also logs a unique violation on
PostgreSQL for every key that exists).

This is the portal's default cache (settings.CACHES) when CACHE_URL names no other: shared by
every process and server of one database, with nothing more to run. Its table is made by
opd's migration 0007 (createcachetable).
"""

import base64
import pickle
import random
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now

# One add in this many also deletes the expired entries (Django's own cull runs on set() only).
SWEEP_EVERY = 200


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        """Add `delta` to a live entry and return the new value; ValueError when there is none
        (missing or expired), as every Django cache does."""
        key = self.make_and_validate_key(key, version=version)
        connection, table, quote = self._table_of("write")
        value, expires = quote("value"), quote("expires")
        where = f"WHERE {quote('cache_key')} = %s"
        lock = f"UPDATE {table} SET {expires} = {expires} {where}"
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.features.can_return_columns_from_insert:  # PostgreSQL, SQLite 3.35+
                cursor.execute(f"{lock} RETURNING {value}, {expires}", [key])
                row = cursor.fetchone()
            else:
                cursor.execute(lock, [key])
                cursor.execute(f"SELECT {value}, {expires} FROM {table} {where}", [key])
                row = cursor.fetchone() if cursor.rowcount else None
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            stored, until = row
            if _as_datetime(connection, until) < tz_now():
                raise ValueError(f"Key '{key}' has expired.")
            current = pickle.loads(base64.b64decode(connection.ops.process_clob(stored).encode()))
            new = current + delta
            cursor.execute(f"UPDATE {table} SET {value} = %s {where}", [self._encode(new), key])
        return new

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store `value` unless a live entry has the key; True when stored."""
        connection, table, quote = self._table_of("write")
        if not connection.features.supports_update_conflicts_with_target:
            return super().add(key, value, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        columns = ", ".join(quote(c) for c in ("cache_key", "value", "expires"))
        expires = quote("expires")
        seconds = self.get_backend_timeout(timeout)
        until = datetime.max if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        adapt = connection.ops.adapt_datetimefield_value
        now = adapt(tz_now().replace(microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({quote('cache_key')}) DO UPDATE SET {quote('value')} = "
                f"excluded.{quote('value')}, {expires} = excluded.{expires} "
                f"WHERE {table}.{expires} < %s",
                [key, self._encode(value), adapt(until.replace(microsecond=0)), now],
            )
            added = cursor.rowcount == 1
            if added and random.randrange(SWEEP_EVERY) == 0:
                cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now])
        return added

    def _table_of(self, use: str):
        alias = (router.db_for_write if use == "write" else router.db_for_read)(
            self.cache_model_class
        )
        connection = connections[alias]
        return connection, connection.ops.quote_name(self._table), connection.ops.quote_name

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")


def _as_datetime(connection, value) -> datetime:
    """The expiry as the aware or naive datetime the ORM would give (as DatabaseCache reads it)."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    ):
        value = converter(value, expression, connection)
    return value
