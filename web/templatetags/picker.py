"""`{% picker_options roles %}`: the role picker's options, one per role of the map;
`{% compare_links role others %}`: a role page's links comparing it with each other role.

The picker lists every role of the map (100 at scale 1) on the home page and under every
comparison; as a template loop (a context pushed per role, five lookups each) it cost about
3.5 ms of a comparison's first build, a tenth of its CPU. Written here with the template's
escaping, it is a fraction of that; `_picker.html` keeps everything around the options. A
role page's compare links are the same list (about 3 ms of its first build as a loop).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def options_html(roles: Iterable[Any], chosen: Container[str]) -> SafeString:
    """One `<li>` per role, its box ticked when its slug is among `chosen`."""
    items = []
    for role in roles:
        slug = conditional_escape(role.slug)
        checked = " checked" if role.slug in chosen else ""
        items.append(
            f"\n      <li>\n"
            f'        <input type="checkbox" name="roles" value="{slug}" '
            f'id="pick-{slug}"{checked}>\n'
            f'        <label for="pick-{slug}">{conditional_escape(role.name)} '
            f'<span class="muted">({conditional_escape(role.abbreviation)})</span></label>\n'
            f"      </li>\n      "
        )
    return mark_safe("".join(items))  # noqa: S308 — every value is escaped above


def compare_links_html(
    role: Any, others: Iterable[Any], compare_url: str, map_and: str
) -> SafeString:
    """One `<li>` per other role: a link comparing `role` with it, the map carried."""
    url = conditional_escape(compare_url)
    slug = conditional_escape(role.slug)
    abbreviation = conditional_escape(role.abbreviation)
    name = conditional_escape(role.name)
    carried = conditional_escape(map_and)
    items = [
        f'\n    <li><a href="{url}?roles={slug},{conditional_escape(other.slug)}{carried}">'
        f"{abbreviation} vs {conditional_escape(other.abbreviation)}"
        f'<span class="visually-hidden">: {name} vs {conditional_escape(other.name)}</span>'
        "</a></li>\n    "
        for other in others
    ]
    return mark_safe("".join(items))  # noqa: S308 — every value is escaped above


@register.simple_tag(takes_context=True)
def compare_links(context: template.Context, role: Any, others: Iterable[Any]) -> SafeString:
    """The links for `role` and `others`, to the comparison page, with the page's map."""
    return compare_links_html(role, others, reverse("web:compare"), str(context.get("map_and", "")))


@register.simple_tag(takes_context=True)
def picker_options(context: template.Context, roles: Iterable[Any]) -> SafeString:
    """The options for `roles`, ticked for the context's `chosen` (none when it has none)."""
    chosen = context.get("chosen")
    return options_html(roles, chosen if chosen is not None else ())
