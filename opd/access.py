"""The one place that decides who may see and change what.

Every list and every object lookup in the portal goes through a `*_visible_to(user)` scope, so a
record outside the user's reach is simply not found (404) rather than refused after being loaded.
Actions are `rules` predicates, declared once here and checked with `user.has_perm(...)`.

- BKPSDM admin: the whole city, may change.
- Kepala OPD: their own OPD only; may approve that OPD's plan and adjust it while submitted.
- Plh/Plt (an account named acting head of an OPD for a date range, `Delegation`): during the
  range, what the head of that OPD may do, for that OPD, besides what the account may do anyway.
- Kantor Wali Kota: the whole city, read only.
- Pegawai: their own data only.
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from opd.models import Delegation, Employee, Opd, Role, Unit


def _role(user) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated else None


def acting_opd_ids(user) -> frozenset[int]:
    """The OPDs whose head this account stands in for today (Plh/Plt).

    No query for an account never named, or whose last range has ended (`acting_until`); an
    expired delegation is refused at once, whatever the session. Read once per request."""
    until = getattr(user, "acting_until", None) if user.is_authenticated else None
    today = timezone.localdate()
    if until is None or until < today:
        return frozenset()
    cached = getattr(user, "_acting_opds", None)
    if cached is None or cached[0] != today:
        ids = Delegation.objects.on(today).filter(account=user).values_list("opd_id", flat=True)
        cached = (today, frozenset(ids))
        user._acting_opds = cached
    return cached[1]


def head_opd_ids(user) -> frozenset[int]:
    """The OPDs this account decides for today: its own as head, and those it acts for."""
    own = {user.opd_id} if _role(user) == Role.HEAD and user.opd_id else set()
    return frozenset(own) | acting_opd_ids(user)


def capacity(user, opd) -> str:
    """How a decision by `user` on `opd` is signed: '' as its head (or BKPSDM), else
    'Plh. Kepala Dinas Kesehatan' under the delegation in force."""
    opd_id = opd.pk if isinstance(opd, Opd) else opd
    if _role(user) == Role.HEAD and user.opd_id == opd_id:
        return ""
    if opd_id not in acting_opd_ids(user):
        return ""
    today = timezone.localdate()
    delegation = (
        Delegation.objects.on(today).filter(account=user, opd_id=opd_id).select_related("opd")
    ).first()
    return delegation.capacity if delegation else ""


def opds_visible_to(user) -> QuerySet[Opd]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Opd.objects.all()
    acting = acting_opd_ids(user)
    if role == Role.HEAD:
        return Opd.objects.filter(pk__in={user.opd_id} | acting)
    if role == Role.EMPLOYEE and user.employee_id:
        if acting:
            own = Unit.objects.filter(employees__pk=user.employee_id).values("opd_id")
            return Opd.objects.filter(Q(pk__in=own) | Q(pk__in=acting))
        return Opd.objects.filter(units__employees__pk=user.employee_id)
    return Opd.objects.filter(pk__in=acting) if acting else Opd.objects.none()


def units_visible_to(user) -> QuerySet[Unit]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Unit.objects.all()
    acting = acting_opd_ids(user)
    if role == Role.HEAD:
        return Unit.objects.filter(opd_id__in={user.opd_id} | acting)
    if role == Role.EMPLOYEE and user.employee_id:
        if acting:
            return Unit.objects.filter(Q(employees__pk=user.employee_id) | Q(opd_id__in=acting))
        return Unit.objects.filter(employees__pk=user.employee_id)
    return Unit.objects.filter(opd_id__in=acting) if acting else Unit.objects.none()


def employees_visible_to(user) -> QuerySet[Employee]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Employee.objects.all()
    acting = acting_opd_ids(user)
    if role == Role.HEAD:
        return Employee.objects.filter(unit__opd_id__in={user.opd_id} | acting)
    if role == Role.EMPLOYEE and user.employee_id:
        if acting:
            return Employee.objects.filter(Q(pk=user.employee_id) | Q(unit__opd_id__in=acting))
        return Employee.objects.filter(pk=user.employee_id)
    return Employee.objects.filter(unit__opd_id__in=acting) if acting else Employee.objects.none()


@rules.predicate
def is_bkpsdm(user):
    return _role(user) == Role.BKPSDM


@rules.predicate
def is_head(user):
    """A head of an OPD, or an account acting as one today (Plh/Plt)."""
    return _role(user) == Role.HEAD or bool(acting_opd_ids(user))


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
    """True for the head of this OPD, or its Plh/Plt today (the object may be an Opd or anything
    with an opd_id)."""
    if opd is None or not user.is_authenticated:
        return False
    opd_id = opd.pk if isinstance(opd, Opd) else getattr(opd, "opd_id", None)
    return opd_id in head_opd_ids(user)


@rules.predicate
def decides_for(user, employee):
    """The head (or Plh/Plt) of the employee's OPD deciding on someone else's request: an acting
    official never approves their own leave (the absences app asks this)."""
    if employee is None or user.employee_id == employee.pk:
        return False
    return is_head_of(user, employee.unit.opd)


@rules.predicate
def is_own_head_of(user, opd):
    """The head's own account (not a Plh/Plt) of this OPD."""
    opd_id = opd.pk if isinstance(opd, Opd) else getattr(opd, "opd_id", None)
    return _role(user) == Role.HEAD and opd_id is not None and user.opd_id == opd_id


is_city_wide = is_bkpsdm | is_mayor_office

# City-wide read access (all OPDs, dashboards).
rules.add_perm("opd.view_city", is_city_wide)
# Change master data: windows, window days, holiday overrides, staff, coverage rules.
rules.add_perm("opd.manage_city", is_bkpsdm)
# Act on one OPD's data (object: an Opd).
rules.add_perm("opd.view_opd", is_city_wide | is_head_of)
rules.add_perm("opd.edit_opd", is_bkpsdm | is_head_of)

# Decide on one employee's request (object: the Employee): their head or Plh/Plt, never for
# themselves (an acting official cannot approve their own leave).
rules.add_perm("opd.decide_for", decides_for)
# Name a Plh/Plt for an OPD's head (object: the Opd): BKPSDM, or that OPD's own head.
rules.add_perm("opd.name_acting", is_bkpsdm | is_own_head_of)

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
