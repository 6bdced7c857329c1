"""A user's own notifications: the list, following one (marks it read), all read, email choices."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from inbox import services
from inbox.models import DEFAULT_DELIVERY, Delivery, DeliveryChoice, Kind, Notification

PAGE = 30


@require_safe
@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, PAGE).get_page(request.GET.get("halaman"))
    return render(request, "inbox/list.html", {"page": page})


@require_POST
@login_required
def notification_open(request, pk):
    """Mark one read and go where it points (another user's notification is a 404)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.notification_read(user=request.user, notification_id=notification.pk)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target:
        return redirect("inbox:list")
    return redirect(target)


@require_POST
@login_required
def notification_read_all(request):
    count = services.notifications_read_all(user=request.user)
    messages.success(request, f"{count} notifikasi ditandai sudah dibaca.")
    return redirect("home" if request.POST.get("next") == "home" else "inbox:list")


class DeliveryForm(forms.Form):
    """The user's email address and, per kind, how its notifications come by email."""

    email = forms.EmailField(
        label="Alamat email",
        required=False,
        help_text="Kosongkan bila tidak ingin menerima email. Notifikasi tetap ada di portal.",
        error_messages={"invalid": "Alamat email tidak sah, mis. nama@palembang.go.id."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = dict(DeliveryChoice.objects.filter(user=user).values_list("kind", "delivery"))
        self.fields["email"].initial = user.email
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=chosen.get(kind.value) or DEFAULT_DELIVERY.get(kind, Delivery.DIGEST),
                widget=forms.RadioSelect,
            )


@require_http_methods(["GET", "POST"])
@login_required
def delivery_settings(request):
    form = DeliveryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choices = {kind.value: data[kind.value] for kind in Kind}
        services.delivery_choices_set(user=request.user, choices=choices, email=data["email"])
        messages.success(request, "Pengaturan email notifikasi disimpan.")
        return redirect("inbox:settings")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "digest_time": settings.WFA_DIGEST_TIME.replace(":", ".")}
    return render(request, "inbox/settings.html", context, status=status)
