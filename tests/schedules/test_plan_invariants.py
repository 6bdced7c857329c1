"""Whatever anyone does, in any order, the promises of the plan workflow hold.

A Hypothesis state machine plays BKPSDM and the two heads on a small city (a puskesmas and an empty
secretariat in Dinkes, a bidang in Dishub, Lebaran 2025): grid edits, bulk sets, pins, submit,
approve, return, reopen, proposals applied and undone, bulk actions previewed, confirmed and
undone, repeating remote days set and applied, staff deactivated, moved or renamed, coverage rules
changed, staff changes dated within the window or after it, the window's policy chosen or dropped,
its weekly cap lowered or raised, its location flexibility switched, cap exceptions granted and
withdrawn, absences (leave, travel) recorded, requested and decided, or cancelled (#25).
Refusals are part of the game; after every step:
1. no approved plan is short, and none has an employee over the weekly cap; a staff change dated
   after the window ended moves none of its plans;
2. no cell of an approved plan changed while it stayed approved (staff changes aside);
3. every assignment's latest history row is the assignment as it is;
and a submitted plan whose modes BKPSDM changed is a draft again, and a bulk action only previewed
changed nothing.

Run with `-s` to see how many examples and steps were explored.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from absences import services as absences
from absences.models import Absence
from eligibility.models import RestrictionKind
from opd.models import Employee
from opd.services import employee_save
from schedules import coverage, services
from schedules.cap import cap_violations
from schedules.models import (
    Assignment,
    CapException,
    CoverageRule,
    FlexPolicy,
    Mode,
    Plan,
    PlanStatus,
    RuleKind,
)
from schedules.services import bulk, patterns, policy_records
from tests.factories import EmployeeFactory

EXAMPLES = 50
STEPS = 25

DAYS = [
    day for day, _ in import_module("schedules.migrations.0002_seed_windows").WINDOWS[0]["days"]
]
STAFF = {
    "dokter": ("pkm", "Dokter Ahli Pertama"),
    **{f"perawat-{i}": ("pkm", "Perawat Terampil") for i in range(1, 5)},
    **{f"staf-{i}": ("pkm", "Pengadministrasi Perkantoran") for i in range(1, 4)},
    **{f"bidang-{i}": ("bidang", "Pengadministrasi Umum") for i in range(1, 5)},
}
SANCTIONED = "bidang-4"  # WFO only: single edits to remote are refused, bulk sets skip them
RULES = {
    "dokter": "Puskesmas: minimal 1 dokter di tempat",
    "perawat": "Puskesmas: minimal 2 perawat atau bidan di tempat",
    "kesehatan": "Layanan kesehatan: minimal 60% di tempat",
    "bidang": "Unit administrasi (bidang): maksimal 50% WFH/WFA",
    "sekretariat": "Unit administrasi (sekretariat): maksimal 50% WFH/WFA",
}
POSITIONS = ["Dokter Ahli Pertama", "Perawat Terampil", "Bidan Terampil", "Pengadministrasi Umum"]

employees = st.sampled_from(sorted(STAFF))
days = st.sampled_from(DAYS)
modes = st.sampled_from([Mode.WFO.value, Mode.WFH.value, Mode.WFA.value])
places = st.sampled_from(["Lubuklinggau, rumah orang tua", "Prabumulih", "   "])
# Who acts, relative to the OPD concerned: BKPSDM, that OPD's head, or the other OPD's head.
# Mostly the one who may: the wrong one is refused at once, which explores little.
editors = st.sampled_from(["bkpsdm", "bkpsdm", "own head", "other head"])
submitters = st.sampled_from(["bkpsdm", "bkpsdm", "bkpsdm", "own head"])
deciders = st.sampled_from(["own head", "own head", "own head", "other head", "bkpsdm"])
opds = st.sampled_from(["dinkes", "dishub"])
staff_changes = st.sampled_from(
    [("active", "toggle")]
    + [("unit", unit) for unit in ("pkm", "sekretariat", "bidang")]
    + [("position", position) for position in POSITIONS]
)

# A staff change takes effect from a day of the window or (None) from today, after it ended.
effective_dates = st.sampled_from([DAYS[0], DAYS[0], DAYS[2], DAYS[4], None])

STATS: Counter = Counter()


@dataclass(frozen=True)
class City:
    window: object
    day_ids: dict  # date -> WindowDay id
    employee_ids: dict  # name -> Employee id
    unit_ids: dict  # "pkm" / "sekretariat" / "bidang" -> Unit id
    rule_ids: dict  # short name -> CoverageRule id
    opds: dict  # code -> Opd
    users: dict  # "bkpsdm" / "head_a" / "head_b" -> User


@pytest.fixture
def city(window, unit_a, unit_b, admin_unit, opd_a, opd_b, bkpsdm, head_a, head_b):
    units = {"pkm": unit_a, "sekretariat": admin_unit, "bidang": unit_b}
    staff = {
        name: EmployeeFactory(
            unit=units[unit],
            name=name,
            position_name=position,
            ineligibility=RestrictionKind.SANCTION if name == SANCTIONED else "",
        )
        for name, (unit, position) in STAFF.items()
    }
    return City(
        window=window,
        day_ids={d.date: d.pk for d in window.days.all()},
        employee_ids={name: e.pk for name, e in staff.items()},
        unit_ids={key: u.pk for key, u in units.items()},
        rule_ids={key: CoverageRule.objects.get(name=name).pk for key, name in RULES.items()},
        opds={"dinkes": opd_a, "dishub": opd_b},
        users={"bkpsdm": bkpsdm, "head_a": head_a, "head_b": head_b},
    )


@dataclass
class Snapshot:
    """An approved plan's cells when it was approved, and who belonged to its OPD then."""

    cells: dict
    members: set
    touched: set  # staff deactivated, reactivated or moved since: their cells may differ


