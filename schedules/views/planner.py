"""The auto-planner in the portal: BKPSDM's proposals, and the preferences they start from."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from common.dates import tanggal
from common.text import VisibleTextForm, invisible_errors
from opd.access import allowed, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from schedules import jobs, selectors, services
from schedules.models import FlexWindow, Mode, Proposal, WindowDay

PROPOSALS_LISTED = 20
PREFERENCES_PAGE = 50


class PreferenceForm(VisibleTextForm, forms.Form):
    day = forms.ModelChoiceField(queryset=WindowDay.objects.select_related("window"))
    mode = forms.ChoiceField(choices=[(Mode.WFH, "WFH"), (Mode.WFA, "WFA")], required=False)
    wfa_place = forms.CharField(required=False, max_length=200)
    note = forms.CharField(required=False, max_length=300)


@require_safe
@require_perm("schedules.propose_plan")
def proposal_list(request, slug):
    """Choose a scope (the city or one OPD) and ask for a proposal; the latest proposals."""
    window = get_object_or_404(FlexWindow, slug=slug)
    context = {
        "window": window,
        "opds": opds_visible_to(request.user).order_by("name").only("code", "name"),
        "chosen": request.GET.get("opd", ""),
        "proposals": window.proposals.select_related("opd", "created_by", "applied_by").defer(
            "cells", "summary"
        )[:PROPOSALS_LISTED],
    }
    return render(request, "schedules/proposal_list.html", context)


@require_POST
@require_perm("schedules.propose_plan")
def proposal_create(request, slug):
    """One OPD at once; the whole city as a background job with a progress bar."""
    window = get_object_or_404(FlexWindow, slug=slug)
    code = request.POST.get("opd", "")
    if not code:
        return _to_job(request, *jobs.city_proposal_start(user=request.user, window=window))
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    proposal = services.proposal_create(window=window, opd=opd, by=request.user)
    messages.success(request, jobs.describe_created(proposal))
    return redirect("schedules:proposal", slug=window.slug, pk=proposal.pk)


def _to_job(request, job, new):
    if not new:
        messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
    return redirect("jobs:detail", pk=job.pk)


def _proposal(slug, pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("window", "opd", "created_by", "applied_by"),
        window__slug=slug,
        pk=pk,
    )


@require_safe
@require_perm("schedules.propose_plan")
def proposal_detail(request, slug, pk):
    """The proposal as a difference from the current plan, per OPD."""
    proposal = _proposal(slug, pk)
    changes = selectors.proposal_changes(proposal)
    summary = proposal.summary
    for opd in summary["opds"]:  # each OPD's section lists the first of its changed cells
        opd["cell_changes"] = changes.get(str(opd["id"]), [])
    context = {
        "window": proposal.window,
        "proposal": proposal,
        "summary": summary,
        "changes_shown": selectors.PROPOSAL_CHANGES_SHOWN,
    }
    return render(request, "schedules/proposal_detail.html", context)


def _act_on_proposal(request, slug, pk, action, describe):
    """Run `action` on the proposal, say what it did (or why it was refused), go back to it."""
    proposal = _proposal(slug, pk)
    try:
        report = action(proposal=proposal, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, error)
    else:
        messages.success(request, describe(report))
    return redirect("schedules:proposal", slug=proposal.window.slug, pk=proposal.pk)


@require_POST
@require_perm("schedules.propose_plan")
def proposal_apply(request, slug, pk):
    """One OPD's proposal at once; the whole city's as a background job (thousands of cells)."""
    proposal = _proposal(slug, pk)
    if proposal.opd is None and not proposal.applied_at:
        return _to_job(request, *jobs.proposal_apply_start(user=request.user, proposal=proposal))
    return _act_on_proposal(request, slug, pk, services.proposal_apply, jobs.describe_applied)


@require_POST
@require_perm("schedules.propose_plan")
def proposal_undo(request, slug, pk):
    """Put back every cell an applied proposal changed, or nothing (with the reason)."""
    return _act_on_proposal(request, slug, pk, services.proposal_undo, jobs.describe_undone)


@require_safe
@require_perm("schedules.view_preferences")
def preference_list(request, slug, code):
    """The preferences of one OPD's staff for a window, with what the plan now says."""
    window = get_object_or_404(FlexWindow, slug=slug)
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    if not allowed(request.user, "schedules.view_opd_preferences", opd):
        raise PermissionDenied
    preferences = selectors.preferences_with_plan(window, opd)
    page = Paginator(preferences, PREFERENCES_PAGE).get_page(request.GET.get("halaman"))
    detail = f"Preferensi {window.name} · {opd}"
    note_read(request, ReadKind.PREFERENCES, [p.employee_id for p in page], detail=detail)
    context = {"window": window, "opd": opd, "page": page}
    return render(request, "schedules/preferences.html", context)


def _back_to_schedule(day_id=None):
    url = reverse("schedules:my_schedule")
    return redirect(f"{url}#hari-{day_id}" if day_id else url)


@require_POST
@require_perm("schedules.set_own_preference")
def preference_set(request):
    """The employee states (or replaces) a wish for one window day in 'Jadwal saya'."""
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(invisible_errors(form))
            or "Isian preferensi tidak sah. Pilih hari dan mode WFH atau WFA.",
        )
        return _back_to_schedule()
    data = form.cleaned_data
    try:
        services.preference_set(
            employee=request.user.employee,
            day=data["day"],
            mode=data["mode"],
            wfa_place=data["wfa_place"],
            note=data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Preferensi {data['mode']} untuk {tanggal(data['day'].date, weekday=True)} "
            "dicatat. BKPSDM mengabulkannya bila aturan layanan esensial memungkinkan.",
        )
    return _back_to_schedule(data["day"].pk)


@require_POST
@require_perm("schedules.set_own_preference")
def preference_clear(request):
    form = PreferenceForm(request.POST)
    if not form.is_valid() and "day" in form.errors:
        messages.error(request, "Hari yang dipilih tidak ditemukan. Muat ulang halaman.")
        return _back_to_schedule()
    day = form.cleaned_data["day"]
    try:
        cleared = services.preference_clear(employee=request.user.employee, day=day)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if cleared:
            when = tanggal(day.date, weekday=True)
            messages.success(request, f"Preferensi untuk {when} dihapus.")
    return _back_to_schedule(day.pk)
