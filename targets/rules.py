"""Permissions of work targets. Filling one's own target needs an own staff record only (see
targets.services); which OPD's targets a head reaches is decided by the scopes in opd/access.py."""

import rules

from opd.access import is_bkpsdm, is_head

# Approve or return a submitted target: the head for their own OPD, BKPSDM for the city.
rules.add_perm("targets.review_targets", is_bkpsdm | is_head)
# Import targets from a workbook (they arrive approved by the importer): the same roles.
rules.add_perm("targets.import_targets", is_bkpsdm | is_head)
