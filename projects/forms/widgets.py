"""Widgets of the projects' forms."""

import html

from django import forms
from django.utils.safestring import SafeString, mark_safe


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


class LongSelect(forms.Select):
    """A <select> for long lists (every officer): the same HTML as `forms.Select`, written here.

    Django renders each <option> through two template includes, about 0.2 ms apiece: the
    project list's officer filter (some 500 people at national scale) took over half of the
    page's time. Writing them in Python takes a couple of milliseconds.
    """

    def optgroups(self, name, value, attrs=None):
        """Django's options, without building each one through `create_option` (a dict of
        attributes copied per option); only what the <option> shows: value, label, selected."""
        if any(isinstance(label, list | tuple) for _value, label in self.choices):
            return super().optgroups(name, value, attrs)  # named groups: Django's own way
        wanted = {str(chosen) for chosen in value}
        found = False
        groups = []
        for index, (option_value, label) in enumerate(self.choices):
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
