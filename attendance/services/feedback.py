"""Public feedback on an essential service: stored only once the form and the rate limit agree."""

from django.db import transaction

from attendance.models import ServiceFeedback


@transaction.atomic
def feedback_record(*, unit, window, rating: int, comment: str, contact: str) -> ServiceFeedback:
    """Store a citizen's rating as typed (stripped): templates escape it when it is shown."""
    return ServiceFeedback.objects.create(
        unit=unit,
        window=window,
        rating=rating,
        comment=comment.strip(),
        contact=contact.strip(),
    )
