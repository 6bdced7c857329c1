"""Absences (leave, official travel, training, study): read as the absence pages show them, and
written by partner systems (the pemda's leave system, an SPT register) through the same services
and guards as the pages.

- Reads: the scope of the list page (`Absence.objects.visible_to`, `absences.view_list`: the city
  for BKPSDM and the mayor's office, one OPD for a head); another OPD's absence is a 404. Rows of
  people go to the read log.
- Create: BKPSDM's scope only (`absences.record`, as the record page), through
  `absences.services.absence_record`: approved at once, under the staff-change guard, so a
  promised plan it leaves short goes to "Perlu ditinjau" (named in the answer). Idempotent on
  employee + kind + dates, like the import: the same absence sent twice is recorded once (200
  with the record the second time). An overlap with another absence is 409, naming it.
- Cancel: whoever may cancel on the pages (the head for their OPD, BKPSDM), through
  `absence_cancel`; cancelling a cancelled absence again changes nothing (200).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from absences import services
from absences.forms import AbsenceRequestForm
from absences.importing import MAX_DAYS
from absences.models import Absence, AbsenceKind, AbsenceStatus, clash_message
from api.serializers import (
    AbsenceCancelSerializer,
    AbsenceCreateSerializer,
    AbsenceDetailSerializer,
    AbsenceOverlapSerializer,
    AbsenceSerializer,
    AbsenceWrittenSerializer,
)
from api.views.base import filter_param, note, opd_of
from common.text import invisible_characters, normalise, refusal
from opd.access import employees_visible_to
from opd.disclosure import ReadKind

FIELDS = {"nip", "kind", "start_date", "end_date", "evidence", "reason"}


def _scope(user):
    return Absence.objects.visible_to(user).select_related("employee__unit__opd", "decided_by")


def _date_param(request, name: str) -> date | None:
    value = filter_param(request, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParseError(f"Saringan '{name}' harus tanggal seperti 2025-03-31.") from None


def _choice_param(request, name: str, choices) -> str | None:
    value = filter_param(request, name)
    if value is not None and value not in choices:
        raise ParseError(f"Saringan '{name}' harus salah satu dari: {', '.join(choices)}.")
    return value


def _filtered(request):
    """The list's filters: days (`from`, `to`: absences with a day in between), kind, status,
    OPD (another OPD's code is a 404), NIP."""
    user = request.user
    absences = _scope(user)
    start, end = _date_param(request, "from"), _date_param(request, "to")
    if start and end and end < start:
        raise ParseError("Saringan 'to' tidak boleh sebelum 'from'.")
    if start:
        absences = absences.filter(end_date__gte=start)
    if end:
        absences = absences.filter(start_date__lte=end)
    if kind := _choice_param(request, "kind", AbsenceKind.values):
        absences = absences.filter(kind=kind)
    if state := _choice_param(request, "status", AbsenceStatus.values):
        absences = absences.filter(status=state)
    if code := filter_param(request, "opd"):
        absences = absences.filter(employee__unit__opd=opd_of(user, code))
    if nip := filter_param(request, "nip"):
        absences = absences.filter(employee__nip=nip)
    return absences


def _body(request, allowed: set[str]) -> dict[str, str]:
    """The JSON object's fields as text (the form's input): unknown names and values that are
    not text are refused, so nothing is silently dropped or turned into "['a']"."""
    unknown = sorted(set(request.data) - allowed)
    if unknown:
        raise ParseError(
            f"Isian tidak dikenal: {', '.join(unknown)[:200]}. Yang dikenal: "
            + ", ".join(sorted(allowed))
            + "."
        )
    values = {}
    for name, value in request.data.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ParseError(f"Isian '{name}' harus teks (dalam tanda kutip).")
        values[name] = value
    return values


def _invalid(errors) -> Response:
    return Response(
        {"detail": "Data ketidakhadiran tidak sah; tidak ada yang dicatat.", "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _written(absence, sent, code) -> Response:
    body = {
        "absence": AbsenceSerializer(absence).data,
        "sent_for_review": [
            {
                "opd": s.opd,
                "window": s.window,
                "was_approved": s.was_approved,
                "shortfalls": s.shortfalls,
            }
            for s in sent
        ],
    }
    headers = {"Location": reverse("api:absence", kwargs={"pk": absence.pk})}
    return Response(body, status=code, headers=headers)


def _same_or_overlap(employee, fields) -> Response | None:
    """The absence already there: the same one (employee, kind, dates: 200, nothing written),
    or another holding one of the person's days (409, named); None when the days are free."""
    held = (
        Absence.objects.holding()
        .filter(employee=employee)
        .select_related("employee__unit__opd", "decided_by")
    )
    same = held.filter(
        kind=fields["kind"], start_date=fields["start_date"], end_date=fields["end_date"]
    ).first()
    if same is not None:
        return _written(same, [], status.HTTP_200_OK)
    other = (
        held.overlapping(fields["start_date"], fields["end_date"]).order_by("start_date").first()
    )
    if other is None:
        return None
    body = {"detail": clash_message(other), "overlaps": AbsenceSerializer(other).data}
    return Response(body, status=status.HTTP_409_CONFLICT)


class AbsenceList(generics.ListCreateAPIView):
    """Absences in scope, every status, oldest record first. Filters: `from`/`to` (a day in the
    range), `kind`, `status`, `opd`, `nip`. POST records an absence decided elsewhere (BKPSDM's
    scope). Reads are logged."""

    serializer_class = AbsenceSerializer

    @property
    def perm(self):
        return "absences.record" if self.request.method == "POST" else "absences.view_list"

    def get_queryset(self):
        return _filtered(self.request)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        shown = [a.employee_id for a in page]
        note(self.request, ReadKind.ABSENCES, shown, detail="ketidakhadiran")
        return page

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, description="Ketidakhadiran dengan hari sejak ini."),
            OpenApiParameter("to", date, description="... dan sampai tanggal ini."),
            OpenApiParameter("kind", str, enum=AbsenceKind.values),
            OpenApiParameter("status", str, enum=AbsenceStatus.values),
            OpenApiParameter("opd", str, description="Kode OPD."),
            OpenApiParameter("nip", str, description="NIP pegawai."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=AbsenceCreateSerializer,
        responses={
            201: AbsenceWrittenSerializer,
            200: OpenApiResponse(AbsenceWrittenSerializer, description="Sudah tercatat."),
            409: AbsenceOverlapSerializer,
        },
    )
    def post(self, request, *args, **kwargs):
        values = _body(request, FIELDS)
        nip = values.pop("nip", "").strip()
        if not (nip.isdigit() and len(nip) == 18):
            return _invalid({"nip": ["NIP harus 18 angka."]})
        employee = get_object_or_404(employees_visible_to(request.user), nip=nip)
        if not employee.is_active:
            return _invalid({"nip": [f"{employee.name} tidak aktif lagi."]})
        form = AbsenceRequestForm(values)
        if not form.is_valid():
            return _invalid(form.errors)
        fields = form.fields_for_service()
        if (fields["end_date"] - fields["start_date"]).days + 1 > MAX_DAYS:
            return _invalid({"end_date": [f"Lebih dari {MAX_DAYS} hari; periksa tahunnya."]})
        if found := _same_or_overlap(employee, fields):
            return found
        try:
            absence, sent = services.absence_record(employee=employee, by=request.user, **fields)
        except ValidationError as exc:  # a request racing this one took the days first
            return _same_or_overlap(employee, fields) or _invalid(exc.messages)
        return _written(absence, sent, status.HTTP_201_CREATED)


class AbsenceDetail(generics.RetrieveAPIView):
    """One absence and its history (who recorded, decided or cancelled it, when). Logged."""

    serializer_class = AbsenceDetailSerializer
    perm = "absences.view_list"

    def get_object(self):
        absence = get_object_or_404(_scope(self.request.user), pk=self.kwargs["pk"])
        records = absence.history.select_related("history_user").order_by("history_date")
        absence.history_rows = [
            {
                "at": r.history_date,
                "status": r.status,
                "status_label": AbsenceStatus(r.status).label,
                "by": r.history_user.display_name if r.history_user else None,
            }
            for r in records
        ]
        note(self.request, ReadKind.ABSENCES, [absence.employee_id], detail="ketidakhadiran")
        return absence


class AbsenceCancel(generics.GenericAPIView):
    """Cancel an absence (the head for their OPD, BKPSDM for any): it stops counting, under the
    same guard as approving. Cancelling it again changes nothing (200)."""

    serializer_class = AbsenceCancelSerializer
    perm = "absences.view_list"  # who reaches absences at all; the service decides the rest

    @extend_schema(
        request=AbsenceCancelSerializer,
        responses={200: AbsenceWrittenSerializer, 409: OpenApiResponse(description="Ditolak.")},
    )
    def post(self, request, pk):
        text = normalise(_body(request, {"note"}).get("note", "").strip())
        if hidden := invisible_characters(text):
            return _invalid({"note": [refusal(hidden)]})
        if len(text) > 500:
            return _invalid({"note": ["Catatan paling banyak 500 huruf."]})
        absence = get_object_or_404(_scope(request.user), pk=pk)
        try:
            absence, sent = services.absence_cancel(absence=absence, by=request.user, note=text)
        except ValidationError as exc:
            if absence.status == AbsenceStatus.CANCELLED:
                return _written(absence, [], status.HTTP_200_OK)
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        return _written(absence, sent, status.HTTP_200_OK)
