from django.utils import timezone

from pmi_aqt.mailing.services import email_queue

from .email_kinds import PASSWORD_RESET


def password_reset_email_queue(*, user, reset_url: str) -> None:
    """Record the password reset email in the outbox; the worker delivers and retries it.

    One email per person and minute: a double click sends one, a new request later another.
    """
    minute = timezone.now().strftime("%Y%m%d%H%M")
    email_queue(
        key=f"password_reset:{user.pk}:{minute}",
        kind=PASSWORD_RESET.code,
        to=user.email,
        context={"reset_url": reset_url},
        recipient_user=user,
    )
