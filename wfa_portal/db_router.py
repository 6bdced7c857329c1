"""Reads of dashboards, exports and the API from a streaming replica; everything else, and
every read a user makes right after their own write, from the primary (docs/scaling.md, step 3).

On only with WFA_DB_REPLICA_URL (settings add the "replica" alias, this router and the
middleware); without it nothing here runs and every query goes to "default" as before.

Which requests may read from the replica: safe methods (GET, HEAD) of the views named in
WFA_DB_REPLICA_VIEWS ("namespace:*" or "namespace:name"), for a browser that is not pinned.
Read-your-writes, in two rules:

- within a request: once anything is written (the ORM asks this router where to write), every
  later read of that request goes to the primary; so do reads inside a transaction on the
  primary (a read that decides a write must see the latest row);
- across requests: a request that wrote, and every POST/PUT/PATCH/DELETE (the portal's writes),
  sets the cookie WFA_DB_PIN_COOKIE until now + WFA_DB_REPLICA_PIN_SECONDS; while it is set, that
  browser reads only from the primary. The cookie carries no secret: forging it only sends one's
  own reads to the primary, deleting it only risks seeing one's own change a moment late.

Background jobs read from the primary, except the kinds registered with `reads_replica`
(exports): those read from the replica when it has replayed everything the primary had when the
job was queued, else from the primary (common/replica.py, jobs/running.py). Other tasks,
commands and the shell read from the primary.
"""

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from common.replica import REPLICA
from common.replica import Route as _Route
from common.replica import route as _route

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        route = _route.get()
        if route is None or not route.replica or route.wrote:
            return DEFAULT_DB_ALIAS
        if _in_transaction(connections[DEFAULT_DB_ALIAS]):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is not None:
            route.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def _in_transaction(connection) -> bool:
    """An atomic block is open on the primary (the test case's own, which wraps every test,
    does not count: Django marks it)."""
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def replica_view(match, patterns) -> bool:
    """Whether the resolved view is one of WFA_DB_REPLICA_VIEWS."""
    if match is None:
        return False
    namespace = match.namespace
    return f"{namespace}:*" in patterns or match.view_name in patterns


def pinned(request, now: float) -> bool:
    value = request.COOKIES.get(settings.WFA_DB_PIN_COOKIE)
    if not value:
        return False
    try:
        return float(value) > now
    except ValueError:
        return True  # a cookie we did not write: the primary is always right


class ReplicaMiddleware:
    """Decides per request whether its reads may go to the replica, and pins a browser to the
    primary after a write. Sits inside the session, user and read-log middleware: what they
    read and write happens on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.patterns = frozenset(settings.WFA_DB_REPLICA_VIEWS)

    def __call__(self, request):
        route = _Route(replica=False)
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if route.wrote or request.method not in SAFE_METHODS:
            seconds = settings.WFA_DB_REPLICA_PIN_SECONDS
            response.set_cookie(
                settings.WFA_DB_PIN_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        route = _route.get()
        if route is not None and request.method in SAFE_METHODS:
            route.replica = replica_view(request.resolver_match, self.patterns) and not pinned(
                request, time.time()
            )
