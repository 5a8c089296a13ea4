"""Loading the demo's ecosystem directory (tooling/demo/directory_data.py) into the database.

Idempotent like the rest of the demo: organisations are looked up by name and schemes by
(organisation, name). What a scheme is for (axes, conditions, keywords, calls) is written when
the scheme is created, never again (the manager may edit it during a demo) — except for a
scheme or an organisation loaded by an older demo, before the directory knew keywords and
competences: those get them once. Calls are dated from the reference day. The schemes written
are then indexed for matching (projects/matching/index.py).
"""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from projects.matching.index import index_schemes
from projects.models import InterventionAxis, PartnerOrganisation, SchemeCall, SupportScheme
from tooling.demo import directory_data as directory

Counts = dict[str, tuple[int, int]]  # what: (how many the demo holds, how many were added)
SchemeKey = tuple[str, str]  # (organisation name, scheme name)


def scheme_profile(spec: directory.DemoScheme) -> dict:
    """The fields of a scheme that say whom it is for and what it provides."""
    return {
        "headcount_bands": list(spec.headcount_bands),
        "departments": list(spec.departments),
        "trades": ", ".join(spec.trades),
        "keywords": ", ".join(spec.keywords),
        "naf_included": list(spec.naf_included),
        "naf_excluded": list(spec.naf_excluded),
        "budget_min": spec.budget[0],
        "budget_max": spec.budget[1],
        "amount_min": spec.amount[0],
        "amount_max": spec.amount[1],
        "rate_max": spec.rate,
        "days": spec.days,
        "duration_months": spec.months,
    }


def load_directory(
    today: dt.date | None = None,
) -> tuple[dict[str, PartnerOrganisation], dict[SchemeKey, SupportScheme], Counts]:
    today = today or timezone.localdate()
    organisations, new_organisations = _load_organisations()
    by_name = {spec.name: spec for spec in directory.ORGANISATIONS}
    existing = {
        (scheme.organisation.name, scheme.name): scheme
        for scheme in SupportScheme.objects.filter(
            organisation__in=organisations.values()
        ).select_related("organisation")
    }
    new_specs = [
        spec for spec in directory.SCHEMES if (spec.organisation, spec.name) not in existing
    ]
    new_schemes = []
    for spec in new_specs:
        organisation = by_name[spec.organisation]
        new_schemes.append(
            SupportScheme(
                organisation=organisations[spec.organisation],
                name=spec.name,
                kind=spec.kind,
                description=spec.description,
                contact_name=organisation.contact_name,
                contact_email=organisation.contact_email,
                url=f"{organisation.website}/dispositifs/{slugify(spec.name)}",
                **scheme_profile(spec),
            )
        )
    SupportScheme.objects.bulk_create(new_schemes)
    # Schemes of an older demo, without a profile yet: they get it once.
    outdated = [
        (existing[(spec.organisation, spec.name)], spec)
        for spec in directory.SCHEMES
        if (spec.organisation, spec.name) in existing
        and not existing[(spec.organisation, spec.name)].keywords
        and spec.keywords
    ]
    for scheme, spec in outdated:
        for name, value in scheme_profile(spec).items():
            setattr(scheme, name, value)
    SupportScheme.objects.bulk_update(
        [scheme for scheme, _spec in outdated], list(scheme_profile(directory.SCHEMES[0]))
    )

    axes = {axis.code: axis.pk for axis in InterventionAxis.objects.all()}
    through = SupportScheme.axes.through
    through.objects.bulk_create(
        [
            through(supportscheme_id=scheme.pk, interventionaxis_id=axes[code])
            for scheme, spec in zip(new_schemes, new_specs, strict=True)
            for code in spec.axes
        ]
    )
    written = [*zip(new_schemes, new_specs, strict=True), *outdated]
    with_calls = set(
        SchemeCall.objects.filter(scheme__in=[scheme for scheme, _spec in outdated]).values_list(
            "scheme_id", flat=True
        )
    )
    SchemeCall.objects.bulk_create(
        [
            SchemeCall(
                scheme=scheme,
                label=call.label,
                opens_on=today + dt.timedelta(days=call.opens),
                closes_on=today + dt.timedelta(days=call.closes),
                recurs_yearly=call.recurs_yearly,
            )
            for scheme, spec in written
            if scheme.pk not in with_calls
            for call in spec.calls
        ]
    )
    touched = {scheme.pk for scheme, _spec in written} | {
        scheme.pk for scheme in existing.values() if scheme.organisation.name in new_organisations
    }
    index_schemes(touched)
    schemes = {
        (scheme.organisation.name, scheme.name): scheme
        for scheme in SupportScheme.objects.filter(organisation__in=organisations.values())
        .select_related("organisation")
        .prefetch_related("axes")
    }
    counts = {
        "organisations": (len(directory.ORGANISATIONS), len(new_organisations)),
        "schemes": (len(directory.SCHEMES), len(new_schemes)),
    }
    return organisations, schemes, counts


def _load_organisations() -> tuple[dict[str, PartnerOrganisation], set[str]]:
    """The demo's organisations by name, and the names of those added or completed now."""
    names = [spec.name for spec in directory.ORGANISATIONS]
    known = {org.name: org for org in PartnerOrganisation.objects.filter(name__in=names)}
    new = [
        PartnerOrganisation(
            name=spec.name,
            kind=spec.kind,
            description=spec.description,
            website=spec.website,
            contact_name=spec.contact_name,
            contact_email=spec.contact_email,
            contact_phone=spec.contact_phone,
            competences=spec.competences,
            student_kinds=list(spec.students),
        )
        for spec in directory.ORGANISATIONS
        if spec.name not in known
    ]
    PartnerOrganisation.objects.bulk_create(new)
    # Organisations of an older demo, without competences yet: they get them once.
    completed = []
    for spec in directory.ORGANISATIONS:
        organisation = known.get(spec.name)
        if organisation and not organisation.competences and spec.competences:
            organisation.competences = spec.competences
            organisation.student_kinds = list(spec.students)
            completed.append(organisation)
    PartnerOrganisation.objects.bulk_update(completed, ["competences", "student_kinds"])
    organisations = {org.name: org for org in PartnerOrganisation.objects.filter(name__in=names)}
    return organisations, {org.name for org in [*new, *completed]}
