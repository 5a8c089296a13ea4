def roles(request):
    """Expose the person's roles to templates, so the navigation shows what each may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "is_programme_staff": False}
    return {"user_roles": user.roles, "is_programme_staff": user.is_programme_staff}
