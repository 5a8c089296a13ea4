import os, django, datetime as dt, sys
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pmi_aqt.settings')
django.setup()
from collections import Counter, defaultdict
from tooling.demo.plan import build_plan, aware
from tooling.demo import history_data, project_data

def check(today):
    p = build_plan(today)
    now = aware(today - dt.timedelta(days=1), 20)
    cal = p.calendar
    days = set(cal.days)
    per_year = defaultdict(set)
    recorded_dossiers = Counter()
    for company, pr in p.projects():
        assert pr.received_at.date() >= history_data.PROGRAMME_START, (today, pr.spec.title)
        prev = pr.received_at
        for m in pr.moves:
            assert m.changed_at > prev, (today, company.spec.slug, pr.spec.title, m, prev)
            assert m.changed_at < now, (today, pr.spec.title, m)
            prev = m.changed_at
        d = pr.moved_on("decided")
        if d:
            assert d in days, (today, pr.spec.title, d)
            if d in cal.recorded:
                recorded_dossiers[d] += 1
            oa = pr.moved_on("on_agenda")
            assert oa < d
        e = pr.support_started_on
        if pr.moved_on("in_support"):
            per_year[pr.moved_on("in_support").year].add(company.spec.slug)
            if e and e.year != pr.moved_on("in_support").year:
                per_year[e.year].add(company.spec.slug)
        for a in pr.actions:
            assert a.starts_on <= a.ends_on
        if pr.stage == "completed":
            assert all(a.ends_on < pr.moved_on("completed") for a in pr.actions)
        assert company.first_seen.date() <= pr.received_at.date()
    assert set(recorded_dossiers) == set(cal.recorded), (today, recorded_dossiers, cal.recorded)
    assert 7 <= (cal.coming - today).days <= 13
    cur = len(per_year[today.year])
    t = p.targets[today.year]
    assert 0 < cur < t, (today, cur, t)
    years = sorted(per_year)
    assert years[0] == 2015 and years[-1] == today.year, years
    assert set(range(2015, today.year + 1)) <= set(years)
    return {y: len(per_year[y]) for y in years}, sum(len(c.projects) for c in p.companies), len(p.companies)

dates = [dt.date(2026, 12, 7), dt.date(2027, 1, 1), dt.date(2027, 1, 2), dt.date(2027, 1, 15), dt.date(2027, 2, 20), dt.date(2027, 6, 30), dt.date(2026, 12, 31), dt.date(2028, 3, 3), dt.date(2030, 9, 9), dt.date(2026, 7, 1)]
for d in dates:
    counts, n, c = check(d)
    print(d, n, c, counts[d.year], counts.get(d.year - 1))
