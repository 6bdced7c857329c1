"""Public feedback on an essential service: stored only once the form and the rate limit agree."""

from django.db import transaction

from attendance.models import ServiceFeedback


@transaction.atomic
def feedback_record(
    *, unit, window, rating: int, comment: str, contact: str, via_qr: bool = False
) -> ServiceFeedback:
    """Store a citizen's rating as typed (stripped): templates escape it when it is shown.

    `via_qr` records that the citizen came from the code posted at this service point.
    """
    return ServiceFeedback.objects.create(
        unit=unit,
        window=window,
        rating=rating,
        comment=comment.strip(),
        contact=contact.strip(),
        via_qr=via_qr,
    )
