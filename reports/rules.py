"""Reports' own permission: the whole city's documents are made in the background, for the
city-wide roles (BKPSDM and the mayor's office); heads export their own OPD at once."""

import rules

from opd.access import is_city_wide

rules.add_perm("reports.export_city", is_city_wide)
