"""The staff import's pages, mounted in the opd namespace by wfa_portal/urls.py.

The import was part of opd until it became its own app: its URL paths and names
(`opd:staff_import`, ...) are kept, so templates, bookmarks and the URL walk keep working.
"""

from django.urls import path

from staff_import import views

urlpatterns = [
    path("pegawai-impor/", views.staff_import_start, name="staff_import"),
    path("pegawai-impor/templat.xlsx", views.staff_import_template, name="staff_import_template"),
    path("pegawai-impor/periksa/", views.staff_import_check, name="staff_import_check"),
    path("pegawai-impor/konfirmasi/", views.staff_import_confirm, name="staff_import_confirm"),
    path("pegawai-impor/pratinjau/", views.staff_import_preview, name="staff_import_preview"),
    path("pegawai-impor/unor/", views.unit_mapping_list, name="unit_mapping_list"),
    path("pegawai-impor/unor/tambah/", views.unit_mapping_edit, name="unit_mapping_add"),
    path("pegawai-impor/unor/<int:pk>/", views.unit_mapping_edit, name="unit_mapping_edit"),
    path("pegawai-impor/kolom-siasn/", views.siasn_columns, name="siasn_columns"),
]
