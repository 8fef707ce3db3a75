"""Who may call which method: reading is open (what one sees is decided by ``visible_to``),
writing needs an API key (what one may write is decided by the services' capabilities)."""

from rest_framework import permissions


class LezenOfSleutel(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )
