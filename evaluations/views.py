"""Pages of the evaluation pack: the list per window, the form per unit, the workflow actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from evaluations import export as xlsx_export
from evaluations import figures, selectors, services
from evaluations.forms import EvaluationForm
from opd.access import allowed, opds_visible_to, require_perm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@require_perm("evaluations.view")
def current(request):
    """The menu's entry: the evaluations of the window that most recently began."""
    window = selectors.latest_window()
    if window is None:
        raise Http404("Belum ada periode kerja fleksibel.")
    return redirect("evaluations:list", window.slug)


@require_safe
@require_perm("evaluations.view")
def unit_list(request, slug):
    window = selectors.window_for(slug)
    rows = selectors.rows_for(request.user, window)
    return render(request, "evaluations/list.html", {"window": window, "rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("evaluations.view")
def unit_form(request, slug, code):
    window = selectors.window_for(slug)
    unit = selectors.unit_for(request.user, code)
    evaluation = selectors.evaluation_of(window, unit)
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST":
        if not allowed(request.user, "evaluations.fill", unit):
            raise PermissionDenied
        if form.is_valid():
            _save_evaluation(request, window, unit, form.cleaned_data)
            if note := form.stripped_note():
                messages.info(request, note)
            return redirect("evaluations:form", slug, code)
    numbers = figures.unit_figures(window, [unit.pk])
    context = {"window": window, "unit": unit, "evaluation": evaluation, "form": form}
    context |= {"numbers": numbers, "rows": figures.comparison(numbers, unit.pk)}
    context |= {
        f"can_{step}": allowed(request.user, f"evaluations.{step}", unit)
        for step in ("fill", "sign_off", "consolidate")
    }
    return render(request, "evaluations/form.html", context)


def _save_evaluation(request, window, unit, data) -> None:
    """Save the unit's evaluation and say so, or say why it was refused."""
    try:
        services.evaluation_save(window=window, unit=unit, user=request.user, data=data)
    except services.EvaluationRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Evaluasi disimpan.")


def _step(service, perm: str, done: str):
    @require_POST
    @require_perm("evaluations.view")
    def view(request, slug, code):
        window = selectors.window_for(slug)
        unit = selectors.unit_for(request.user, code)
        if not allowed(request.user, perm, unit):
            raise PermissionDenied
        try:
            service(window=window, unit=unit, user=request.user)
        except services.EvaluationRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
        return redirect("evaluations:form", slug, code)

    return view


submit = _step(services.evaluation_submit, "evaluations.fill", "Evaluasi dikirim ke Kepala OPD.")
sign_off = _step(services.evaluation_sign_off, "evaluations.sign_off", "Evaluasi disetujui.")
consolidate = _step(
    services.evaluation_consolidate, "evaluations.consolidate", "Evaluasi dikonsolidasi."
)


@require_safe
@require_perm("evaluations.export")
def export(request, slug):
    """The city's evaluations (or one OPD's with ?opd=<code>; a head always gets their own)."""
    window = selectors.window_for(slug)
    opd = None
    if request.GET.get("opd") or not allowed(request.user, "opd.view_city"):
        code = request.GET.get("opd") or getattr(request.user.opd, "code", "")
        opd = get_object_or_404(opds_visible_to(request.user), code=code)
    content = xlsx_export.workbook(request.user, window, opd=opd)
    name = f"evaluasi-{window.slug}{'-' + opd.code if opd else ''}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
