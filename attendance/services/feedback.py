"""Public feedback on an essential service: stored only once the form and the rate limit agree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from attendance.models import ServiceFeedback


@transaction.atomic
def feedback_record(
    *, unit, window, rating: int, comment: str, contact: str, via_qr: bool = False
) -> ServiceFeedback:
    """Store a citizen's rating as typed (stripped): templates escape it when it is shown.

    `via_qr` records that the citizen came from the code posted at this service point. A window
    that has not begun (a coming one, a draft) is refused: there is no service in it to rate.
    """
    if window is not None and not window.days.filter(date__lte=timezone.localdate()).exists():
        raise ValidationError(
            "Masukan hanya dapat diberikan untuk periode kerja fleksibel yang sedang berjalan atau "
            "sudah selesai.",
            code="window_not_started",
        )
    return ServiceFeedback.objects.create(
        unit=unit,
        window=window,
        rating=rating,
        comment=comment.strip(),
        contact=contact.strip(),
        via_qr=via_qr,
    )
