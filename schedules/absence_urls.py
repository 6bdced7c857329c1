"""The absence pages that live in schedules (they ask the coverage engine); wfa_portal/urls.py
joins them to absences/urls.py under the one namespace "absences"."""

from django.urls import path

from schedules.views import absences

urlpatterns = [
    path("ketidakhadiran/<int:pk>/", absences.absence_detail, name="detail"),
    path("ketidakhadiran/<int:pk>/putuskan/", absences.absence_decide, name="decide"),
]
