"""The periodic reminder scans, each timed over the whole data set, and the one fan-out task
that runs per intake request (a notice to every officer and manager).

Each runs inside a transaction that is rolled back: the emails it queues are rendered and
recorded (that is part of its cost) and then undone, and their deliveries never start.
"""

import datetime as dt

from django.utils import timezone

from .measure import count_queries, rolled_back, timed


def _scans(today: dt.date, now: dt.datetime) -> dict:
    from projects.models import Project
    from projects.reminders import follow_up_surveys_send, officer_digests_send
    from projects.reminders_intake import intake_draft_reminders_send
    from projects.services.intake import intake_notify_team
    from projects.services.retention import retention_due
    from taskforce.reminders import review_reminders_send

    latest = Project.objects.select_related("company").latest("pk")
    return {
        "officer digests": lambda: officer_digests_send(today=today),
        "follow-up surveys": lambda: follow_up_surveys_send(today=today),
        "intake draft reminders": lambda: intake_draft_reminders_send(now=now),
        "task-force review reminders": lambda: review_reminders_send(today=today),
        "retention (who is due)": lambda: len(retention_due(now)),
        "intake team notices (task)": lambda: intake_notify_team(
            project_id=latest.pk, company_created=False
        ),
    }


def measure_scans(*, today: dt.date) -> list[dict]:
    now = timezone.now()
    results = []
    for name, scan in _scans(today, now).items():
        with rolled_back():
            queries, (seconds, queued) = count_queries(lambda s=scan: timed(s))
        results.append(
            {"scan": name, "seconds": round(seconds, 3), "queries": queries, "emails": queued}
        )
    return results
