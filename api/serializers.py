"""What the API returns: fields chosen per the README's who-sees-what table, never more.

Never returned, whoever asks: email addresses, raw check-in positions and their accuracy,
preferences and their reasons, citizens' contacts, login records, calendar or API secrets.
WFA places (in the plan and declared at check-in) only to readers with
`schedules.view_wfa_places` (BKPSDM and the OPD's head, not the mayor's office).
"""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers

from absences.models import Absence, AbsenceKind, AbsenceStatus
from attendance.models import CheckIn, DailyReport, OutputItem
from eligibility.models import Restriction
from evaluations.models import Evaluation
from opd.models import Employee, Opd, Unit
from schedules.models import FlexPolicy, FlexWindow, Mode, Plan, WindowDay


class WindowDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = WindowDay
        fields = ["date", "legal_basis"]


class WindowSerializer(serializers.ModelSerializer):
    days = WindowDaySerializer(many=True, read_only=True)
    policy = serializers.SlugRelatedField(slug_field="name", read_only=True)
    amends = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = FlexWindow
        fields = [
            "slug", "name", "legal_basis", "signed_on", "amends", "allows_wfh", "allows_wfa",
            "policy", "days",
        ]  # fmt: skip


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = FlexPolicy
        fields = [
            "name", "legal_basis", "location_flex", "time_flex", "weekly_cap", "allows_wfh",
            "allows_wfa", "evaluation_due",
        ]  # fmt: skip


class OpdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Opd
        fields = ["code", "name", "short_name", "kind"]


class UnitSerializer(serializers.ModelSerializer):
    opd = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name", "opd", "kind", "service_category", "kecamatan"]


