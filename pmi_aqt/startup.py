"""Checks the serving processes make before they start."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

WITHOUT_A_KEY = (
    "SECRET_KEY must be set when DEBUG is off. For development, set DEBUG=true "
    "(the Makefile does), e.g. DEBUG=true .venv/bin/python manage.py runserver."
)


def require_secret_key(**_signal_kwargs) -> None:
    """The web and Celery processes sign sessions, links and unsubscribe tokens: without a
    key they stop at once with what to do, rather than fail on the first request or email."""
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key when it is read
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(WITHOUT_A_KEY) from error
