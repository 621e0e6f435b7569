"""The network workspace's menu, rendered once per process for each language, role and current page (issue 22).

Fourteen links, each a URL reversed and a text translated, on every page of the network: about a millisecond a
page. What they show depends only on the language, the URL prefix, whether the visitor is the director and which
page is current (a name from the URL conf, never a visitor's text), so the rendered menu is kept in the process,
at most a few hundred small strings.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..permissions import is_director

register = template.Library()

_rendered: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def network_menu(context):
    request = context["request"]
    match = request.resolver_match
    current = match.url_name if match else ""
    key = (get_language(), get_script_prefix(), is_director(request.user), current)
    if key not in _rendered:
        _rendered[key] = render_to_string("keypersons/menu.html", {"current": current, "is_director": key[2]})
    return mark_safe(_rendered[key])
