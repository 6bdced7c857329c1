"""Who manages the partner systems of /api/v1/: BKPSDM alone."""

import rules

from opd.access import is_bkpsdm

rules.add_perm("api.manage_clients", is_bkpsdm)
