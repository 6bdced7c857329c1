from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("dasbor/", views.city_dashboard, name="city"),
    path("dasbor/<slug:code>/", views.opd_dashboard, name="opd"),
    path("rekap/<slug:slug>.xlsx", views.workbook_download, name="workbook"),
]
