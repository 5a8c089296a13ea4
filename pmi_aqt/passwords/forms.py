from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from .services import password_reset_email_queue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose email goes through the outbox instead of straight out."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        reset_url = f"{context['protocol']}://{context['domain']}{path}"
        password_reset_email_queue(user=context["user"], reset_url=reset_url)
