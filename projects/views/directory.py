def directory_context(project, user) -> dict:
    """What the project page's directory section needs (a fixed number of queries)."""
    return {}
