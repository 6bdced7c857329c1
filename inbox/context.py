"""Context processor: the unread count for the bell in the menu, counted only when shown."""

from django.utils.functional import SimpleLazyObject

from inbox.selectors import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
