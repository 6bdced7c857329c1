from django.urls import path

from signin import oidc, views

app_name = "signin"
urlpatterns = [
    path("akun/keamanan/", views.security, name="security"),
    path("akun/keamanan/mulai/", views.start, name="start"),
    path("akun/keamanan/konfirmasi/", views.confirm, name="confirm"),
    path("akun/keamanan/kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("akun/keamanan/matikan/", views.remove, name="remove"),
    path("akun/verifikasi/", views.verify, name="verify"),
    # Single sign-on (OpenID Connect): 404 while WFA_OIDC_ISSUER is unset.
    path("sso/masuk/", oidc.SignInStart.as_view(), name="sso_start"),
    path("sso/kembali/", oidc.SignInCallback.as_view(), name="sso_callback"),
]
