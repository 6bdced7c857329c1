from django.urls import path

from api import pages

app_name = "api_clients"
urlpatterns = [
    path("klien-api/", pages.client_list, name="list"),
    path("klien-api/baru/", pages.client_add, name="add"),
    path("klien-api/<int:pk>/", pages.client_detail, name="detail"),
    path("klien-api/<int:pk>/token/", pages.token_issue, name="token_issue"),
    path("klien-api/<int:pk>/token/<int:token_pk>/cabut/", pages.token_revoke, name="token_revoke"),
]
