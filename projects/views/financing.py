def financing_context(project, user) -> dict:
    """What the project page's financing section needs (a fixed number of queries)."""
    return {}
