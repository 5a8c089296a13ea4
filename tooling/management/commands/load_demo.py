"""`manage.py load_demo` (its code moves to tooling/demo/ in the next commit)."""

from tooling.demo.plan import Command  # noqa: F401
