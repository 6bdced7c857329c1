"""Plans with their status and history, the modes of each plan's staff, coverage."""

from django.db.models import F
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    CoverageSerializer,
    PlanHistorySerializer,
    PlanSerializer,
    StaffPlanSerializer,
)
from api.views.base import filter_param, may_see_places, note, opd_of, window_of
from opd.access import allowed, opds_visible_to
from opd.disclosure import ReadKind
from opd.models import Employee
from schedules import coverage
from schedules.models import Assignment, Plan, PlanStatus, WindowDay


def _plan_row(plan: Plan) -> dict:
    return {
        "opd": plan.opd.code,
        "window": plan.window.slug,
        "status": plan.status,
        "status_label": PlanStatus(plan.status).label,
        "note": plan.note,
        "submitted_at": plan.submitted_at,
        "acted_at": plan.acted_at,
    }


class PlanScoped:
    """The plan of `code` for `slug`: the OPD within scope (else 404), `schedules.view_plan`."""

    def plan(self) -> Plan:
        user = self.request.user
        window = window_of(self.kwargs["slug"])
        opd = opd_of(user, self.kwargs["code"])
        plan = Plan.objects.current(opd=opd, window=window)
        plan.opd, plan.window = opd, window  # already loaded: no query for either again
        if not allowed(user, "schedules.view_plan", opd):
            raise PermissionDenied
        return plan


class PlanList(generics.ListAPIView):
    """The plan of every OPD in scope for a window: status, last note, when it moved.
    An OPD without a plan row is in draft."""

    serializer_class = PlanSerializer
    perm = "schedules.view_grid"

    def get_queryset(self):
        return opds_visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        window = window_of(kwargs["slug"])
        opds = self.paginate_queryset(self.get_queryset())
        plans = {p.opd_id: p for p in Plan.objects.for_window(window).filter(opd__in=opds)}
        rows = []
        for opd in opds:
            plan = plans.get(opd.pk) or Plan(opd=opd, window=window)
            plan.opd, plan.window = opd, window
            rows.append(_plan_row(plan))
        return self.get_paginated_response(rows)


class PlanDetail(PlanScoped, APIView):
    @extend_schema(responses=PlanSerializer)
    def get(self, request, slug, code):
        return Response(_plan_row(self.plan()))


class PlanHistory(PlanScoped, generics.ListAPIView):
    """Every change of the plan's status and note, oldest first (decisions are not made here)."""

    serializer_class = PlanHistorySerializer

    def get_queryset(self):
        plan = self.plan()
        if plan.pk is None:
            return Plan.history.none()
        return Plan.history.filter(id=plan.pk).select_related("history_user")

    def list(self, request, *args, **kwargs):
        records = self.paginate_queryset(self.get_queryset())
        rows = [
            {
                "at": r.history_date,
                "status": r.status,
                "status_label": PlanStatus(r.status).label,
                "note": r.note,
                "by": r.history_user.display_name if r.history_user else None,
            }
            for r in records
        ]
        return self.get_paginated_response(rows)


class PlanAssignments(generics.ListAPIView):
    """Each active employee of the plan's OPD with their mode on every day of the window (no
    assignment row is WFO). WFA places only for readers who may see them. Logged as read.

    Four statements a page whatever its size: the window with its days, the OPD in scope, the
    page of staff (keyset on the id: plain rows, no model objects), the page's assignment rows.
    A day without a row for a person is the same WFO cell for everyone, built once per request.
    """

    serializer_class = StaffPlanSerializer

    def get_queryset(self):
        user, slug = self.request.user, self.kwargs["slug"]
        self._days = list(WindowDay.objects.filter(window__slug=slug).select_related("window"))
        window = self._days[0].window if self._days else window_of(slug)
        self._opd = opd_of(user, self.kwargs["code"])
        if not allowed(user, "schedules.view_plan", self._opd):
            raise PermissionDenied
        self._plan = Plan(opd=self._opd, window=window)  # named in the read log only
        staff = Employee.objects.active_staff(opd=self._opd)
        return staff.values("pk", "nip", "name", unit_code=F("unit__code"))

    def list(self, request, *args, **kwargs):
        staff = self.paginate_queryset(self.get_queryset())
        ids = [e["pk"] for e in staff]
        places = may_see_places(request.user)
        position = {day.pk: i for i, day in enumerate(self._days)}
        wfo = Assignment.value_of(None)[0]
        default = [{"date": day.date.isoformat(), "mode": wfo} for day in self._days]
        modes = {}
        for employee_id, day_id, mode, place in self._cells(ids).values_list(
            "employee_id", "day_id", "mode", "wfa_place"
        ):
            mine = modes.get(employee_id) or modes.setdefault(employee_id, default.copy())
            cell = {"date": default[position[day_id]]["date"], "mode": mode}
            if places and place:
                cell["wfa_place"] = place
            mine[position[day_id]] = cell
        results = [
            {
                "nip": employee["nip"],
                "name": employee["name"],
                "unit": employee["unit_code"],
                "days": modes.get(employee["pk"], default),
            }
            for employee in staff
        ]
        note(request, ReadKind.SCHEDULE, ids, detail=f"rencana {self._plan}")
        return self.get_paginated_response(results)

    def _cells(self, ids):
        """The page's assignment rows: the page is every active employee of the OPD between its
        first and last id (the keyset), so the range says it without listing 500 ids."""
        if not ids:
            return Assignment.objects.none()
        page = Employee.objects.active_staff(opd=self._opd).filter(pk__range=(ids[0], ids[-1]))
        return Assignment.objects.filter(day__in=[d.pk for d in self._days], employee__in=page)


class Coverage(APIView):
    """Coverage of the essential services for a window: how many rule checks ran and every
    shortfall, for the city or one OPD (`?opd=<code>`; a head's client always its own OPD)."""

    perm = "schedules.view_grid"

    @extend_schema(
        responses=CoverageSerializer,
        parameters=[OpenApiParameter("opd", str, description="Kode OPD (opsional).")],
    )
    def get(self, request, slug):
        window = window_of(slug)
        code = filter_param(request, "opd")
        opd = None
        if code is not None:
            opd = opd_of(request.user, code)
        elif not allowed(request.user, "opd.view_city"):
            opd = opds_visible_to(request.user).get()
        result = coverage.compute(window, opd=opd)
        shortfalls = [
            {
                "opd": check.unit.opd.code,
                "unit": check.unit.code,
                "date": check.day.date,
                "rule": check.rule.name,
                "staff": check.staff,
                "required": check.required,
                "planned": check.planned,
                "shortfall": check.shortfall,
            }
            for check in result.violations
        ]
        body = {
            "window": window.slug,
            "opd": opd.code if opd else None,
            "checks": len(result.checks),
            "shortfalls": shortfalls,
        }
        return Response(body)
