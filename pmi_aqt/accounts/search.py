"""Finding people by what one types: the search behind the fields that choose a person among
hundreds (a session's members, the audit page's author)."""

from django.db.models import Q, QuerySet

from pmi_aqt.search import Joined, folded_contains


def matching_people(people: QuerySet, text: str) -> QuerySet:
    """People whose name ("first last") or email holds every word typed, accents and case
    ignored."""
    for word in text.split():
        people = people.filter(
            Q(folded_contains(Joined("first_name", "last_name"), word))
            | Q(folded_contains("email", word))
        )
    return people.order_by("last_name", "first_name", "pk")


def person_label(user) -> str:
    return user.get_full_name() or user.email
