from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from opd.access import allowed, require_perm
from opd.dates import tanggal
from schedules import services
from schedules.forms import CoverageRuleForm, WindowDayForm
from schedules.models import CoverageRule, FlexWindow


@require_safe
@login_required
def window_list(request):
    windows = FlexWindow.objects.select_related("amends").prefetch_related("days")
    return render(request, "schedules/window_list.html", {"windows": windows})


@require_safe
@login_required
def window_detail(request, slug):
    return _window_page(request, slug)


def _window_page(request, slug, form=None):
    """The window page; also re-rendered (status 400) by window_day_add with the refused form."""
    window = get_object_or_404(
        FlexWindow.objects.select_related("amends").prefetch_related("days__overridden_by"),
        slug=slug,
    )
    if form is None and allowed(request.user, "opd.manage_city"):
        form = WindowDayForm()
    return render(request, "schedules/window_detail.html", {"window": window, "form": form})


@require_POST
@require_perm("opd.manage_city")
def window_day_add(request, slug):
    window = get_object_or_404(FlexWindow, slug=slug)
    form = WindowDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.window_day_add(
                window=window,
                day=form.cleaned_data["date"],
                by=request.user,
                override_reason=form.cleaned_data["override_reason"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as exc:
            form.add_error("date", exc.messages)
        else:
            messages.success(request, f"{tanggal(day.date, weekday=True)} ditambahkan.")
            return redirect("schedules:window", slug=window.slug)
    response = _window_page(request, slug, form=form)
    response.status_code = 400
    return response


@require_safe
@require_perm("schedules.view_grid")
def rule_list(request):
    rules = CoverageRule.objects.select_related("unit__opd", "window").order_by(
        "-is_active", "name"
    )
    return render(request, "schedules/rule_list.html", {"rules": rules})


@require_http_methods(["GET", "POST"])
@require_perm("opd.manage_city")
def rule_edit(request, pk=None):
    rule = get_object_or_404(CoverageRule, pk=pk) if pk else CoverageRule()
    form = CoverageRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Aturan '{form.instance.name}' disimpan.")
        return redirect("schedules:rules")
    status = 400 if request.method == "POST" else 200
    return render(request, "schedules/rule_form.html", {"form": form, "rule": rule}, status=status)
