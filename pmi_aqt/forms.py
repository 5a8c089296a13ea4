"""Form fields shared by the apps."""

import re

from django import forms


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes that refuse ids no database column could hold, before querying.

    An `__in` lookup with a 40-digit id overflows SQLite's integers (a server error); such a
    value gets the field's usual "not a valid choice" message instead.
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            # NUL bytes get Django's own message from the parent class.
            if "\x00" not in text and not re.fullmatch(r"[0-9]{1,18}", text):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text},
                )
        return super()._check_values(value)
