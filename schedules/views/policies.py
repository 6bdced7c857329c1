"""Policies (BKPSDM), the policy a window follows, and exceptions to the weekly cap."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.dates import tanggal
from opd.access import employees_visible_to, require_perm
from opd.picker import employee_candidates
from schedules.models import CapException, FlexPolicy, FlexWindow
from schedules.policy_forms import CapExceptionForm, FlexPolicyForm, WindowPolicyForm
from schedules.services import guard, policy_records


@require_safe
@require_perm("schedules.manage_policies")
def policy_list(request):
    policies = FlexPolicy.objects.prefetch_related("windows")
    windows = FlexWindow.objects.select_related("policy")
    context = {"policies": policies, "windows": windows}
    return render(request, "schedules/policy_list.html", context)


@require_http_methods(["GET", "POST"])
@require_perm("schedules.manage_policies")
def policy_edit(request, pk=None):
    policy = get_object_or_404(FlexPolicy, pk=pk) if pk else FlexPolicy()
    form = FlexPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            saved, sent = policy_records.policy_save(policy=form.instance, by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Kebijakan '{saved.name}' disimpan. {_sent(sent)}".strip())
            return redirect("schedules:policies")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "schedules/policy_form.html", {"form": form, "policy": policy}, status=status
    )


@require_http_methods(["GET", "POST"])
@require_perm("schedules.manage_policies")
def window_policy(request, slug):
    window = get_object_or_404(FlexWindow.objects.select_related("policy"), slug=slug)
    form = WindowPolicyForm(request.POST or None, initial={"policy": window.policy})
    if request.method == "POST" and form.is_valid():
        policy = form.cleaned_data["policy"]
        sent = policy_records.window_policy_set(window=window, policy=policy, by=request.user)
        name = policy.name if policy else "tanpa kebijakan"
        messages.success(request, f"{window.name} kini mengikuti {name}. {_sent(sent)}".strip())
        return redirect("schedules:window", slug=window.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "window": window}
    return render(request, "schedules/window_policy.html", context, status=status)


EXCEPTIONS_PER_PAGE = 50


@require_http_methods(["GET", "POST"])
@require_perm("schedules.view_cap_exceptions")
def cap_exceptions(request):
    """The exceptions the user may see (own OPD for a head), a page at a time, and the form to
    grant one, its employee chosen by search within the user's scope."""
    form = CapExceptionForm(
        request.POST or None,
        employees=employee_candidates(request.user),
        search=request.GET.get("cari_employee", ""),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            granted = policy_records.cap_exception_grant(**data, by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Pengecualian untuk {granted.employee.name} dicatat: {granted.days_per_week} "
                f"hari WFH/WFA per minggu, {tanggal(granted.starts_on)} – "
                f"{tanggal(granted.ends_on)}.",
            )
            return redirect("schedules:cap_exceptions")
    listed = (
        CapException.objects.filter(employee__in=employees_visible_to(request.user))
        .select_related("employee__unit__opd", "granted_by")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(listed, EXCEPTIONS_PER_PAGE).get_page(request.GET.get("halaman"))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "page": page}
    return render(request, "schedules/cap_exceptions.html", context, status=status)


@require_POST
@require_perm("schedules.view_cap_exceptions")
def cap_exception_revoke(request, pk):
    exception = get_object_or_404(
        CapException.objects.select_related("employee__unit__opd"),
        pk=pk,
        employee__in=employees_visible_to(request.user),
    )
    sent = policy_records.cap_exception_revoke(exception=exception, by=request.user)
    name = exception.employee.name
    messages.success(request, f"Pengecualian untuk {name} dicabut. {_sent(sent)}".strip())
    return redirect("schedules:cap_exceptions")


def _sent(sent) -> str:
    """'1 rencana yang sudah disetujui dikembalikan untuk ditinjau: Dinkes (…).' or nothing."""
    return guard.describe(sent, future=False)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
