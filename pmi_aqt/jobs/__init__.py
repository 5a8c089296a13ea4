"""Long work that leaves the request: whole-list exports and PDFs prepared by a Celery worker.

A `Job` row is the truth (who asked, what, its progress and its file); Celery only delivers
it. The domain apps register their kinds of job (`registry.register`) with the function that
produces the file; this package knows no domain.
"""
