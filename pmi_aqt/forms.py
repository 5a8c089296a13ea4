"""Form fields, widgets and forms shared by the apps."""

import html
import re

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


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


# Spaces people type or paste as thousands separators (plain, no-break, narrow no-break).
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# What a decimal may look like once the spaces are gone: no exponent, no NaN, ASCII digits.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class FrenchDecimalField(forms.DecimalField):
    """A number typed the French way: "1,5" and "12 500,50" as well as "1.5"; "€" may follow.
    Every decimal the portal asks for (amounts, days, jobs, rates) is one of these.

    Only plain numbers are understood: "1e309", "NaN" or "Infinity" are refused as invalid
    before Decimal sees them, and the parent class checks the sign and the number of digits.
    The input is a text box with `inputmode="decimal"` (a phone shows its number pad): some
    browsers' type=number refuse the comma.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Saisissez un nombre en chiffres, par exemple 1,5 ou 1 500,50."),
    }

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value).removesuffix("€")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
            if value and not _PLAIN_DECIMAL.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def run_validators(self, value) -> None:
        # "99999999999999999999" breaks both the largest value and the digit count: say it once.
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(list(dict.fromkeys(error.messages))) from None

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("autocomplete", "off")
        return attrs


def _escape(value) -> str:
    """Django's conditional_escape, without its lazy-string wrapper (called once per option)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _html_attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them (True alone, False left out)."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """A <select> with the same HTML as `forms.Select`, written in Python.

    Django renders each <option> through two template includes, about 0.2 ms apiece: the
    project list's officer filter (some 500 people at national scale) took over half of the
    page's time, and the list filters' other selects some 10 ms more. Written here, they take a
    couple of milliseconds.
    """

    def optgroups(self, name, value, attrs=None):
        """Django's options, without building each one through `create_option` (a dict of
        attributes copied per option); only what the <option> shows: value, label, selected."""
        # Read once (a model's choices are a query each time), through iter(): list() would ask
        # a ModelChoiceIterator for its length, a COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().optgroups(name, value, attrs)  # named groups: Django's own way
        wanted = {str(chosen) for chosen in value}
        found = False
        groups = []
        for index, (option_value, label) in enumerate(choices):
            option_value = "" if option_value is None else option_value
            selected = not found and str(option_value) in wanted
            found = found or selected
            option = {
                "value": option_value,
                "label": label,
                "attrs": {"selected": True} if selected else {},
            }
            groups.append((None, [option], index))
        return groups

    def _render(self, template_name, context, renderer=None) -> SafeString:
        widget = context["widget"]
        # Every value below goes through _escape; the fixed markup is that of Django's templates.
        parts = [f'<select name="{_escape(widget["name"])}"{_html_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{_escape(option["value"])}"{_html_attrs(option["attrs"])}>'
                f"{_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308


class FilterForm(forms.Form):
    """The form of a list's filters (django-filter's `Meta.form`), shown on every visit of the
    list: Bootstrap's classes on each widget and the selects written by `FastSelect`, so that
    `includes/filter_fields.html` renders it without a template per field and per option."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            bootstrap = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = bootstrap


# --- Choosing one row among thousands: a text input searched, never a select of every row

SEARCH_RESULTS = 20


class SearchInput(forms.TextInput):
    """A text input whose suggestions (a `<datalist>`) a static script fills from a search
    endpoint as the person types (static/js/search-choice.js). Without the script the input is
    sent as typed, and the field looks it up (SearchChoiceField)."""

    def __init__(self, search_url: str = "", attrs=None):
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].update(
            {
                "list": self.datalist_id(name, widget["attrs"]),
                "autocomplete": "off",
                "data-search-url": self.search_url,
            }
        )
        return context

    @staticmethod
    def datalist_id(name, attrs) -> str:
        return f"{(attrs or {}).get('id') or name}-suggestions"

    def render(self, name, value, attrs=None, renderer=None):
        html_input = super().render(name, value, attrs, renderer)
        datalist = f'<datalist id="{_escape(self.datalist_id(name, attrs))}"></datalist>'
        return mark_safe(f"{html_input}{datalist}")  # noqa: S308 - the id is escaped


