from django.urls import path

from opd import import_views, views

app_name = "opd"
urlpatterns = [
    path("opd/", views.opd_list, name="list"),
    path("opd/<slug:code>/", views.opd_detail, name="detail"),
    path("opd/<slug:code>/pegawai/", views.employee_list, name="employees"),
    path("pegawai/<str:nip>/", views.employee_detail, name="employee"),
    path("cari/<slug:kind>/", views.picker, name="picker"),
    path("pegawai-impor/", import_views.staff_import_start, name="staff_import"),
    path(
        "pegawai-impor/templat.xlsx",
        import_views.staff_import_template,
        name="staff_import_template",
    ),
    path("pegawai-impor/periksa/", import_views.staff_import_check, name="staff_import_check"),
    path(
        "pegawai-impor/konfirmasi/", import_views.staff_import_confirm, name="staff_import_confirm"
    ),
]
