"""Reads for the inbox: each role's open to-dos, and the user's recent notifications.

The to-dos are counted from the records themselves (plans, reports, check-ins), not from
notifications: a to-do is open until it is done, whether or not its notification was read.
Queries are a fixed number per role, whatever the number of notifications or records.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from inbox.models import Notification
from opd.models import User

RECENT = 10
CHUNK = 900  # SQLite's safe number of parameters per query


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    count: int = 1
    tone: str = "warning"  # Bootstrap colour of its badge


def recent(user, limit: int = RECENT) -> list[Notification]:
    return list(Notification.objects.for_user(user)[:limit])


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()


# --- to-dos: each app that holds work registers a provider at start-up -----------------------
# inbox sits left of schedules and attendance (it may not import them); they register here.

_providers: list = []
_candidates: list = []


def register_todos(provider, candidates) -> None:
    """`provider(user) -> list[Todo]` (a fixed number of queries whatever the data), and
    `candidates() -> set of user ids` who may have any (so the digest skips everyone else)."""
    if provider not in _providers:
        _providers.append(provider)
        _candidates.append(candidates)


def todos_for(user) -> list[Todo]:
    return [todo for provider in _providers for todo in provider(user)]


def users_with_todos() -> set[int]:
    return set().union(*(candidates() for candidates in _candidates))


def addresses(user_ids: Iterable[int]) -> dict[int, str]:
    """Where each user's email goes: the account's address, else their staff record's."""
    ids, found = sorted(set(user_ids)), {}
    for start in range(0, len(ids), CHUNK):
        rows = User.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk", "email", "employee__email"
        )
        found.update((pk, own or staff or "") for pk, own, staff in rows)
    return {pk: email for pk, email in found.items() if email}


def email_of(user) -> str:
    return addresses([user.pk]).get(user.pk, "")
