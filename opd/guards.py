"""Plans elsewhere depend on staff and units; every write of them in opd lets those plans guard
themselves, in the same transaction.

opd may not import schedules (dependencies point one way), yet an approved plan depends on who is
active, in which unit and in which position. So schedules registers its guard at start-up
(SchedulesConfig.ready) and every write of staff or units in opd (the import, the admin) runs
inside `staff_change`: the guard locks the plans of the OPDs touched before the write and
re-checks them after it. `staff_change_preview` says beforehand what a write would send back.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date

from django.db import transaction

_guards: list = []


def register(guard) -> None:
    """Add a guard (an object with lock(opd_ids, since=), recheck, preview and describe); once
    per process."""
    if not any(type(g) is type(guard) for g in _guards):
        _guards.append(guard)


@contextmanager
def staff_change(*, opd_ids: Iterable[int], by, cause: str, since: date | None = None):
    """Wrap a write of staff or units of these OPDs; yields a list that receives what the guards
    sent back for review (their own objects, printable). A change taking effect `since` a date
    touches only the plans of windows with a day from then on: a past window stays as decided."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("staff_change must run inside a transaction")
    opd_ids = sorted(set(opd_ids))
    held = [(guard, guard.lock(opd_ids, since=since)) for guard in _guards]
    sent: list = []
    yield sent
    for guard, token in held:
        sent.extend(guard.recheck(token, by=by, cause=cause))


def staff_change_preview(*, opd_ids: Iterable[int], apply: Callable[[], None]) -> list:
    """What running `apply()` would send back for review; `apply` is rolled back."""
    found: list = []
    for guard in _guards:
        found.extend(guard.preview(sorted(set(opd_ids)), apply))
    return found


def describe(sent: list, *, future: bool) -> str:
    """One sentence for a message: which plans go (or would go) back for review."""
    return " ".join(guard.describe(sent, future=future) for guard in _guards if sent).strip()
