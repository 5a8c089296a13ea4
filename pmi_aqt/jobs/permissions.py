"""Who may follow a background job and download its file: the person who asked, alone (the
file holds what their rights showed them, which may be more than another person may see)."""

from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.permissions import ALLOWED, Decision, is_active_person

from .models import Job


def can_view_job(user, job: Job) -> Decision:
    if is_active_person(user) and job.requested_by_id == user.pk:
        return ALLOWED
    return Decision(
        False, str(_("Cet export a été demandé par une autre personne : seule elle peut l'ouvrir."))
    )


def can_list_jobs(user) -> Decision:
    if is_active_person(user):
        return ALLOWED
    return Decision(False, str(_("Connectez-vous pour voir vos exports.")))
