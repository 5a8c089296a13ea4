"""Conflicts of interest and reviews: drafts, submission, reading the others, the aggregate."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taskforce import services, views
from taskforce.models import ConflictDeclaration, Review, ReviewCriterion, ReviewScore

from . import test_taskforce_data as data
from .test_taskforce_data import OTHERS_COMMENT

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item


def review_post(action="submit", score="4", **overrides):
    payload = {
        f"score_{criterion.pk}": score
        for criterion in ReviewCriterion.objects.filter(is_active=True)
    }
    payload.update(
        {
            "recommendation": "approve_conditions",
            "comments_for_taskforce": "Solide, mais le calendrier est serré.",
            "comments_for_company": "Sécuriser le recrutement du chef de projet.",
            "action": action,
        }
    )
    payload.update(overrides)
    return payload


def test_the_review_form_has_a_labelled_scale_per_criterion(client, member, item):
    client.force_login(member)

    html = client.get(reverse("taskforce:review", args=[item.pk])).text

    assert html.count("<fieldset") == ReviewCriterion.objects.filter(is_active=True).count() + 1
    assert '<legend class="h6 mb-1">Innovation</legend>' in html
    assert "5 — excellent" in html


def test_a_member_cannot_read_others_reviews_before_submitting(client, member, item):
    client.force_login(member)
    url = reverse("taskforce:dossier", args=[item.pk])

    before = client.get(url).text
    client.post(reverse("taskforce:review", args=[item.pk]), review_post(action="draft"))
    with_draft = client.get(url).text
    client.post(reverse("taskforce:review", args=[item.pk]), review_post(action="submit"))
    after = client.get(url).text

    assert OTHERS_COMMENT not in before
    assert OTHERS_COMMENT not in with_draft
    assert "après avoir transmis le vôtre" in with_draft
    assert OTHERS_COMMENT in after


def test_a_draft_saves_without_scores_and_stays_private(client, member, item):
    client.force_login(member)

    response = client.post(
        reverse("taskforce:review", args=[item.pk]),
        {"action": "draft", "comments_for_taskforce": "À compléter"},
    )

    review = Review.objects.get(member=member)
    assert response.status_code == 302
    assert review.status == Review.Status.DRAFT
    assert review.submitted_at is None
    assert not review.scores.exists()


def test_submitting_needs_every_score_and_a_recommendation(client, member, item):
    client.force_login(member)

    response = client.post(
        reverse("taskforce:review", args=[item.pk]), review_post(recommendation="", score="")
    )

    assert response.status_code == 200
    assert "Notez ce critère avant de transmettre." in response.text
    assert "Choisissez une recommandation." in response.text
    assert not Review.objects.filter(member=member).exists()


def test_a_submitted_review_records_every_score(client, member, item):
    client.force_login(member)

    client.post(reverse("taskforce:review", args=[item.pk]), review_post(score="5"))

    review = Review.objects.get(member=member)
    assert review.status == Review.Status.SUBMITTED
    assert review.submitted_at is not None
    assert review.recommendation == "approve_conditions"
    assert sorted(review.scores.values_list("score", flat=True)) == [5] * 5


def test_a_conflicted_member_cannot_review(client, conflicted_member, item):
    client.force_login(conflicted_member)

    get = client.get(reverse("taskforce:review", args=[item.pk]))
    post = client.post(reverse("taskforce:review", args=[item.pk]), review_post())

    assert get.status_code == post.status_code == 403
    assert not Review.objects.filter(member=conflicted_member).exists()


def test_a_member_of_another_session_cannot_review(client, other_member, item):
    client.force_login(other_member)

    response = client.post(reverse("taskforce:review", args=[item.pk]), review_post())

    assert response.status_code == 403
    assert not Review.objects.filter(member=other_member).exists()


def test_a_member_declares_a_conflict_and_their_review_is_withdrawn(client, member, item):
    data.submit_review(item, member, comment="Avis à retirer")
    client.force_login(member)

    response = client.post(
        reverse("taskforce:conflict_declare", args=[item.pk]),
        {"kind": "collaboration", "comment": "Nous travaillons avec eux."},
    )
    dossier = client.get(reverse("taskforce:dossier", args=[item.pk]))

    conflict = ConflictDeclaration.objects.get(member=member)
    assert response.status_code == 302
    assert (conflict.kind, conflict.declared_by) == ("collaboration", member)
    assert not Review.objects.filter(member=member).exists()
    assert dossier.status_code == 403
    assert data.SECRET_DESCRIPTION not in dossier.text


def test_staff_record_a_conflict_for_a_member(client, officer, member, item):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:conflict_declare", args=[item.pk]),
        {"member": member.pk, "kind": "personal"},
    )

    conflict = ConflictDeclaration.objects.get(member=member)
    assert response.status_code == 302
    assert conflict.declared_by == officer


def test_staff_cannot_record_a_conflict_for_someone_outside_the_session(
    client, officer, other_member, item
):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:conflict_declare", args=[item.pk]),
        {"member": other_member.pk, "kind": "personal"},
    )

    assert response.status_code == 200
    assert not ConflictDeclaration.objects.filter(member=other_member).exists()


def test_the_database_refuses_a_score_outside_1_to_5(item, colleague):
    review = Review.objects.get(member=colleague)
    criterion = ReviewCriterion.objects.first()
    ReviewScore.objects.filter(review=review, criterion=criterion).delete()

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewScore.objects.create(review=review, criterion=criterion, score=6)


def test_the_aggregate_gives_statistics_per_criterion_and_who_is_missing(
    client, officer, member, colleague, conflicted_member, item
):
    third = data.make_member("third@partner.test")
    item.session.session_members.create(user=third)
    data.submit_review(item, third, score=2, recommendation="defer")
    client.force_login(officer)

    aggregate = services.session_aggregate(item.session)[0]
    html = client.get(reverse("taskforce:session_aggregate", args=[item.session.pk])).text

    innovation = aggregate.criteria[0]
    assert (innovation.count, innovation.mean, innovation.median) == (2, 3.0, 3.0)
    assert (innovation.minimum, innovation.maximum) == (2, 4)
    assert dict(aggregate.recommendations)["Accorder"] == 1
    assert dict(aggregate.recommendations)["Ajourner"] == 1
    assert aggregate.not_reviewed == [member]
    assert aggregate.conflicted == [conflicted_member]
    assert "Médiane" in html and str(member) in html


def test_the_aggregate_shows_a_large_session_by_pages_of_dossiers_in_agenda_order(
    client, officer, member, session
):
    per_page = views.AGGREGATE_DOSSIERS_PER_PAGE
    items = [
        data.put_on_agenda(session, officer=officer, title=f"Dossier {n:02}", position=n)
        for n in range(1, per_page + 3)
    ]
    data.submit_review(items[-1], member, score=5)
    client.force_login(officer)
    url = reverse("taskforce:session_aggregate", args=[session.pk])

    first = client.get(url)
    last = client.get(url, {"page": 2})

    assert [a.item for a in first.context["aggregates"]] == items[:per_page]
    assert f"Dossiers 1 à {per_page} sur {per_page + 2}" in first.text
    assert 'href="?page=2"' in first.text
    assert [a.item for a in last.context["aggregates"]] == items[per_page:]
    assert last.context["aggregates"][-1].criteria[0].mean == 5.0
    assert "Dossier 01" not in last.text


def test_the_aggregate_of_a_small_session_is_one_page_without_a_pager(client, officer, item):
    client.force_login(officer)

    html = client.get(reverse("taskforce:session_aggregate", args=[item.session.pk])).text

    assert "Dossiers 1 à" not in html and "Page 1 sur" not in html


# --- A fixed number of queries, whatever the size


def grow(session, officer, *, dossiers: int, members: int):
    start = session.session_members.count()
    people = [data.make_member(f"m{start + n}@partner.test") for n in range(members)]
    for person in people:
        session.session_members.create(user=person)
    first = session.agenda_items.count() + 1
    for n in range(dossiers):
        agenda_item = data.put_on_agenda(session, officer=officer, position=first + n)
        for person in people[:-1]:
            data.submit_review(agenda_item, person)
        data.conflict(agenda_item, people[-1])


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name,role",
    [
        ("taskforce:session_detail", "officer"),
        ("taskforce:session_detail", "member"),
        ("taskforce:session_aggregate", "officer"),
        ("taskforce:workspace", "member"),
    ],
)
def test_pages_keep_a_fixed_number_of_queries(client, request, officer, session, url_name, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse(url_name, args=[session.pk]) if "session" in url_name else reverse(url_name)
    grow(session, officer, dossiers=1, members=2)
    small = count_queries(client, url)

    grow(session, officer, dossiers=4, members=5)
    large = count_queries(client, url)

    assert small == large
