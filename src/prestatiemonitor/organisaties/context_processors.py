def navigation(request):
    """Memberships of the logged-in user, for the header (organisation and role)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"mijn_lidmaatschappen": []}
    return {
        "mijn_lidmaatschappen": list(user.lidmaatschappen.select_related("organisatie")),
    }
