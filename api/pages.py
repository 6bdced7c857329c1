"""BKPSDM's pages for partner systems: create a client, issue a token (shown once), revoke it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from api.forms import ClientForm, TokenForm
from api.models import ApiClient, ApiToken
from api.services import api_client_create, api_token_issue, api_token_revoke
from opd.access import require_perm


@require_safe
@require_perm("api.manage_clients")
def client_list(request):
    now = timezone.now()
    active = Q(tokens__revoked_at__isnull=True, tokens__expires_at__gt=now)
    clients = ApiClient.objects.select_related("account__opd").annotate(
        active_tokens=Count("tokens", filter=active)
    )
    return render(request, "api/clients.html", {"clients": clients})


@require_http_methods(["GET", "POST"])
@require_perm("api.manage_clients")
def client_add(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = api_client_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Klien {client.name} dibuat. Terbitkan tokennya di bawah.")
            return redirect("api_clients:detail", pk=client.pk)
    return render(request, "api/client_form.html", {"form": form})


@require_safe
@require_perm("api.manage_clients")
def client_detail(request, pk):
    client = get_object_or_404(ApiClient.objects.select_related("account__opd"), pk=pk)
    return _detail(request, client, TokenForm())


@never_cache
@require_POST
@require_perm("api.manage_clients")
def token_issue(request, pk):
    client = get_object_or_404(ApiClient.objects.select_related("account__opd"), pk=pk)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _detail(request, client, form, status=400)
    token, secret = api_token_issue(client=client, by=request.user, **form.cleaned_data)
    return _detail(request, client, TokenForm(), issued=(token, secret))


@require_POST
@require_perm("api.manage_clients")
def token_revoke(request, pk, token_pk):
    token = get_object_or_404(ApiToken.objects.filter(client_id=pk), pk=token_pk)
    if api_token_revoke(token=token, by=request.user):
        messages.success(request, f"Token {token.prefix}… dicabut: permintaan berikutnya ditolak.")
    else:
        messages.info(request, f"Token {token.prefix}… sudah dicabut sebelumnya.")
    return redirect("api_clients:detail", pk=pk)


def _detail(request, client, form, *, issued=None, status=200):
    now = timezone.now()
    tokens = [(t, t.state(now)) for t in client.tokens.select_related("created_by", "revoked_by")]
    context = {"client": client, "tokens": tokens, "form": form, "issued": issued}
    return render(request, "api/client.html", context, status=status)
