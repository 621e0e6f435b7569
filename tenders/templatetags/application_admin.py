"""The admin's application list renders its rows once for the data they show (issue 22).

Rendering the 25 rows of the list (Django's `result_list`, about a millisecond a row) cost the admin list a quarter
of its time. The admin reads the rows anyway (it counts them for its actions), so the rendered table is kept under
a digest of what it shows: each row's columns (`ApplicationChangeList.COLUMNS`), the list's columns (the action
checkbox depends on the user's actions), the page and the language. A change to any row shown makes another key,
so the table is never older than its rows, with no query for a data version. Only the list itself and its numbered
pages are cached, as the public pages are: a search, a filter or a sort renders fresh, so no text a visitor typed
ever makes a key.
"""

import hashlib

from django import template
from django.contrib.admin.templatetags.admin_list import result_list
from django.contrib.admin.views.main import PAGE_VAR
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from maastricht_inclusie.caching import TIMEOUT, _get, _set, page_only

register = template.Library()

TEMPLATES = [
    "admin/tenders/application/change_list_results.html",
    "admin/tenders/change_list_results.html",
    "admin/change_list_results.html",
]


def _value(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name, None)
    return row


def _digest(cl, columns: tuple[str, ...]) -> str:
    shown = [
        (row.pk, *(_value(row, path) for path in columns)) for row in cl.result_list
    ]  # the rows the admin has read already
    text = repr((tuple(cl.list_display), cl.page_num, get_language(), shown))
    return hashlib.sha256(text.encode()).hexdigest()


@register.simple_tag(takes_context=True)
def cached_result_list(context, cl, columns):
    """The list's table, as `{% result_list cl %}` renders it; `columns` are the fields its rows show."""

    def render() -> str:
        return str(render_to_string(TEMPLATES, result_list(cl)))

    if not page_only(context["request"].GET, PAGE_VAR):
        return mark_safe(render())
    key = f"admin:applications:{_digest(cl, columns)}"
    html = _get(key)
    if html is None:
        html = render()
        _set(key, html, TIMEOUT)
    return mark_safe(html)
