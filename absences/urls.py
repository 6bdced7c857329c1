from django.urls import path

from absences import acting_pages, views

app_name = "absences"

urlpatterns = [
    path("ketidakhadiran/", views.absence_list, name="list"),
    path("ketidakhadiran/saya/", views.mine, name="mine"),
    path("ketidakhadiran/catat/", views.record, name="record"),
    path("ketidakhadiran/<int:pk>/batal/", views.cancel, name="cancel"),
    path("ketidakhadiran/impor/", views.import_start, name="import_start"),
    path("ketidakhadiran/impor/periksa/", views.import_check, name="import_check"),
    path("ketidakhadiran/impor/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("plh/", acting_pages.acting_list, name="acting_list"),
    path("plh/tunjuk/", acting_pages.acting_name, name="acting_name"),
    path("plh/<int:pk>/akhiri/", acting_pages.acting_end, name="acting_end"),
]
