"""Reads for the inbox: each role's open to-dos, and the user's recent notifications.

The to-dos are counted from the records themselves (plans, reports, check-ins), not from
notifications: a to-do is open until it is done, whether or not its notification was read.
Queries are a fixed number per role, whatever the number of notifications or records.
"""

from dataclasses import dataclass, replace

from inbox.models import Notification

RECENT = 10


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    count: int = 1
    tone: str = "warning"  # Bootstrap colour of its badge
    key: str = ""  # what it is about, as notifications about it are keyed (e.g. "plan:7")
    news: str = ""  # the latest unread notification about it (see inbox_of)


def inbox_of(user) -> tuple[list[Todo], list[Notification]]:
    """The home page's to-dos and recent notifications, one item per thing: an unread
    notification about something with an open to-do (the same key, e.g. one plan) is shown as
    that to-do's latest news, not as an item of its own. One query more than the to-dos."""
    todos = todos_for(user)
    keys = [t.key for t in todos if t.key]
    notifications = Notification.objects.for_user(user)
    if not keys:
        return todos, list(notifications[:RECENT])
    news = {n.batch_key: n for n in notifications.unread().filter(batch_key__in=keys)}
    todos = [replace(t, news=_news(news[t.key])) if t.key in news else t for t in todos]
    shown = notifications.exclude(read_at__isnull=True, batch_key__in=keys)
    return todos, list(shown[:RECENT])


def _news(notification: Notification) -> str:
    count = notification.count
    return notification.text + (f" ({count} pemberitahuan)" if count > 1 else "")


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