# The fewest characters a search by words starts from (fewer name nobody in particular).
TYPED_MIN_LENGTH = 2

# How a suggestion is written ("1234 — label") or a number typed alone ("n° 1234").
_CHOICE_NUMBER = re.compile(r"^(?:n°\s*)?([0-9]{1,18})(?:\s|—|$)")


class _TypedChoice:
    """What the fields choosing rows by typing share: the search, how a row is written ("1234 —
    label"), the single row some words match, and the suggestions of the search endpoint."""

    def __init__(self, queryset, *, search, label_of=str, **kwargs):
        super().__init__(queryset, **kwargs)
        self.search = search
        self.label_of = label_of

    def label_from_instance(self, obj) -> str:
        return self.label_of(obj)

    def choice_text(self, obj) -> str:
        """How a row is written in the input and the suggestions: its number first."""
        return f"{obj.pk} — {self.label_of(obj)}"

    def only_match(self, text: str):
        """The one row the words match; none or several are answered in French, several with
        a short list to pick from (their numbers), so the form works without the script too.
        A single letter names nobody (the suggestions too start at two): it is refused, never
        taken for the one row that happens to hold it."""
        if len(text.strip()) < TYPED_MIN_LENGTH:
            raise forms.ValidationError(
                _("Tapez au moins deux lettres, ou choisissez l'une des suggestions."),
                code="invalid_choice",
            )
        matches = list(self.search(self.queryset, text)[: SEARCH_RESULTS + 1])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                _("Aucun choix ne correspond à « %(text)s ».") % {"text": text},
                code="invalid_choice",
            )
        shown = "; ".join(self.choice_text(match) for match in matches[:SEARCH_RESULTS])
        raise forms.ValidationError(
            _(
                "Plusieurs choix correspondent à « %(text)s » : précisez, ou indiquez le numéro "
                "de l'un d'eux — %(choices)s."
            )
            % {"text": text, "choices": shown},
            code="ambiguous",
        )

    def suggestions(self, text: str) -> list[str]:
        """What the search endpoint answers: the first matching rows, as the input writes them."""
        text = (text or "").replace("\x00", "").strip()
        if len(text) < TYPED_MIN_LENGTH and not text.isdigit():
            return []
        rows = (
            self.queryset.filter(pk=int(text[:18]))
            if text.isdigit()
            else self.search(self.queryset, text)
        )
        return [self.choice_text(row) for row in rows[:SEARCH_RESULTS]]


