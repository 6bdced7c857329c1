from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from opd.access import opds_visible_to
from opd.models import Employee, Role
from schedules.models import FlexWindow


@require_safe
@login_required
def home(request):
    """Each role lands on what it can do; the template picks the cards by role."""
    user = request.user
    windows = FlexWindow.objects.prefetch_related("days")[:5]
    context = {
        "windows": windows,
        "Role": Role,
        "opd_count": opds_visible_to(user).count() if user.role != Role.EMPLOYEE else None,
        "employee": (
            Employee.objects.select_related("unit__opd").get(pk=user.employee_id)
            if user.employee_id
            else None
        ),
    }
    return render(request, "home.html", context)
