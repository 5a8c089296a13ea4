"""Email subjects keep the spaces between their words, as a mail client reads the raw message.

Python's header folder could put the space between two separately encoded words at a line
fold, outside both, where RFC 2047 readers drop it ("AdourMécanique Générale"). The subject is
now encoded as words that hold their spaces (pmi_aqt/mailing/delivery.py).
"""

import email
import email.header
import email.policy

import pytest
from django.core import mail

from pmi_aqt.mailing.delivery import email_deliver
from pmi_aqt.mailing.models import OutboundEmail

pytestmark = pytest.mark.django_db

# Subjects whose spaces the folder lost before the fix.
SUBJECTS = [
    "Décision de la task force sur « Robotisation de la ligne de découpe connectée » : "
    "Ajourné — PMI en AQT",
    "Robotisation décision force décision Adour découpe découpe connectée connectée : projet "
    "connectée Adour AQT accordé PMI",
    "AQT « Ajourné connectée PMI décision » Générale PMI PMI «",
    "Votre projet « Découpe » chez Adour Mécanique Générale : Ajourné — PMI en AQT",
]


def decoded_with_each_reader(raw: bytes) -> set[str]:
    """The subject as today's parser and the RFC 2047 decoder of older clients read it."""
    modern = str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
    header = email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"]
    legacy = "".join(
        part.decode(charset or "ascii") if isinstance(part, bytes) else part
        for part, charset in email.header.decode_header(header)
    )
    return {modern, legacy.replace("\r\n", "").replace("\n", "")}


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_raw_message_keeps_every_space_of_the_subject(subject):
    recorded = OutboundEmail.objects.create(
        key=f"subject-spaces:{hash(subject)}",
        kind="unregistered-kind",
        to="dirigeant@adour-mecanique.test",
        subject=subject,
        body_text="Bonjour",
    )

    email_deliver(recorded.pk)

    (message,) = mail.outbox
    for policy in (email.policy.SMTP, email.policy.default):
        raw = message.message(policy=policy).as_bytes()
        assert all(line.isascii() for line in raw.split(b"\n")), "headers are 7-bit"
        assert all(len(line) <= 78 for line in raw.split(b"\n\n")[0].splitlines())
        assert decoded_with_each_reader(raw) == {subject}
    assert "Subject:" in message.message().as_string()


def test_an_ascii_subject_is_written_as_it_is():
    recorded = OutboundEmail.objects.create(
        key="subject-spaces:ascii",
        kind="x",
        to="a@b.test",
        subject="Task force - PMI en AQT",
        body_text="Bonjour",
    )

    email_deliver(recorded.pk)

    assert b"Subject: Task force - PMI en AQT" in mail.outbox[0].message().as_bytes()
