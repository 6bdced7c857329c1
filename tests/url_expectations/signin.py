"""Routes of the signin app: account security (two-step verification) and single sign-on.

The walk runs with two-step verification not required (tests/conftest.py) and SSO off, so the
SSO routes are 404 for everyone; tests/signin/ walks them switched on.
"""

from tests.url_expectations import Redirect, no_kwargs

SECURITY = Redirect("/akun/keamanan/")
VERIFY = Redirect("/akun/verifikasi/")


def _every_persona(status, *, method="get", anonymous=302):
    return {
        "kwargs": no_kwargs,
        "method": method,
        "anonymous": anonymous,
        **dict.fromkeys(["employee", "head_a", "head_b", "mayor", "bkpsdm"], status),
    }


EXPECTATIONS = {
    "signin:security": _every_persona(200),
    "signin:start": _every_persona(SECURITY, method="post"),
    "signin:confirm": _every_persona(SECURITY, method="post"),  # no pending device: told so
    "signin:verify": _every_persona(SECURITY),  # nothing set up yet: set it up first
    "signin:recovery_codes": _every_persona(VERIFY, method="post"),  # only a verified session
    "signin:remove": _every_persona(VERIFY, method="post"),
    "signin:sso_start": _every_persona(404, anonymous=404),
    "signin:sso_callback": _every_persona(404, anonymous=404),
}
