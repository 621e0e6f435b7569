"""The portal's own context processors: each page's context, computed only where a template uses it.

Every page rendered with a request pays its context processors, the admin's included,
so what costs anything is handed to the template as a `Deferred`: a callable the template engine calls when the
page first uses the variable (once per request), and never on a page that does not.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


class Deferred:
    """A value computed on first use and kept for the rest of the request. Templates call callables when they
    resolve a variable, so `{{ x }}`, `{% for y in x %}` and `{% if x is not None %}` all see the value."""

    __slots__ = ("_compute", "_done", "_value")

    def __init__(self, compute):
        self._compute, self._value, self._done = compute, None, False

    def __call__(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value


def per_request(request, name: str, compute) -> Deferred:
    """The request's Deferred of that name: a page that renders several templates computes the value once."""
    cache = request.__dict__.setdefault("_deferred_context", {})
    if name not in cache:
        cache[name] = Deferred(compute)
    return cache[name]


def language_links(request) -> list[dict]:
    """This page in every language. The current language's link is never followed (the page shows its name as
    current), so only the other languages' addresses are translated."""
    path, current = request.get_full_path(), get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": path if code == current else translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
    ]


def municipality() -> dict:
    """The municipality's name and contact details (settings)."""
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "municipality_address": settings.MUNICIPALITY_ADDRESS,
        "municipality_phone": settings.MUNICIPALITY_PHONE,
        "municipality_website": settings.MUNICIPALITY_WEBSITE,
    }


def site(request):
    """The municipality's name and contact details and, for the language switch, this page in every language."""
    return {
        **municipality(),
        "language_links": per_request(request, "language_links", lambda: language_links(request)),
    }
