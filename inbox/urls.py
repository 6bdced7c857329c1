from django.urls import path

from inbox import views

app_name = "inbox"
urlpatterns = [
    path("notifikasi/", views.notification_list, name="list"),
    path("notifikasi/<int:pk>/buka/", views.notification_open, name="open"),
    path("notifikasi/baca-semua/", views.notification_read_all, name="read_all"),
    path("notifikasi/pengaturan/", views.delivery_settings, name="settings"),
]
