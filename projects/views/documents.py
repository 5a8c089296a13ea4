def documents_context(project, user) -> dict:
    """What the project page's documents section needs (a fixed number of queries)."""
    return {}