class PlanMachine(RuleBasedStateMachine):
    def __init__(self, city: City):
        super().__init__()
        self.city = city
        # Its own copy: policy steps refresh it, and every example starts from the same window.
        self.window = type(city.window).objects.get(pk=city.window.pk)
        self.bkpsdm = city.users["bkpsdm"]
        self.snapshots: dict[int, Snapshot] = {}
        self.proposals: list = []
        self.applied: list = []
        # Each example starts from the same city: its changes are rolled back in teardown().
        self.savepoint = transaction.savepoint()
        STATS["examples"] += 1

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    # --- reading the state ------------------------------------------------------------------

    def employee(self, name) -> Employee:
        return Employee.objects.select_related("unit__opd").get(pk=self.city.employee_ids[name])

    def status(self, opd) -> str:
        plan = Plan.objects.filter(opd=opd, window=self.window).first()
        return plan.status if plan else PlanStatus.DRAFT

    def cells(self, opd_id) -> dict:
        rows = Assignment.objects.filter(day__window=self.window, employee__unit__opd_id=opd_id)
        return {(a.employee_id, a.day_id): (a.mode, a.wfa_place, a.pinned, a.version) for a in rows}

    def some_plan_is(self, status) -> bool:
        """Deciding on a plan that awaits no decision is refused at once: worth a few tries only."""
        return Plan.objects.filter(window=self.window, status=status).exists()

    def members(self, opd_id) -> set:
        return set(Employee.objects.filter(unit__opd_id=opd_id).values_list("pk", flat=True))

    def remote_cells(self, opd) -> dict:
        """(employee, day) -> (mode, place) of the OPD's remote cells (no row means WFO)."""
        return {cell: v[:2] for cell, v in self.cells(opd.pk).items() if v[0] != Mode.WFO}

    def attempt(self, name, action):
        """Run a service; a refusal is a fine outcome, counted like any other."""
        STATS["service calls"] += 1
        try:
            result = action()
        except (ValidationError, PermissionDenied):
            STATS[f"{name}: refused"] += 1
            return None
        STATS[f"{name}: done"] += 1
        return result

    def user(self, actor, opd):
        """BKPSDM, the head of `opd`, or the head of the other OPD."""
        if actor == "bkpsdm":
            return self.bkpsdm
        return next(
            head
            for head in (self.city.users["head_a"], self.city.users["head_b"])
            if (head.opd_id == opd.pk) == (actor == "own head")
        )

    def write(self, name, by, action):
        """A change of cells; a submitted plan whose modes BKPSDM changed must be a draft again,
        one its own head adjusted stays submitted.

        Modes and places only, as cells.py promises: a pin changes no mode, and pinning a
        submitted plan's cells leaves it submitted.
        """
        submitted = [
            (opd, self.remote_cells(opd))  # only a submitted plan's cells are compared after
            for opd in self.city.opds.values()
            if self.status(opd) == PlanStatus.SUBMITTED
        ]
        result = self.attempt(name, action)
        for opd, remote in submitted:
            if self.remote_cells(opd) == remote:
                continue
            expected = PlanStatus.SUBMITTED if by.opd_id == opd.pk else PlanStatus.DRAFT
            assert self.status(opd) == expected, f"{by} changed the submitted plan of {opd.code}"
        return result

    # --- the grid ---------------------------------------------------------------------------

    @rule(
        actor=editors,
        employee=employees,
        day=days,
        mode=modes,
        place=places,
        versions=st.sampled_from(["none", "fresh", "stale"]),
    )
    def edit_cell(self, actor, employee, day, mode, place, versions):
        emp, day_id = self.employee(employee), self.city.day_ids[day]
        expected = None
        if versions != "none":
            row = Assignment.objects.filter(employee=emp, day_id=day_id).first()
            seen = row.version if row else 0
            expected = {(emp.pk, day_id): seen if versions == "fresh" else seen + 1}
        by = self.user(actor, emp.unit.opd)
        self.write(
            "edit",
            by,
            lambda: services.assignments_set(
                opd=emp.unit.opd,
                window=self.window,
                employee_ids=[emp.pk],
                day_ids=[day_id],
                mode=mode,
                wfa_place=place,
                by=by,
                expected_versions=expected,
            ),
        )

    @rule(
        actor=editors,
        unit=st.sampled_from(["pkm", "bidang"]),
        chosen=st.sets(days, min_size=1, max_size=3),
        mode=modes,
        place=places,
    )
    def bulk_set_unit(self, actor, unit, chosen, mode, place):
        staff = list(
            Employee.objects.active()
            .filter(unit_id=self.city.unit_ids[unit])
            .select_related("unit__opd")
        )
        if not staff:
            return
        opd = staff[0].unit.opd
        by = self.user(actor, opd)
        self.write(
            "bulk",
            by,
            lambda: services.assignments_set(
                opd=opd,
                window=self.window,
                employee_ids=[e.pk for e in staff],
                day_ids=[self.city.day_ids[d] for d in chosen],
                mode=mode,
                wfa_place=place,
                by=by,
                bulk=True,
            ),
        )

    @rule(actor=editors, employee=employees, chosen=st.sets(days, min_size=1), pinned=st.booleans())
    def pin(self, actor, employee, chosen, pinned):
        emp = self.employee(employee)
        by = self.user(actor, emp.unit.opd)
        self.write(
            "pin",
            by,
            lambda: services.cells_pin(
                opd=emp.unit.opd,
                window=self.window,
                employee_ids=[emp.pk],
                day_ids=[self.city.day_ids[d] for d in chosen],
                pinned=pinned,
                by=by,
                expected_versions=None,
            ),
        )

    @rule(
        actor=editors,
        unit=st.sampled_from(["pkm", "bidang"]),
        day=days,
        confirm=st.booleans(),
        undo=st.booleans(),
    )
    def bulk_previewed(self, actor, unit, day, confirm, undo):
        """A whole unit home through the preview: unconfirmed, a preview changes nothing; saved,
        it may be undone at once (nothing touched its cells since)."""
        staff = list(Employee.objects.active().filter(unit_id=self.city.unit_ids[unit]))
        if not staff:
            return
        opd = self.employee(next(n for n, (u, _) in STAFF.items() if u == unit)).unit.opd
        by, day_id = self.user(actor, opd), self.city.day_ids[day]

        def run(token=""):
            return bulk.bulk_run(
                opd=opd, window=self.window, by=by, summary="uji", signature="uji",
                confirm=token, unit_ids=None, day_ids=[day_id],
                write=lambda: services.assignments_set(
                    opd=opd, window=self.window, employee_ids=[e.pk for e in staff],
                    day_ids=[day_id], mode=Mode.WFH, by=by, bulk=True,
                ),
            )  # fmt: skip

        cells = self.cells(opd.pk)
        outcome = self.write("bulk preview", by, run)
        if outcome is not None and not outcome.saved:
            assert self.cells(opd.pk) == cells, "a preview changed cells"
            if confirm:
                outcome = self.write("bulk confirmed", by, lambda: run(outcome.token))
        if outcome is not None and outcome.saved and outcome.result.changed and undo:
            undone = self.write(
                "bulk undo", by, lambda: bulk.bulk_undo(opd=opd, window=self.window, by=by)
            )
            if undone is not None:  # every cell as it was before the action
                before = {c: v[:2] for c, v in cells.items() if v[0] != Mode.WFO}
                assert self.remote_cells(opd) == before, "an undo left a cell changed"

    @rule(opd=opds, actor=editors)
    def undo_last_bulk(self, opd, actor):
        opd = self.city.opds[opd]
        by = self.user(actor, opd)
        self.write("bulk undo", by, lambda: bulk.bulk_undo(opd=opd, window=self.window, by=by))

    @rule(actor=editors, employee=employees, weekday=st.integers(0, 4), mode=modes)
    def repeating_day(self, actor, employee, weekday, mode):
        """A repeating remote day set (and applied), or the stored ones applied to the OPD."""
        emp = self.employee(employee)
        opd, by = emp.unit.opd, self.user(actor, emp.unit.opd)
        common = {"opd": opd, "window": self.window, "by": by}
        if mode == Mode.WFO:
            day_ids = list(self.city.day_ids.values())
            staff = list(
                Employee.objects.active().filter(unit__opd=opd).values_list("pk", flat=True)
            )
            self.write(
                "patterns applied",
                by,
                lambda: patterns.assignments_apply_patterns(
                    employee_ids=staff, day_ids=day_ids, **common
                ),
            )
            return
        place = "Prabumulih" if mode == Mode.WFA else ""
        self.write(
            "pattern set",
            by,
            lambda: patterns.patterns_set(
                employee_ids=[emp.pk], weekdays=[weekday], mode=mode, wfa_place=place, **common
            ),
        )

    # --- the workflow -----------------------------------------------------------------------

    def plan(self, code) -> Plan:
        return services.plan_for(opd=self.city.opds[code], window=self.window)

    @rule(opd=opds, actor=submitters)
    def submit(self, opd, actor):
        self.submit_as(opd, actor)

    def submit_as(self, opd, actor) -> Plan | None:
        plan = self.plan(opd)
        by = self.user(actor, plan.opd)
        return self.attempt("submit", lambda: services.plan_submit(plan=plan, by=by))

    @precondition(lambda self: self.some_plan_is(PlanStatus.SUBMITTED))
    @rule(opd=opds, actor=deciders)
    def approve(self, opd, actor):
        plan = self.plan(opd)
        by = self.user(actor, plan.opd)
        plan = self.attempt("approve", lambda: services.plan_approve(plan=plan, by=by))
        if plan is not None:
            self.snapshots[plan.pk] = Snapshot(
                cells=self.cells(plan.opd_id), members=self.members(plan.opd_id), touched=set()
            )

    @rule(opd=opds, decision=st.sampled_from(["approve", "approve", "return", "wait"]))
    def submit_then_decide(self, opd, decision):
        """The way through: BKPSDM submits, the head decides (often refused as short)."""
        if not self.submit_as(opd, "bkpsdm"):
            return
        if decision == "approve":
            self.approve(opd, "own head")
        elif decision == "return":
            self.return_as(self.plan(opd), "own head")

    @precondition(lambda self: self.some_plan_is(PlanStatus.SUBMITTED))
    @rule(actor=deciders)
    def send_back(self, actor):
        """Return a submitted plan (the one there is, or the first of two)."""
        plan = Plan.objects.filter(window=self.window, status=PlanStatus.SUBMITTED).first()
        self.return_as(plan, actor)

    def return_as(self, plan, actor):
        by = self.user(actor, plan.opd)
        self.attempt(
            "return", lambda: services.plan_return(plan=plan, by=by, note="Dokter kurang.")
        )

    @precondition(lambda self: self.some_plan_is(PlanStatus.APPROVED))
    @rule(opd=opds, actor=submitters)
    def reopen(self, opd, actor):
        plan = self.plan(opd)
        by = self.user(actor, plan.opd)
        self.attempt(
            "reopen", lambda: services.plan_reopen(plan=plan, by=by, reason="Pegawai sakit.")
        )

    # --- the auto-planner -------------------------------------------------------------------

    @rule(scope=st.sampled_from(["dinkes", "dishub", "kota"]), apply=st.booleans())
    def propose(self, scope, apply):
        proposal = services.proposal_create(
            window=self.window, opd=self.city.opds.get(scope), by=self.bkpsdm, time_limit=0.5
        )
        self.proposals.append(proposal)
        STATS["service calls"] += 1
        STATS["propose: done"] += 1
        if apply:
            self.apply_proposal(proposal)

    @precondition(lambda self: self.proposals)
    @rule(index=st.integers(min_value=0, max_value=5))
    def apply_earlier_proposal(self, index):
        self.apply_proposal(self.proposals[index % len(self.proposals)])

    def apply_proposal(self, proposal):
        done = self.write(
            "apply", self.bkpsdm, lambda: services.proposal_apply(proposal=proposal, by=self.bkpsdm)
        )
        if done is not None:
            self.applied.append(proposal)

    @precondition(lambda self: self.applied)
    @rule()
    def undo_last_proposal(self):
        proposal = self.applied[-1]
        done = self.write(
            "undo", self.bkpsdm, lambda: services.proposal_undo(proposal=proposal, by=self.bkpsdm)
        )
        if done is not None:
            self.applied.pop()  # the one applied before it is next

    # --- staff and rules --------------------------------------------------------------------

    @rule(employee=employees, change=staff_changes, effective=effective_dates)
    def change_staff(self, employee, change, effective):
        """A resignation, return, move or new position taking effect from a day of the window,
        or from today (after the window ended: its plans must not move)."""
        emp = self.employee(employee)
        field, value = change
        if field == "active":
            emp.is_active = not emp.is_active
        elif field == "unit":
            emp.unit_id = self.city.unit_ids[value]
        else:
            emp.position_name = value
        before = {code: self.status(opd) for code, opd in self.city.opds.items()}
        self.attempt(
            "staff",
            lambda: employee_save(employee=emp, by=self.bkpsdm, effective_on=effective),
        )
        if effective is None:  # today: the window ended long before, never reopened
            after = {code: self.status(opd) for code, opd in self.city.opds.items()}
            assert after == before, "a change after the window's end moved its plans"
        if field != "position":  # a new position moves no cell
            for snapshot in self.snapshots.values():
                snapshot.touched.add(emp.pk)

    @rule(name=st.sampled_from(sorted(RULES)), change=st.sampled_from(["toggle", "lower", "raise"]))
    def change_rule(self, name, change):
        coverage_rule = CoverageRule.objects.get(pk=self.city.rule_ids[name])
        if change == "toggle":
            coverage_rule.is_active = not coverage_rule.is_active
        else:
            step = 1 if coverage_rule.kind == RuleKind.MIN_ONSITE_COUNT else 25
            step = step if change == "raise" else -step
            coverage_rule.value = min(100, max(0, coverage_rule.value + step))
        self.attempt("rule", lambda: services.rule_save(rule=coverage_rule, by=self.bkpsdm))

    # --- the policy and its weekly cap ------------------------------------------------------

    @rule(change=st.sampled_from(["adopt", "adopt", "drop", "lower", "raise", "flex"]))
    def change_policy(self, change):
        """The window follows the seeded PermenPANRB 4/2025 (cap 2) or no policy; the policy's
        cap moves by one or its location flexibility switches (no remote day allowed at all)."""
        policy = FlexPolicy.objects.order_by("pk").first()
        if change in ("adopt", "drop"):
            chosen = policy if change == "adopt" else None
            self.attempt(
                "policy chosen",
                lambda: policy_records.window_policy_set(
                    window=self.window, policy=chosen, by=self.bkpsdm
                ),
            )
            self.window.refresh_from_db()
            return
        if change == "flex":
            policy.location_flex = not policy.location_flex
        else:
            policy.weekly_cap = min(5, max(0, policy.weekly_cap + (1 if change == "raise" else -1)))
        self.attempt(
            "policy changed", lambda: policy_records.policy_save(policy=policy, by=self.bkpsdm)
        )
        self.window.refresh_from_db()

    @rule(employee=employees, decide=st.booleans())
    def remote_week(self, employee, decide):
        """BKPSDM sends one employee home for the whole first week (four days): allowed only
        while no cap (or an exception) permits it, and over the cap once one applies; then,
        perhaps, the plan goes the way through (so a later policy step meets an approved plan)."""
        emp = self.employee(employee)
        first = DAYS[0].isocalendar()[1]
        week = [self.city.day_ids[d] for d in DAYS if d.isocalendar()[1] == first]
        self.write(
            "remote week",
            self.bkpsdm,
            lambda: services.assignments_set(
                opd=emp.unit.opd, window=self.window, employee_ids=[emp.pk], day_ids=week,
                mode=Mode.WFH, by=self.bkpsdm,
            ),
        )  # fmt: skip
        if decide:
            self.submit_then_decide(emp.unit.opd.code, "approve")

    @rule(employee=employees, grant=st.booleans())
    def cap_exception(self, employee, grant):
        """A special duty lets one employee work remotely every day, or it is withdrawn."""
        emp = self.employee(employee)
        if grant:
            self.attempt(
                "exception granted",
                lambda: policy_records.cap_exception_grant(
                    employee=emp, reason="Tugas khusus", days_per_week=5,
                    starts_on=min(DAYS), ends_on=max(DAYS), by=self.bkpsdm,
                ),
            )  # fmt: skip
            return
        exception = CapException.objects.filter(employee=emp).select_related("employee").first()
        if exception is not None:
            self.attempt(
                "exception withdrawn",
                lambda: policy_records.cap_exception_revoke(exception=exception, by=self.bkpsdm),
            )

    # --- absences (#25): an approved one takes its person off site -------------------------

    @rule(
        employee=employees, first=days, length=st.integers(1, 3), kind=st.sampled_from(["CT", "DL"])
    )
    def record_absence(self, employee, first, length, kind):
        """BKPSDM records leave or travel decided elsewhere: it counts at once."""
        emp = self.employee(employee)
        self.attempt(
            "absence recorded",
            lambda: absences.absence_record(
                employee=emp, by=self.bkpsdm, kind=kind, start_date=first,
                end_date=first + timedelta(days=length - 1),
            ),
        )  # fmt: skip

    @rule(employee=employees, day=days, approve=st.booleans(), actor=deciders)
    def request_absence_and_decide(self, employee, day, approve, actor):
        """A day of sick leave asked for, then approved or rejected (by the one who may)."""
        emp = self.employee(employee)
        asked = self.attempt(
            "absence requested",
            lambda: absences.absence_request(
                employee=emp, by=None, kind="CS", start_date=day, end_date=day
            ),
        )
        if asked is not None:
            by = self.user(actor, emp.unit.opd)
            self.attempt(
                "absence decided",
                lambda: absences.absence_decide(
                    absence=asked, approve=approve, note="" if approve else "Layanan", by=by
                ),
            )

    @rule(index=st.integers(min_value=0, max_value=5))
    def cancel_absence(self, index):
        """An absence withdrawn: its person counts again (a remote cell on its days, too)."""
        holding = list(Absence.objects.holding().order_by("pk"))
        if holding:
            chosen = holding[index % len(holding)]
            self.attempt(
                "absence cancelled",
                lambda: absences.absence_cancel(absence=chosen, by=self.bkpsdm),
            )

    # --- the promises -----------------------------------------------------------------------

    @invariant()
    def approved_plans_are_never_short(self):
        approved = Plan.objects.filter(window=self.window, status=PlanStatus.APPROVED)
        opd_ids = list(approved.values_list("opd_id", flat=True))
        if opd_ids:  # one pass of the coverage engine over every approved OPD
            STATS["states with an approved plan"] += 1
            shortfalls = coverage.compute(self.window, opd_ids=opd_ids).violations
            assert shortfalls == [], [c.describe() for c in shortfalls]
            over = cap_violations(self.window, opd_ids=opd_ids)
            assert over == [], [v.describe() for v in over]

    @invariant()
    def approved_cells_stay_as_approved(self):
        approved = Plan.objects.filter(window=self.window, status=PlanStatus.APPROVED)
        approved = {p.pk: p for p in approved.select_related("opd")}
        for pk in set(self.snapshots) - set(approved):
            del self.snapshots[pk]  # no longer approved: free to change
        for pk, plan in approved.items():
            assert pk in self.snapshots, f"{plan} became approved without plan_approve"
            snapshot = self.snapshots[pk]
            kept = (self.members(plan.opd_id) & snapshot.members) - snapshot.touched
            now = {c: v for c, v in self.cells(plan.opd_id).items() if c[0] in kept}
            then = {c: v for c, v in snapshot.cells.items() if c[0] in kept}
            assert now == then, f"cells of approved {plan} changed"

    @invariant()
    def every_change_has_its_history_row(self):
        STATS["states checked"] += 1  # after __init__ and after every step
        # Each assignment's latest history row only, rather than every row of the example so far.
        last = Assignment.history.values("id").annotate(last=Max("history_id")).values("last")
        latest = {
            pk: state
            for pk, *state in Assignment.history.filter(history_id__in=last).values_list(
                "id", "mode", "wfa_place", "pinned", "version"
            )
        }
        for pk, *state in Assignment.objects.values_list(
            "id", "mode", "wfa_place", "pinned", "version"
        ):
            assert latest.get(pk) == state, f"assignment {pk} is {state}, history {latest.get(pk)}"


@pytest.mark.slow
def test_plan_invariants_hold_whatever_the_order_of_actions(city):
    STATS.clear()
    run_state_machine_as_test(
        lambda: PlanMachine(city),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,  # a failure prints its steps and a blob to replay it
            print_blob=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
    examples, states = STATS.pop("examples"), STATS.pop("states checked")
    approved, calls = STATS.pop("states with an approved plan", 0), STATS.pop("service calls")
    outcomes = ", ".join(f"{key} {n}" for key, n in sorted(STATS.items()))
    print(
        f"\nstates explored: {examples} examples, {states - examples} steps, {states} states "
        f"checked ({approved} with an approved plan); {calls} service calls: {outcomes}"
    )
