from rest_framework.permissions import BasePermission

from opd.access import allowed


class ViewRule(BasePermission):
    """The view's `perm` (a `rules` permission, as the pages ask it): without it, 403."""

    def has_permission(self, request, view):
        perm = getattr(view, "perm", None)
        return perm is None or allowed(request.user, perm)
