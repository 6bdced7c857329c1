from django.urls import path

from reports import progress, views

app_name = "reports"
urlpatterns = [
    path("dasbor/", views.city_dashboard, name="city"),
    path("dasbor/kota/opd/", views.city_table, {"page": "opd"}, name="city_opds"),
    path("dasbor/kota/layanan/", views.city_table, {"page": "services"}, name="city_services"),
    path("dasbor/<slug:code>/", views.opd_dashboard, name="opd"),
    path("dasbor/<slug:code>/unit/", views.opd_units, name="opd_units"),
    path("rekap/<slug:slug>.xlsx", views.workbook_download, name="workbook"),
    path("rekap/<slug:slug>/kota/", views.city_export, name="city_export"),
    path("rekap/<slug:slug>/<slug:code>.pdf", views.plan_pdf, name="plan_pdf"),
    path("laporan/mingguan/opd.xlsx", progress.week_xlsx, name="week_xlsx"),
    path("laporan/mingguan/opd.pdf", progress.week_pdf, name="week_pdf"),
    path("laporan/ekinerja/", progress.ekinerja_page, name="ekinerja"),
    path("laporan/ekinerja/saya.xlsx", progress.ekinerja_mine, name="ekinerja_mine"),
    path("laporan/ekinerja/opd.xlsx", progress.ekinerja_opd, name="ekinerja_opd"),
]
