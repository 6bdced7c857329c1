"""The restriction pages (eligibility.models): they live in schedules because recording one
re-checks the plans (the staff-change guard) and reads the policy's period; wfa_portal/urls.py
mounts them under the namespace "eligibility"."""

from django.urls import path

from schedules.views import eligibility

app_name = "eligibility"

urlpatterns = [
    path("pembatasan-wfo/", eligibility.restriction_list, name="list"),
    path("pembatasan-wfo/catat/", eligibility.restriction_record, name="record"),
    path("pembatasan-wfo/<int:pk>/", eligibility.restriction_detail, name="detail"),
]
