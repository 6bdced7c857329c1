"""Fingerprint / e-presensi punches posted by a partner system, and the daily reconciliation of
punches with the plan (counts per OPD). The post goes through the same reading, check and
store as BKPSDM's file upload (devicelogs.reading, importing, services): the same refusals, all
or nothing, and a punch already stored is counted as a duplicate, never stored twice."""

from datetime import date

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parsers import LimitedJSONParser
from api.views.base import filter_param, opd_of
from devicelogs import importing, reading, reconciliation, services
from devicelogs.models import Device, Source
from opd.access import allowed, opds_visible_to


class PunchesParser(LimitedJSONParser):
    """A machine's post is larger than other writes: 5,000 punches of ~120 bytes each."""

    limit_setting = "WFA_DEVICE_API_MAX_BODY_BYTES"


class PunchInSerializer(serializers.Serializer):
    user_id = serializers.CharField(help_text="Nomor pengguna di mesin (NIP, atau nomor mesin).")
    at = serializers.CharField(help_text="Waktu rekaman, mis. 2026-11-25T07:28:15+07:00.")
    verify = serializers.IntegerField(required=False, allow_null=True)
    state = serializers.IntegerField(required=False, allow_null=True)


class PunchPostSerializer(serializers.Serializer):
    device = serializers.CharField(help_text="Kode mesin yang didaftarkan BKPSDM.")
    punches = PunchInSerializer(many=True)


class PunchReportSerializer(serializers.Serializer):
    rows_read = serializers.IntegerField()
    matched = serializers.IntegerField()
    new = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    unknown_ids = serializers.IntegerField(help_text="Baris dengan nomor pengguna tak dikenal.")
    refused = serializers.IntegerField()
    unknown = serializers.ListField(child=serializers.CharField())


class ReconciliationSerializer(serializers.Serializer):
    opd = serializers.CharField()
    date = serializers.DateField()
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="staff, away, planned_wfo, punched, no_punch, remote_punch, outside_hours, "
        "explained.",
    )


def _refuse(detail: str, code=status.HTTP_400_BAD_REQUEST, **more) -> Response:
    return Response({"detail": detail, **more}, status=code)


def _rows(punches) -> reading.Read:
    """The posted punches as the file reader's rows (numbered from 1), refusals per item."""
    rows, refused = [], []
    zone = timezone.get_current_timezone()
    for number, item in enumerate(punches, start=1):
        if not isinstance(item, dict):
            refused.append((number, "bukan objek JSON."))
            continue
        try:
            at = reading.parse_moment(str(item.get("at", "")), zone)
            rows.append(
                reading.Row(
                    number,
                    reading.clean_user_id(item.get("user_id")),
                    at,
                    reading.clean_code(item.get("verify")),
                    reading.clean_code(item.get("state")),
                )
            )
        except reading.RowError as error:
            refused.append((number, str(error)))
    return reading.Read(rows, refused, len(punches))


class DevicePunches(APIView):
    """Post punches of one machine (at most WFA_DEVICE_API_MAX_PUNCHES a request): stored all
    or nothing; a punch already stored is a duplicate (the same post twice stores once)."""

    perm = "devicelogs.import_logs"
    parser_classes = [PunchesParser]  # too large (413), not JSON or not an object (400)

    @extend_schema(request=PunchPostSerializer, responses=PunchReportSerializer)
    def post(self, request):
        body = request.data
        punches = body.get("punches") if isinstance(body, dict) else None
        if not isinstance(punches, list) or not isinstance(body.get("device"), str):
            return _refuse("Kirim objek JSON dengan 'device' (teks) dan 'punches' (daftar).")
        limit = settings.WFA_DEVICE_API_MAX_PUNCHES
        if len(punches) > limit:
            return _refuse(f"Paling banyak {limit} rekaman per kiriman.", 413)
        device = get_object_or_404(Device, code=body["device"][:40])
        report = importing.check(device, _rows(punches), name="API")
        if report.refused:
            refused = [{"index": n, "reason": r} for n, r in report.refused[: importing.SHOWN]]
            return _refuse(
                f"{len(report.refused)} rekaman ditolak; tidak ada data yang diubah.",
                refused=refused,
            )
        if report.new:
            services.punches_store(report=report, by=request.user, source=Source.API)
        answer = report.summary() | {"unknown": sorted(report.unknown)[: importing.SHOWN]}
        return Response(answer, status=status.HTTP_201_CREATED if report.new else 200)


class Reconciliation(APIView):
    """The day's reconciliation counts per OPD of the scope (no names): ?date=YYYY-MM-DD
    (default today), ?opd=<code> for one OPD."""

    perm = "devicelogs.view_reconciliation"

    @extend_schema(
        parameters=[
            OpenApiParameter("date", str, description="Tanggal, mis. 2026-11-25."),
            OpenApiParameter("opd", str, description="Kode satu OPD."),
        ],
        responses=ReconciliationSerializer(many=True),
    )
    def get(self, request):
        raw = request.query_params.get("date")
        try:
            on = date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise ParseError("Tanggal tidak sah; gunakan format 2026-11-25.") from None
        code = filter_param(request, "opd")
        opds = (
            [opd_of(request.user, code)]
            if code
            else list(opds_visible_to(request.user).order_by("code"))
        )
        if allowed(request.user, "opd.view_city"):
            counts = reconciliation.opd_counts(on, opds=opds)
        else:
            counts = {o.pk: reconciliation.reconcile(on, opd=o, lines=False).totals for o in opds}
        return Response(
            [{"opd": o.code, "date": on, "counts": counts[o.pk]} for o in opds if o.pk in counts]
        )
