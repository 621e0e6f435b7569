import re
from decimal import Decimal
from html import unescape
from typing import NamedTuple

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from maastricht_inclusie.context_processors import municipality
from maastricht_inclusie.money import euro as format_euro

register = template.Library()


@register.filter
def euro(amount):
    """{{ amount|euro }} → '€ 12.500,00' in the active language; a variable that is not there gives '–', as a
    filter fails silently rather than break the page."""
    return format_euro(None if amount == "" else amount)


_footers: dict[tuple, str] = {}


@register.simple_tag
def site_footer():
    """The page's footer (contact details, links), the same for every visitor: rendered once per process for each
    language, URL prefix and set of contact details, about half a millisecond a page otherwise (issue 22)."""
    details = municipality()
    key = (get_language(), get_script_prefix(), *details.values())
    if key not in _footers:
        _footers[key] = render_to_string("components/footer.html", details)
    return mark_safe(_footers[key])


@register.filter
def has_role(user, role):
    return user.is_authenticated and user.has_role(role)


@register.filter
def total(items, attribute):
    """{{ application.budget_lines.all|total:"amount" }} → the sum of that attribute (prefetched rows: no query)."""
    return sum((getattr(item, attribute) or 0 for item in items), Decimal("0"))


_CAPTION = re.compile(r"<caption\b[^>]*>(?P<text>.*?)</caption>", re.DOTALL)
_FOCUSABLE = re.compile(r"<(?:a\s[^>]*\bhref=|input\b|select\b|textarea\b|button\b|summary\b)")


@register.filter(is_safe=True)
def table_regions(html):
    """Put every table of the page in a region of its own that scrolls sideways (WCAG 1.4.10 Reflow).

    A table wider than the screen then scrolls inside its region instead of widening the page. The region is
    named after the table's caption so that a screen reader says what it holds, and is focusable so that keyboard
    users can scroll it, unless the table has links or form controls of its own: the arrow keys scroll the region
    from those, and an extra tab stop in a form would only be in the way. A table already in a labelled region is
    left as it is.
    """

    html = str(html)  # already escaped when the template rendered it
    if "<table" not in html:
        return mark_safe(html)
    parts, done = [], 0
    for table in _tables(html):
        parts += [html[done : table.start], _region(html, table)]
        done = table.end
    parts.append(html[done:])
    return mark_safe("".join(parts))


_CONTAINER = '<div class="utrecht-table-container"'


class _Table(NamedTuple):
    start: int  # of the container the template gave the table, if any, else of the table
    end: int
    attrs: str
    body: str
    container: str | None  # the container's attributes


def _tables(html: str):
    """Every table of `html` with the container the template put it in (when nothing else is in it), left to right:
    a table runs from `<table` to the first `</table>` (in a container, to the first `</table>` the container's
    `</div>` follows, as the expression found it: `_container_end`). Found with `str.find`: the regular expression this replaces
    (tests/foundation/test_table_regions.py keeps it) took about half a millisecond for 30 KB on every request."""
    position, length = 0, len(html)
    while (start := html.find("<table", position)) != -1:
        after = start + len("<table")
        tag_end = html.find(">", after)
        close = html.find("</table>", tag_end + 1) if tag_end != -1 else -1
        if (after < length and (html[after].isalnum() or html[after] == "_")) or close == -1:
            position = after  # another tag (`<tables>`), or a table never closed: left as it is
            continue
        table = _Table(start, close + len("</table>"), html[after:tag_end], html[tag_end + 1 : close], None)
        container = html.rfind(_CONTAINER, position, start)
        if container != -1 and not html[html.find(">", container) + 1 : start].strip():
            contained = _container_end(html, tag_end + 1)
            if contained is not None:
                close, end = contained
                attributes = html[container + len(_CONTAINER) : html.find(">", container)]
                table = _Table(container, end, table.attrs, html[tag_end + 1 : close], attributes)
        yield table
        position = table.end


def _container_end(html: str, body: int) -> tuple[int, int] | None:
    """Where a table the template put in a container ends with it: the first `</table>` from `body` that only
    whitespace and the container's `</div>` follow, as the expression's shortest body found it (in a page that
    closes its tables, the first `</table>`). None: no `</table>` is followed by a `</div>`."""
    close = html.find("</table>", body)
    while close != -1:
        end = close + len("</table>")
        while end < len(html) and html[end].isspace():
            end += 1
        if html.startswith("</div>", end):
            return close, end + len("</div>")
        close = html.find("</table>", end)
    return None


def _region(html: str, table: _Table) -> str:
    if 'role="region"' in (table.container or ""):
        return html[table.start : table.end]
    caption = _CAPTION.search(table.body)
    label = " ".join(strip_tags(unescape(caption["text"])).split()) if caption else ""
    label = label or gettext("Table")
    focusable = "" if _FOCUSABLE.search(table.body) else ' tabindex="0"'
    return format_html(
        '<div class="utrecht-table-container mi-table-region" role="region" aria-label="{}"{}>{}</div>',
        label,
        mark_safe(focusable),
        mark_safe(f"<table{table.attrs}>{table.body}</table>"),  # the template's own, already escaped output
    )


REFERENCE = re.compile(r"\b[A-Z]{2,}-\d{4}-R\d+-\d{4}(?:/[A-Z]\d+)?\b")


@register.filter
def keep_references(text):
    """{{ letter.title|keep_references }}: the text escaped, each reference (DI-2017-R2-0003, a payment reference
    TV-2099-R1-0001) in a span that never breaks at its hyphens (WCAG 1.4.10: a reference read in two halves is
    a wrong reference)."""
    from django.utils.html import conditional_escape

    escaped = str(conditional_escape(text))
    return mark_safe(REFERENCE.sub(lambda match: f'<span class="mi-nowrap">{match[0]}</span>', escaped))
