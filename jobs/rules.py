"""Who may see background jobs: their own, for everyone who can start one; BKPSDM sees all."""

import rules

from opd.access import is_bkpsdm, is_head, is_mayor_office

rules.add_perm("jobs.view_downloads", is_bkpsdm | is_mayor_office | is_head)
rules.add_perm("jobs.view_all_jobs", is_bkpsdm)
