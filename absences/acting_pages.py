"""Pages of acting officials (Plh/Plt): the list of delegations (current, upcoming, ended), the
naming form and ending one early. BKPSDM names for any OPD or unit, a head a Plh of their own
OPD; another OPD's delegation is a 404 (`delegations_visible_to`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from absences import acting
from absences.forms import DelegationForm
from absences.views import add_errors
from opd.access import allowed, require_perm
from opd.models import Opd
from opd.picker import employee_candidates

ENDED_SHOWN = 20


def delegations_visible_to(user):
    """BKPSDM: every delegation; the head of an OPD: their OPD's (the OPD's and its units')."""
    from opd.models import Delegation

    if allowed(user, "opd.manage_city"):
        return Delegation.objects.all()
    if allowed(user, "absences.manage_acting"):
        return Delegation.objects.filter(opd_id=user.opd_id)
    return Delegation.objects.none()


@require_safe
@require_perm("absences.manage_acting")
def acting_list(request):
    """Current and upcoming delegations in full, the last ENDED_SHOWN ended ones."""
    today = timezone.localdate()
    rows = delegations_visible_to(request.user).select_related(
        "opd", "unit", "account__employee", "named_by", "ended_by"
    )
    open_ = rows.filter(ends_on__gte=today, ended_at__isnull=True).order_by("starts_on", "pk")
    current = [d for d in open_ if d.starts_on <= today]
    upcoming = [d for d in open_ if d.starts_on > today]
    ended = rows.filter(Q(ends_on__lt=today) | Q(ended_at__isnull=False)).order_by(
        "-ends_on", "-pk"
    )
    by_bkpsdm = allowed(request.user, "opd.manage_city")
    context = {
        "current": current,
        "upcoming": upcoming,
        "ended": list(ended[:ENDED_SHOWN]),
        "ended_shown": ENDED_SHOWN,
        "opds": Opd.objects.order_by("name") if by_bkpsdm else None,
        "by_bkpsdm": by_bkpsdm,
    }
    return render(request, "absences/acting_list.html", context)


def _opd_for(request) -> Opd | None:
    """The OPD named for: ?opd=<code> for BKPSDM (None when not chosen yet), always their own
    for a head (another is a 404)."""
    user = request.user
    if allowed(user, "opd.manage_city"):
        code = request.GET.get("opd", "")
        return get_object_or_404(Opd, code=code) if code else None
    code = request.GET.get("opd") or user.opd.code
    return get_object_or_404(Opd.objects.filter(pk=user.opd_id), code=code)


@require_http_methods(["GET", "POST"])
@require_perm("absences.manage_acting")
def acting_name(request):
    opd = _opd_for(request)
    if opd is None:
        messages.info(request, "Pilih OPD yang kepalanya (atau kepala unitnya) akan diganti.")
        return redirect("absences:acting_list")
    if not allowed(request.user, "opd.name_acting", opd):
        raise PermissionDenied
    by_bkpsdm = allowed(request.user, "opd.manage_city")
    form = DelegationForm(
        request.POST or None,
        opd=opd,
        employees=employee_candidates(request.user),
        by_bkpsdm=by_bkpsdm,
        search=request.GET.get("cari_employee", ""),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation = acting.delegation_name(
                opd=opd, unit=data.get("unit"), account=data["employee"].account,
                kind=data["kind"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                basis=data["basis"], by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _named(delegation))
            return redirect("absences:acting_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "opd": opd, "by_bkpsdm": by_bkpsdm}
    return render(request, "absences/acting_name.html", context, status=status)


def _named(delegation) -> str:
    span = acting.span_text(delegation.starts_on, delegation.ends_on)
    return f"{delegation.account.display_name} ditunjuk sebagai {delegation.capacity}, {span}."


@require_POST
@require_perm("absences.manage_acting")
def acting_end(request, pk):
    delegation = get_object_or_404(
        delegations_visible_to(request.user).select_related("opd", "unit", "account"), pk=pk
    )
    if not acting.may_end(request.user, delegation):
        raise PermissionDenied
    try:
        acting.delegation_end(delegation=delegation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Penunjukan {delegation.account.display_name} sebagai "
            f"{delegation.capacity} diakhiri hari ini."
        )  # fmt: skip
    return redirect("absences:acting_list")