class StaffSerializer(serializers.ModelSerializer):
    """NIP, name, position, golongan, unit, eligibility: every scope that reaches the person."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    opd = serializers.CharField(source="unit.opd.code", read_only=True)
    flex_eligible = serializers.SerializerMethodField(
        help_text="Boleh WFH/WFA hari ini: tidak ada pembatasan yang berjalan."
    )
    ineligibility = serializers.SerializerMethodField(
        help_text="Jenis pembatasan yang berjalan hari ini (sanction, appointment, transfer, "
        "promotion, other), atau kosong."
    )
    wfo_only_until = serializers.SerializerMethodField(
        help_text="Hari terakhir pembatasan yang berjalan hari ini; null: tanpa batas akhir atau "
        "tidak dibatasi."
    )

    class Meta:
        model = Employee
        fields = [
            "nip", "name", "asn_type", "golongan", "position_type", "position_name", "unit",
            "opd", "is_active", "flex_eligible", "ineligibility", "wfo_only_until",
        ]  # fmt: skip

    # `running`: the restrictions running today, prefetched by the views (running_prefetch).
    def get_flex_eligible(self, employee) -> bool:
        return not employee.running

    def get_ineligibility(self, employee) -> str:
        return employee.running[0].kind if employee.running else ""

    def get_wfo_only_until(self, employee) -> date | None:
        return employee.running[0].end_date if employee.running else None


def running_prefetch() -> Prefetch:
    """The restrictions running today of each employee (one query for a page)."""
    today = timezone.localdate()
    return Prefetch(
        "restrictions",
        queryset=Restriction.objects.running_on(today).order_by("-start_date", "-pk"),
        to_attr="running",
    )


class PlanSerializer(serializers.Serializer):
    opd = serializers.CharField(help_text="Kode OPD.")
    window = serializers.CharField(help_text="Kode periode.")
    status = serializers.ChoiceField(choices=Plan._meta.get_field("status").choices)
    status_label = serializers.CharField()
    note = serializers.CharField(help_text="Catatan pengembalian atau alasan dibuka kembali.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    acted_at = serializers.DateTimeField(allow_null=True)


class PlanHistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    note = serializers.CharField()
    by = serializers.CharField(allow_null=True, help_text="Nama akun yang bertindak.")


class DayModeSerializer(serializers.Serializer):
    date = serializers.DateField()
    mode = serializers.ChoiceField(choices=Mode.choices)
    wfa_place = serializers.CharField(
        required=False, help_text="Hanya untuk pembaca yang boleh melihat tempat WFA."
    )


class StaffPlanSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    days = DayModeSerializer(many=True, help_text="Setiap hari periode; tanpa baris berarti WFO.")


class ShortfallSerializer(serializers.Serializer):
    opd = serializers.CharField()
    unit = serializers.CharField()
    date = serializers.DateField()
    rule = serializers.CharField()
    staff = serializers.IntegerField()
    required = serializers.IntegerField()
    planned = serializers.IntegerField()
    shortfall = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    window = serializers.CharField()
    opd = serializers.CharField(allow_null=True)
    checks = serializers.IntegerField(help_text="Aturan x unit x hari yang diperiksa.")
    shortfalls = ShortfallSerializer(many=True)


class CheckInSerializer(serializers.ModelSerializer):
    """`place` (declared at check-in) only for readers who may see WFA places."""

    nip = serializers.CharField(source="employee.nip")
    date = serializers.DateField(source="day.date")

    class Meta:
        model = CheckIn
        fields = [
            "nip", "date", "planned_mode", "mode", "place", "checked_in_at", "checked_out_at",
            "distance_m", "flags",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("places"):
            data.pop("place")
        return data


class OutputItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutputItem
        fields = ["description", "quantity", "unit_of_measure", "evidence_url"]


class DailyReportSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip")
    date = serializers.DateField(source="day.date")
    items = OutputItemSerializer(many=True)

    class Meta:
        model = DailyReport
        fields = [
            "nip", "date", "mode", "status", "submitted_at", "reviewed_at", "review_comment",
            "items",
        ]  # fmt: skip


class DaySummarySerializer(serializers.Serializer):
    opd = serializers.CharField()
    date = serializers.DateField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Jumlah per mode (presensi) atau per status."
    )


class EvaluationSerializer(serializers.ModelSerializer):
    opd = serializers.CharField(source="unit.opd.code")
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = Evaluation
        fields = [
            "opd", "unit", "status", "network_ready", "devices_ready", "applications_ready",
            "readiness_notes", "narrative", "submitted_at", "signed_off_at", "consolidated_at",
        ]  # fmt: skip


class AbsenceSerializer(serializers.ModelSerializer):
    """An absence as the list and detail pages show it: who, what, when, the letter, the
    decision. The employee's own free-text reason shows only inside `label` for 'Lainnya', as on
    the pages."""

    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    position = serializers.CharField(source="employee.position_name")
    unit = serializers.CharField(source="employee.unit.code")
    opd = serializers.CharField(source="employee.unit.opd.code")
    kind_label = serializers.CharField(source="get_kind_display")
    label = serializers.CharField(help_text="Jenis seperti dibaca orang ('Lainnya (...)').")
    days = serializers.IntegerField(help_text="Jumlah hari, kedua ujung termasuk.")
    status_label = serializers.CharField(source="get_status_display")
    decided_by = serializers.CharField(
        source="decided_by.display_name", allow_null=True, help_text="Nama akun yang memutuskan."
    )

    class Meta:
        model = Absence
        fields = [
            "id", "nip", "name", "position", "unit", "opd", "kind", "kind_label", "label",
            "start_date", "end_date", "days", "evidence", "status", "status_label",
            "requested_at", "decided_at", "decided_by", "decided_as", "decision_note",
        ]  # fmt: skip


class AbsenceHistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=AbsenceStatus.choices)
    status_label = serializers.CharField()
    by = serializers.CharField(allow_null=True, help_text="Nama akun yang bertindak.")


class AbsenceDetailSerializer(AbsenceSerializer):
    history = AbsenceHistorySerializer(many=True, source="history_rows")

    class Meta(AbsenceSerializer.Meta):
        fields = [*AbsenceSerializer.Meta.fields, "history"]


class AbsenceCreateSerializer(serializers.Serializer):
    """The body of a new absence (documentation: the portal's own form checks it, so the
    refusals are the pages' words)."""

    nip = serializers.CharField(help_text="NIP pegawai (18 angka), dalam lingkup klien.")
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField(help_text="Hari terakhir tidak di kantor.")
    evidence = serializers.CharField(
        required=False, help_text="Nomor surat cuti/SPT atau tautan di sistem cuti pemda."
    )
    reason = serializers.CharField(required=False, help_text="Wajib untuk jenis LN (Lainnya).")


class AbsenceCancelSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, help_text="Alasan pembatalan (opsional).")


class SentBackSerializer(serializers.Serializer):
    opd = serializers.CharField()
    window = serializers.CharField()
    was_approved = serializers.BooleanField()
    shortfalls = serializers.ListField(child=serializers.CharField())


class AbsenceWrittenSerializer(serializers.Serializer):
    absence = AbsenceSerializer()
    sent_for_review = SentBackSerializer(
        many=True, help_text="Rencana yang kini kurang dan dikembalikan untuk ditinjau."
    )


class AbsenceOverlapSerializer(serializers.Serializer):
    detail = serializers.CharField()
    overlaps = AbsenceSerializer()
