"""The secure link a company contact follows to see their project, with no password.

The link carries a signed, timestamped token naming the contact and the project; it expires
after COMPANY_LINK_MAX_AGE_DAYS and cannot be altered without the server's secret key.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "projects.company-access"


class InvalidCompanyLink(Exception):
    """The link was altered, has expired or names something that no longer matches."""


def company_link_token(*, contact_id: int, project_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"c": contact_id, "p": project_id})


def company_link_url(*, contact_id: int, project_id: int) -> str:
    token = company_link_token(contact_id=contact_id, project_id=project_id)
    return settings.SITE_URL + reverse("projects:company_view", args=[token])


def read_company_link(token: str) -> tuple[int, int]:
    """(contact id, project id) from a token, or InvalidCompanyLink."""
    max_age = timedelta(days=settings.COMPANY_LINK_MAX_AGE_DAYS)
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
        return int(payload["c"]), int(payload["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidCompanyLink(str(error)) from error
