"""Who may see and move the evaluation pack (PermenPANRB 4/2025 article 35).

Units have no head accounts yet, so the unit's stage (fill in, submit) is done by the head of the
unit's OPD; BKPSDM may fill in any unit. Objects are Units (anything with an opd_id). Which units a
user reaches is decided by the scopes in opd/access.py; status is checked by the services.
"""

import rules

from opd.access import is_bkpsdm, is_city_wide, is_head, is_head_of

rules.add_perm("evaluations.view", is_city_wide | is_head)
rules.add_perm("evaluations.fill", is_bkpsdm | is_head_of)
rules.add_perm("evaluations.sign_off", is_head_of)
rules.add_perm("evaluations.consolidate", is_bkpsdm)
