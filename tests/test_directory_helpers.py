"""Builders shared by the directory and resources tests (this module holds no test)."""

import re

import factory
from django.urls import reverse

from projects.models import InterventionAxis, PartnerOrganisation, SchemeKind, SupportScheme

LOGIN_URL = reverse("accounts:login")

HTML_NAME = '<script>alert("x")</script>'
HTML_NAME_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
LONG_TEXT = "x" * 50_000


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Organisation partenaire {n}")
    kind = PartnerOrganisation.Kind.AGENCY


class SupportSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportScheme
        skip_postgeneration_save = True

    organisation = factory.SubFactory(PartnerOrganisationFactory)
    name = factory.Sequence(lambda n: f"Dispositif {n}")
    kind = SchemeKind.FUNDING

    @factory.post_generation
    def axis_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.axes.add(*InterventionAxis.objects.filter(code__in=extracted))


def axis_ids(*codes: str) -> list[str]:
    return [
        str(pk)
        for pk in InterventionAxis.objects.filter(code__in=codes).values_list("pk", flat=True)
    ]


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def typed_value(response, name: str) -> str:
    """The value attribute of the input called `name`, as the page shows it again."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.text)
    assert tag, f"no input named {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
