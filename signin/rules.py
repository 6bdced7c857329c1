"""Who must confirm a sign-in with a second factor (TOTP): BKPSDM administrators, who can change
the whole city. Everyone may turn it on for themselves. The Django admin asks it of every staff
account (signin/middleware.py)."""

import rules

from opd.access import is_bkpsdm

rules.add_perm("signin.second_factor_required", is_bkpsdm)
