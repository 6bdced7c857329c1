from django.urls import path

from targets import views

app_name = "targets"
urlpatterns = [
    # Employees, on their phones.
    path("target/", views.my_target, name="mine"),
    path("target/rencana-aksi/tambah/", views.plan_add, name="plan_add"),
    path("target/rencana-aksi/<int:pk>/hapus/", views.plan_remove, name="plan_remove"),
    path("target/ajukan/", views.target_submit, name="submit"),
    # Heads and BKPSDM.
    path("target/pemeriksaan/", views.review_list, name="review_list"),
    path("target/<int:pk>/", views.target_detail, name="detail"),
    path("target/<int:pk>/setujui/", views.target_approve, name="approve"),
    path("target/<int:pk>/kembalikan/", views.target_return, name="return"),
    path("target/impor/", views.import_start, name="import_start"),
    path("target/impor/periksa/", views.import_check, name="import_check"),
    path("target/impor/konfirmasi/", views.import_confirm, name="import_confirm"),
]
