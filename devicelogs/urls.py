from django.urls import path

from devicelogs import views

app_name = "devicelogs"

urlpatterns = [
    path("presensi-mesin/", views.imports, name="imports"),
    path("presensi-mesin/periksa/", views.import_check, name="import_check"),
    path("presensi-mesin/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("presensi-mesin/ringkasan/", views.summary, name="summary"),
    path("presensi-mesin/rekonsiliasi/", views.reconciliation_city, name="reconciliation"),
    path(
        "presensi-mesin/rekonsiliasi/<slug:code>/",
        views.reconciliation_opd,
        name="reconciliation_opd",
    ),
    path(
        "presensi-mesin/rekonsiliasi/<slug:code>/jelaskan/",
        views.explain,
        name="explain",
    ),
]
