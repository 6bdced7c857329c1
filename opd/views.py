from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from opd.access import employees_visible_to, opds_visible_to, require_perm, units_visible_to
from opd.disclosure import ReadKind, note_read
from opd.forms import EmployeeFilterForm
from opd.picker import KINDS, LIMIT, NAME, matches

PAGE_SIZE = 50


@require_safe
@require_perm("opd.browse_staff")
def opd_list(request):
    opds = opds_visible_to(request.user).annotate(
        unit_count=Count("units", distinct=True),
        employee_count=Count("units__employees", filter=Q(units__employees__is_active=True)),
    )
    return render(request, "opd/opd_list.html", {"opds": opds})


@require_safe
@require_perm("opd.browse_staff")
def opd_detail(request, code):
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    units = (
        units_visible_to(request.user)
        .filter(opd=opd)
        .annotate(employee_count=Count("employees", filter=Q(employees__is_active=True)))
    )
    return render(request, "opd/opd_detail.html", {"opd": opd, "units": units})


def _restricted_today():
    """How many restrictions (eligibility.models.Restriction, read through its reverse name:
    opd may not import it) make the employee WFO only today."""
    today = timezone.localdate()
    running = Q(restrictions__start_date__lte=today) & (
        Q(restrictions__end_date__isnull=True) | Q(restrictions__end_date__gte=today)
    )
    return Count("restrictions", filter=running)


@require_safe
@require_perm("opd.browse_staff")
def employee_list(request, code):
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    form = EmployeeFilterForm(request.GET or None, opd=opd)
    employees = employees_visible_to(request.user).filter(unit__opd=opd).select_related("unit")
    employees = form.filter(employees).annotate(wfo_only=_restricted_today())
    page = Paginator(employees.order_by("unit__name", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    note_read(
        request, ReadKind.STAFF_LIST, [e.pk for e in page], detail=f"Pegawai {opd.short_name}"
    )
    context = {"opd": opd, "form": form, "page": page}
    return render(request, "opd/employee_list.html", context)


@require_safe
@login_required
def employee_detail(request, nip):
    employee = get_object_or_404(
        employees_visible_to(request.user).select_related("unit__opd"), nip=nip
    )
    note_read(request, ReadKind.PROFILE, [employee.pk])
    own = employee.pk == request.user.employee_id
    context = {
        "employee": employee,
        "own": own,
        # Their restrictions (eligibility.models, through the reverse name), newest first.
        "restrictions": employee.restrictions.order_by("-start_date", "-pk"),
        "today": timezone.localdate(),
    }
    return render(request, "opd/employee_detail.html", context)


@require_safe
@require_perm("opd.browse_staff")
def picker(request, kind):
    """The matches of a searchable picker as the user types (htmx swaps them in): staff or units
    within the user's scope, at most picker.LIMIT, the current choice kept first."""
    name = request.GET.get("nama", "")
    if kind not in KINDS:
        raise Http404
    if not NAME.match(name):
        return HttpResponseBadRequest("Permintaan pencarian tidak sah.")
    candidates = KINDS[kind][0](request.user, opd_code=request.GET.get("opd", ""))
    text = request.GET.get(f"cari_{name}", "")[:100]
    found, more = matches(candidates, kind, text=text, chosen=request.GET.get(name, ""))
    if kind == "pegawai":
        note_read(
            request, ReadKind.STAFF_LIST, [int(m.value) for m in found], detail="Pencarian pegawai"
        )
    context = {
        "name": name,
        "id": f"id_{name}",
        "matches": found,
        "more": more,
        "limit": LIMIT,
        "searched": bool(text.strip()),
    }
    return render(request, "opd/_picker_results.html", context)
