"""Numbers typed the French way: the shared field (pmi_aqt/forms.py) behind every decimal the
portal asks for accepts "1,5", "1 500,50" and "1.5", and says in French what it refuses."""

from decimal import Decimal

import pytest
from django import forms

from pmi_aqt.forms import FrenchDecimalField


class NumberForm(forms.Form):
    value = FrenchDecimalField(max_digits=8, decimal_places=2)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,5", Decimal("1.5")),
        ("1 500,50", Decimal("1500.50")),
        ("1\u202f500,50", Decimal("1500.50")),  # the narrow no-break space of a copied figure
        ("1.5", Decimal("1.5")),
        ("12 500 €", Decimal("12500")),
        (" 3 ", Decimal("3")),
    ],
)
def test_french_and_plain_decimals_are_understood(typed, value):
    form = NumberForm({"value": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == value


@pytest.mark.parametrize("typed", ["un et demi", "1,5,5", "1e3", "NaN", "Infinity", "1.500,50"])
def test_anything_else_gets_a_french_message(typed):
    form = NumberForm({"value": typed})

    assert not form.is_valid()
    assert form.errors["value"] == ["Saisissez un nombre en chiffres, par exemple 1,5 ou 1 500,50."]


def test_the_input_is_a_text_box_with_a_decimal_keypad():
    html = str(NumberForm()["value"])

    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


def test_every_decimal_field_of_the_portals_forms_is_a_french_one():
    """No form asks for a decimal through Django's plain field (a type=number input that some
    browsers refuse "1,5" in)."""
    import importlib
    import inspect
    import pkgutil

    found = []
    for package in ("projects.forms", "companies.forms", "taskforce.forms"):
        module = importlib.import_module(package)
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [
                importlib.import_module(f"{package}.{info.name}")
                for info in pkgutil.iter_modules(module.__path__)
            ]
        for each in modules:
            for name, form in vars(each).items():
                if inspect.isclass(form) and issubclass(form, forms.BaseForm):
                    for field_name, field in getattr(form, "base_fields", {}).items():
                        if isinstance(field, forms.DecimalField | forms.FloatField):
                            found.append((name, field_name, isinstance(field, FrenchDecimalField)))
    assert found
    assert [(form, field) for form, field, french in found if not french] == []
