"""What the two readers of a staff file (the template's, staff_import/plan.py, and SIASN's,
staff_import/siasn.py) share: an update to show and apply, the model's own row checks, and the
refusal messages ("Baris 7, kolom NIP: ...")."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from opd.models import Employee


@dataclass
class StaffUpdate:
    row: int
    employee: Employee  # holds the new values, not yet saved
    fields: list[str]
    changes: list[str]  # "Golongan: III/a → III/b", for the dry run


def check_row(employee: Employee, errors: dict, *, failed) -> None:
    """Add to `errors` the model's own checks (Employee.clean asks parse_nip) of the fields not
    already refused (`failed`); a field keeps its first message."""
    try:
        employee.full_clean(
            exclude=[*failed, "unit"],
            validate_unique=False,  # the file and the database are checked in bulk
            validate_constraints=False,
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            # Employee.clean (parse_nip) explains an NIP more precisely than the field's own check.
            errors.setdefault(key, messages[-1])


def refuse(plan, number: int, errors: dict, *, labels: dict, order: dict) -> None:
    """One message per problem of a refused row: "Baris 7, kolom NIP: ..."."""
    plan.refused_rows += 1
    for key in sorted(errors, key=lambda key: order.get(key, len(order))):
        where = f", kolom {labels[key]}" if key in labels else ""
        plan.refused.append(f"Baris {number}{where}: {errors[key]}")
