"""Signed unsubscribe links: one in each non-essential email (its text, its HTML and its
List-Unsubscribe header), read back by the unsubscribe page. The signed address is the
credential: it can only ask for less email."""

import re

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "mailing.unsubscribe"

# Stands for the token in an unsubscribe URL reversed once; tokens made only of these
# characters go in as they are (reverse() would not quote them either).
_MARK = "0unsubscribemark0"
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_.@+:-]+")


def unsubscribe_url(address: str) -> str:
    token = signing.Signer(salt=SALT).sign(address.lower())
    return settings.SITE_URL + reverse("mailing:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> str | None:
    """The address a signed unsubscribe token names, or None when it was tampered with."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


class UnsubscribeLinks:
    """unsubscribe_url() for many addresses, with the URL reversed once rather than per
    email: a batch of emails pays it once."""

    def __init__(self) -> None:
        self.signer = signing.Signer(salt=SALT)
        self.pattern = settings.SITE_URL + reverse("mailing:unsubscribe", args=[_MARK])

    def __call__(self, address: str) -> str:
        token = self.signer.sign(address.lower())
        if not _PLAIN_TOKEN.fullmatch(token):
            return unsubscribe_url(address)
        return self.pattern.replace(_MARK, token)
