"""Who and why for the history rows django-simple-history writes (one helper for every writer:
the import, the bijstelling, the party links)."""


def historie_markeren(instance, acting_user, reden: str) -> None:
    """Set the user and reason simple-history records on the next save or delete of
    ``instance`` (its documented ``_history_user`` / ``_change_reason`` attributes). A system
    actor is not a person and is not recorded as user; the reason fits the history field."""
    if getattr(acting_user, "is_authenticated", False):
        setattr(instance, "_history_user", acting_user)  # noqa: B010 — not a model field
    if reden:
        setattr(instance, "_change_reason", reden[:100])  # noqa: B010
