"""The grid's bulk actions: previewed when they would leave a rule short, saved, and undone."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from opd.access import require_perm
from opd.models import Employee
from schedules import grid, services
from schedules.forms import BulkForm
from schedules.models import Mode
from schedules.models.bulk import WEEKDAYS
from schedules.services import bulk, patterns
from schedules.services.cells import MISSING_VERSIONS, WriteResult
from schedules.views.grid import _back_to_grid, _respond, plan_scope, refusal_text


@dataclass(frozen=True)
class Done:
    """The outcome of an action that writes no cell (removing patterns), worded as one."""

    text: str
    returned_to_draft: bool = False
    skipped_ineligible: tuple = ()
    skipped_pinned: int = 0

    def message(self) -> str:
        return self.text


@dataclass
class Planned:
    """A bulk action ready to run: whom and which days it may change, and how."""

    employee_ids: list[int]
    unit_ids: list[int] | None  # None: the whole OPD
    day_ids: list[int]
    summary: str  # what it does, as its undo names it
    write: Callable[[], WriteResult]


@require_POST
@require_perm("schedules.change_assignments")
def plan_bulk(request, slug, code):
    window, opd = plan_scope(request, slug, code)
    days = list(window.days.all())
    sources = grid.copy_sources(window, days)
    form = BulkForm(request.POST, window=window, opd=opd, sources=sources)
    posted_ids = [e for e in request.POST.getlist("employees") if e.isdigit()]
    if not form.is_valid():
        error = " ".join(m for errors in form.errors.values() for m in errors)
        return _respond(request, window, opd, posted_ids, error=error)
    try:
        return _run(request, form, window, opd, days, dict(sources))
    except (ValidationError, PermissionDenied) as exc:
        return _respond(request, window, opd, posted_ids, error=refusal_text(exc))


def _run(request, form, window, opd, days, sources):
    """Run the form's action: pins and pattern removal at once, mode changes through bulk_run
    (saved, or previewed when they would leave a rule short and are not confirmed)."""
    versions = grid.parse_versions(request.POST.getlist("versions"))
    if not versions:  # the page always sends what it showed; never optional
        raise services.StaleEdit(MISSING_VERSIONS)
    shown = {e for e, _ in versions}
    if form.cleaned_data["action"] in ("pin", "unpin", "pattern_clear"):
        result = _unguarded(request.user, form.cleaned_data, window, opd, versions)
        return _respond(request, window, opd, shown, result=result)
    planned = _planned(request.user, form.cleaned_data, window, opd, days, versions, sources)
    outcome = bulk.bulk_run(
        opd=opd,
        window=window,
        by=request.user,
        summary=planned.summary,
        signature=form.signature(),
        confirm=form.cleaned_data["confirm"],
        unit_ids=planned.unit_ids,
        day_ids=planned.day_ids,
        write=planned.write,
    )
    if not outcome.saved:
        return _preview(request, window, opd, outcome)
    # Only rows on the user's page are re-rendered; a whole unit may be far larger.
    changed = shown.intersection(planned.employee_ids)
    return _respond(request, window, opd, changed, result=outcome.result, short=outcome.short)


def _preview(request, window, opd, outcome):
    """What the action would do and the rules it would leave short, with the button that saves
    exactly this (without JavaScript: the same as a message, nothing saved)."""
    if not request.htmx:
        lines = "; ".join(outcome.short[:10])
        return _back_to_grid(
            request,
            window,
            opd,
            error=f"{outcome.message()} Aturan yang akan kurang: {lines} Tidak ada yang disimpan.",
            result=None,
        )
    context = {"outcome": outcome, "shown": outcome.short[: bulk.SHORT_LISTED]}
    return render(request, "schedules/_bulk_preview.html", context)


def _unguarded(by, data, window, opd, versions):
    """Pins and the removal of patterns change no mode: no preview, no undo."""
    employee_ids = [e.pk for e in data["employees"]]
    if data["action"] == "pattern_clear":
        weekdays = {d.date.weekday() for d in data["days"]} or set(range(7))
        removed = patterns.patterns_clear(
            opd=opd, window=window, employee_ids=employee_ids, weekdays=weekdays, by=by
        )
        return Done(f"{removed} pola berulang dihapus; jadwal yang sudah diisi tetap.")
    return services.cells_pin(
        opd=opd,
        window=window,
        employee_ids=employee_ids,
        day_ids=[d.pk for d in data["days"]],
        pinned=data["action"] == "pin",
        by=by,
        expected_versions=versions,
    )


def _scope(data, opd) -> tuple[list[int], list[int] | None, str]:
    """A wide action's staff: the ticked employees, else the chosen unit, else the whole OPD."""
    if data["employees"]:
        people = data["employees"]
        return [e.pk for e in people], sorted({e.unit_id for e in people}), f"{len(people)} pegawai"
    staff = Employee.objects.active()
    if data["unit"]:
        ids = list(staff.filter(unit=data["unit"]).values_list("pk", flat=True))
        return ids, [data["unit"].pk], data["unit"].name
    return list(staff.filter(unit__opd=opd).values_list("pk", flat=True)), None, "seluruh OPD"


