from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from absences import urls as absences_urls
from common import region
from opd import urls as opd_urls
from schedules import absence_urls, eligibility_urls
from staff_import import urls as staff_import_urls
from wfa_portal import views
from wfa_portal.forms import LoginForm

admin.site.site_header = f"Admin Portal WFA {region.city_name()}"
admin.site.site_title = "Portal WFA"
admin.site.index_title = "Data induk"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    # The staff import is its own app but keeps the names it had in opd (staff_import/urls.py).
    path("", include((opd_urls.urlpatterns + staff_import_urls.urlpatterns, opd_urls.app_name))),
    path("", include("inbox.urls")),
    # Absences are their own app; the head's decision page, which asks the coverage engine,
    # lives in schedules (schedules/absence_urls.py) under the same namespace.
    path(
        "",
        include((absences_urls.urlpatterns + absence_urls.urlpatterns, absences_urls.app_name)),
    ),
    # Restrictions of flexible work (eligibility.models); pages in schedules, like absences'.
    path("", include((eligibility_urls.urlpatterns, eligibility_urls.app_name))),
    path("", include("schedules.urls")),
    path("", include("targets.urls")),
    path("", include("devicelogs.urls")),
    path("", include("attendance.urls")),
    path("", include("privacy.urls")),
    path("", include("reports.urls")),
    path("", include("evaluations.urls")),
    path("", include("jobs.urls")),
    path("", include("api.page_urls")),
    path("", include("signin.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
