"""Multiple-choice fields refuse ids no database column could hold instead of failing."""

import pytest
from django.core.exceptions import ValidationError

from pmi_aqt.accounts.models import User
from pmi_aqt.forms import BoundedModelMultipleChoiceField
from taskforce.forms import SessionForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9" * 40, "1e309", "-1", "NaN"])
def test_an_impossible_id_is_a_choice_error_not_a_server_error(value):
    field = BoundedModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(ValidationError):
        field.clean([value])


def test_the_session_form_refuses_a_forty_digit_member_id():
    form = SessionForm(data={"members": ["9" * 40], "place": "Bordeaux"})
    assert not form.is_valid()
    assert "members" in form.errors
