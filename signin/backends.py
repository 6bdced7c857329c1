"""The password sign-in's backend: Django's ModelBackend, with the signed-in user read by a
statement the ORM compiles once per process and database.

Every signed-in request loads its user; the ORM compiled `User.objects.get(pk=…)` anew each time,
a tenth of a check-in tap's CPU at the morning peak (tests/bench/tap.py). The row, the fields, the
database's value converters (SQLite's dates and booleans) and the `is_active` rule are the ORM's
and ModelBackend's own: only the compiling is done once.
"""

import functools

from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ValidationError
from django.db import connections, router


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(model)
        connection = connections[alias]
        sql, converters, attnames = _user_shape(model, alias)
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = list(row)
            for i, (functions, expression) in converters.items():
                for convert in functions:
                    row[i] = convert(row[i], expression, connection)
        user = model.from_db(alias, attnames, row)
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_shape(model, alias: str):
    """The compiled `SELECT … WHERE id = %s` of one user, the converters of its columns by
    position and the fields' attnames in order, as the ORM itself reads a model row."""
    compiler = model._default_manager.using(alias).filter(pk=0).query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if list(params) != [0]:  # the shape is not the one this reuses: fail at once, loudly
        raise RuntimeError(f"unexpected parameters of the user lookup: {params!r}")
    columns = [column for column, _sql, _alias in compiler.select]
    attnames = tuple(column.target.attname for column in columns)
    return sql, compiler.get_converters(columns), attnames
