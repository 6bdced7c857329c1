import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.dates import tanggal
from opd.access import allowed, head_opd, require_perm
from schedules import services
from schedules.forms import CoverageRuleForm, WindowDayForm
from schedules.models import CoverageRule, FlexWindow
from schedules.services import guard


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
        FlexWindow.objects.select_related("amends", "policy").prefetch_related(
            "days__overridden_by"
        ),
        slug=slug,
    )
    if form is None and allowed(request.user, "opd.manage_city"):
        form = WindowDayForm()
    my_opd = head_opd(request.user) if allowed(request.user, "schedules.decide_plans") else None
    context = {"window": window, "form": form, "my_opd": my_opd}
    return render(request, "schedules/window_detail.html", context)


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
    """Add or change a rule; plans it would leave short are named first and need a confirmation."""
    rule = get_object_or_404(CoverageRule, pk=pk) if pk else CoverageRule()
    form = CoverageRuleForm(request.POST or None, instance=rule)
    at_risk, confirmation = [], ""
    if request.method == "POST" and form.is_valid():
        at_risk = services.rule_save_preview(rule=form.instance)
        # The confirmation names the exact change that was previewed: edit a field after the
        # warning and the new change is previewed (and confirmed) again.
        confirmation = _fingerprint(rule.pk, form.cleaned_data)
        if not at_risk or constant_time_compare(request.POST.get("confirm", ""), confirmation):
            _save_rule(request, form.instance)
            return redirect("schedules:rules")
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    context = {
        "form": form,
        "rule": rule,
        "at_risk": at_risk,
        "at_risk_text": guard.describe(at_risk, future=True),
        "confirmation": confirmation,
    }
    return render(request, "schedules/rule_form.html", context, status=status)


def _save_rule(request, rule) -> None:
    """Save the rule and say so, naming the plans it sent back for review if any."""
    sent = services.rule_save(rule=rule, by=request.user)
    text = f"Aturan '{rule.name}' disimpan."
    if sent:
        messages.warning(request, f"{text} {guard.describe(sent, future=False)}")
    else:
        messages.success(request, text)


def _fingerprint(pk, data: dict) -> str:
    """A short digest of a rule form's values, to tie a confirmation to what was previewed."""
    text = repr((pk, sorted((name, str(value)) for name, value in data.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
