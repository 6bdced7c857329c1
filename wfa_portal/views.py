from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from opd.access import opds_visible_to
from opd.models import Role
from schedules.models import FlexWindow


@login_required
def home(request):
    """Each role lands on what it can do; the template picks the cards by role."""
    user = request.user
    windows = FlexWindow.objects.prefetch_related("days")[:5]
    context = {
        "windows": windows,
        "Role": Role,
        "opd_count": opds_visible_to(user).count() if user.role != Role.EMPLOYEE else None,
        "employee": user.employee if user.employee_id else None,
    }
    if user.employee_id:
        context["employee"] = (
            type(user.employee).objects.select_related("unit__opd").get(pk=user.employee_id)
        )
    return render(request, "home.html", context)
