"""Writes about companies that touch more than one model."""

from django.db import transaction

from .models import Interaction, ProspectingStatus


@transaction.atomic
def interaction_log(*, interaction: Interaction) -> Interaction:
    """Record an exchange with a company; a company still being prospected is now contacted."""
    interaction.save()
    interaction.company.reach_prospecting_status(ProspectingStatus.CONTACTED)
    return interaction
