"""Sending email: record first, deliver through Celery after the transaction commits."""

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NON_ESSENTIAL_KINDS, EmailText, OutboundEmail, Unsubscription
from .text_kinds import kind_texts
from .texts import render_custom

UNSUBSCRIBE_SALT = "mailing.unsubscribe"
# Who previews are addressed to: only its unsubscribe link shows it.
PREVIEW_ADDRESS = "destinataire@exemple.fr"


def unsubscribe_url(address: str) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(address.lower())
    return settings.SITE_URL + reverse("mailing:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> str | None:
    """The address a signed unsubscribe token names, or None when it was tampered with."""
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None


def unsubscribe(*, address: str) -> None:
    Unsubscription.objects.get_or_create(email=address.lower())


class RenderedEmail(NamedTuple):
    subject: str
    body_text: str
    body_html: str


def email_render(
    *, kind: str, template: str, context: dict, to: str, email_text: EmailText | None = None
) -> RenderedEmail:
    """Subject, plain text and HTML of an email: the manager's text when given, else the
    default templates/emails/<template>/ files. Non-essential kinds end with the unsubscribe
    link in both versions."""
    context = {"programme_name": settings.PROGRAMME_NAME, "site_url": settings.SITE_URL, **context}
    non_essential = kind in NON_ESSENTIAL_KINDS
    if non_essential:
        context["unsubscribe_url"] = unsubscribe_url(to)
    spec = kind_texts(kind)
    if email_text is not None and spec is not None:
        subject, body_text, body_html = render_custom(
            subject=email_text.subject, body=email_text.body, spec=spec, context=context
        )
    else:
        subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
        body_text = render_to_string(f"emails/{template}/body.txt", context)
        body_html = render_to_string(f"emails/{template}/body.html", context)
    if non_essential:
        body_text += "\n" + _("Pour ne plus recevoir ce type d'e-mails : %(url)s") % {
            "url": context["unsubscribe_url"]
        }
    return RenderedEmail(subject, body_text, body_html)


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    reason: str


def email_queue(
    *,
    key: str,
    kind: str,
    to: str,
    template: str,
    context: dict,
    company=None,
    project=None,
    recipient_user=None,
) -> OutboundEmail:
    """Record an email and schedule its delivery once the current transaction commits.

    `template` names a folder under templates/emails/ holding subject.txt, body.txt and
    body.html, used unless the programme manager rewrote this kind of email (EmailText).
    The texts are rendered now and stored: a later edit changes no recorded email.
    Queuing the same `key` twice returns the first record and sends nothing more.
    """
    override = EmailText.objects.filter(kind=kind).first() if kind_texts(kind) else None
    subject, body_text, body_html = email_render(
        kind=kind, template=template, context=context, to=to, email_text=override
    )
    non_essential = kind in NON_ESSENTIAL_KINDS
    opted_out = non_essential and Unsubscription.objects.filter(email=to.lower()).exists()
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "to": to,
            "subject": subject[:255],
            "body_text": body_text,
            "body_html": body_html,
            "status": OutboundEmail.Status.SUPPRESSED
            if opted_out
            else OutboundEmail.Status.PENDING,
            "company": company,
            "project": project,
            "recipient_user": recipient_user,
        },
    )
    if created and not opted_out:
        transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _enqueue_delivery(email_id: int) -> None:
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep delivers it later.
        import logging

        logging.getLogger(__name__).warning(
            "Broker unavailable, email %s left pending for the sweep", email_id, exc_info=True
        )


def email_claim(email_id: int) -> bool:
    """Claim a pending email for delivery. Only one worker can win the claim."""
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status__in=[OutboundEmail.Status.PENDING]
    ).update(
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def email_deliver(email_id: int) -> DeliveryResult:
    """Send one recorded email if nobody else has: safe to call twice or in parallel.

    Raises the transport's error after putting the email back to pending, so the caller
    (the Celery task) can retry it.
    """
    if not email_claim(email_id):
        return DeliveryResult(False, "already claimed or sent")
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if not email.is_essential:
        # RFC 8058 one-click unsubscribe, which mail clients show as a button.
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url(email.to)}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    try:
        message.send()
    except Exception as error:
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.PENDING, last_error=str(error)[:2000]
        )
        raise
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return DeliveryResult(True, "sent")


def email_retry(*, email: OutboundEmail) -> bool:
    """Put a failed email back in the queue (staff action); False if it was not failed."""
    retried = OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING
    )
    if retried:
        transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return bool(retried)


def email_mark_failed(email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id).exclude(status=OutboundEmail.Status.SENT).update(
        status=OutboundEmail.Status.FAILED, last_error=error[:2000]
    )


def email_text_save(*, kind: str, subject: str, body: str, user) -> EmailText:
    """Record the programme manager's version of a kind of email; the next ones use it."""
    email_text, _created = EmailText.objects.update_or_create(
        kind=kind, defaults={"subject": subject, "body": body, "updated_by": user}
    )
    return email_text


def email_text_reset(*, kind: str) -> bool:
    """Go back to the default text of a kind of email; False if it was not rewritten."""
    deleted, _details = EmailText.objects.filter(kind=kind).delete()
    return bool(deleted)


def email_text_preview(*, kind: str, subject: str, body: str) -> RenderedEmail:
    """The email a text would give, with the kind's sample values; nothing is saved."""
    spec = kind_texts(kind)
    return email_render(
        kind=kind,
        template=spec.template,
        context=spec.sample_context(),
        to=PREVIEW_ADDRESS,
        email_text=EmailText(kind=kind, subject=subject, body=body),
    )


def email_default_preview(*, kind: str) -> RenderedEmail:
    """The email the default templates give today, with the kind's sample values."""
    spec = kind_texts(kind)
    return email_render(
        kind=kind, template=spec.template, context=spec.sample_context(), to=PREVIEW_ADDRESS
    )
