"""What happened: check-ins and daily reports (counts for the whole scope, rows per OPD as the
monitor and the review pages show them), and the evaluations of article 35."""

from collections import defaultdict

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    CheckInSerializer,
    DailyReportSerializer,
    DaySummarySerializer,
    EvaluationSerializer,
)
from api.views.base import may_see_places, note, opd_of, window_of
from attendance.models import CheckIn, DailyReport
from evaluations.models import Evaluation
from opd.access import employees_visible_to, units_visible_to
from opd.disclosure import ReadKind


def _per_opd_and_day(rows, key: str) -> list[dict]:
    counts = defaultdict(dict)
    for row in rows:
        counts[(row["employee__unit__opd__code"], row["day__date"])][row[key]] = row["n"]
    return [
        {"opd": opd, "date": date, "counts": values}
        for (opd, date), values in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def _summary(model, key: str, user, window) -> list[dict]:
    rows = (
        model.objects.filter(day__window=window, employee__in=employees_visible_to(user))
        .values("employee__unit__opd__code", "day__date", key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _per_opd_and_day(rows, key)


class CheckInSummary(APIView):
    """Check-ins per OPD and day, counted by declared mode (the whole scope, no names)."""

    perm = "attendance.view_monitor"

    @extend_schema(responses=DaySummarySerializer(many=True))
    def get(self, request, slug):
        return Response(_summary(CheckIn, "mode", request.user, window_of(slug)))


class DailyReportSummary(APIView):
    """Daily reports per OPD and day, counted by status (the whole scope, no names)."""

    perm = "attendance.view_monitor"

    @extend_schema(responses=DaySummarySerializer(many=True))
    def get(self, request, slug):
        return Response(_summary(DailyReport, "status", request.user, window_of(slug)))


class OpdRows(generics.ListAPIView):
    """Rows of one OPD in one window, as its pages show them; logged as read."""

    perm = "attendance.view_monitor"
    read_kind = ""

    def scope(self):
        user = self.request.user
        self._opd = opd_of(user, self.kwargs["code"])
        window = window_of(self.kwargs["slug"])
        return self.model.objects.filter(
            day__window=window,
            employee__unit__opd=self._opd,
            employee__in=employees_visible_to(user),
        ).select_related("employee", "day")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        note(self.request, self.read_kind, [row.employee_id for row in page], detail=str(self._opd))
        return page


class CheckInRows(OpdRows):
    """Check-ins of one OPD: times, modes, flags, distance to the office; never the position."""

    serializer_class = CheckInSerializer
    model = CheckIn
    read_kind = ReadKind.CHECK_INS

    def get_queryset(self):
        return self.scope()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "places": may_see_places(self.request.user)}


class DailyReportRows(OpdRows):
    """Daily reports of one OPD with their outputs and review notes."""

    serializer_class = DailyReportSerializer
    model = DailyReport
    read_kind = ReadKind.REPORTS

    def get_queryset(self):
        return self.scope().prefetch_related("items")


class EvaluationList(generics.ListAPIView):
    """Saved evaluations of the units in scope for a window (a unit without one has not begun)."""

    serializer_class = EvaluationSerializer
    perm = "evaluations.view"

    def get_queryset(self):
        window = window_of(self.kwargs["slug"])
        return Evaluation.objects.filter(
            window=window, unit__in=units_visible_to(self.request.user)
        ).select_related("unit__opd")