class SearchChoiceField(_TypedChoice, forms.ModelChoiceField):
    """One row of a large queryset, chosen by typing: its number (as the suggestions write it:
    "1234 — label"), or words that match a single row.

    `search(queryset, text)` returns the matching rows; several matches are answered with a
    short list to pick from (their numbers), so the form works without the script too.
    """

    widget = SearchInput

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return self.choice_text(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = self.queryset.filter(pk=value).first()
            return self.choice_text(found) if found else value
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if text in self.empty_values:
            return None
        if "\x00" in text:  # no database stores it; PostgreSQL refuses the query
            raise forms.ValidationError(
                _("Ce texte contient un caractère invalide."), code="null_characters_not_allowed"
            )
        number = _CHOICE_NUMBER.match(text)
        if number:
            found = self.queryset.filter(pk=int(number.group(1))).first()
            if found is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
            return found
        return self.only_match(text)


# --- Choosing several rows among thousands: the chosen ones as boxes, the others searched


class SearchMultipleInput(forms.SelectMultiple):
    """The chosen rows as ticked boxes (chips: untick one to remove it), then a text input
    whose suggestions a static script fills from a search endpoint (static/js/search-choice.js)
    and turns into a new ticked box when one is taken (static/js/search-multiple.js).

    Without the script, what is typed in the input is sent with the boxes under the same name,
    and the field looks it up (SearchMultipleChoiceField). Only the chosen rows are read, never
    the whole queryset.
    """

    def __init__(self, search_url: str = "", attrs=None):
        super().__init__(attrs)
        self.search_url = search_url

    def format_value(self, value) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return [str(item.pk) if hasattr(item, "_meta") else str(item) for item in value]

    def _chosen(self, values: list[str]) -> tuple[list[tuple[int, str]], str]:
        """The rows named by number (labelled, in the order given) and the rest as typed."""
        numbers, typed = [], []
        for text in values:
            found = _CHOICE_NUMBER.match(text.strip())
            if found:
                numbers.append(int(found.group(1)))
            elif text.strip():
                typed.append(text.strip())
        field = getattr(self.choices, "field", None)
        rows = {}
        if numbers and field is not None:
            rows = {row.pk: row for row in field.queryset.filter(pk__in=numbers)}
        chosen = [
            (pk, field.label_from_instance(rows[pk])) for pk in dict.fromkeys(numbers) if pk in rows
        ]
        return chosen, "; ".join(typed)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        input_id = attrs.get("id") or f"id_{name}"
        chosen, typed = self._chosen(self.format_value(value))
        chips_id = f"{input_id}-chosen"
        boxes = "".join(
            f'<li class="search-chip form-check">'
            f'<input class="form-check-input" type="checkbox" name="{_escape(name)}" '
            f'value="{pk}" id="{_escape(input_id)}-{pk}" checked>'
            f'<label class="form-check-label" for="{_escape(input_id)}-{pk}">'
            f"{_escape(label)}</label></li>"
            for pk, label in chosen
        )
        described_by = " ".join(filter(None, [attrs.get("aria-describedby"), chips_id]))
        input_attrs = {
            **{key: value for key, value in attrs.items() if key not in ("id", "required")},
            "type": "text",
            "name": name,
            "id": input_id,
            "value": typed,
            # Bootstrap's class, and the state the form layout adds (is-invalid).
            "class": " ".join(dict.fromkeys(["form-control", *attrs.get("class", "").split()])),
            "list": f"{input_id}-suggestions",
            "autocomplete": "off",
            "data-search-url": self.search_url,
            "data-chosen": chips_id,
            "data-added-text": _("« %s » est ajouté·e à la liste."),
            "aria-describedby": described_by,
        }
        chosen_caption = _escape(_("Déjà choisi·es (décochez pour retirer) :"))
        return mark_safe(  # noqa: S308 - every value is escaped above
            f'<div class="search-multiple">'
            f'<p class="mb-1" id="{_escape(chips_id)}-caption">{chosen_caption}</p>'
            f'<ul class="search-chips list-unstyled" id="{_escape(chips_id)}" '
            f'aria-labelledby="{_escape(chips_id)}-caption">'
            f"{boxes}</ul>"
            f"<input{_html_attrs(input_attrs)}>"
            f'<datalist id="{_escape(input_id)}-suggestions"></datalist>'
            f'<p class="visually-hidden" role="status" id="{_escape(input_id)}-status"></p>'
            f"</div>"
        )

    def value_omitted_from_data(self, data, files, name) -> bool:
        # Unticking every box sends only the empty input: the field is there, and empty.
        return False


class SearchMultipleChoiceField(_TypedChoice, forms.ModelMultipleChoiceField):
    """Several rows of a large queryset: the boxes ticked (their numbers) and, typed in the
    input, a number ("1234 — label", as the suggestions write it) or words matching a single
    row; several texts may be separated by « ; ». Words matching several rows are answered with
    a short list to pick from, as SearchChoiceField does."""

    widget = SearchMultipleInput

    def _numbers(self, value) -> list[str]:
        numbers = []
        for item in value:
            for text in str(item).split(";"):
                text = text.strip()
                if not text:
                    continue
                if "\x00" in text:
                    raise forms.ValidationError(
                        _("Ce texte contient un caractère invalide."),
                        code="null_characters_not_allowed",
                    )
                found = _CHOICE_NUMBER.match(text)
                numbers.append(found.group(1) if found else str(self.only_match(text).pk))
        return numbers

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = self._numbers(value)
        return super().clean(value)

    def _check_values(self, value):
        for pk in value:
            if not re.fullmatch(r"[0-9]{1,18}", str(pk)):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)},
                )
        return super()._check_values(value)

    def has_changed(self, initial, data) -> bool:
        try:
            data = self._numbers(data or [])
        except forms.ValidationError:
            return True
        return super().has_changed(initial, data)
