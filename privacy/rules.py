"""Who may use the personal-data pages (UU 27/2022)."""

import rules

from opd.access import has_own_employee_record, is_bkpsdm

# The read access log: BKPSDM searches and exports it (incidents, complaints, audits).
rules.add_perm("privacy.view_read_log", is_bkpsdm)
# Everything the portal holds about oneself, as one file: any account with a staff record.
rules.add_perm("privacy.download_own_data", has_own_employee_record)
