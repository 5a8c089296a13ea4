def support_context(project, user) -> dict:
    """What the project page's support section needs (a fixed number of queries)."""
    return {}