def _planned(by, data, window, opd, days, versions, sources) -> Planned:
    """The form's action as a write through its service, with what it touches and its name."""
    action, mode, place = data["action"], data["mode"], data["wfa_place"]
    day_ids = [d.pk for d in data["days"]]
    common = {"opd": opd, "window": window, "by": by, "expected_versions": versions}
    people = [e.pk for e in data["employees"]]
    units = sorted({e.unit_id for e in data["employees"]})
    when = f"{len(day_ids)} hari"
    if action in ("set", "reset"):
        mode = Mode.WFO if action == "reset" else mode
        return Planned(
            people,
            units,
            day_ids,
            f"{mode} untuk {len(people)} pegawai, {when}",
            lambda: services.assignments_set(
                employee_ids=people, day_ids=day_ids, mode=mode, wfa_place=place, bulk=True,
                **common,
            ),
        )  # fmt: skip
    if action == "unit":
        unit = data["unit"]
        ids = list(unit.employees.active().values_list("pk", flat=True))
        return Planned(
            ids,
            [unit.pk],
            day_ids,
            f"{mode} untuk seluruh {unit.name}, {when}",
            # A whole unit may be larger than the page: the cells on the page are still checked.
            lambda: services.assignments_set(
                employee_ids=ids, day_ids=day_ids, mode=mode, wfa_place=place, bulk=True,
                versions_cover_all=False, **common,
            ),
        )  # fmt: skip
    if action == "copy":
        source = data["source_day"]
        return Planned(
            people,
            units,
            day_ids,
            f"salin {source.date:%d/%m} ke {when} untuk {len(people)} pegawai",
            lambda: services.assignments_copy_day(
                source_day_id=source.pk, target_day_ids=day_ids, employee_ids=people, **common
            ),
        )
    return _planned_patterns(data, opd, days, common, sources)


def _planned_patterns(data, opd, days, common, sources) -> Planned:
    """Copying a week's or a window's pattern, and the repeating remote days."""
    action = data["action"]
    day_ids = [d.pk for d in data["days"]] or [d.pk for d in days]
    if action == "pattern":
        weekdays = sorted({d.date.weekday() for d in data["days"]})
        people = [e.pk for e in data["employees"]]
        named = ", ".join(WEEKDAYS[w] for w in weekdays)
        return Planned(
            people,
            sorted({e.unit_id for e in data["employees"]}),
            [d.pk for d in days if d.date.weekday() in weekdays],
            f"pola {data['mode']} setiap {named} untuk {len(people)} pegawai",
            lambda: patterns.patterns_set(
                employee_ids=people, weekdays=weekdays, mode=data["mode"],
                wfa_place=data["wfa_place"], **common,
            ),
        )  # fmt: skip
    ids, units, label = _scope(data, opd)
    if action == "copy_from":
        return Planned(
            ids,
            units,
            day_ids,
            f"salin pola {sources[data['source']]} untuk {label}",
            lambda: patterns.assignments_copy_from(
                source=data["source"], employee_ids=ids, day_ids=day_ids, **common
            ),
        )
    return Planned(
        ids,
        units,
        day_ids,
        f"terapkan pola berulang untuk {label}",
        lambda: patterns.assignments_apply_patterns(employee_ids=ids, day_ids=day_ids, **common),
    )


@require_POST
@require_perm("schedules.change_assignments")
def plan_bulk_undo(request, slug, code):
    """Undo the plan's last bulk action (refused with the reason after a later edit)."""
    window, opd = plan_scope(request, slug, code)
    try:
        result = bulk.bulk_undo(opd=opd, window=window, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _respond(request, window, opd, [], error=refusal_text(exc))
    messages.success(request, f"Tindakan massal terakhir dibatalkan: {result.message()}")
    return _back_to_grid(request, window, opd, error=None, result=None)
