"""Permissions of the reports app: the dashboards and the coordination documents, read only.

The city-wide roles see every OPD; a head sees and exports their own OPD only (which one is
decided by opds_visible_to). The whole city's documents are made in the background, for the
city-wide roles (BKPSDM and the mayor's office); heads export their own OPD at once.
"""

import rules

from opd.access import is_bkpsdm, is_city_wide, is_head

rules.add_perm("reports.view_dashboard", is_city_wide | is_head)
rules.add_perm("reports.export_workbook", is_city_wide | is_head)
rules.add_perm("reports.export_city", is_city_wide)
# The e-Kinerja daily-progress file of a whole OPD (people's daily work): BKPSDM for the city, a
# head for their own OPD; not the mayor's office, which reads figures, not each day's work.
rules.add_perm("reports.export_ekinerja_opd", is_bkpsdm | is_head)
