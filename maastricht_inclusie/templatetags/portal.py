import re
from decimal import Decimal
from html import unescape

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from maastricht_inclusie.money import euro as format_euro

register = template.Library()


@register.filter
def euro(amount):
    """{{ amount|euro }} → '€ 12.500,00' in the active language; a variable that is not there gives '–', as a
    filter fails silently rather than break the page."""
    return format_euro(None if amount == "" else amount)


@register.filter
def has_role(user, role):
    return user.is_authenticated and user.has_role(role)


@register.filter
def total(items, attribute):
    """{{ application.budget_lines.all|total:"amount" }} → the sum of that attribute (prefetched rows: no query)."""
    return sum((getattr(item, attribute) or 0 for item in items), Decimal("0"))


# A table, optionally in the container the templates already give it (when nothing else is in that container).
_TABLE = re.compile(
    r'(?P<open><div class="utrecht-table-container"(?P<container>[^>]*)>\s*)?'
    r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>(?(open)\s*</div>)",
    re.DOTALL,
)
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

    def wrap(match):
        if 'role="region"' in (match["container"] or ""):
            return match[0]
        caption = _CAPTION.search(match["body"])
        label = " ".join(strip_tags(unescape(caption["text"])).split()) if caption else ""
        label = label or gettext("Table")
        focusable = "" if _FOCUSABLE.search(match["body"]) else ' tabindex="0"'
        return format_html(
            '<div class="utrecht-table-container mi-table-region" role="region" aria-label="{}"{}>{}</div>',
            label,
            mark_safe(focusable),
            mark_safe(
                f"<table{match['attrs']}>{match['body']}</table>"
            ),  # the template's own, already escaped output
        )

    return mark_safe(_TABLE.sub(wrap, str(html)))  # already escaped when the template rendered it


REFERENCE = re.compile(r"\b[A-Z]{2,}-\d{4}-R\d+-\d{4}(?:/[A-Z]\d+)?\b")


@register.filter
def keep_references(text):
    """{{ letter.title|keep_references }}: the text escaped, each reference (DI-2017-R2-0003, a payment reference
    TV-2099-R1-0001) in a span that never breaks at its hyphens (WCAG 1.4.10: a reference read in two halves is
    a wrong reference)."""
    from django.utils.html import conditional_escape

    escaped = str(conditional_escape(text))
    return mark_safe(REFERENCE.sub(lambda match: f'<span class="mi-nowrap">{match[0]}</span>', escaped))
