"""The cells of a person's row on the manager's team view (templates/projects/workspace/team.html).

Some 600 people of eleven cells each: written through the template language, with a translated
sentence for screen readers in most cells, they took most of the page's time (about 5,000
`blocktranslate` nodes; format_html, with its lazy wrappers, half as much). Written here as
plain strings, with the same HTML, every value escaped.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _count_cell(cell: str, count: int, url: str, spoken: str, link_class: str = "") -> str:
    """A count, linked to `url` with its sentence for screen readers when it is not zero.
    `cell` and `url` are the page's own (no markup); `spoken` holds a person's name."""
    if not count:
        return f'<td class="text-end" data-cell="{cell}">0</td>'
    attributes = f' class="{link_class}"' if link_class else ""
    return (
        f'<td class="text-end" data-cell="{cell}"><a{attributes} href="{escape(url)}">{count}'
        f'<span class="visually-hidden"> — {escape(spoken)}</span></a></td>'
    )


@register.simple_tag
def team_cells(member) -> SafeString:
    """Open projects per stage, in all, overdue steps and stalled projects, each a link to the
    person's portfolio at that section when there is something to see."""
    name = str(member.person)
    url = member.portfolio_url
    in_stage = gettext("projets de %(name)s à l'étape « %(stage)s »")
    cells = [
        _count_cell(
            stage.value,
            count,
            f"{url}#etape-{stage.value}",
            in_stage % {"name": name, "stage": stage.label},
        )
        for stage, count in member.by_stage
    ]
    cells.append(f'<td class="text-end fw-bold" data-cell="open">{int(member.open_count)}</td>')
    cells.append(
        _count_cell(
            "overdue",
            int(member.overdue_steps),
            f"{url}#etapes-en-retard",
            gettext("étapes en retard de %(name)s") % {"name": name},
            "link-danger",
        )
    )
    cells.append(
        _count_cell(
            "stalled",
            int(member.stalled),
            f"{url}#projets-ouverts",
            gettext("projets de %(name)s qui n'avancent plus") % {"name": name},
        )
    )
    return mark_safe("".join(cells))  # noqa: S308 - every value from outside is escaped above
