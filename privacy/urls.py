from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    # The employee: everything the portal holds about them, and who viewed it.
    path("data-saya/", views.my_data, name="my_data"),
    path("data-saya/unduh/", views.my_data_download, name="my_data_download"),
    # BKPSDM: the read access log.
    path("log-akses/", views.read_log, name="read_log"),
    path("log-akses/unduh/", views.read_log_export, name="read_log_export"),
]
