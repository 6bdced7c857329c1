"""Copying rows into their django-simple-history table in SQL, for writes of many rows at once.

Equivalent to `Model.history.bulk_history_create(objs, update=True, ...)` after an UPDATE, but
the new state is copied by the database (INSERT ... SELECT) instead of building two model
objects per row in Python, which was most of the time of a bulk write of hundreds of rows.
(schedules/services/cell_rows.py does the same for plan cells, with its own columns.)
"""

from django.db import connection

CHUNK = 900  # ids per statement: SQLite's limit of parameters is 999


def history_copy(model, ids, *, history_type: str, by, when, reason: str | None) -> None:
    """One history row per id, as simple-history's own would be: every tracked field as the row
    now stands, with who (`by`), when, the kind ('+', '~', '-') and the change reason."""
    ids = list(ids)
    if not ids:
        return
    qn = connection.ops.quote_name
    history = model.history.model
    columns = ", ".join(qn(f.attname) for f in history.tracked_fields)
    sql = (
        f"INSERT INTO {qn(history._meta.db_table)} ({columns}, {qn('history_date')}, "
        f"{qn('history_type')}, {qn('history_user_id')}, {qn('history_change_reason')}) "
        f"SELECT {columns}, %s, %s, %s, %s FROM {qn(model._meta.db_table)} "
        f"WHERE {qn(model._meta.pk.attname)} IN "
    )  # noqa: S608 (names from the models, values as parameters)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            params = [when, history_type, by.pk if by else None, reason, *chunk]
            cursor.execute(f"{sql}({placeholders})", params)
