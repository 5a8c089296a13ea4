"""Django's {% translate %}, {% blocktranslate %} and |date, for the emails the scans render
by the thousand: same syntax, same output, same messages for makemessages, but what does not
depend on the email is worked out once per template and language rather than once per email.

A {% translate "…" %} of a constant is looked up once; a {% blocktranslate %} builds its message
once, and looks it up once per count; an integer goes into it without the locale's number
formats when they cannot change it (no thousand separator); a date (not a datetime: those
depend on the time zone) is formatted once per format and language. Anything else (a variable
to translate, a message context, `as`, an error) goes the standard way.
"""

import datetime
from decimal import Decimal

from django import template
from django.conf import settings
from django.template import defaultfilters
from django.template.base import render_value_in_context
from django.templatetags import i18n
from django.utils import translation

register = template.Library()

# Cached translations and dates per process are bounded by these (a date's formats, a
# message's counts): past them, values are simply not remembered.
CACHE_LIMIT = 5000


class EmailTranslateNode(i18n.TranslateNode):
    def __init__(self, node: i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        expression = self.filter_expression
        # A literal: a Variable without lookups, and no filter to apply to it.
        self.constant = (
            not self.asvar
            and not self.message_context
            and not expression.filters
            and getattr(expression.var, "lookups", True) is None
        )
        self.by_language: dict[str, str] = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        language = translation.get_language()
        value = self.by_language.get(language)
        if value is None:
            value = self.by_language[language] = super().render(context)
        return value


class EmailBlockTranslateNode(i18n.BlockTranslateNode):
    def __init__(self, node: i18n.BlockTranslateNode) -> None:
        super().__init__(
            node.extra_context,
            node.singular,
            node.plural,
            node.countervar,
            node.counter,
            node.message_context,
            node.trimmed,
            node.asvar,
            node.tag_name,
        )
        self.counted = bool(self.plural and self.countervar and self.counter)
        singular, names = self.render_token_list(self.singular)
        plural, plural_names = self.render_token_list(self.plural) if self.counted else ("", [])
        self.messages = (singular, plural, names + plural_names)
        self.by_language: dict[str, str] = {}
        self.by_count: dict[tuple, str] = {}

    def render(self, context, nested=False):
        if nested or self.message_context or self.asvar:
            return super().render(context, nested)
        singular, plural, names = self.messages
        # Pushed on the context as Django does; the message's values are then read from it
        # first, without searching the whole context.
        extra = context.update(
            {var: val.resolve(context) for var, val in self.extra_context.items()}
        )
        if self.counted:
            count = self.counter.resolve(context)
            if not isinstance(count, Decimal | float | int):
                context.pop()
                return super().render(context)  # raises Django's error
            context[self.countervar] = count
            result = self._counted_message(count)
        else:
            language = translation.get_language()
            result = self.by_language.get(language)
            if result is None:
                result = self.by_language[language] = translation.gettext(singular)
        default_value = context.template.engine.string_if_invalid
        data = {}
        for name in names:
            if name in extra:
                value = extra[name]
            elif name in context:
                value = context[name]
            else:
                value = default_value % name if "%s" in default_value else default_value
            if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
                data[name] = str(value)  # what number_format would give, without its lookups
            else:
                data[name] = render_value_in_context(value, context)
        context.pop()
        try:
            return result % data
        except (KeyError, ValueError):
            return super().render(context)  # the standard fallback to the untranslated text

    def _counted_message(self, count) -> str:
        singular, plural, _names = self.messages
        if type(count) is not int:
            return translation.ngettext(singular, plural, count)
        key = (translation.get_language(), count)
        result = self.by_count.get(key)
        if result is None:
            result = translation.ngettext(singular, plural, count)
            if len(self.by_count) < CACHE_LIMIT:
                self.by_count[key] = result
        return result


_formatted_dates: dict[tuple, str] = {}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's |date, remembering what it gave for a date in a format and language."""
    if type(value) is not datetime.date:
        return defaultfilters.date(value, arg)
    key = (translation.get_language(), value, arg)
    formatted = _formatted_dates.get(key)
    if formatted is None:
        formatted = defaultfilters.date(value, arg)
        if len(_formatted_dates) < CACHE_LIMIT:
            _formatted_dates[key] = formatted
    return formatted


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    return EmailTranslateNode(i18n.do_translate(parser, token))


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    return EmailBlockTranslateNode(i18n.do_block_translate(parser, token))
