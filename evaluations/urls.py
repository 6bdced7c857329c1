from django.urls import path

from evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("evaluasi/", views.current, name="current"),
    path("evaluasi/<slug:slug>.xlsx", views.export, name="export"),
    path("evaluasi/<slug:slug>/", views.unit_list, name="list"),
    path("evaluasi/<slug:slug>/<slug:code>/", views.unit_form, name="form"),
    path("evaluasi/<slug:slug>/<slug:code>/kirim/", views.submit, name="submit"),
    path("evaluasi/<slug:slug>/<slug:code>/setujui/", views.sign_off, name="sign_off"),
    path("evaluasi/<slug:slug>/<slug:code>/konsolidasi/", views.consolidate, name="consolidate"),
]
