"""Django's {% translate %} and {% blocktranslate %}, for the emails the scans render by the
thousand: same syntax, same output, same messages for makemessages, but the work that does not
depend on the email is done once per template and language rather than once per email.

A {% translate "…" %} of a constant is looked up once; a {% blocktranslate %} builds its message
once, and looks it up once when it has no count. Anything else (a variable to translate, a
message context, `as`, an error) goes the standard way.
"""

from decimal import Decimal

from django import template
from django.template.base import render_value_in_context
from django.templatetags import i18n
from django.utils import translation

register = template.Library()


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

    def render(self, context, nested=False):
        if nested or self.message_context or self.asvar:
            return super().render(context, nested)
        singular, plural, names = self.messages
        context.update({var: val.resolve(context) for var, val in self.extra_context.items()})
        if self.counted:
            count = self.counter.resolve(context)
            if not isinstance(count, Decimal | float | int):
                context.pop()
                return super().render(context)  # raises Django's error
            context[self.countervar] = count
            result = translation.ngettext(singular, plural, count)
        else:
            language = translation.get_language()
            result = self.by_language.get(language)
            if result is None:
                result = self.by_language[language] = translation.gettext(singular)
        default_value = context.template.engine.string_if_invalid
        data = {}
        for name in names:
            if name in context:
                value = context[name]
            else:
                value = default_value % name if "%s" in default_value else default_value
            data[name] = render_value_in_context(value, context)
        context.pop()
        try:
            return result % data
        except (KeyError, ValueError):
            return super().render(context)  # the standard fallback to the untranslated text


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    return EmailTranslateNode(i18n.do_translate(parser, token))


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    return EmailBlockTranslateNode(i18n.do_block_translate(parser, token))
