"""Who may call what: anonymous reads, fans their own data, scorers their matches (checked
by scoring.services), staff everything."""

from rest_framework.permissions import BasePermission


class IsStaff(BasePermission):
    message = "Only staff may do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_scoring_staff)
