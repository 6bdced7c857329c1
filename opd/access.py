"""The one place that decides who may see and change what.

Every list and every object lookup in the portal goes through a `*_visible_to(user)` scope, so a
record outside the user's reach is simply not found (404) rather than refused after being loaded.
Actions are `rules` predicates, declared once here and checked with `user.has_perm(...)`.

- BKPSDM admin: the whole city, may change.
- Kepala OPD: their own OPD only; may approve that OPD's plan and adjust it while submitted.
- Kantor Wali Kota: the whole city, read only.
- Pegawai: their own data only.
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from opd.models import Employee, Opd, Role, Unit


def _role(user) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated else None


def opds_visible_to(user) -> QuerySet[Opd]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Opd.objects.all()
    if role == Role.HEAD:
        return Opd.objects.filter(pk=user.opd_id)
    if role == Role.EMPLOYEE and user.employee_id:
        return Opd.objects.filter(units__employees__pk=user.employee_id)
    return Opd.objects.none()


def units_visible_to(user) -> QuerySet[Unit]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Unit.objects.all()
    if role == Role.HEAD:
        return Unit.objects.filter(opd_id=user.opd_id)
    if role == Role.EMPLOYEE and user.employee_id:
        return Unit.objects.filter(employees__pk=user.employee_id)
    return Unit.objects.none()


def employees_visible_to(user) -> QuerySet[Employee]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Employee.objects.all()
    if role == Role.HEAD:
        return Employee.objects.filter(unit__opd_id=user.opd_id)
    if role == Role.EMPLOYEE and user.employee_id:
        return Employee.objects.filter(pk=user.employee_id)
    return Employee.objects.none()


@rules.predicate
def is_bkpsdm(user):
    return _role(user) == Role.BKPSDM


@rules.predicate
def is_head(user):
    return _role(user) == Role.HEAD


@rules.predicate
def is_mayor_office(user):
    return _role(user) == Role.MAYOR


@rules.predicate
def is_employee(user):
    return _role(user) == Role.EMPLOYEE


@rules.predicate
def has_own_employee_record(user):
    return user.is_authenticated and user.employee_id is not None


@rules.predicate
def is_head_of(user, opd):
    """True for the head of this OPD (the object may be an Opd or anything with an opd_id)."""
    if _role(user) != Role.HEAD or opd is None:
        return False
    opd_id = opd.pk if isinstance(opd, Opd) else getattr(opd, "opd_id", None)
    return opd_id == user.opd_id


is_city_wide = is_bkpsdm | is_mayor_office

# City-wide read access (all OPDs, dashboards).
rules.add_perm("opd.view_city", is_city_wide)
# Change master data: windows, window days, holiday overrides, staff, coverage rules.
rules.add_perm("opd.manage_city", is_bkpsdm)
# Act on one OPD's data (object: an Opd).
rules.add_perm("opd.view_opd", is_city_wide | is_head_of)
rules.add_perm("opd.edit_opd", is_bkpsdm | is_head_of)

# Browse agencies, units and staff lists (heads see only their own OPD through the scopes).
rules.add_perm("opd.browse_staff", is_city_wide | is_head)


def allowed(user, perm: str, obj=None) -> bool:
    """The portal's own rule for `perm`, whatever Django's superuser flag says.

    The demo BKPSDM account is a superuser so that it can use the Django admin; that must not
    let it approve an OPD's plan, which only that OPD's head may do. So the portal asks the
    rules registry directly instead of user.has_perm(), which answers True for superusers.
    """
    return user.is_authenticated and rules.has_perm(perm, user, obj)


class RulePerms:
    """`may` in templates: {% if may.opd.view_city %}, the rules-only twin of Django's `perms`."""

    def __init__(self, user, app=None):
        self.user, self.app = user, app

    def __getitem__(self, name):
        if self.app is None:
            return RulePerms(self.user, name)
        return allowed(self.user, f"{self.app}.{name}")

    def __iter__(self):
        raise TypeError("RulePerms is not iterable")  # keep templates from looping over it


def may(request) -> dict:
    """Context processor: `may` for every template."""
    return {"may": RulePerms(request.user)}


def require_perm(perm: str):
    """View decorator: anonymous -> login page, signed in without `perm` -> 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
