from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("unduhan/", views.job_list, name="list"),
    path("unduhan/<int:pk>/", views.job_detail, name="detail"),
    path("unduhan/<int:pk>/progres/", views.job_progress, name="progress"),
    path("unduhan/<int:pk>/berkas/", views.job_download, name="download"),
    path("unduhan/<int:pk>/ulangi/", views.job_retry_view, name="retry"),
]
