"""Windows and their days, policies, OPDs and units, staff."""

from django.shortcuts import get_object_or_404
from rest_framework import generics

from api.serializers import (
    OpdSerializer,
    PolicySerializer,
    StaffSerializer,
    UnitSerializer,
    WindowSerializer,
    running_prefetch,
)
from api.views.base import filter_param, note, opd_of
from opd.access import employees_visible_to, opds_visible_to, units_visible_to
from opd.disclosure import ReadKind
from schedules.models import FlexPolicy, FlexWindow


class WindowList(generics.ListAPIView):
    """Flexible-work windows with their days (every client; as the windows page)."""

    serializer_class = WindowSerializer
    queryset = FlexWindow.objects.select_related("policy", "amends").prefetch_related("days")


class WindowDetail(generics.RetrieveAPIView):
    serializer_class = WindowSerializer
    queryset = WindowList.queryset
    lookup_field = "slug"


class PolicyList(generics.ListAPIView):
    """Flexible-work policies (the weekly cap and allowed modes each window follows)."""

    serializer_class = PolicySerializer
    queryset = FlexPolicy.objects.all()


class OpdList(generics.ListAPIView):
    """OPDs in the client's scope: the city, or its own OPD."""

    serializer_class = OpdSerializer
    perm = "opd.browse_staff"

    def get_queryset(self):
        return opds_visible_to(self.request.user)


class OpdDetail(generics.RetrieveAPIView):
    serializer_class = OpdSerializer
    perm = "opd.browse_staff"

    def get_object(self):
        return opd_of(self.request.user, self.kwargs["code"])


class UnitList(generics.ListAPIView):
    """Units in scope; `?opd=<code>` narrows to one OPD (another OPD's code is a 404)."""

    serializer_class = UnitSerializer
    perm = "opd.browse_staff"

    def get_queryset(self):
        units = units_visible_to(self.request.user).select_related("opd")
        code = filter_param(self.request, "opd")
        return units if code is None else units.filter(opd=opd_of(self.request.user, code))


class StaffList(generics.ListAPIView):
    """Staff in scope; `?opd=<code>` and `?unit=<code>` narrow it. Logged as read."""

    serializer_class = StaffSerializer
    perm = "opd.browse_staff"

    def get_queryset(self):
        user = self.request.user
        staff = employees_visible_to(user).select_related("unit__opd")
        staff = staff.prefetch_related(running_prefetch())
        code = filter_param(self.request, "opd")
        if code is not None:
            staff = staff.filter(unit__opd=opd_of(user, code))
        unit = filter_param(self.request, "unit")
        if unit is not None:
            staff = staff.filter(unit=get_object_or_404(units_visible_to(user), code=unit))
        return staff

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        note(request, ReadKind.STAFF_LIST, self._shown, detail="daftar pegawai")
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._shown = [e.pk for e in page]
        return page


class StaffDetail(generics.RetrieveAPIView):
    serializer_class = StaffSerializer
    perm = "opd.browse_staff"

    def get_object(self):
        staff = employees_visible_to(self.request.user).select_related("unit__opd")
        staff = staff.prefetch_related(running_prefetch())
        employee = get_object_or_404(staff, nip=self.kwargs["nip"])
        note(self.request, ReadKind.PROFILE, [employee.pk], detail="profil pegawai")
        return employee
