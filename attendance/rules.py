"""Who may do what with the public service pages' material (the pages themselves are public)."""

import rules

from opd.access import is_bkpsdm, is_head

# Print the QR cards posted at service points: BKPSDM for the city, a head for their own OPD
# (the scope of the list decides which units a head gets).
rules.add_perm("attendance.print_qr_cards", is_bkpsdm | is_head)
