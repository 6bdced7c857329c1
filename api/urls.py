"""/api/v1/: read endpoints for partner systems, their OpenAPI schema and its browsable docs."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from api.authentication import BearerTokenAuthentication
from api.views import absences, activity, devicelogs, plans, reference

app_name = "api"

# The schema and its docs: for a partner's token, or a signed-in user of the portal (the docs
# page reads the schema with the session). Assets come from drf-spectacular-sidecar (no CDN).
DOCS = {
    "authentication_classes": [BearerTokenAuthentication, SessionAuthentication],
    "permission_classes": [IsAuthenticated],
}

# Swagger UI and Redoc set inline styles, and Redoc renders in a worker made from a blob: only
# these two pages widen the portal's CSP, and only for styles and that worker (no inline script).
docs_csp = csp_update({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})

WINDOW = "v1/windows/<slug:slug>/"
PLAN = WINDOW + "plans/<slug:code>/"
OPD_IN_WINDOW = WINDOW + "opds/<slug:code>/"

urlpatterns = [
    path("v1/windows/", reference.WindowList.as_view(), name="windows"),
    path(WINDOW, reference.WindowDetail.as_view(), name="window"),
    path("v1/policies/", reference.PolicyList.as_view(), name="policies"),
    path("v1/opds/", reference.OpdList.as_view(), name="opds"),
    path("v1/opds/<slug:code>/", reference.OpdDetail.as_view(), name="opd"),
    path("v1/units/", reference.UnitList.as_view(), name="units"),
    path("v1/staff/", reference.StaffList.as_view(), name="staff"),
    path("v1/staff/<str:nip>/", reference.StaffDetail.as_view(), name="staff_detail"),
    path(WINDOW + "plans/", plans.PlanList.as_view(), name="plans"),
    path(PLAN, plans.PlanDetail.as_view(), name="plan"),
    path(PLAN + "history/", plans.PlanHistory.as_view(), name="plan_history"),
    path(PLAN + "assignments/", plans.PlanAssignments.as_view(), name="plan_assignments"),
    path(WINDOW + "coverage/", plans.Coverage.as_view(), name="coverage"),
    path(WINDOW + "check-ins/summary/", activity.CheckInSummary.as_view(), name="check_in_summary"),
    path(OPD_IN_WINDOW + "check-ins/", activity.CheckInRows.as_view(), name="check_ins"),
    path(
        WINDOW + "daily-reports/summary/",
        activity.DailyReportSummary.as_view(),
        name="daily_report_summary",
    ),
    path(
        OPD_IN_WINDOW + "daily-reports/", activity.DailyReportRows.as_view(), name="daily_reports"
    ),
    path(WINDOW + "evaluations/", activity.EvaluationList.as_view(), name="evaluations"),
    path("v1/absences/", absences.AbsenceList.as_view(), name="absences"),
    path("v1/absences/<int:pk>/", absences.AbsenceDetail.as_view(), name="absence"),
    path("v1/absences/<int:pk>/cancel/", absences.AbsenceCancel.as_view(), name="absence_cancel"),
    path("v1/device-punches/", devicelogs.DevicePunches.as_view(), name="device_punches"),
    path("v1/reconciliation/", devicelogs.Reconciliation.as_view(), name="reconciliation"),
    path("v1/schema/", SpectacularAPIView.as_view(**DOCS), name="schema"),
    path(
        "v1/docs/",
        docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api:schema", **DOCS)),
        name="docs",
    ),
    path(
        "v1/redoc/",
        docs_csp(
            SpectacularRedocView.as_view(
                url_name="api:schema", template_name="api/redoc.html", **DOCS
            )
        ),
        name="redoc",
    ),
]
