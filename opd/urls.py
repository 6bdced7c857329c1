from django.urls import path

from opd import views

app_name = "opd"
urlpatterns = [
    path("opd/", views.opd_list, name="list"),
    path("opd/<slug:code>/", views.opd_detail, name="detail"),
    path("opd/<slug:code>/pegawai/", views.employee_list, name="employees"),
    path("pegawai/<str:nip>/", views.employee_detail, name="employee"),
    path("cari/<slug:kind>/", views.picker, name="picker"),
]
