"""Who may see and move the evaluation pack (PermenPANRB 4/2025 article 35).

The unit's stage (fill in, submit) is done by the unit's head when the unit has one today (a unit
head account, `User.head_of_unit`, or a Plh/Plt of the unit), else by the head of the unit's OPD
(or the OPD's Plh/Plt); BKPSDM may fill in any unit. The OPD's stage (sign off) stays the OPD
head's. Objects are Units. Which units a user reaches is decided by the scopes in opd/access.py;
status is checked by the services.
"""

import rules

from opd.access import (
    is_bkpsdm,
    is_city_wide,
    is_head,
    is_head_of,
    is_unit_head,
    is_unit_head_of,
    units_with_heads,
)


@rules.predicate
def does_unit_stage(user, unit):
    """The unit's head (or their Plh/Plt); the OPD's head only for a unit without a head."""
    if unit is None:
        return False
    if is_unit_head_of(user, unit):
        return True
    return is_head_of(user, unit) and unit.pk not in units_with_heads([unit.pk])


rules.add_perm("evaluations.view", is_city_wide | is_head | is_unit_head)
rules.add_perm("evaluations.fill", is_bkpsdm | does_unit_stage)
rules.add_perm("evaluations.sign_off", is_head_of)
rules.add_perm("evaluations.consolidate", is_bkpsdm)
# The workbook of the city or of one OPD: not for a unit head, whose scope is one unit.
rules.add_perm("evaluations.export", is_city_wide | is_head)
