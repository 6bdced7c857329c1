from django.urls import path

from schedules import views

app_name = "schedules"
urlpatterns = [
    path("", views.window_list, name="windows"),
    path("<slug:slug>/", views.window_detail, name="window"),
    path("<slug:slug>/hari/tambah/", views.window_day_add, name="window_day_add"),
]
