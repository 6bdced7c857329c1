"""Keamanan akun: two-step verification (TOTP) set up, confirmed at sign-in, recovery codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from signin import second_factor
from signin.forms import CodeForm

WRONG_SETUP_CODE = "Kode tidak cocok. Periksa jam ponsel Anda dan coba kode berikutnya."
WRONG_CODE = "Kode salah atau sudah dipakai. Tunggu kode berikutnya dan coba lagi."
CANNOT_REMOVE = "Verifikasi dua langkah wajib untuk akun Anda dan tidak dapat dimatikan."


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe else "/"


@require_safe
@login_required
def security(request):
    user = request.user
    pending = second_factor.totp_of(user, confirmed=False)
    context = {
        "enrolled": second_factor.is_enrolled(user),
        "required": second_factor.required_for(user) or user.is_staff,
        "pending": pending,
        "qr": second_factor.qr_svg(pending) if pending else "",
        "secret": pending and _grouped(pending),
        "codes_left": second_factor.recovery_codes_left(user),
        "codes_migrated": second_factor.recovery_codes_migrated(user),
        "form": CodeForm(),
        "next": _next(request),
    }
    return render(request, "signin/security.html", context)


def _grouped(device) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@require_POST
@login_required
def start(request):
    second_factor.totp_start(user=request.user)
    return redirect(f"/akun/keamanan/?next={_next(request)}")


@never_cache
@require_POST
@login_required
def confirm(request):
    form = CodeForm(request.POST)
    codes = form.is_valid() and second_factor.totp_confirm(
        request=request, code=form.cleaned_data["code"]
    )
    if not codes:
        messages.error(
            request, "Kode tidak cocok. Periksa jam ponsel Anda dan coba kode berikutnya."
        )
        return redirect(f"/akun/keamanan/?next={_next(request)}")
    return render(request, "signin/recovery_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def verify(request):
    if not second_factor.is_enrolled(request.user):
        return redirect(f"/akun/keamanan/?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error(
            "code", "Kode salah atau sudah dipakai. Tunggu kode berikutnya dan coba lagi."
        )
    status = 400 if form.errors else 200
    return render(
        request, "signin/verify.html", {"form": form, "next": _next(request)}, status=status
    )


@never_cache
@require_POST
@login_required
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("signin:verify")
    codes = second_factor.recovery_codes_renew(user=request.user)
    return render(
        request, "signin/recovery_codes.html", {"codes": codes, "next": "/akun/keamanan/"}
    )


@require_POST
@login_required
def remove(request):
    user = request.user
    if second_factor.required_for(user) or user.is_staff:
        messages.error(
            request, "Verifikasi dua langkah wajib untuk akun Anda dan tidak dapat dimatikan."
        )
    elif not user.is_verified():
        return redirect("signin:verify")
    else:
        second_factor.second_factor_remove(user=user)
        messages.success(request, "Verifikasi dua langkah dimatikan.")
    return redirect("signin:security")
