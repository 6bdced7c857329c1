"""The one place that decides who may see and change what.

Every list and every object lookup in the portal goes through a `*_visible_to(user)` scope, so a
record outside the user's reach is simply not found (404) rather than refused after being loaded.
Actions are `rules` predicates, declared once here and checked with `user.has_perm(...)`.

- BKPSDM admin: the whole city, may change.
- Kepala OPD: their own OPD only; may approve that OPD's plan and adjust it while submitted.
- Plh/Plt (an account named acting head of an OPD for a date range, `Delegation`): during the
  range, what the head of that OPD may do, for that OPD, besides what the account may do anyway.
- Kepala unit (optional per unit, `User.head_of_unit`) and a unit's Plh/Plt: the unit itself
  (not its staff), for the unit's stage of the evaluation pack; nothing more.
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


_NOT_ACTING = (frozenset(), frozenset())


def _acting(user) -> tuple[frozenset[int], frozenset[int]]:
    """(OPD ids, unit ids) whose head this account stands in for today (Plh/Plt).

    No query for an account never named, or whose last range has ended (`acting_until`); an
    expired or ended delegation is refused at once, whatever the session. Read once per request."""
    until = getattr(user, "acting_until", None) if user.is_authenticated else None
    today = timezone.localdate()
    if until is None or until < today:
        return _NOT_ACTING
    cached = getattr(user, "_acting", None)
    if cached is None or cached[0] != today:
        rows = list(
            Delegation.objects.on(today).filter(account=user).values_list("opd_id", "unit_id")
        )
        opds = frozenset(opd_id for opd_id, unit_id in rows if unit_id is None)
        units = frozenset(unit_id for _, unit_id in rows if unit_id is not None)
        cached = (today, (opds, units))
        user._acting = cached
    return cached[1]


def acting_opd_ids(user) -> frozenset[int]:
    """The OPDs whose head this account stands in for today (Plh/Plt)."""
    return _acting(user)[0]


def acting_delegations(user) -> list:
    """The delegations this account acts under today, with their OPD and unit (one query; none
    for an account not acting today)."""
    if not (acting_opd_ids(user) or _acting(user)[1]):
        return []
    today = timezone.localdate()
    found = Delegation.objects.on(today).filter(account=user).select_related("opd", "unit")
    return list(found.order_by("ends_on", "pk"))


def head_opd(user) -> Opd | None:
    """The OPD a head's pages open on: their own, or for a Plh/Plt the first they act for (a
    query only then)."""
    if _role(user) == Role.HEAD:
        return user.opd
    ids = sorted(acting_opd_ids(user))
    return Opd.objects.filter(pk=ids[0]).first() if ids else None


def head_opd_ids(user) -> frozenset[int]:
    """The OPDs this account decides for today: its own as head, and those it acts for."""
    own = {user.opd_id} if _role(user) == Role.HEAD and user.opd_id else set()
    return frozenset(own) | acting_opd_ids(user)


def head_unit_ids(user) -> frozenset[int]:
    """The units this account heads today: its own unit head account (`User.head_of_unit`, no
    query), and the units whose head it stands in for (Plh/Plt of a unit)."""
    own = getattr(user, "head_of_unit_id", None) if user.is_authenticated else None
    return frozenset({own} if own else ()) | _acting(user)[1]


def units_with_heads(unit_ids, day=None) -> set[int]:
    """Those of `unit_ids` that have a head today: a unit head account, or a Plh/Plt of the
    unit in force (two queries). Their evaluation stage is the unit head's, not the OPD head's."""
    from opd.models import User

    day = day or timezone.localdate()
    ids = list(unit_ids)
    heads = User.objects.filter(head_of_unit_id__in=ids, is_active=True)
    acting = Delegation.objects.on(day).filter(unit_id__in=ids)
    return set(heads.values_list("head_of_unit_id", flat=True)) | set(
        acting.values_list("unit_id", flat=True)
    )


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
        Delegation.objects.on(today)
        .filter(account=user, opd_id=opd_id, unit__isnull=True)
        .select_related("opd")
        .first()
    )
    return delegation.capacity if delegation else ""


def unit_capacity(user, unit) -> str:
    """How the unit's stage (the evaluation pack) by `user` is signed: '' as the unit's head,
    the OPD's head or BKPSDM; 'Plh. Kepala Puskesmas Makrayu' under a unit's delegation; else
    as for the OPD ('Plh. Kepala Dinas Kesehatan')."""
    if getattr(user, "head_of_unit_id", None) != unit.pk and unit.pk in _acting(user)[1]:
        today = timezone.localdate()
        found = Delegation.objects.on(today).filter(account=user, unit=unit)
        delegation = found.select_related("opd", "unit").first()
        return delegation.capacity if delegation else ""
    return capacity(user, unit.opd_id)


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


def _own_unit(user) -> Q:
    """The unit of the account's staff record, as a subquery: an OR with a join to employees
    would repeat a unit once per employee."""
    return Q(pk__in=Employee.objects.filter(pk=user.employee_id).values("unit_id"))


def units_visible_to(user) -> QuerySet[Unit]:
    role = _role(user)
    if role in (Role.BKPSDM, Role.MAYOR):
        return Unit.objects.all()
    acting, headed = acting_opd_ids(user), head_unit_ids(user)
    if role == Role.EMPLOYEE and user.employee_id and not (acting or headed):
        return Unit.objects.filter(employees__pk=user.employee_id)
    reach = Q(opd_id__in=acting) | Q(pk__in=headed)  # a unit head reaches the unit, not its staff
    if role == Role.HEAD:
        reach |= Q(opd_id=user.opd_id)
    elif role == Role.EMPLOYEE and user.employee_id:
        reach |= _own_unit(user)
    elif not (acting or headed):
        return Unit.objects.none()
    return Unit.objects.filter(reach)


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
def is_head_account(user):
    """The head's own account (not a Plh/Plt), of whichever OPD."""
    return _role(user) == Role.HEAD


@rules.predicate
def is_unit_head(user):
    """A unit head account, or a Plh/Plt of a unit's head today."""
    return bool(head_unit_ids(user))


@rules.predicate
def is_unit_head_of(user, unit):
    return unit is not None and unit.pk in head_unit_ids(user)


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
