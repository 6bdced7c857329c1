from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from opd.access import require_perm
from opd.dates import tanggal
from schedules import services
from schedules.forms import WindowDayForm
from schedules.models import FlexWindow


@login_required
def window_list(request):
    windows = FlexWindow.objects.select_related("amends").prefetch_related("days")
    return render(request, "schedules/window_list.html", {"windows": windows})


@login_required
def window_detail(request, slug, form=None):
    window = get_object_or_404(
        FlexWindow.objects.select_related("amends").prefetch_related("days__overridden_by"),
        slug=slug,
    )
    if form is None and request.user.has_perm("opd.manage_city"):
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
    response = window_detail(request, slug, form=form)
    response.status_code = 400
    return response
